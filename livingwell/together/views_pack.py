"""The breakfast pack's pages: the packs made, making the next, and the printable pack itself."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from livingwell.accounts.rules import can, current_user
from livingwell.together import breakfast, log
from livingwell.together.forms import ActionForm, BreakfastPackForm
from livingwell.together.models import BreakfastPack
from livingwell.together.rules import Permission
from livingwell.together.views_log import require


def next_meeting() -> dt.date:
    """A fortnight after the last pack's meeting, or today when there is none (or it has gone by)."""
    last = BreakfastPack.objects.order_by("-meets_on").first()
    today = timezone.localdate()
    return max(today, last.meets_on + breakfast.FORTNIGHT) if last else today


@login_required
@require_http_methods(["GET", "POST"])
def packs(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_BREAKFAST_PACK)
    form = None
    if can(request.user, Permission.MAKE_BREAKFAST_PACK):
        form = BreakfastPackForm(request.POST or None, initial={"meets_on": next_meeting()})
        if request.method == "POST" and form.is_valid():
            pack = breakfast.make_pack(request, current_user(request), form.cleaned_data["meets_on"])
            return redirect("together:breakfast_pack", pack.pk)
    elif request.method == "POST":
        raise PermissionDenied
    listed = BreakfastPack.objects.all()[:100]
    return render(
        request,
        "together/packs.jinja",
        {"packs": listed, "form": form},
        status=400 if form and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def pack(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, Permission.VIEW_BREAKFAST_PACK)
    found = get_object_or_404(BreakfastPack, pk=pk)
    form = None
    if can(request.user, Permission.RECORD_LOG):
        form = ActionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            log.record_action(request, current_user(request), form.cleaned_data, pack=found)
            messages.success(request, "Action recorded against this pack.")
            return redirect("together:breakfast_pack", found.pk)
    elif request.method == "POST":
        raise PermissionDenied
    previous = found.previous()
    context = {
        "pack": found,
        "c": found.contents,
        "previous": previous,
        "last_actions": previous.actions.select_related("owner_user", "decision") if previous else [],
        "new_actions": found.actions.select_related("owner_user", "decision"),
        "form": form,
    }
    return render(request, "together/pack.jinja", context, status=400 if form and form.errors else 200)
