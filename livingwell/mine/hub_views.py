"""The hub's list of correction requests from people's own views, and closing one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from livingwell.accounts.objects import get_for_user
from livingwell.accounts.rules import can, is_hub_staff
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record, shown
from livingwell.mine.models import CorrectionRequest, CorrectionStatus
from livingwell.mine.rules import Permission


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label="What did you do?",
        choices=[
            (CorrectionStatus.DONE, "Corrected the record"),
            (CorrectionStatus.DECLINED, "Left it as it is"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Say what you did"},
    )
    reply = forms.CharField(
        label="What to tell the person",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say what you did, for the person to read"},
    )


@login_required
@require_safe
def corrections(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Permission.HANDLE_CORRECTIONS):
        raise PermissionDenied
    items = list(
        CorrectionRequest.objects.filter(status=CorrectionStatus.OPEN)
        .select_related("person")
        .order_by("asked_at")
    )
    shown(request, "mine.correctionrequest", items, person=lambda item: item.person_id)
    return render(request, "mine/hub_corrections.jinja", {"items": items, "form": CloseForm()})


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_for_user(
        request,
        CorrectionRequest,
        pk,
        perm=Permission.HANDLE_CORRECTIONS,
        related=is_hub_staff,
        person=lambda found: found.person_id,
        purpose="close",
    )
    form = CloseForm(request.POST)
    if not form.is_valid():
        items = list(CorrectionRequest.objects.filter(status=CorrectionStatus.OPEN).select_related("person"))
        return render(
            request,
            "mine/hub_corrections.jinja",
            {"items": items, "form": form, "failed": item.pk},
            status=400,
        )
    with transaction.atomic():
        updated = CorrectionRequest.objects.filter(pk=item.pk, status=CorrectionStatus.OPEN).update(
            status=form.cleaned_data["status"],
            reply=form.cleaned_data["reply"],
            closed_by=request.user,
            closed_at=timezone.now(),
        )
        if updated:
            record(
                request,
                AuditAction.UPDATE,
                item,
                person_id=item.person_id,
                detail={"status": form.cleaned_data["status"]},
            )
    messages.success(
        request,
        "Closed. The person can read your reply in their own view."
        if updated
        else "Someone closed this already.",
    )
    return redirect("corrections:list")
