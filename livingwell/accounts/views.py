"""Staff sign-in and sign-out."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from livingwell.accounts import throttle
from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.audit.services import client_address


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = AuthenticationForm(request, data=request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    status = 200
    locked = False
    if request.method == "POST":
        username = request.POST.get("username", "")[:150]
        address = client_address(request)
        if throttle.is_locked(username, address):
            locked = True
            status = 429
        elif form.is_valid():
            user = form.get_user()
            login(request, user)
            throttle.clear(username)
            AuditEvent.objects.create(
                user=user,
                action=AuditAction.SIGN_IN,
                object_type="accounts.user",
                object_id=str(user.pk),
                ip_address=address,
                path=request.path,
            )
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                next_url = ""
            return redirect(next_url or "access:home")
        else:
            throttle.record_failure(username, address)
            AuditEvent.objects.create(
                action=AuditAction.SIGN_IN_FAILED,
                object_type="accounts.user",
                ip_address=address,
                path=request.path,
                detail={"username": username},
            )
            status = 400
    return render(
        request, "accounts/sign_in.jinja", {"form": form, "next": next_url, "locked": locked}, status=status
    )


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        logout(request)
        return render(request, "accounts/signed_out.jinja")
    return render(request, "accounts/sign_out.jinja")
