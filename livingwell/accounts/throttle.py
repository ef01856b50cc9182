"""Sign-in throttling: after repeated failures for a username or from an address, pause sign-in."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from livingwell import ratelimit


def _keys(username: str, address: str | None) -> list[str]:
    return [f"signin-fail:user:{username.strip().lower()}", f"signin-fail:addr:{address or '-'}"]


def is_locked(username: str, address: str | None) -> bool:
    """Say whether sign-in is paused for this username or address."""
    return any((cache.get(key) or 0) >= settings.LOGIN_FAILURE_LIMIT for key in _keys(username, address))


def record_failure(username: str, address: str | None) -> None:
    """Count a failed sign-in against the username and the address."""
    for key in _keys(username, address):
        ratelimit.hit(key, settings.LOGIN_FAILURE_WINDOW_SECONDS)


def clear(username: str) -> None:
    """Forget failures for a username after a successful sign-in."""
    cache.delete(_keys(username, None)[0])
