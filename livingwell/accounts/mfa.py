"""Two-step verification: who needs it, whether a session has it, and the devices that give it.

Staff sign in with a password, then a code from an authenticator app (TOTP, django-otp) or one of
their recovery codes. Administrators, hub leads and anyone who can reach the admin site must have
it; everyone else may set it up, and once they have, their sign-in asks for a code too.

A sign-in that was already strong elsewhere counts as two-step verification: the NHS CIS2 sign-in
(the interop issue) is to call ``mark_strong_sign_in(request, "cis2")`` once it has checked the
identity provider's answer, which records the methods in the session's ``amr`` (RFC 8176
authentication method references) and satisfies ``is_satisfied`` with no device here.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import django_otp
import qrcode
import qrcode.image.svg
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from markupsafe import Markup

from livingwell.accounts import throttle
from livingwell.accounts.models import Role, User
from livingwell.audit import services as audit
from livingwell.audit.models import AuditAction

# The session key holding the authentication methods of this sign-in (RFC 8176 names, plus ours).
AMR_SESSION_KEY = "amr"
# Any of these in the session's amr means the person has already proved a second factor.
STRONG_METHODS = frozenset({"mfa", "cis2"})
ROLES_NEEDING_TWO_STEP = frozenset({Role.ADMINISTRATOR, Role.HUB_LEAD})
RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


class NextStep(StrEnum):
    """What a signed-in session still has to do before it may open any page but these."""

    CODE = "code"  # has a device: enter a code from it
    SET_UP = "set_up"  # must have a device and has none yet


def is_required_for(user: Any) -> bool:
    """Say whether this member of staff must use two-step verification."""
    if not getattr(user, "is_authenticated", False):
        return False
    # The admin site opens every organisation and every account: whoever can reach it needs it too.
    return bool(user.is_staff or user.is_superuser or user.roles() & ROLES_NEEDING_TWO_STEP)


def has_device(user: Any) -> bool:
    """Say whether the user has a confirmed authenticator app (or recovery codes)."""
    return bool(getattr(user, "is_authenticated", False) and django_otp.user_has_device(user, confirmed=True))


def is_satisfied(request: HttpRequest, user: Any = None) -> bool:
    """Say whether this session has passed a second step (a code here, or a strong sign-in elsewhere)."""
    user = user if user is not None else request.user
    is_verified = getattr(user, "is_verified", None)
    if callable(is_verified) and is_verified():
        return True
    return bool(STRONG_METHODS & set(request.session.get(AMR_SESSION_KEY) or []))


def next_step(request: HttpRequest, user: Any = None) -> NextStep | None:
    """Return what this signed-in session (of `user`, else request.user) must do first, or None."""
    user = user if user is not None else request.user
    if not user.is_authenticated or is_satisfied(request, user):
        return None
    if has_device(user):
        return NextStep.CODE
    if is_required_for(user):
        return NextStep.SET_UP
    return None


def mark_strong_sign_in(request: HttpRequest, method: str) -> None:
    """Record that this session's sign-in already proved two factors (e.g. "cis2"), so no code is asked."""
    methods = list(request.session.get(AMR_SESSION_KEY) or [])
    for name in (method, "mfa"):
        if name not in methods:
            methods.append(name)
    request.session[AMR_SESSION_KEY] = methods


def complete_two_step(request: HttpRequest, device: Any, *, method: str) -> None:
    """Mark this session verified by the device, under a new session key, and audit the sign-in."""
    user = request.user
    assert isinstance(user, User)  # only a signed-in member of staff reaches the second step
    django_otp.login(request, device)
    # A new key once the session is worth more, so a key seen before this step is worth nothing.
    request.session.cycle_key()
    throttle.clear(user.get_username())
    audit.record(request, AuditAction.SIGN_IN, user, detail={"step": "code", "method": method})


# --- Devices -------------------------------------------------------------------------------------


def pending_device(user: User) -> TOTPDevice:
    """Return the user's unconfirmed authenticator app, making one (with a new secret) if none."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """Return the device's secret as an app expects it typed: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> Markup:
    """Return the device's set-up address as an SVG QR code, drawn here (no image from elsewhere)."""
    # White behind the squares, so that a phone can read it whatever the page's colour.
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage)
    svg = image.to_string(encoding="unicode")
    # The page says in words what the picture is; the SVG itself is decoration for screen readers.
    svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" class="lw-qr-code" ', 1)
    return Markup(svg)  # noqa: S704 - made by qrcode from our own URL, nothing a user typed


@dataclass(frozen=True)
class Confirmed:
    device: TOTPDevice
    recovery_codes: list[str]


def confirm_set_up(device: TOTPDevice, code: str) -> Confirmed | None:
    """Confirm a pending authenticator app with a code from it; return it and new recovery codes."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, confirmed=False)
        if not device.verify_token(normalise_code(code)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # One app and one set of recovery codes: setting up again replaces what was there before.
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        StaticDevice.objects.filter(user=device.user).delete()
        recovery = StaticDevice.objects.create(user=device.user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=recovery, token=code) for code in codes])
    return Confirmed(device, codes)


def normalise_code(code: str) -> str:
    """Return a code as typed without spaces or dashes, in lower case (recovery codes are lower case)."""
    return re.sub(r"[\s-]+", "", code or "").lower()[:32]


def verify_code(user: User, code: str) -> Any:
    """Return the device that accepts this code (app code or unused recovery code), or None.

    Six digits go to the app only and anything else to the recovery codes only, so a mistyped
    recovery code does not count against the app's own back-off (django-otp's, per device).
    """
    code = normalise_code(code)
    if not code:
        return None
    model: type[Any] = TOTPDevice if re.fullmatch(r"\d{6}", code) else StaticDevice
    for device in model.objects.devices_for_user(user, confirmed=True):
        accepted = django_otp.verify_token(user, device.persistent_id, code)
        if accepted is not None:
            return accepted
    return None


def recovery_codes_left(user: User) -> int:
    """Return how many unused recovery codes the user has."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
