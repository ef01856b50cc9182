"""Browsers that have signed in before: the address back-off does not slow them down.

Many staff share one address (a trust's proxy, a GP surgery's router), so someone guessing at
sign-ins from it without pause would keep the address's back-off at its longest for everyone behind
it. After a complete sign-in (password and any second step) the browser keeps a signed cookie naming
who signed in on it; a sign-in for one of those people skips the address's wait. The username's
own pause after repeated failures still applies. This is OWASP's "device cookie" defence against
online guessing (Slow down online guessing attacks with device cookies, OWASP, 2016).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

from livingwell.accounts import mfa

COOKIE = "livingwell_known_device"
_SALT = "livingwell.accounts.known_devices"
# A shared computer on a ward or in a surgery: remember a few people, newest first.
_MOST_PEOPLE = 8
_LIFETIME_SECONDS = 180 * 24 * 60 * 60


def _person_key(username: str) -> str:
    # An HMAC under SECRET_KEY: the cookie is signed, not encrypted, and must name nobody to whoever
    # reads it or let them test guesses at usernames.
    return salted_hmac(_SALT, username.strip().lower()).hexdigest()[:24]


def _remembered(request: HttpRequest) -> list[str]:
    try:
        value = signing.loads(request.COOKIES.get(COOKIE, ""), salt=_SALT, max_age=_LIFETIME_SECONDS)
    except signing.BadSignature:
        return []
    return [str(key) for key in value][:_MOST_PEOPLE] if isinstance(value, list) else []


def recognises(request: HttpRequest | None, username: str) -> bool:
    """Say whether this browser completed a sign-in for this username before."""
    return request is not None and _person_key(username) in _remembered(request)


def remember(request: HttpRequest, response: HttpResponse) -> None:
    """Put the signed-in person first in this browser's cookie."""
    key = _person_key(request.user.get_username())
    people = [key, *(k for k in _remembered(request) if k != key)][:_MOST_PEOPLE]
    response.set_cookie(
        COOKIE,
        signing.dumps(people, salt=_SALT),
        max_age=_LIFETIME_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class KnownDeviceMiddleware:
    """Remember the browser once its sign-in is complete (after the second step where one is owed)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or recognises(request, user.get_username()):
            return response  # the cookie check first: a known browser costs no query per request
        if mfa.next_step(request) is None:
            remember(request, response)
        return response
