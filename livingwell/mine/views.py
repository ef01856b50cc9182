"""The person's own view: what is happening, their plan, their choices, their data.

Every page finds the person from their own-view session (mine.session), never from the address:
no page here takes a person's id, so there is no id to change to reach someone else's data. Each
look is audited as the person's own (no staff user), and their "who has looked" list leaves those out.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from livingwell.access.public_views import hub_phone
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.mine import forms, happening, my_data
from livingwell.mine.models import CorrectionRequest, PersonComment, UsedKey
from livingwell.mine.session import signed_in_person
from livingwell.outcomes import links
from livingwell.outcomes.models import QuestionnaireResponse, ResponseSource, ResponseStatus
from livingwell.outcomes.services import add_plan_goal
from livingwell.people import services as people_services
from livingwell.people.models import Person
from livingwell.support.models import SupportPlan

View = Callable[..., HttpResponse]


def person_view(view: Callable[..., HttpResponse]) -> View:
    """Only for a signed-in person: anyone else goes to the sign-in page. Never cached."""

    @never_cache
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        person = signed_in_person(request)
        if person is None:
            return redirect(f"{reverse('mine:sign_in')}?next={request.path}")
        response = view(request, person, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapped


def _looked(request: HttpRequest, person: Person, what: str) -> None:
    record(request, AuditAction.VIEW, person, person_id=person.pk, detail={"by": "the person", "page": what})


def _phone_text() -> str:
    phone = hub_phone()
    return phone.text if phone else ""


@require_safe
@person_view
def home(request: HttpRequest, person: Person) -> HttpResponse:
    _looked(request, person, "home")
    due = (
        QuestionnaireResponse.objects.filter(
            person=person, source=ResponseSource.LINK, status=ResponseStatus.IN_PROGRESS
        )
        .select_related("episode__service")
        .order_by("created_at")
    )
    context = {
        "person": person,
        "happening": happening.happening_for(person, hub_phone=_phone_text()),
        "due": list(due),
        "sessions": happening.sessions_for(person),
        "has_plan": SupportPlan.objects.filter(person=person).exists(),
    }
    return render(request, "mine/home.jinja", context)


@require_POST
@person_view
def start_questionnaire(request: HttpRequest, person: Person, pk: int) -> HttpResponse:
    """Open a questionnaire the person has been asked to fill in, with a fresh link of their own."""
    response = QuestionnaireResponse.objects.filter(
        pk=pk, person=person, source=ResponseSource.LINK, status=ResponseStatus.IN_PROGRESS
    ).first()
    if response is None:  # not theirs, or already done: the same as no such questionnaire
        return render(request, "mine/not_found.jinja", status=404)
    token = links.issue_link(response, channel="own view")
    record(
        request, AuditAction.CREATE, response, person_id=person.pk, detail={"link": True, "by": "the person"}
    )
    return redirect("outcomes:answer_start", token=token)


def _plan_context(person: Person) -> dict[str, Any]:
    plan = SupportPlan.objects.filter(person=person).select_related("coordinator").first()
    return {
        "person": person,
        "plan": plan,
        "goals": list(person.goals.order_by("created_at", "pk")),
        "network": list(plan.network.all()) if plan else [],
        "actions": list(plan.actions.select_related("owner_user", "owner_organisation")) if plan else [],
        "comments": list(PersonComment.objects.filter(person=person)),
    }


@require_safe
@person_view
def plan(request: HttpRequest, person: Person) -> HttpResponse:
    _looked(request, person, "plan")
    context = {
        **_plan_context(person),
        "comment_form": forms.CommentForm(initial={"submission_key": uuid.uuid4()}),
        "goal_form": forms.GoalForm(initial={"submission_key": uuid.uuid4()}),
    }
    return render(request, "mine/plan.jinja", context)


def _plan_again(request: HttpRequest, person: Person, **bound: Any) -> HttpResponse:
    context = {
        **_plan_context(person),
        "comment_form": forms.CommentForm(initial={"submission_key": uuid.uuid4()}),
        "goal_form": forms.GoalForm(initial={"submission_key": uuid.uuid4()}),
        **bound,
    }
    return render(request, "mine/plan.jinja", context, status=400)


@require_POST
@person_view
def add_comment(request: HttpRequest, person: Person) -> HttpResponse:
    form = forms.CommentForm(request.POST)
    if not form.is_valid():
        return _plan_again(request, person, comment_form=form)
    key = f"comment-{form.cleaned_data['submission_key']}"
    try:
        with transaction.atomic():
            comment, created = PersonComment.objects.get_or_create(
                submission_key=key, defaults={"person": person, "text": form.cleaned_data["text"]}
            )
            if created:
                record(request, AuditAction.CREATE, comment, person_id=person.pk, detail={"by": "the person"})
    except IntegrityError:  # the same key sent twice at once: the first one made it
        pass
    messages.success(request, "We have added your words to your plan.")
    return redirect("mine:plan")


@require_POST
@person_view
def add_goal(request: HttpRequest, person: Person) -> HttpResponse:
    form = forms.GoalForm(request.POST)
    if not form.is_valid():
        return _plan_again(request, person, goal_form=form)
    key = f"goal-{form.cleaned_data['submission_key']}"
    try:
        with transaction.atomic():
            UsedKey.objects.create(key=key)  # sent twice, one goal: the second create fails here
            add_plan_goal(
                request,
                person_id=person.pk,
                description=form.cleaned_data["description"],
                big_outcome=form.cleaned_data["big_outcome"],
            )
    except IntegrityError:
        pass
    messages.success(request, "We have added your goal to your plan.")
    return redirect("mine:plan")


def _choices_context(person: Person, **bound: Any) -> dict[str, Any]:
    yes_no = {True: "yes", False: "no"}
    return {
        "person": person,
        "contact_form": forms.ContactForm(
            initial={"preferred_contact": person.preferred_contact, "contact_times": person.contact_times}
        ),
        "sharing_form": forms.SharingForm(
            initial={
                "consent_share_alliance": yes_no[person.consent_share_alliance],
                "consent_share_gp": yes_no[person.consent_share_gp],
            }
        ),
        "planning_form": forms.PlanningDataForm(
            initial={"opt_out": "out" if person.extract_opt_out else "in"}
        ),
        **bound,
    }


@require_safe
@person_view
def choices(request: HttpRequest, person: Person) -> HttpResponse:
    _looked(request, person, "choices")
    return render(request, "mine/choices.jinja", _choices_context(person))


@require_POST
@person_view
def change_contact(request: HttpRequest, person: Person) -> HttpResponse:
    form = forms.ContactForm(request.POST)
    if not form.is_valid():
        return render(request, "mine/choices.jinja", _choices_context(person, contact_form=form), status=400)
    changed = [name for name, value in form.cleaned_data.items() if getattr(person, name) != value]
    if changed:
        with transaction.atomic():
            for name in changed:
                setattr(person, name, form.cleaned_data[name])
            person.save(update_fields=changed)
            record(
                request, AuditAction.UPDATE, person, person_id=person.pk,
                detail={"fields": changed, "by": "the person"},
            )  # fmt: skip
    messages.success(request, "We have saved how to contact you.")
    return redirect("mine:choices")


@require_POST
@person_view
def change_sharing(request: HttpRequest, person: Person) -> HttpResponse:
    """Give or withdraw consent to share: a withdrawal stops partners' access at their next request."""
    form = forms.SharingForm(request.POST)
    if not form.is_valid():
        return render(request, "mine/choices.jinja", _choices_context(person, sharing_form=form), status=400)
    wanted = {name: forms.yes(form.cleaned_data[name]) for name in people_services.CONSENTS}
    withdraw = [name for name, agree in wanted.items() if not agree and getattr(person, name)]
    give = [name for name, agree in wanted.items() if agree and not getattr(person, name)]
    if withdraw:
        people_services.withdraw_consent(
            request, person, consents=withdraw, how="the person, in their own view"
        )
    if give:
        people_services.give_consent(request, person, consents=give, how="the person, in their own view")
    messages.success(request, "We have saved who we can share with. It works straight away.")
    return redirect("mine:choices")


@require_POST
@person_view
def change_planning(request: HttpRequest, person: Person) -> HttpResponse:
    form = forms.PlanningDataForm(request.POST)
    if not form.is_valid():
        return render(request, "mine/choices.jinja", _choices_context(person, planning_form=form), status=400)
    people_services.set_extract_opt_out(
        request, person, opt_out=form.cleaned_data["opt_out"] == "out", how="the person, in their own view"
    )
    messages.success(request, "We have saved your choice about planning data.")
    return redirect("mine:choices")


@require_safe
@person_view
def data(request: HttpRequest, person: Person) -> HttpResponse:
    _looked(request, person, "data")
    return render(request, "mine/data.jinja", {"person": person, "data": my_data.everything(person)})


@require_safe
@person_view
def data_json(request: HttpRequest, person: Person) -> HttpResponse:
    _looked(request, person, "download")
    body = json.dumps(
        {"downloaded": timezone.now().isoformat(), **my_data.everything(person)}, indent=2, ensure_ascii=False
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-living-well-data.json"'
    return response


@require_safe
@person_view
def who_looked(request: HttpRequest, person: Person) -> HttpResponse:
    _looked(request, person, "who looked")
    return render(request, "mine/who_looked.jinja", {"person": person, "rows": my_data.who_looked(person)})


@require_http_methods(["GET", "HEAD", "POST"])
@person_view
def ask_correction(request: HttpRequest, person: Person) -> HttpResponse:
    """Ask for something to be put right: it reaches the hub as a task; nothing changes until they check."""
    if request.method != "POST":
        form = forms.CorrectionForm(initial={"submission_key": uuid.uuid4()})
        return render(request, "mine/correction.jinja", {"person": person, "form": form})
    form = forms.CorrectionForm(request.POST)
    if not form.is_valid():
        return render(request, "mine/correction.jinja", {"person": person, "form": form}, status=400)
    key = f"correction-{form.cleaned_data['submission_key']}"
    try:
        with transaction.atomic():
            item, created = CorrectionRequest.objects.get_or_create(
                submission_key=key, defaults={"person": person, "what": form.cleaned_data["what"]}
            )
            if created:
                record(request, AuditAction.CREATE, item, person_id=person.pk, detail={"by": "the person"})
    except IntegrityError:
        pass
    messages.success(request, "We have sent this to the Living Well team. They will contact you to check it.")
    return redirect("mine:data")
