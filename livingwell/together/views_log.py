"""Staff pages of the decision and action log, and of the co-production log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from livingwell.accounts.rules import can, current_user
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.together import coproduction, log
from livingwell.together.forms import ActionForm, CoProductionForm, DecisionForm
from livingwell.together.models import Action, CoProduction, Decision
from livingwell.together.rules import Permission

LISTED = 200  # the latest this many on a page: the log grows by a few a fortnight


def require(request: HttpRequest, perm: Permission) -> None:
    """Refuse (403) anyone without `perm`: nothing here is one person's record to hide."""
    if not can(request.user, perm):
        raise PermissionDenied


def _status(*forms: object) -> int:
    return 400 if any(getattr(f, "errors", None) for f in forms) else 200


@login_required
@require_http_methods(["GET", "POST"])
def decisions(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_LOG)
    form = None
    if can(request.user, Permission.RECORD_LOG):
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            made = log.record_decision(request, current_user(request), form.cleaned_data)
            messages.success(request, f"Decision recorded: {made.title}.")
            return redirect("together:decision", made.pk)
    elif request.method == "POST":
        raise PermissionDenied
    listed = Decision.objects.prefetch_related("actions", "themes")[:LISTED]
    return render(
        request, "together/decisions.jinja", {"form": form, "decisions": listed}, status=_status(form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, Permission.VIEW_LOG)
    found = get_object_or_404(Decision.objects.select_related("breakfast_pack"), pk=pk)
    form = None
    if can(request.user, Permission.RECORD_LOG):
        form = ActionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            log.record_action(request, current_user(request), form.cleaned_data, decision=found)
            messages.success(request, "Action recorded.")
            return redirect("together:decision", found.pk)
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "decision": found,
        "actions": found.actions.select_related("owner_user"),
        "themes": found.themes.all(),
        "coproduction": coproduction.totals(found.coproduction.all()),
        "form": form,
    }
    return render(request, "together/decision.jinja", context, status=_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def actions(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_LOG)
    form = None
    if can(request.user, Permission.RECORD_LOG):
        form = ActionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            log.record_action(request, current_user(request), form.cleaned_data)
            messages.success(request, "Action recorded.")
            return redirect("together:actions")
    elif request.method == "POST":
        raise PermissionDenied
    everything = Action.objects.select_related("owner_user", "decision", "breakfast_pack")
    context = {
        "open": everything.filter(done_at=None).order_by("due", "pk"),
        "done": everything.exclude(done_at=None).order_by("-done_at")[:LISTED],
        "form": form,
    }
    return render(request, "together/actions.jinja", context, status=_status(form))


@login_required
@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, Permission.RECORD_LOG)
    action = get_object_or_404(Action, pk=pk)
    log.mark_done(request, action)
    messages.success(request, "Action marked done.")
    back = request.POST.get("back", "")
    return redirect(back if back.startswith("/together/") and "//" not in back else "together:actions")


@login_required
@require_http_methods(["GET", "POST"])
def coproduction_log(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_COPRODUCTION)
    form = None
    if can(request.user, Permission.RECORD_COPRODUCTION):
        form = CoProductionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            log.record_coproduction(request, current_user(request), form.cleaned_data)
            messages.success(request, "Recorded.")
            return redirect("together:coproduction")
    elif request.method == "POST":
        raise PermissionDenied
    names = can(request.user, Permission.VIEW_COPRODUCTION_NAMES)
    entries = list(CoProduction.objects.select_related("decision")[:LISTED])
    if names:
        # The names identify people: who saw them, and when, is kept as for any person's record.
        for entry in entries:
            record(request, AuditAction.VIEW, entry)
    context = {"entries": entries, "names": names, "totals": coproduction.totals(), "form": form}
    return render(request, "together/coproduction.jinja", context, status=_status(form))
