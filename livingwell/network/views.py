"""Partner services: introductions waiting for an answer (crisis and at-risk first), what stalled,
accepting with the first appointment or declining with a coded reason, and what the person already
told the hub."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from livingwell.accounts.rules import can, current_user
from livingwell.audit.services import record_list
from livingwell.codes import LifeArea
from livingwell.network import directory_search, loop, services
from livingwell.network.models import DeclineReason, Service, ServiceIntroduction, ServiceIntroductionStatus
from livingwell.network.rules import Permission, get_service_introduction_for_user
from livingwell.nhsuk_forms import NHSDateField
from livingwell.support.models import Episode, EpisodeStatus
from livingwell.support.rules import Permission as SupportPermission
from livingwell.support.rules import get_episode_for_user

# Crisis and at-risk introductions first: the hub's urgency, then the risk level it recorded in the
# conversation (lookups by name: the front door is above the network, which cannot import it).
URGENCY_ORDER = Case(
    When(introduction__urgency="crisis", then=Value(0)),
    When(introduction__urgency="urgent", then=Value(1)),
    default=Value(2),
)
RISK_ORDER = Case(
    When(introduction__conversation__risk_level="high", then=Value(0)),
    When(introduction__conversation__risk_level="medium", then=Value(1)),
    default=Value(2),
)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Permission.VIEW_SERVICE_INTRODUCTIONS):
        raise PermissionDenied
    organisations = current_user(request).organisation_ids(role="partner_practitioner")
    pending = (
        loop.with_steps(
            ServiceIntroduction.objects.filter(
                service__organisation_id__in=organisations, status=ServiceIntroductionStatus.PENDING
            )
        )
        .select_related("person", "introduction", "introduction__conversation")
        .annotate(urgency_rank=URGENCY_ORDER, risk_rank=RISK_ORDER)
        .order_by("urgency_rank", "risk_rank", "made_at")
    )
    episodes = (
        Episode.objects.filter(service__organisation_id__in=organisations, status=EpisodeStatus.OPEN)
        .select_related("service", "person")
        .order_by("-accepted_at")[:100]
    )
    not_yet_seen = loop.with_steps(
        ServiceIntroduction.objects.filter(
            service__organisation_id__in=organisations,
            status=ServiceIntroductionStatus.ACCEPTED,
            episode__status=EpisodeStatus.OPEN,
        )
    ).select_related("person")
    made = loop.with_steps(
        ServiceIntroduction.objects.filter(introduced_by_organisation_id__in=organisations).order_by(
            "-made_at"
        )[:50]
    ).select_related("person")
    now = timezone.now()
    pending_list, episode_list, made_list = list(pending), list(episodes), list(made)
    stalled = loop.stalled([*pending_list, *not_yet_seen], now=now)
    # Read once: the audit and the page share them. One audit record names everyone on the page.
    record_list(
        request,
        "network.inbox",
        [i.person_id for i in pending_list]
        + [e.person_id for e in episode_list]
        + [i.person_id for i, _ in stalled],
    )
    context = {
        "pending": [(item, loop.step_of(item, now=now)) for item in pending_list],
        "episodes": episode_list,
        "stalled": stalled,
        "made": [(item, loop.step_of(item, now=now)) for item in made_list],
    }
    return render(request, "network/inbox.jinja", context)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="Can your service support this person?",
        choices=[("accept", "Yes, accept the introduction"), ("decline", "No, decline it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to accept or decline"},
    )
    first_appointment = NHSDateField(
        label="Date of their first appointment",
        help_text="For example, 15 3 2027. Tell the person too.",
        subject="the date of their first appointment",
        required=False,
    )
    decline_code = forms.ChoiceField(
        label="Why are you declining?",
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    decline_reason = forms.CharField(
        label="What should the hub know? It will see this.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("answer") == "accept":
            when = data.get("first_appointment")
            today = timezone.localdate()
            if when is None and "first_appointment" not in self.errors:
                self.add_error("first_appointment", "Enter the date of their first appointment")
            elif isinstance(when, dt.date) and not today - dt.timedelta(
                days=7
            ) <= when <= today + dt.timedelta(days=366):
                self.add_error("first_appointment", "The first appointment must be within a year from today")
        if data.get("answer") == "decline":
            if not data.get("decline_code"):
                self.add_error(
                    "decline_code", "Choose why you are declining, so the hub can find the right help"
                )
            elif data.get("decline_code") == DeclineReason.OTHER and not data.get("decline_reason"):
                self.add_error(
                    "decline_reason", "Say why you are declining, so the hub can find the right help"
                )
        return data


def _appointment_at(day: dt.date) -> dt.datetime:
    """The appointment's day, at 9 o'clock London time (the form asks for the day only)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def _told_the_hub(item: ServiceIntroduction) -> list[dict[str, Any]]:
    """Tell it once: what the person told the hub (needs by life area, strengths, what matters and
    the risk summary), as summary-list rows, when they agreed to share it with partners; else none."""
    if item.introduction_id is None or not item.person.consent_share_alliance:
        return []
    conversation = getattr(item.introduction, "conversation", None)
    if conversation is None:
        return []
    risk = conversation.get_risk_level_display() + (
        f": {conversation.risk_summary}" if conversation.risk_summary else ""
    )
    rows = [
        ("What matters to them", conversation.what_matters),
        ("Their strengths", conversation.strengths),
        ("Risk (the hub's view)", risk),
        *(
            (
                str(LifeArea(area).label) if area in LifeArea.values else area,
                said or "Named, nothing more said",
            )
            for area, said in (conversation.needs or {}).items()
        ),
    ]
    return [{"key": {"text": key}, "value": {"text": value or "–"}} for key, value in rows]


@login_required
@require_http_methods(["GET", "POST"])
def service_introduction(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_service_introduction_for_user(request, pk)
    can_answer = can(request.user, Permission.RESPOND_SERVICEINTRODUCTION, item)
    form = AnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_answer:
            raise PermissionDenied
        if form.is_valid():
            try:
                if form.cleaned_data["answer"] == "accept":
                    episode = services.accept(
                        request,
                        item,
                        by=current_user(request),
                        first_appointment_at=_appointment_at(form.cleaned_data["first_appointment"]),
                    )
                    messages.success(request, "Accepted. The episode of support is open.")
                    return redirect("support:episode", pk=episode.pk)
                services.decline(
                    request,
                    item,
                    by=current_user(request),
                    code=form.cleaned_data["decline_code"],
                    note=form.cleaned_data["decline_reason"],
                )
                messages.success(request, "Declined. The person goes back to the hub, which sees why.")
                return redirect("network:inbox")
            except services.AlreadyAnswered:
                form.add_error(
                    None,
                    "Someone at your service answered this introduction while you were deciding: see their answer below.",
                )
                item.refresh_from_db()
    context = {
        "item": item,
        "person": item.person,
        "form": form,
        "step": loop.step_of(loop.with_steps(ServiceIntroduction.objects.filter(pk=item.pk)).get()),
        "told_rows": _told_the_hub(item),
        "urgency": item.introduction.get_urgency_display() if item.introduction_id else "",  # type: ignore[union-attr]
        "can_answer": can_answer and item.status == ServiceIntroductionStatus.PENDING,
    }
    return render(request, "network/service_introduction.jinja", context, status=400 if form.errors else 200)


def _named_with_partner(service: Service) -> str:
    return f"{service.name} ({service.organisation.name})" if service.organisation else service.name


class DirectIntroductionForm(forms.Form):
    service = forms.ModelChoiceField(
        label="Which service?",
        queryset=Service.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose a service",
            "invalid_choice": "Choose one of the services listed",
        },
    )
    note = forms.CharField(
        label="What should the service know?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )

    def __init__(self, *args: Any, episode: Episode, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Another partner's services that take introductions, those meeting more of the needs the
        # person told the hub first; not this one, nor any already waiting for or supporting them.
        conversation = getattr(
            getattr(episode.service_introduction, "introduction", None), "conversation", None
        )
        already = ServiceIntroduction.objects.filter(
            person_id=episode.person_id,
            status__in=[ServiceIntroductionStatus.PENDING, ServiceIntroductionStatus.ACCEPTED],
        ).values("service_id")
        choices = (
            directory_search.ranked_for(list((conversation.needs if conversation else {}) or []))
            .exclude(pk=episode.service_id)
            .exclude(pk__in=already)
        )
        field = self.fields["service"]
        field.queryset = choices  # type: ignore[attr-defined]
        field.label_from_instance = _named_with_partner  # type: ignore[attr-defined]


@login_required
@require_http_methods(["GET", "POST"])
def introduce_from_episode(request: HttpRequest, pk: int) -> HttpResponse:
    """A partner introducing the person it supports straight to another partner's service."""
    episode = get_episode_for_user(request, pk, perm=SupportPermission.CHANGE_EPISODE)
    if episode.status != EpisodeStatus.OPEN:
        raise PermissionDenied
    form = DirectIntroductionForm(request.POST if request.method == "POST" else None, episode=episode)
    if request.method == "POST" and form.is_valid():
        try:
            services.introduce_directly(
                request,
                person_id=episode.person_id,
                consented=episode.person.consent_share_alliance,
                service=form.cleaned_data["service"],
                note=form.cleaned_data["note"],
                by=current_user(request),
                from_organisation_id=episode.service.organisation_id,  # type: ignore[arg-type]
            )
        except services.NoConsent as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request,
                f"Introduced to {form.cleaned_data['service'].name}. You will see its answer in your introductions.",
            )
            return redirect("support:episode", pk=episode.pk)
    return render(
        request,
        "network/introduce_from_episode.jinja",
        {"form": form, "episode": episode, "person": episode.person},
        status=400 if form.errors else 200,
    )
