"""Failed sign-ins pause a username but only slow an address, so one proxy's guesser locks nobody out."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from livingwell.accounts import throttle
from livingwell.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign_in")
PROXY = "203.0.113.9"


def _sign_in(client, username: str, password: str, address: str = PROXY):
    return client.post(SIGN_IN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture(autouse=True)
def still():
    """Hold the clock still, so that a slow machine never lets a wait run out mid-test."""
    with time_machine.travel(time.time(), tick=False) as traveller:
        yield traveller


def test_five_wrong_guesses_at_made_up_usernames_do_not_stop_a_real_member_of_staff_there(
    still, client, hub_worker
):
    for n in range(5):
        assert _sign_in(client, f"made-up-{n}", "guess").status_code == 400
    waiting = _sign_in(client, "worker", PASSWORD)
    assert waiting.status_code == 429  # a short wait, not a lockout ...
    assert "Wait 2 seconds and try again" in waiting.content.decode()
    still.shift(settings.LOGIN_ADDRESS_BACKOFF_SECONDS)
    assert _sign_in(client, "worker", PASSWORD)["Location"] == reverse("access:home")  # ... then in


def test_an_address_below_the_limit_is_not_slowed_at_all(client, hub_worker):
    for n in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _sign_in(client, f"made-up-{n}", "guess")
    assert throttle.wait_seconds("worker", PROXY) == 0
    assert _sign_in(client, "worker", PASSWORD).status_code == 302


@override_settings(
    LOGIN_FAILURE_LIMIT=5, LOGIN_ADDRESS_BACKOFF_SECONDS=2, LOGIN_ADDRESS_BACKOFF_MAX_SECONDS=60
)
def test_the_wait_for_a_guessing_address_doubles_and_never_passes_the_longest(still, client):
    waits = []
    for n in range(12):
        throttle.record_failure(f"made-up-{n}", PROXY)
        waits.append(throttle.wait_seconds("someone-else", PROXY))
        still.shift(waits[-1])
    assert waits == [0, 0, 0, 0, 2, 4, 8, 16, 32, 60, 60, 60]


def test_a_guessing_address_slows_only_itself_and_its_ipv6_64(client):
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        throttle.record_failure(f"made-up-{n}", "2001:db8:5:6::1")
    assert throttle.wait_seconds("worker", "2001:db8:5:6::ffff") > 0
    assert throttle.wait_seconds("worker", "2001:db8:5:7::1") == 0
    assert throttle.wait_seconds("worker", "203.0.113.10") == 0


def test_a_username_is_paused_at_the_limit_and_not_before(client, hub_worker):
    for n in range(settings.LOGIN_FAILURE_LIMIT - 1):
        throttle.record_failure("Worker ", f"198.51.100.{n}")
    assert throttle.wait_seconds("worker", "198.51.100.200") == 0
    throttle.record_failure("WORKER", "198.51.100.99")
    paused = throttle.wait_seconds("worker", "198.51.100.200")
    assert 0 < paused <= settings.LOGIN_FAILURE_WINDOW_SECONDS
    response = _sign_in(client, "worker", PASSWORD, "198.51.100.200")
    assert response.status_code == 429
    assert "Wait 15 minutes and try again" in response.content.decode()


def test_a_paused_username_may_try_again_when_its_window_ends(still, client, hub_worker):
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        throttle.record_failure("worker", f"198.51.100.{n}")
    still.shift(settings.LOGIN_FAILURE_WINDOW_SECONDS - 1)
    assert throttle.wait_seconds("worker", "198.51.100.200") == 1
    still.shift(1)
    assert throttle.wait_seconds("worker", "198.51.100.200") == 0
    assert _sign_in(client, "worker", PASSWORD, "198.51.100.200").status_code == 302


def test_clearing_a_username_leaves_the_address_slowed(client):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        throttle.record_failure("worker", PROXY)
    throttle.clear("worker")
    assert throttle.wait_seconds("worker", "198.51.100.1") == 0
    assert throttle.wait_seconds("worker", PROXY) > 0  # one good sign-in must not reset a guesser


def test_it_counts_a_username_of_any_characters_without_complaint(client):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        throttle.record_failure("a name with spaces\x00and\nbreaks" + "x" * 300, None)
    assert throttle.wait_seconds("a name with spaces\x00and\nbreaks" + "x" * 300, "198.51.100.1") > 0


def _guess_without_pause(attacker, still, seconds: int) -> None:
    """Keep the address's back-off at its longest: a wrong guess whenever the wait runs out."""
    for n in range(seconds):
        _sign_in(attacker, f"made-up-{n}", "guess")
        still.shift(1)


def test_a_browser_that_signed_in_before_is_not_held_back_by_a_guesser_at_its_address(
    still, client, hub_worker
):
    from django.test import Client

    assert _sign_in(client, "worker", PASSWORD).status_code == 302  # this browser is now known
    client.post(reverse("accounts:sign_out"))
    _guess_without_pause(Client(), still, 150)
    assert throttle.wait_seconds("worker", PROXY) > 0  # the address is being slowed down ...
    assert _sign_in(client, "worker", PASSWORD)["Location"] == reverse("access:home")  # ... not this browser


def test_a_known_browser_still_waits_out_its_own_username_pause(client, hub_worker):
    assert _sign_in(client, "worker", PASSWORD).status_code == 302
    client.post(reverse("accounts:sign_out"))
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _sign_in(client, "worker", "guess")
    assert _sign_in(client, "worker", PASSWORD).status_code == 429


def test_a_made_up_device_cookie_is_not_recognised(still, client, hub_worker):
    from django.test import Client

    from livingwell.accounts.known_devices import COOKIE

    _guess_without_pause(Client(), still, 20)
    client.cookies[COOKIE] = "not-signed-by-us"
    assert _sign_in(client, "worker", PASSWORD).status_code == 429
