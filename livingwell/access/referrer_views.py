"""The referrer's pages: introduce someone, see the introductions you made and where they are."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from livingwell.access import services
from livingwell.access.forms import person_details
from livingwell.access.models import Introduction
from livingwell.access.referrer_forms import ProfessionalIntroductionForm
from livingwell.access.referrer_rules import (
    audit_list,
    get_referrers_introduction,
    history_for_referrer,
    introductions_made_by,
    is_referrer,
    status_for_referrer,
)
from livingwell.access.submitted import sent_with
from livingwell.accounts.models import Organisation, OrganisationKind, Role
from livingwell.accounts.rules import current_user
from livingwell.codes import Source

LIST_LIMIT = 100


def _referrer_organisation(request: HttpRequest) -> Organisation:
    if not is_referrer(request.user):
        raise PermissionDenied
    user = current_user(request)
    organisation = (
        Organisation.objects.filter(memberships__user=user, memberships__role=Role.REFERRER)
        .order_by("pk")
        .first()
    )
    if organisation is None:
        raise PermissionDenied
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def introduce(request: HttpRequest) -> HttpResponse:
    organisation = _referrer_organisation(request)
    fixed_source = Source.GP if organisation.kind == OrganisationKind.GP_PRACTICE else None
    if request.method == "POST":
        form = ProfessionalIntroductionForm(request.POST, source=fixed_source)
        if form.is_valid():
            data = form.cleaned_data
            user = current_user(request)
            existing = Introduction.objects.filter(submission_key=str(data["submission_key"])).first()
            if existing is not None and existing.referred_by_id == user.pk:
                # A second press of Send: the first one was recorded.
                return redirect("access:referrer_introduction", reference=existing.reference)
            ask = services.IntroductionRequest(
                person=person_details(
                    data,
                    consent_share_alliance=True,  # the form refuses to send without it
                    consent_share_gp=data["consent_share_gp"] == "yes",
                ),
                source=data["source"],
                submission_key=str(data["submission_key"]),
                at_risk_now=data["at_risk_now"] == "yes",
                urgency=data["urgency"],
                whats_going_on=data["whats_going_on"],
                life_areas=data["life_areas"],
                referrer_name=user.get_full_name() or user.username,
                referrer_organisation_id=organisation.pk,
                referred_by_id=user.pk,
                referrer_contact=data["referrer_contact"],
                referrer_risk=data["referrer_risk"],
                consent_obtained=True,
            )
            if existing is not None:
                # The key belongs to someone else's submission: never show it; start afresh.
                form = ProfessionalIntroductionForm(
                    initial={"submission_key": uuid.uuid4()}, source=fixed_source
                )
                messages.error(request, "That form had expired. Please enter the details again.")
                return _form_page(request, form, organisation, 400)
            introduction, _ = services.introduce(request, ask)
            # Only now, after the commit, is the referrer told it has been received.
            messages.success(request, f"Introduction sent. The reference is {introduction.reference}.")
            return redirect("access:referrer_introduction", reference=introduction.reference)
        return _form_page(request, form, organisation, 400)
    form = ProfessionalIntroductionForm(initial={"submission_key": uuid.uuid4()}, source=fixed_source)
    return _form_page(request, form, organisation, 200)


def _form_page(
    request: HttpRequest, form: ProfessionalIntroductionForm, organisation: Organisation, status: int
) -> HttpResponse:
    context = {"form": form, "organisation": organisation, "at_risk": form["at_risk_now"].value() == "yes"}
    return render(request, "access/referrer/introduce.jinja", context, status=status)


@login_required
def introductions(request: HttpRequest) -> HttpResponse:
    organisation = _referrer_organisation(request)
    rows = list(introductions_made_by(request.user)[:LIST_LIMIT])
    audit_list(request, rows)
    entries = [{"introduction": i, "sent": sent_with(i), "status": status_for_referrer(i)} for i in rows]
    return render(
        request,
        "access/referrer/introductions.jinja",
        {"entries": entries, "organisation": organisation, "limit": LIST_LIMIT},
    )


@login_required
def introduction(request: HttpRequest, reference: str) -> HttpResponse:
    # The object first: anyone but the referrer who made it is told there is no such introduction.
    item = get_referrers_introduction(request, reference)
    _referrer_organisation(request)
    context = {
        "introduction": item,
        # What the referrer typed, not the record it matched (which may be someone else's).
        "sent": sent_with(item),
        "status": status_for_referrer(item),
        "history": history_for_referrer(item),
    }
    return render(request, "access/referrer/introduction.jinja", context)
