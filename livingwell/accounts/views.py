"""Staff sign-in and sign-out. Auditing and failure counts happen in accounts/signals.py."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods

from livingwell.accounts import mfa
from livingwell.accounts.forms import SignInForm, wait_message


def safe_next(request: HttpRequest, next_url: str) -> str:
    """Return the address to go on to if it is on this site, else an empty string."""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return ""


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Check a username and password; then ask for a code where the person has or needs two-step."""
    form = SignInForm(request, data=request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            login(request, form.get_user())
            next_url = safe_next(request, next_url)
            step = mfa.next_step(request)
            if step is not None:
                page = "accounts:two_step" if step == mfa.NextStep.CODE else "accounts:two_step_set_up"
                query = f"?{urlencode({'next': next_url})}" if next_url else ""
                return redirect(reverse(page) + query)
            return redirect(next_url or "access:home")
        status = 429 if form.wait_seconds else 400
    context = {
        "form": form,
        "next": next_url,
        "locked": form.wait_seconds,
        "locked_message": wait_message(form.wait_seconds) if form.wait_seconds else "",
    }
    response = render(request, "accounts/sign_in.jinja", context, status=status)
    if status == 429:
        response["Retry-After"] = str(form.wait_seconds)
    return response


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    """Sign out on POST only, so that a link cannot sign someone out."""
    if request.method == "POST":
        logout(request)
        return render(request, "accounts/signed_out.jinja")
    return render(request, "accounts/sign_out.jinja")
