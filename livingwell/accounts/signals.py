"""Audit and throttle every password sign-in, whichever page it came through (ours or the admin site's).

Django sends ``user_logged_in`` and ``user_login_failed`` from ``login()`` and ``authenticate()``,
so a sign-in path added later is audited and counted without remembering to.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from livingwell.accounts import mfa, throttle
from livingwell.audit import services as audit
from livingwell.audit.models import AuditAction, AuditEvent

# The session key holding when this sign-in happened (seconds since the epoch), for the absolute lifetime.
SIGNED_IN_AT_SESSION_KEY = "signed_in_at"
# Set on a request that a throttle refused before the password was checked: not counted again.
THROTTLED_ATTRIBUTE = "livingwell_signin_throttled"


@receiver(user_logged_in, dispatch_uid="livingwell.accounts.signed_in")
def signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Stamp the session with the sign-in time, and audit the sign-in (and forget failures when complete)."""
    if request is None:
        return
    request.session[SIGNED_IN_AT_SESSION_KEY] = int(timezone.now().timestamp())
    if not hasattr(request, "user"):
        request.user = user  # a request made up by the test client's force_login has none
    step = mfa.next_step(request, user)
    if step is None:
        # Only a complete sign-in forgets failures: with a password alone, forgetting them here
        # would let whoever holds it guess codes for ever, a few at a time.
        throttle.clear(user.get_username())
    audit.record(request, AuditAction.SIGN_IN, user, detail={"step": "password", "next": step or ""})


@receiver(user_login_failed, dispatch_uid="livingwell.accounts.sign_in_failed")
def sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Count a failed password against the username and address, and audit it."""
    username = str(credentials.get("username") or "")[:150]
    address = audit.client_address(request) if request is not None else None
    throttled = bool(getattr(request, THROTTLED_ATTRIBUTE, False))
    if not throttled:
        throttle.record_failure(username, address)
    record_failure(request, username, step="password", throttled=throttled)


def record_failure(
    request: HttpRequest | None, username: str, *, step: str, user: Any = None, throttled: bool = False
) -> AuditEvent:
    """Audit a refused sign-in step (naming the user only once their password has proved who they are)."""
    detail: dict[str, Any] = {"username": username, "step": step}
    if throttled:
        detail["throttled"] = True
    return audit.record_sign_in_failure(request, detail=detail, user=user)
