"""The API's stated limits. Each reads a Django setting if one is set, else an environment variable.

- Idempotency window: a key is remembered for 24 hours (API_IDEMPOTENCY_HOURS); the sweep command
  deletes older records, after which the key may be used again.
- Rate: 60 requests a minute per token (API_RATE_PER_MINUTE), a fixed one-minute window; over it,
  429 with Retry-After (seconds to the next window). Counted through livingwell.ratelimit in the
  shared limits cache (Redis in production), so it is 60 for the platform, not 60 per process.
- Body: 64 KiB (API_MAX_BODY_BYTES); a bigger body gets 413. An introduction is about 2 KiB.
"""

from __future__ import annotations

from django.conf import settings

from livingwell.lib.env import env_int


def _setting(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    return int(value) if value is not None else env_int(name, default)


def idempotency_hours() -> int:
    """Return how many hours an idempotency key is remembered."""
    return _setting("API_IDEMPOTENCY_HOURS", 24)


def rate_per_minute() -> int:
    """Return how many requests a token may make in a minute, across every server process."""
    return _setting("API_RATE_PER_MINUTE", 60)


def max_body_bytes() -> int:
    """Return the largest body the API reads, in bytes."""
    return _setting("API_MAX_BODY_BYTES", 64 * 1024)
