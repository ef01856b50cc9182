"""The limits' counters live in the shared "limits" cache, and give way rather than fail when it is down."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from livingwell import ratelimit
from livingwell.testing import factories


class _Unreachable:
    """A cache whose every call fails as a Redis that is down does."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise RedisConnectionError("Connection refused")

        return fail


def _frozen() -> time_machine.travel:
    return time_machine.travel(time.time(), tick=False)


def test_it_counts_in_the_limits_cache_that_tests_empty_between_them():
    ratelimit.hit("k", 60)
    assert caches["limits"].get("k") == 1
    assert caches["default"].get("k") is None


def test_it_counts_within_a_window_and_starts_again_after_it():
    with _frozen() as clock:
        assert [ratelimit.hit("k", 60) for _ in range(3)] == [1, 2, 3]
        clock.shift(59)
        assert ratelimit.count("k") == 3
        assert ratelimit.window_left("k") == 1
        clock.shift(1)
        assert ratelimit.count("k") == 0
        assert ratelimit.hit("k", 60) == 1
        assert ratelimit.window_left("k") == 60


def test_a_hold_lasts_its_seconds_and_no_longer():
    with _frozen() as clock:
        ratelimit.hold("w", 10)
        clock.shift(9.5)
        assert ratelimit.wait_left("w") == 1
        clock.shift(0.5)
        assert ratelimit.wait_left("w") == 0
        ratelimit.hold("w", 10)
        ratelimit.hold("w", 0)
        assert ratelimit.wait_left("w") == 0


def test_the_back_off_starts_at_the_rate_doubles_and_is_capped():
    waits = [ratelimit.backoff_seconds(over, first=5, most=300) for over in range(-1, 9)]
    assert waits == [0, 5, 10, 20, 40, 80, 160, 300, 300, 300]
    assert ratelimit.backoff_seconds(10**9, first=5, most=300) == 300


def test_every_limit_gives_way_and_logs_when_the_cache_cannot_be_reached(monkeypatch, caplog):
    monkeypatch.setattr(ratelimit, "limits_cache", _Unreachable)
    assert ratelimit.hit("k", 60) == 0
    assert ratelimit.count("k") == 0
    assert ratelimit.window_left("k") == 0
    assert ratelimit.wait_left("w") == 0
    ratelimit.hold("w", 10)
    ratelimit.forget("k")
    assert "limits cache cannot be reached" in caplog.text


@pytest.mark.django_db
def test_the_public_form_is_read_while_the_cache_is_down(monkeypatch, client):
    monkeypatch.setattr(settings, "SELF_INTRODUCTION_RATE_PER_HOUR", 0)
    monkeypatch.setattr(ratelimit, "limits_cache", _Unreachable)
    for _ in range(3):
        response = client.post(reverse("access:self_introduction"), factories.self_introduction_form())
        assert response.status_code == 302
