"""The demo's authenticator apps: a fixed secret for each account that needs two-step verification.

Synthetic accounts only, with a published password: the secrets are derived from the username so
that the demo, its printed sign-ins and the browser journeys agree from run to run.
"""

from __future__ import annotations

import hashlib
import time

from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from livingwell.accounts import mfa
from livingwell.accounts.models import User


def demo_key(username: str) -> str:
    """Return the demo account's TOTP secret (20 bytes, in hex as django-otp stores it)."""
    return hashlib.sha256(f"livingwell demo authenticator app:{username}".encode()).hexdigest()[:40]


def seed_apps(staff: dict[str, User]) -> list[User]:
    """Give each demo account that needs two-step verification a confirmed authenticator app."""
    given = []
    with transaction.atomic():
        for username, user in staff.items():
            if mfa.is_required_for(user) and not mfa.has_device(user):
                TOTPDevice.objects.create(
                    user=user, name=mfa.TOTP_DEVICE_NAME, confirmed=True, key=demo_key(username)
                )
                given.append(user)
    return given


def secrets() -> dict[str, str]:
    """Return each demo account's authenticator app secret (base32, as an app takes it) by username."""
    devices = TOTPDevice.objects.filter(confirmed=True).select_related("user").order_by("user__username")
    return {device.user.username: mfa.secret_text(device) for device in devices}


def current_code(device: TOTPDevice) -> str:
    """Return a code the device will accept now: the current one, or the next if this one was used.

    django-otp refuses a code from a time step it has already accepted (a replayed code), and
    accepts one step ahead for a phone whose clock runs fast; two sign-ins in the same 30 seconds
    use that step. Should that have gone too, wait (once) for the next step.
    """
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step
    if totp.t() <= device.last_t:
        time.sleep(device.step - (time.time() - device.t0) % device.step + 0.05)
        totp.time = time.time() + device.step
    return f"{totp.token():0{device.digits}d}"
