"""Two-step verification in tests: give someone an authenticator app, and read its current code."""

from __future__ import annotations

from typing import Any

from django.test.client import ClientMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

from livingwell.accounts import mfa
from livingwell.accounts.models import User
from livingwell.demo.two_step import current_code


def give_app(user: User, key: str | None = None) -> TOTPDevice:
    """Give the user a confirmed authenticator app (a random secret unless one is given, in hex)."""
    values: dict[str, Any] = {"user": user, "name": mfa.TOTP_DEVICE_NAME, "confirmed": True}
    if key is not None:
        values["key"] = key
    return TOTPDevice.objects.create(**values)


def code_for(device: TOTPDevice) -> str:
    """Return a code the device will accept now (see livingwell/demo/two_step.py's current_code)."""
    return current_code(device)


def force_login_counts_as_two_step(monkeypatch: Any) -> None:
    """Make the test client's force_login and login stand for a whole sign-in, second step included.

    Most tests sign in hub leads and administrators with force_login to test something else; the
    two-step tests sign in through the pages instead. The session is marked as a strong sign-in
    elsewhere would mark it (accounts/mfa.py's amr hook).
    """
    original = ClientMixin._login  # type: ignore[attr-defined]

    def _login(self: Any, user: Any, backend: Any = None) -> None:
        original(self, user, backend)
        session = self.session
        session[mfa.AMR_SESSION_KEY] = ["test", "mfa"]
        session.save()

    monkeypatch.setattr(ClientMixin, "_login", _login)
