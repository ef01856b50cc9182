"""The second step of signing in: enter a code, or set up an authenticator app and recovery codes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from livingwell.accounts import known_devices, mfa, signals, throttle
from livingwell.accounts.forms import CodeForm, SetUpForm, wait_message
from livingwell.accounts.rules import current_user
from livingwell.accounts.views import safe_next
from livingwell.audit import services as audit
from livingwell.audit.models import AuditAction

WRONG_CODE = (
    "That code is not right. Enter the newest code from your authenticator app, "
    "or a recovery code you have not used before"
)
WRONG_SET_UP_CODE = (
    "That code is not right. Check the app shows Living Well Network and enter the newest code; "
    "if it still fails, check the time on your phone is set automatically"
)
# Warn when this few recovery codes are left, so that nobody is locked out by using the last.
FEW_RECOVERY_CODES = 3


def _next(request: HttpRequest) -> str:
    return safe_next(request, request.POST.get("next") or request.GET.get("next") or "")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_step(request: HttpRequest) -> HttpResponse:
    """Ask a signed-in member of staff with an authenticator app for a code (or a recovery code)."""
    user = current_user(request)
    next_url = _next(request)
    step = mfa.next_step(request)
    if step == mfa.NextStep.SET_UP:
        return redirect(
            reverse("accounts:two_step_set_up") + (f"?{urlencode({'next': next_url})}" if next_url else "")
        )
    if step is None:
        return redirect(next_url or "access:home")
    form = CodeForm(request.POST or None)
    status, locked = 200, 0
    if request.method == "POST":
        address = audit.client_address(request)
        known = known_devices.recognises(request, user.get_username())
        locked = throttle.wait_seconds(user.get_username(), address, known_device=known)
        if locked:
            status = 429
        elif form.is_valid():
            device = mfa.verify_code(user, form.cleaned_data["code"])
            if device is not None:
                recovery = device.name == mfa.RECOVERY_DEVICE_NAME
                mfa.complete_two_step(request, device, method="recovery_code" if recovery else "totp")
                if recovery:
                    _warn_about_recovery_codes(request, mfa.recovery_codes_left(user))
                return redirect(next_url or "access:home")
            # A wrong code counts as a failed sign-in: it pauses the username as a wrong password does.
            throttle.record_failure(user.get_username(), address)
            signals.record_failure(request, user.get_username(), step="code", user=user)
            form.add_error("code", WRONG_CODE)
            status = 400
        else:
            status = 400
    context = {"form": form, "next": next_url, "locked_message": wait_message(locked) if locked else ""}
    return render(request, "accounts/two_step.jinja", context, status=status)


def _warn_about_recovery_codes(request: HttpRequest, left: int) -> None:
    if left > FEW_RECOVERY_CODES:
        messages.info(request, f"You used a recovery code. You have {left} left.")
        return
    codes = "recovery code" if left == 1 else "recovery codes"
    messages.warning(
        request,
        f"You used a recovery code and have {left} {codes} left. "
        "Set up two-step verification again to get new ones.",
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_step_set_up(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: show its secret and QR code, confirm a code, show recovery codes once."""
    user = current_user(request)
    next_url = _next(request)
    if mfa.next_step(request) == mfa.NextStep.CODE:
        # Someone with only the password must not replace the app the real person set up.
        return redirect(
            reverse("accounts:two_step") + (f"?{urlencode({'next': next_url})}" if next_url else "")
        )
    again = request.GET.get("again") == "1"
    if mfa.has_device(user) and not again:
        return render(
            request, "accounts/two_step_done.jinja", {"recovery_codes_left": mfa.recovery_codes_left(user)}
        )
    device = mfa.pending_device(user)
    form = SetUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            confirmed = mfa.confirm_set_up(device, form.cleaned_data["code"])
            if confirmed is not None:
                audit.record(request, AuditAction.UPDATE, user, detail={"two_step": "set up"})
                mfa.complete_two_step(request, confirmed.device, method="set_up")
                # Rendered in answer to the POST, never at an address: the codes are shown this once.
                shown = {"codes": confirmed.recovery_codes, "next": next_url or reverse("access:home")}
                return render(request, "accounts/recovery_codes.jinja", shown)
            form.add_error("code", WRONG_SET_UP_CODE)
    context: dict[str, Any] = {
        "form": form,
        "next": next_url,
        "secret": mfa.secret_text(device),
        "qr_code": mfa.qr_code_svg(device),
        "required": mfa.is_required_for(user),
        "again": again,
    }
    return render(request, "accounts/two_step_set_up.jinja", context, status=status)
