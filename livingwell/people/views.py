"""The person's page (details, introductions, episodes, who has looked) and merging records."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from livingwell.accounts.rules import can
from livingwell.audit.models import AuditEvent
from livingwell.audit.services import shown
from livingwell.people import services
from livingwell.people.forms import WithdrawConsentForm
from livingwell.people.history import describe_events
from livingwell.people.matching import likely_matches
from livingwell.people.models import Person
from livingwell.people.rules import Permission, get_person_for_user, services_in_view


@login_required
def person_page(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request, pk)
    if person.merged_into_id:
        messages.info(request, "This record was merged. You are now seeing the record it was merged into.")
        return redirect("people:detail", pk=person.merged_into_id)
    merged_ids = list(person.merged_from.values_list("pk", flat=True))
    context = {
        "person": person,
        "introductions": person.introductions.select_related("allocated_to").order_by("-received_at"),
        "service_introductions": person.service_introductions.filter(services_in_view(request.user))
        .select_related("service__organisation")
        .order_by("-made_at"),
        "episodes": person.episodes.filter(services_in_view(request.user))
        .select_related("service")
        .order_by("-accepted_at"),
        "looked": describe_events(
            AuditEvent.objects.filter(person_id__in=[person.pk, *merged_ids])
            .select_related("user")
            .order_by("-at")[:50]
        ),
        "matches": shown(
            request, "people.possible_matches", likely_matches(person), detail={"person": person.pk}
        )
        if can(request.user, Permission.CHANGE_PERSON)
        else [],
        "can_merge": can(request.user, Permission.MERGE_PERSON),
        "can_withdraw": can(request.user, Permission.CHANGE_PERSON, person) and bool(_given_consents(person)),
        "can_plan": can(request.user, Permission.WORK_ON_PLAN, person),
        "can_confirm_contact": can(request.user, Permission.CHANGE_PERSON, person)
        and bool(person.email or person.phone),
        "contact_checked": _contact_checked(person),
    }
    return render(request, "people/person.jinja", context)


def _contact_checked(person: Person) -> str:
    checked = [
        f"{label} on {timezone.localtime(at):%-d %B %Y}"
        for label, value, at in (
            ("phone", person.phone, person.phone_confirmed_at),
            ("email", person.email, person.email_confirmed_at),
        )
        if value and at
    ]
    return "; ".join(checked).capitalize() if checked else "Not yet: they cannot sign in to their own view"


@login_required
@require_POST
def confirm_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the hub checked the phone and email with the person (a code may then go to them)."""
    person = get_person_for_user(request, pk, perm=Permission.CHANGE_PERSON, purpose="confirm_contact")
    confirmed = services.confirm_contact_details(request, person)
    messages.success(
        request,
        f"Confirmed: {' and '.join(confirmed)}. The person can now sign in to their own view."
        if confirmed
        else "There is no phone number or email to confirm.",
    )
    return redirect("people:detail", pk=person.pk)


class MergeForm(forms.Form):
    survivor = forms.ChoiceField(
        label="Which record should be kept?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the record to keep"},
    )
    reason = forms.CharField(
        label="Why are these the same person?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Say why these records are the same person"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    first = get_person_for_user(request, pk, perm=Permission.MERGE_PERSON, purpose="merge")
    second = get_person_for_user(request, other, perm=Permission.MERGE_PERSON, purpose="merge")
    form = MergeForm(request.POST or None)
    form.fields["survivor"].choices = [  # type: ignore[attr-defined]
        (str(p.pk), f"{p.full_name}, born {p.date_of_birth:%-d %B %Y} (record {p.pk})")
        for p in (first, second)
    ]
    if request.method == "POST" and form.is_valid():
        survivor, duplicate = (
            (first, second) if form.cleaned_data["survivor"] == str(first.pk) else (second, first)
        )
        try:
            services.merge(
                request, survivor=survivor, duplicate=duplicate, reason=form.cleaned_data["reason"]
            )
        except services.MergeNotAllowed as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "Records merged. The history of both is on this page.")
            return redirect("people:detail", pk=survivor.pk)
    return render(
        request,
        "people/merge.jinja",
        {"form": form, "first": first, "second": second},
        status=400 if form.errors else 200,
    )


_CONSENT_LABELS = {
    "consent_share_alliance": "Sharing with alliance partners",
    "consent_share_gp": "Sharing with their GP",
}


def _given_consents(person: Person) -> list[tuple[str, str]]:
    return [(name, label) for name, label in _CONSENT_LABELS.items() if getattr(person, name)]


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Record, on the person's word, that they withdrew a consent (hub roles)."""
    person = get_person_for_user(request, pk, perm=Permission.CHANGE_PERSON, purpose="withdraw_consent")
    if person.merged_into_id:
        return redirect("people:withdraw_consent", pk=person.merged_into_id)
    form = WithdrawConsentForm(request.POST or None, choices=_given_consents(person))
    if request.method == "POST" and form.is_valid():
        try:
            withdrawn = services.withdraw_consent(
                request, person, consents=form.cleaned_data["consents"], how=form.cleaned_data["how"]
            )
        except services.ConsentNotChanged as problem:
            form.add_error(None, str(problem))
        else:
            names = ", ".join(_CONSENT_LABELS[name].lower() for name in withdrawn)
            messages.success(request, f"Consent withdrawn: {names}. The date is on the record.")
            return redirect("people:detail", pk=person.pk)
    return render(
        request,
        "people/withdraw_consent.jinja",
        {"form": form, "person": person, "given": _given_consents(person)},
        status=400 if form.errors else 200,
    )
