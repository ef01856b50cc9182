"""The person's support plan: one page, shared with consent across the partners supporting them.

Who may read and change it is who may see the person (people.rules: the hub, and a partner in a
live relationship with them, with their consent to share). The plan itself is support's
(support.models.plan, support.plan_services); its goals are `outcomes`' Goal-Based Outcomes goals.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from livingwell.accounts.models import Organisation, Role, User
from livingwell.accounts.rules import current_user
from livingwell.codes import EmploymentStatus, SettledAccommodation
from livingwell.nhsuk_forms import NHSDateField
from livingwell.people.rules import Permission, get_person_for_user
from livingwell.support import plan_services
from livingwell.support.models import ActionOwner, NetworkRelationship, PlanAction, SupportPlan


def _practitioners() -> Any:
    return (
        User.objects.filter(
            memberships__role__in=[Role.HUB_WORKER, Role.HUB_LEAD, Role.PARTNER_PRACTITIONER], is_active=True
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class PlanForm(forms.Form):
    coordinator = forms.ModelChoiceField(
        label="Coordinator (who holds the plan)", queryset=User.objects.none(), required=False
    )
    what_matters = forms.CharField(
        label="What matters to them",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )
    strengths = forms.CharField(
        label="Their strengths and what they have going for them",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )
    settled_accommodation = forms.ChoiceField(
        label="Accommodation", choices=[("", "Not asked yet"), *SettledAccommodation.choices], required=False
    )
    employment_status = forms.ChoiceField(
        label="Work", choices=[("", "Not asked yet"), *EmploymentStatus.choices], required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["coordinator"]
        field.queryset = _practitioners()  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]


class ActionForm(forms.Form):
    description = forms.CharField(label="What will be done", max_length=300)
    owner = forms.ChoiceField(label="Who will do it", choices=ActionOwner.choices, widget=forms.RadioSelect)
    owner_user = forms.ModelChoiceField(
        label="Which practitioner", queryset=User.objects.none(), required=False
    )
    owner_organisation = forms.ModelChoiceField(
        label="Which partner", queryset=Organisation.objects.none(), required=False
    )
    due_on = NHSDateField(label="By when", help_text="For example, 15 3 2027", subject="the date it is due")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = _practitioners()  # type: ignore[attr-defined]
        self.fields["owner_user"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]
        self.fields["owner_organisation"].queryset = Organisation.objects.order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("owner") == ActionOwner.PRACTITIONER and not data.get("owner_user"):
            self.add_error("owner_user", "Choose the practitioner who will do it")
        if data.get("owner") == ActionOwner.PARTNER and not data.get("owner_organisation"):
            self.add_error("owner_organisation", "Choose the partner that will do it")
        return data


class NetworkForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    relationship = forms.ChoiceField(
        label="Who they are to them", choices=NetworkRelationship.choices, widget=forms.RadioSelect
    )
    carer_consents = forms.BooleanField(
        label="This carer agrees to be named in the plan and contacted", required=False
    )
    note = forms.CharField(
        label="How they help", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("relationship") == NetworkRelationship.CARER and not data.get("carer_consents"):
            self.add_error("carer_consents", "A carer is named only with their own agreement: ask them first")
        return data


def _plan(request: HttpRequest, pk: int) -> tuple[Any, SupportPlan]:
    person = get_person_for_user(request, pk, perm=Permission.WORK_ON_PLAN, purpose="plan")
    return person, plan_services.plan_for(request, person.pk, by=current_user(request))


def _context(request: HttpRequest, person: Any, plan: SupportPlan, **forms_: Any) -> dict[str, Any]:
    return {
        "person": person,
        "plan": plan,
        "goals": list(person.goals.order_by("created_at", "pk")),
        "network": list(plan.network.all()),
        "actions": list(plan.actions.select_related("owner_user", "owner_organisation", "done_by")),
        "changes": list(plan.changes.select_related("changed_by")[:50]),
        "episodes": list(person.episodes.filter(status="open").select_related("service")),
        "plan_form": forms_.get("plan_form")
        or PlanForm(
            initial={
                "coordinator": plan.coordinator_id,
                "what_matters": plan.what_matters,
                "strengths": plan.strengths,
                "settled_accommodation": plan.settled_accommodation,
                "employment_status": plan.employment_status,
                "version": plan.version,
            }
        ),
        "action_form": forms_.get("action_form") or ActionForm(),
        "network_form": forms_.get("network_form") or NetworkForm(),
        "new_link": forms_.get("new_link"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def plan_page(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "GET":
        # Reading never writes: a person with no plan yet is offered one to start.
        person = get_person_for_user(request, pk, perm=Permission.WORK_ON_PLAN, purpose="plan")
        plan = SupportPlan.objects.filter(person=person).first()
        if plan is None:
            return render(request, "people/plan_start.jinja", {"person": person})
        return render(request, "people/plan.jinja", _context(request, person, plan))
    person, plan = _plan(request, pk)
    if request.POST.get("start"):
        return redirect("people:plan", pk=person.pk)
    form = PlanForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            words = plan_services.change_plan(
                request,
                plan,
                by=current_user(request),
                version=data["version"],
                coordinator=data["coordinator"],
                what_matters=data["what_matters"],
                strengths=data["strengths"],
                settled_accommodation=data["settled_accommodation"],
                employment_status=data["employment_status"],
            )
        except plan_services.StalePlan as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(
                request, "Saved: " + "; ".join(words).lower() + "." if words else "Nothing had changed."
            )
            return redirect("people:plan", pk=person.pk)
    return render(request, "people/plan.jinja", _context(request, person, plan, plan_form=form), status=400)


@login_required
@require_POST
def add_action(request: HttpRequest, pk: int) -> HttpResponse:
    person, plan = _plan(request, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return render(
            request, "people/plan.jinja", _context(request, person, plan, action_form=form), status=400
        )
    data = form.cleaned_data
    plan_services.add_action(
        request,
        plan,
        by=current_user(request),
        description=data["description"],
        owner=data["owner"],
        due_on=data["due_on"],
        owner_user=data.get("owner_user"),
        owner_organisation_id=data["owner_organisation"].pk if data.get("owner_organisation") else None,
    )
    messages.success(request, "Action added to the plan.")
    return redirect("people:plan", pk=person.pk)


@login_required
@require_POST
def tick_action(request: HttpRequest, pk: int, action: int) -> HttpResponse:
    person, plan = _plan(request, pk)
    found = PlanAction.objects.filter(pk=action, plan=plan).select_related("plan").first()
    if found is None:
        raise Http404("This plan has no such action.")
    done = plan_services.tick_action(request, found, by=current_user(request))
    messages.success(request, "Marked as done." if done else "That action was already done.")
    return redirect("people:plan", pk=person.pk)


@login_required
@require_POST
def add_network_member(request: HttpRequest, pk: int) -> HttpResponse:
    person, plan = _plan(request, pk)
    form = NetworkForm(request.POST)
    if not form.is_valid():
        return render(
            request, "people/plan.jinja", _context(request, person, plan, network_form=form), status=400
        )
    plan_services.add_network_member(request, plan, by=current_user(request), **form.cleaned_data)
    messages.success(request, "Added to their support network.")
    return redirect("people:plan", pk=person.pk)


@login_required
@require_POST
def plan_link(request: HttpRequest, pk: int) -> HttpResponse:
    person, plan = _plan(request, pk)
    if request.POST.get("revoke"):
        revoked = plan_services.revoke_links(request, plan, by=current_user(request))
        messages.success(
            request,
            f"{revoked} link{'' if revoked == 1 else 's'} stopped working."
            if revoked
            else "There was no working link.",
        )
        return redirect("people:plan", pk=person.pk)
    token = plan_services.issue_link(request, plan, by=current_user(request))
    # From the configured public address, never the request's Host header (which a sender controls).
    new_link = settings.PUBLIC_BASE_URL + reverse("plan_by_link", args=[token])
    # Shown once, on this page, to send to the person: it is never stored.
    return render(request, "people/plan.jinja", _context(request, person, plan, new_link=new_link))
