"""The sign-in pages: your email or mobile and date of birth, then the code we sent."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from livingwell.mine import session, signin
from livingwell.mine.forms import CodeForm, SignInForm

PENDING_KEY = "mine_pending_code"
NEXT_KEY = "mine_next"


# Where a signed-in person or carer may be sent on to: their own pages only, never another site.
OWN_PAGES = ("/my/", "/carers/my/")


def _next(request: HttpRequest, *, person: bool) -> str:
    wanted = request.session.pop(NEXT_KEY, "") or ""
    if wanted.startswith(OWN_PAGES) and url_has_allowed_host_and_scheme(wanted, allowed_hosts=None):
        return str(wanted)
    # A carer who is not also supported themselves has only the carer's pages.
    return "/my/" if person else "/carers/my/"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        if request.GET.get("next"):
            request.session[NEXT_KEY] = request.GET["next"]
        return render(request, "mine/sign_in.jinja", {"form": SignInForm()})
    form = SignInForm(request.POST)
    if not form.is_valid():
        return render(request, "mine/sign_in.jinja", {"form": form}, status=400)
    sent = signin.send_code(request, form.cleaned_data["address"], form.cleaned_data["date_of_birth"])
    if sent.limited:
        form.add_error(None, "You have asked for too many codes. Wait an hour, then try again, or call us")
        return render(request, "mine/sign_in.jinja", {"form": form}, status=429)
    request.session[PENDING_KEY] = sent.code_id
    return redirect("mine:enter_code")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def enter_code(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "mine/enter_code.jinja", {"form": CodeForm()})
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            used = signin.check_code(request, request.session.get(PENDING_KEY), form.cleaned_data["code"])
        except signin.SignInRefused as refused:
            form.add_error("code", str(refused))
        else:
            return redirect(_next(request, person=used.person_id is not None))
    return render(request, "mine/enter_code.jinja", {"form": form}, status=400)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    session.sign_out(request)
    return redirect("mine:signed_out")


@never_cache
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "mine/signed_out.jinja")
