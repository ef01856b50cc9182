"""Sign-in throttling: repeated failures pause a username, and only slow down an address.

A username that has failed LOGIN_FAILURE_LIMIT times in the window is paused for the rest of the
window, whatever address the guesses come from. An address is treated differently because many
staff can sit behind one proxy: the same number of failures from it starts a back-off, a wait
before the next try that doubles with every further failure up to LOGIN_ADDRESS_BACKOFF_MAX_SECONDS.
Guessing from one address gets slow; nobody behind it is locked out for more than that longest wait.

Every sign-in path (the staff page, the admin site, MFA) calls the same three functions.
"""

from __future__ import annotations

import hashlib

from django.conf import settings

from livingwell import ratelimit
from livingwell.lib.addresses import limit_key_for_address


def _username_key(username: str) -> str:
    # Hashed: a username can hold any character, and the cache need not hold who was tried.
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return f"signin-fail:user:{digest}"


def _address_keys(address: str | None) -> tuple[str, str]:
    where = limit_key_for_address(address)
    return f"signin-fail:addr:{where}", f"signin-wait:addr:{where}"


def wait_seconds(username: str, address: str | None, *, known_device: bool = False) -> int:
    """Return how many seconds this username from this address must wait to try (0 = may try now).

    A browser that has signed this person in before (accounts/known_devices.py) skips the
    address's back-off, so guessing from a shared address cannot keep its staff out.
    """
    user_key = _username_key(username)
    paused = 0
    if ratelimit.count(user_key) >= settings.LOGIN_FAILURE_LIMIT:
        paused = ratelimit.window_left(user_key)
    if known_device:
        return paused
    return max(paused, ratelimit.wait_left(_address_keys(address)[1]))


def is_locked(username: str, address: str | None) -> bool:
    """Say whether sign-in must wait for this username or address."""
    return wait_seconds(username, address) > 0


def record_failure(username: str, address: str | None) -> None:
    """Count a failed sign-in against the username, and slow the address down once it is over the limit."""
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    ratelimit.hit(_username_key(username), window)
    count_key, wait_key = _address_keys(address)
    failures = ratelimit.hit(count_key, window)
    ratelimit.hold(
        wait_key,
        ratelimit.backoff_seconds(
            failures - settings.LOGIN_FAILURE_LIMIT,
            first=settings.LOGIN_ADDRESS_BACKOFF_SECONDS,
            most=settings.LOGIN_ADDRESS_BACKOFF_MAX_SECONDS,
        ),
    )


def clear(username: str) -> None:
    """Forget failures for a username after a successful sign-in (the address's back-off stays)."""
    ratelimit.forget(_username_key(username))
