"""Counters and waits in the shared limits cache: the one mechanism behind every rate limit and throttle.

The cache is CACHES["limits"]: Redis in production, so that every server process counts against the
same limit and a restart forgets nothing; local memory in tests and the demo.

Two kinds of limit are built from these:
- a fixed window (`hit`): count events under a key until its window ends;
- a back-off (`wait_left`, `hold`): after an event, the next one from the same source must wait a
  while, growing with how far over its rate the source is (`backoff_seconds`). A back-off slows a
  source down but never shuts it out for long, which matters where many people share one address.

If the cache cannot be reached the limits let requests through and log an error: a person in crisis
must be able to send the form even while Redis is down.
"""

from __future__ import annotations

import logging
import math
import time

from django.core.cache import BaseCache, caches
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

_UNREACHABLE = (RedisError, OSError)


def limits_cache() -> BaseCache:
    """Return the cache every limit counts in."""
    return caches["limits"]


def hit(key: str, window_seconds: int) -> int:
    """Count one more event under `key` in its window and return the count so far."""
    cache = limits_cache()
    try:
        if cache.add(key, 0, window_seconds):
            cache.set(f"{key}:ends", time.time() + window_seconds, window_seconds)
        try:
            counted = int(cache.incr(key))
        except ValueError:  # the window expired between add and incr: this event starts a new one
            cache.set(key, 1, window_seconds)
            cache.set(f"{key}:ends", time.time() + window_seconds, window_seconds)
            return 1
        if counted == 1:
            # Redis's INCR recreates a key that expired a moment before without any expiry; a
            # first count always (re)starts the window, so a counter can never outlive it.
            cache.touch(key, window_seconds)
        return counted
    except _UNREACHABLE:
        logger.exception("The limits cache cannot be reached; %s is not being counted", key)
        return 0


def count(key: str) -> int:
    """Return the events counted under `key` in its current window (0 once it has ended)."""
    try:
        return int(limits_cache().get(key) or 0)
    except _UNREACHABLE:
        logger.exception("The limits cache cannot be reached; %s reads as 0", key)
        return 0


def window_left(key: str) -> int:
    """Return the whole seconds until `key`'s window ends (0 if there is none)."""
    try:
        ends = limits_cache().get(f"{key}:ends")
    except _UNREACHABLE:
        logger.exception("The limits cache cannot be reached; %s has no window", key)
        return 0
    return max(0, math.ceil(float(ends) - time.time())) if ends is not None else 0


def hold(key: str, seconds: int) -> None:
    """Make the source under `key` wait `seconds` before its next event (0 lifts any wait)."""
    cache = limits_cache()
    try:
        if seconds <= 0:
            cache.delete(key)
        else:
            cache.set(key, time.time() + seconds, seconds)
    except _UNREACHABLE:
        logger.exception("The limits cache cannot be reached; %s is not held", key)


def wait_left(key: str) -> int:
    """Return the whole seconds the source under `key` must still wait (0 = it may go now)."""
    try:
        until = limits_cache().get(key)
    except _UNREACHABLE:
        logger.exception("The limits cache cannot be reached; %s need not wait", key)
        return 0
    return max(0, math.ceil(float(until) - time.time())) if until is not None else 0


def forget(*keys: str) -> None:
    """Forget the counts and waits under these keys."""
    try:
        limits_cache().delete_many([part for key in keys for part in (key, f"{key}:ends")])
    except _UNREACHABLE:
        logger.exception("The limits cache cannot be reached; %s not forgotten", keys)


def backoff_seconds(over: int, *, first: int, most: int) -> int:
    """Return the wait for a source `over` events past its rate: first, doubling each time, at most `most`."""
    if over < 0:
        return 0
    # Capped before the power is taken, so that a flood of thousands cannot build a huge number.
    return min(most, first * 2 ** min(over, 32))
