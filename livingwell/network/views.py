"""Partner services: introductions waiting for an answer, accepting and declining them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from livingwell.accounts.rules import can, current_user
from livingwell.audit.services import record_list
from livingwell.network import services
from livingwell.network.models import ServiceIntroduction, ServiceIntroductionStatus
from livingwell.network.rules import Permission, get_service_introduction_for_user
from livingwell.support.models import Episode, EpisodeStatus


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Permission.VIEW_SERVICE_INTRODUCTIONS):
        raise PermissionDenied
    organisations = current_user(request).organisation_ids(role="partner_practitioner")
    pending = (
        ServiceIntroduction.objects.filter(
            service__organisation_id__in=organisations, status=ServiceIntroductionStatus.PENDING
        )
        .select_related("service", "person")
        .order_by("made_at")
    )
    episodes = (
        Episode.objects.filter(service__organisation_id__in=organisations, status=EpisodeStatus.OPEN)
        .select_related("service", "person")
        .order_by("-accepted_at")[:100]
    )
    # Read once: the audit and the page share them. One audit record names everyone on the page.
    pending_list, episode_list = list(pending), list(episodes)
    record_list(
        request, "network.inbox", [i.person_id for i in pending_list] + [e.person_id for e in episode_list]
    )
    return render(request, "network/inbox.jinja", {"pending": pending_list, "episodes": episode_list})


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="Can your service support this person?",
        choices=[("accept", "Yes, accept the introduction"), ("decline", "No, decline it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to accept or decline"},
    )
    decline_reason = forms.CharField(
        label="Why are you declining? The hub will see this.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("answer") == "decline" and not data.get("decline_reason"):
            self.add_error("decline_reason", "Say why you are declining, so the hub can find the right help")
        return data


@login_required
@require_http_methods(["GET", "POST"])
def service_introduction(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_service_introduction_for_user(request, pk)
    can_answer = can(request.user, Permission.RESPOND_SERVICEINTRODUCTION, item)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        if not can_answer:
            raise PermissionDenied
        if form.is_valid():
            try:
                if form.cleaned_data["answer"] == "accept":
                    episode = services.accept(request, item, by=current_user(request))
                    messages.success(request, "Accepted. The episode of support is open.")
                    return redirect("support:episode", pk=episode.pk)
                services.decline(
                    request, item, by=current_user(request), reason=form.cleaned_data["decline_reason"]
                )
                messages.success(request, "Declined. The hub has been told why.")
                return redirect("network:inbox")
            except services.AlreadyAnswered as problem:
                form.add_error(None, str(problem))
    context = {
        "item": item,
        "person": item.person,
        "form": form,
        "can_answer": can_answer and item.status == ServiceIntroductionStatus.PENDING,
    }
    return render(request, "network/service_introduction.jinja", context, status=400 if form.errors else 200)
