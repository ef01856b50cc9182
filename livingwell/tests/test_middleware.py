"""Project middleware: the request size limit and the Content-Security-Policy."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


class UnreadableBody:
    """A request body that fails the test if anything tries to read it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the body was read before the size check")

    readline = read


def test_it_refuses_a_body_over_the_limit_before_reading_it(client):
    response = client.generic(
        "POST", reverse("access:self_introduction"), b"",
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1), CONTENT_TYPE="application/x-www-form-urlencoded",
        **{"wsgi.input": UnreadableBody()},
    )  # fmt: skip
    assert response.status_code == 413


def test_it_refuses_an_oversized_api_body_in_the_apis_error_shape(client):
    response = client.generic(
        "POST", "/api/v1/introductions", b"",
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1), CONTENT_TYPE="application/json",
        **{"wsgi.input": UnreadableBody()},
    )  # fmt: skip
    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "body_too_large"


def test_it_lets_a_body_at_the_limit_through(client):
    body = b"whats_going_on=" + b"x" * (settings.MAX_REQUEST_BYTES - len(b"whats_going_on="))
    response = client.generic(
        "POST", reverse("access:self_introduction"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400  # read and checked by the form, not refused for size


def test_it_treats_a_nonsense_content_length_as_no_body(client):
    response = client.get(reverse("access:start"), CONTENT_LENGTH="lots")
    assert response.status_code == 200


def test_it_sends_a_content_security_policy_with_a_fresh_nonce(client):
    first = client.get(reverse("access:start"))
    second = client.get(reverse("access:start"))
    policy = first["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "form-action 'self'" in policy
    found = re.search(r"'nonce-([^']+)'", policy)
    assert found, policy
    nonce = found.group(1)
    assert nonce not in second["Content-Security-Policy"]
    # The one inline script (NHS.UK's js-enabled class switch) carries this response's nonce.
    assert f'<script nonce="{nonce}">' in first.content.decode()


def test_it_refuses_to_be_framed_and_sniffed(client):
    response = client.get(reverse("access:start"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
