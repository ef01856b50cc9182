"""A session ends a fixed time after its sign-in, however busy it has been (on top of the idle timeout)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from livingwell.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db

QUEUE = reverse("access:queue")


def test_the_absolute_lifetime_is_twelve_hours_unless_set():
    assert settings.SESSION_ABSOLUTE_HOURS == 12


@pytest.mark.parametrize("hours", [2, 12])
def test_a_busy_session_ends_at_the_absolute_lifetime_and_not_a_second_before(
    client, hub_worker, settings, hours
):
    settings.SESSION_ABSOLUTE_HOURS = hours
    limit = dt.timedelta(hours=hours)
    with time_machine.travel(time.time(), tick=False) as clock:
        assert (
            client.post(reverse("accounts:sign_in"), {"username": "worker", "password": PASSWORD}).status_code
            == 302
        )
        elapsed = dt.timedelta(0)
        step = dt.timedelta(minutes=25)  # inside the 30-minute idle timeout: the session stays warm
        while elapsed + step < limit - dt.timedelta(seconds=1):
            clock.shift(step)
            elapsed += step
            assert client.get(QUEUE).status_code == 200
        clock.shift(limit - dt.timedelta(seconds=1) - elapsed)
        assert client.get(QUEUE).status_code == 200  # a second before: still signed in
        clock.shift(dt.timedelta(seconds=1))
        ended = client.get(QUEUE)
        assert ended.status_code == 302
        assert ended["Location"].startswith(reverse("accounts:sign_in"))
        page = client.get(ended["Location"]).content.decode()
        assert f"signed in more than {hours} hours ago" in page
        assert client.get(QUEUE).status_code == 302  # ended for good, not just refused once


def test_a_session_with_no_recorded_sign_in_time_is_ended(client, hub_worker):
    client.force_login(hub_worker)
    session = client.session
    del session["signed_in_at"]
    session.save()
    assert client.get(QUEUE).status_code == 302
