"""Whatever is sent to the public forms, the answer is a page, never a server error."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from livingwell.access.models import Introduction
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

FORM_FIELDS = list(factories.self_introduction_form())
fuzz = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
values = st.one_of(
    st.text(max_size=120),
    st.sampled_from(
        ["", "yes", "no", "0", "-1", "99999999999999999999", "1e9", "None", "\x00", "2999", "31"]
    ),
    st.lists(st.text(max_size=20), max_size=3),
)
# Keys mostly from the form, some invented: a bot sends what it likes.
keys = st.one_of(st.sampled_from(FORM_FIELDS), st.text(min_size=1, max_size=20))


def _client() -> Client:
    caches["limits"].clear()  # the rate limit would otherwise ask for a wait after 30 examples
    return Client(raise_request_exception=False)


@fuzz
@given(data=st.dictionaries(keys, values, max_size=12))
def test_it_never_fails_on_arbitrary_self_introductions(data):
    response = _client().post(reverse("access:self_introduction"), data)
    assert response.status_code in {302, 400}


@fuzz
@given(overrides=st.dictionaries(st.sampled_from(FORM_FIELDS), values, min_size=1, max_size=4))
def test_it_never_fails_on_a_nearly_valid_self_introduction(overrides):
    response = _client().post(
        reverse("access:self_introduction"), factories.self_introduction_form(**overrides)
    )
    assert response.status_code in {302, 400}


@fuzz
@given(data=st.dictionaries(st.one_of(st.just("at_risk_now"), st.text(max_size=10)), values, max_size=4))
def test_it_never_fails_on_arbitrary_safety_answers(data):
    response = _client().post(reverse("access:safety"), data)
    assert response.status_code in {200, 302, 400}


@settings(fuzz, max_examples=20)
@given(query=st.dictionaries(st.sampled_from(["at_risk", "x"]), st.text(max_size=30), max_size=2))
def test_it_never_fails_on_arbitrary_query_strings(query):
    response = _client().get(reverse("access:self_introduction"), query)
    assert response.status_code == 200


@pytest.mark.parametrize("key", ["\x00", "a" * 100, "'; DROP TABLE access_introduction; --"])
def test_it_treats_a_malformed_submission_key_as_a_form_error(client, key):
    response = client.post(
        reverse("access:self_introduction"), factories.self_introduction_form(submission_key=key)
    )
    assert response.status_code == 400
    assert not Introduction.objects.exists()
