"""The hub's pages for carers: the record, its checks, the people they care for, consent, and own needs."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from livingwell.accounts.rules import can, current_user
from livingwell.audit.services import shown
from livingwell.carers import services
from livingwell.carers.forms import (
    CarerDetailsForm,
    ConsentForm,
    LinkPersonForm,
    NetworkForm,
    OwnNeedsForm,
    SameCarerForm,
)
from livingwell.carers.models import Carer, CaringFor
from livingwell.carers.rules import Permission, get_carer_for_user, get_caring_for_user
from livingwell.people.rules import Permission as PeoplePermission
from livingwell.people.rules import get_person_for_user

# The newest carers first on the hub's list, and those with a link still to check above the rest.
LIST_LENGTH = 100


@login_required
def carers(request: HttpRequest) -> HttpResponse:
    """The carers the hub keeps, those with a link still to check first."""
    if not can(request.user, Permission.VIEW_CARER):
        raise PermissionDenied
    links = CaringFor.objects.select_related("carer", "person").filter(carer__same_as__isnull=True)
    pending = shown(
        request, "carers.caringfor:pending", links.filter(confirmed_at__isnull=True).order_by("-created_at")[:LIST_LENGTH],
        person=lambda link: link.person_id,
    )  # fmt: skip
    listed = shown(
        request, "carers.caringfor:confirmed", links.filter(confirmed_at__isnull=False).order_by("-confirmed_at")[:LIST_LENGTH],
        person=lambda link: link.person_id,
    )  # fmt: skip
    return render(request, "carers/hub/carers.jinja", {"pending": pending, "confirmed": listed})


def _context(request: HttpRequest, carer: Carer, **extra: object) -> dict[str, object]:
    links = list(carer.caring_for.select_related("person", "introduction", "network_member"))
    return {
        "carer": carer,
        "links": links,
        "matches": list(services.possible_matches(carer)) if carer.same_as_id is None else [],
        "can_change": can(request.user, Permission.CHANGE_CARER, carer),
        **extra,
    }


@login_required
def carer(request: HttpRequest, pk: int) -> HttpResponse:
    """A carer's record: contact details and consent, whom they care for, and what the hub can do."""
    found = get_carer_for_user(request, pk)
    return render(request, "carers/hub/carer.jinja", _context(request, found))


@login_required
@require_http_methods(["GET", "POST"])
def change(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the carer's details, as the hub checked them with the carer."""
    found = get_carer_for_user(request, pk, perm=Permission.CHANGE_CARER, purpose="change")
    initial = {
        "given_name": found.given_name, "family_name": found.family_name, "phone": found.phone,
        "email": found.email, "preferred_contact": found.preferred_contact,
        "consents": "yes" if found.consents else "no",
    }  # fmt: skip
    form = CarerDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {**form.cleaned_data, "consents": form.cleaned_data["consents"] == "yes"}
        changed = services.change_details(request, found, values)
        messages.success(request, "Details saved." if changed else "Nothing was changed.")
        return redirect("carers:hub_carer", pk=found.pk)
    return render(
        request, "carers/hub/change.jinja", {"carer": found, "form": form}, status=400 if form.errors else 200
    )


@login_required
@require_POST
def confirm_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the hub checked the carer's phone and email with them (a code may then go to them)."""
    found = get_carer_for_user(request, pk, perm=Permission.CHANGE_CARER, purpose="confirm_contact")
    confirmed = services.confirm_contact_details(request, found)
    messages.success(
        request,
        f"Confirmed: {' and '.join(confirmed)}." if confirmed else "There is no phone or email to confirm.",
    )
    return redirect("carers:hub_carer", pk=found.pk)


@login_required
@require_POST
def same_carer(request: HttpRequest, pk: int) -> HttpResponse:
    """Link this record to the earlier record of the same carer the hub has checked."""
    found = get_carer_for_user(request, pk, perm=Permission.CHANGE_CARER, purpose="link_same_carer")
    form = SameCarerForm(request.POST)
    earlier = None
    if form.is_valid():
        earlier = services.possible_matches(found).filter(pk=form.cleaned_data["earlier"]).first()
    if earlier is None:
        messages.error(request, "Choose one of the earlier records listed")
        return redirect("carers:hub_carer", pk=found.pk)
    try:
        services.link_same_carer(request, found, earlier=earlier, by=current_user(request))
    except services.CarerChangeNotAllowed as problem:
        messages.error(request, str(problem))
        return redirect("carers:hub_carer", pk=found.pk)
    messages.success(request, f"Linked to the earlier record of {earlier.full_name}.")
    return redirect("carers:hub_carer", pk=earlier.pk)


@login_required
@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the carer to a person the hub has checked they look after."""
    found = get_carer_for_user(request, pk, perm=Permission.CHANGE_CARER, purpose="link_person")
    form = LinkPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The person's own access helper: it checks the hub may change them and records the look.
        person = get_person_for_user(
            request, form.cleaned_data["person"], perm=PeoplePermission.CHANGE_PERSON, purpose="link_carer"
        )
        try:
            services.link_to_person(
                request,
                found,
                person,
                relationship=form.cleaned_data["relationship"],
                by=current_user(request),
            )
        except services.CarerChangeNotAllowed as problem:
            form.add_error("person", str(problem))
        else:
            messages.success(request, f"Linked to {person.full_name}.")
            return redirect("carers:hub_carer", pk=found.pk)
    return render(
        request, "carers/hub/link.jinja", {"carer": found, "form": form}, status=400 if form.errors else 200
    )


@login_required
@require_POST
def confirm_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the hub checked with the person that this carer looks after them."""
    found = get_caring_for_user(request, pk, purpose="confirm_link")
    services.confirm_caring_for(request, found, by=current_user(request))
    messages.success(request, f"Checked: {found.carer.full_name} looks after {found.person.full_name}.")
    return redirect("carers:hub_carer", pk=found.carer_id)


@login_required
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the person's answer: may this carer read their plan? A "no" takes effect at once."""
    found = get_caring_for_user(request, pk, purpose="plan_consent")
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        how = form.cleaned_data["how"]
        try:
            if form.cleaned_data["share_plan"] == "yes":
                changed = services.give_plan_consent(request, found, how=how)
                done = "They agree: the carer can read their plan."
            else:
                changed = services.withdraw_plan_consent(request, found, how=how)
                done = "They do not agree: the carer cannot read their plan from now on."
        except services.CarerChangeNotAllowed as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, done if changed else "Nothing changed: that was already their answer.")
            return redirect("carers:hub_carer", pk=found.carer_id)
    return render(
        request, "carers/hub/consent.jinja", {"link": found, "form": form}, status=400 if form.errors else 200
    )


@login_required
@require_POST
def network(request: HttpRequest, pk: int) -> HttpResponse:
    """Name the carer in the person's support network (with the person's and the carer's consent)."""
    found = get_caring_for_user(request, pk, purpose="name_in_network")
    form = NetworkForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.name_in_network(request, found, by=current_user(request), note=note)
    except services.CarerChangeNotAllowed as problem:
        messages.error(request, str(problem))
    else:
        messages.success(
            request, f"{found.carer.full_name} is named in {found.person.full_name}'s support network."
        )
    return redirect("carers:hub_carer", pk=found.carer_id)


@login_required
@require_http_methods(["GET", "POST"])
def own_needs(request: HttpRequest, pk: int) -> HttpResponse:
    """Introduce the carer's own needs on to carers' support in the directory."""
    found = get_carer_for_user(request, pk, perm=Permission.CHANGE_CARER, purpose="own_needs")
    choices = services.carers_services()
    form = OwnNeedsForm(request.POST or None, services=choices, initial={"submission_key": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        try:
            onward = services.introduce_own_needs(
                request,
                found,
                services=list(form.cleaned_data["services"]),
                note=form.cleaned_data["note"],
                by=current_user(request),
                submission_key=f"carer-{form.cleaned_data['submission_key']}",
            )
        except services.CarerChangeNotAllowed as problem:
            form.add_error(None, str(problem))
        else:
            names = ", ".join(item.service.name for item in onward)
            messages.success(request, f"Introduced on to {names}. The service will accept or decline.")
            return redirect("carers:hub_carer", pk=found.pk)
    return render(
        request,
        "carers/hub/own_needs.jinja",
        {"carer": found, "form": form},
        status=400 if form.errors else 200,
    )
