"""Sessions that must end or must finish signing in: the absolute lifetime, and two-step verification."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode

from livingwell.accounts import mfa
from livingwell.accounts.signals import SIGNED_IN_AT_SESSION_KEY

# The pages a half-signed-in session may open: finishing or abandoning the sign-in, and urgent help.
TWO_STEP_OPEN_PAGES = frozenset(
    {
        "accounts:sign_in",
        "accounts:sign_out",
        "accounts:two_step",
        "accounts:two_step_set_up",
        "access:urgent_help",
    }
)


class AbsoluteSessionLifetimeMiddleware:
    """End a signed-in session SESSION_ABSOLUTE_HOURS after its sign-in, however busy it has been.

    The idle timeout (SESSION_COOKIE_AGE) is renewed by every request, so on its own a session
    kept busy, or a stolen cookie kept warm, would never end. A session with no recorded sign-in
    time was not made by a sign-in this code saw, and is ended too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT_SESSION_KEY)
            limit = settings.SESSION_ABSOLUTE_HOURS * 3600
            if not isinstance(signed_in_at, int) or timezone.now().timestamp() - signed_in_at >= limit:
                logout(request)
                messages.info(
                    request,
                    f"You have been signed out because you signed in more than "
                    f"{settings.SESSION_ABSOLUTE_HOURS} hours ago. Sign in again to carry on.",
                )
        return self.get_response(request)


class TwoStepRequiredMiddleware:
    """Send a session that still owes its second step to the code page (or to set-up), and nowhere else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        step = mfa.next_step(request) if request.user.is_authenticated else None
        if step is not None and _page_name(request) not in TWO_STEP_OPEN_PAGES:
            target = reverse("accounts:two_step" if step == mfa.NextStep.CODE else "accounts:two_step_set_up")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return self.get_response(request)


def _page_name(request: HttpRequest) -> str:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return ""
