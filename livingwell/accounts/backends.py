"""The password backend, refusing any try while the sign-in throttle says wait."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from livingwell.accounts import known_devices, throttle
from livingwell.accounts.signals import THROTTLED_ATTRIBUTE
from livingwell.audit.services import client_address


class ThrottledModelBackend(ModelBackend):
    """Check passwords as Django does, unless the username or address must wait.

    The sign-in forms check the throttle first to say how long to wait; this catches any other
    caller of ``authenticate()``, so no path (the admin site's, one added later) can skip it.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        name = username if username is not None else kwargs.get(self._username_field(), "")
        address = client_address(request) if request is not None else None
        known = known_devices.recognises(request, str(name or ""))
        if throttle.wait_seconds(str(name or ""), address, known_device=known) > 0:
            if request is not None:
                setattr(request, THROTTLED_ATTRIBUTE, True)
            # PermissionDenied stops authenticate() at once; it then sends user_login_failed.
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return str(get_user_model().USERNAME_FIELD)
