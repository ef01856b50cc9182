"""The online form slows a busy address down, never closes to the next person there, and never hides help."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from livingwell.access.models import Introduction
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

FORM = reverse("access:self_introduction")
URGENT_NUMBERS = ('href="tel:999"', 'href="tel:111"', 'href="tel:116123"')
# Rate 2 an hour, then waits of 5, 10, 20 ... seconds, never more than 40.
LIMITS = {
    "SELF_INTRODUCTION_RATE_PER_HOUR": 2,
    "SELF_INTRODUCTION_BACKOFF_SECONDS": 5,
    "SELF_INTRODUCTION_BACKOFF_MAX_SECONDS": 40,
}


def _send(client, address: str = "203.0.113.1", **fields):
    return client.post(FORM, factories.self_introduction_form(**fields), REMOTE_ADDR=address)


@pytest.fixture(autouse=True)
def still_clock():
    """Hold the clock still, so that a slow machine never lets a wait run out mid-test."""
    with time_machine.travel(time.time(), tick=False) as clock:
        yield clock


def _later(seconds: float) -> time_machine.travel:
    return time_machine.travel(time.time() + seconds, tick=False)


@override_settings(**LIMITS)
def test_it_reads_every_form_up_to_the_rate_and_asks_the_next_to_wait(client):
    assert _send(client).status_code == 302
    assert _send(client).status_code == 302
    response = _send(client, given_name="Sam", whats_going_on="I cannot face going out at the moment.")
    assert response.status_code == 429
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "Too many forms have been sent from this connection" in html
    assert "Please wait 5 seconds and try again" in html
    # What the person typed is still in the form, ready to send, and not marked as mistakes.
    assert 'value="Sam"' in html
    assert "I cannot face going out at the moment." in html
    assert "nhsuk-error-message" not in html
    assert all(number in html for number in URGENT_NUMBERS)
    assert Introduction.objects.count() == 2


@override_settings(**LIMITS)
def test_it_reads_the_waiting_form_once_the_wait_is_over(client):
    _send(client), _send(client)
    data = factories.self_introduction_form()
    assert client.post(FORM, data, REMOTE_ADDR="203.0.113.1").status_code == 429
    with _later(4):
        assert client.post(FORM, data, REMOTE_ADDR="203.0.113.1")["Retry-After"] == "1"
    with _later(5):
        assert client.post(FORM, data, REMOTE_ADDR="203.0.113.1").status_code == 302
    assert Introduction.objects.count() == 3


@override_settings(**LIMITS)
def test_it_doubles_the_wait_for_each_form_beyond_the_rate_up_to_the_longest(client, still_clock):
    _send(client), _send(client)
    for expected in (5, 10, 20, 40, 40):
        response = _send(client)
        assert response.status_code == 429
        assert response["Retry-After"] == str(expected)
        still_clock.shift(expected)
        assert _send(client).status_code == 302


@override_settings(**LIMITS)
def test_it_does_not_lengthen_the_wait_for_tries_it_refused(client):
    _send(client), _send(client)
    for _ in range(20):
        assert _send(client).status_code == 429
    with _later(5):
        assert _send(client).status_code == 302


@override_settings(SELF_INTRODUCTION_RATE_PER_HOUR=3)
def test_a_flood_of_junk_never_closes_the_form_to_the_next_person_there_for_an_hour(
    client, settings, still_clock
):
    # A bot that sends junk the moment each wait ends, until the wait is at its longest.
    for _ in range(15):
        refused = _send(client, postcode="junk")
        if refused.status_code == 429:
            still_clock.shift(int(refused["Retry-After"]))
            assert _send(client, postcode="junk").status_code == 400
    response = _send(client, given_name="Alex")
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 0 < wait <= settings.SELF_INTRODUCTION_BACKOFF_MAX_SECONDS < 3600
    with _later(wait):
        assert _send(client, given_name="Alex").status_code == 302


@override_settings(SELF_INTRODUCTION_RATE_PER_HOUR=0)
def test_it_never_limits_the_urgent_help_or_the_safety_question(client):
    _send(client), _send(client)
    assert _send(client).status_code == 429  # the form is waiting ...
    for name in ("access:start", "access:urgent_help", "access:help_now", "access:safety"):
        response = client.get(reverse(name), REMOTE_ADDR="203.0.113.1")  # ... help never does
        assert response.status_code == 200, name
    assert all(
        number in client.get(reverse("access:urgent_help")).content.decode() for number in URGENT_NUMBERS
    )
    answered = client.post(reverse("access:safety"), {"at_risk_now": "yes"}, REMOTE_ADDR="203.0.113.1")
    assert answered["Location"] == reverse("access:help_now")


@override_settings(**LIMITS)
def test_it_counts_forms_with_mistakes_too(client):
    _send(client, postcode="nowhere"), _send(client, postcode="nowhere")
    assert _send(client).status_code == 429


@override_settings(**LIMITS)
def test_it_limits_each_address_separately(client):
    _send(client), _send(client)
    assert _send(client).status_code == 429
    assert _send(client, "203.0.113.2").status_code == 302


@override_settings(**LIMITS)
def test_it_counts_an_ipv6_sender_by_their_64_whichever_address_in_it_they_use(client):
    _send(client, "2001:db8:1:2::1"), _send(client, "2001:db8:1:2::2")
    assert _send(client, "2001:db8:1:2:ffff::3").status_code == 429
    assert _send(client, "2001:db8:1:3::1").status_code == 302  # the next /64 is someone else


@override_settings(SELF_INTRODUCTION_RATE_PER_HOUR=1)
def test_it_does_not_count_a_resubmission_of_a_recorded_form(client):
    data = factories.self_introduction_form()
    first = client.post(FORM, data)
    again = client.post(FORM, data)
    assert again.status_code == 302
    assert again["Location"] == first["Location"]


@override_settings(SELF_INTRODUCTION_RATE_PER_HOUR=1)
def test_it_ignores_a_forwarded_for_header_that_anyone_can_forge(client):
    client.post(FORM, factories.self_introduction_form(), HTTP_X_FORWARDED_FOR="198.51.100.1")
    response = client.post(FORM, factories.self_introduction_form(), HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert response.status_code == 429


@override_settings(SELF_INTRODUCTION_RATE_PER_HOUR=1, TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_it_counts_each_client_the_proxy_names(client):
    def via_proxy(client_seen: str):
        data = factories.self_introduction_form()
        return client.post(FORM, data, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client_seen)

    assert via_proxy("198.51.100.1").status_code == 302
    assert via_proxy("198.51.100.2").status_code == 302  # a different person behind the same proxy
    assert via_proxy("192.0.2.50, 198.51.100.1").status_code == 429  # a forged start changes nothing
