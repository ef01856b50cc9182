"""Whatever is posted to a staff form, the answer is a page or a redirect, never a server error."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from livingwell.testing import factories

pytestmark = pytest.mark.django_db

fuzz = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
nasty = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", "0", "-1", "1", "99999999999999999999", "1e3", "٣", "\x00", "yes", "accept", "decline"]
    ),
    st.lists(st.sampled_from(["1", "x", "99999999999999999999", ""]), max_size=3),
)
FIELDS = [
    "version", "to", "method", "outcome", "note", "strengths", "risk_level", "consent_share_alliance",
    "need_money", "decision", "services", "close_reason", "crisis", "urgent", "routine", "survivor",
    "reason", "answer", "decline_reason", "kind", "attendance",
]  # fmt: skip


@pytest.fixture
def pages(hub_lead, practitioner, short_term_support):
    person = factories.person()
    introduction = factories.introduction(person, allocated_to=hub_lead)
    twin = factories.person(given_name=person.given_name, family_name=person.family_name)
    item = factories.service_introduction(factories.introduction(), short_term_support)
    episode = factories.episode(factories.service_introduction(factories.introduction(), short_term_support))
    ref = introduction.reference
    return {
        hub_lead: [
            reverse("access:allocate", args=[ref]),
            reverse("access:reallocate", args=[ref]),
            reverse("access:contact_attempt", args=[ref]),
            reverse("access:conversation", args=[ref]),
            reverse("access:decision", args=[ref]),
            reverse("access:response_standards"),
            reverse("people:merge", args=[person.pk, twin.pk]),
        ],
        practitioner: [
            reverse("network:service_introduction", args=[item.pk]),
            reverse("support:record_session", args=[episode.pk]),
            reverse("support:discharge", args=[episode.pk]),
        ],
    }


@fuzz
@given(data=st.dictionaries(st.sampled_from(FIELDS), nasty, min_size=1, max_size=6))
def test_it_never_fails_on_arbitrary_staff_form_data(pages, data):
    client = Client(raise_request_exception=False)
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            response = client.post(url, data)
            assert response.status_code in {200, 302, 400}, (url, response.status_code)
