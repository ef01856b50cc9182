"""Fixed-window counters in the shared cache: the one mechanism behind every rate limit and throttle."""

from __future__ import annotations

from django.core.cache import cache


def hit(key: str, window_seconds: int) -> int:
    """Count one more event under `key` in its window and return the count so far."""
    cache.add(key, 0, window_seconds)
    try:
        return int(cache.incr(key))
    except ValueError:  # the window expired between add and incr: this event starts a new one
        cache.set(key, 1, window_seconds)
        return 1
