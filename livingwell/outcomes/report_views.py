"""Pages across episodes: due and overdue, a person's outcomes, the monthly service summary, FHIR."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from livingwell.accounts.rules import can
from livingwell.audit.services import record_list
from livingwell.network.models import Service
from livingwell.outcomes import fhir
from livingwell.outcomes.due import due_for, open_risk_flags
from livingwell.outcomes.forms import SummaryFilterForm
from livingwell.outcomes.history import goals_by_outcome, measures
from livingwell.outcomes.instruments import UnknownInstrumentError
from livingwell.outcomes.models import Goal, QuestionnaireResponse, ResponseStatus
from livingwell.outcomes.rules import episodes_visible_to, get_response_for_user, summary_services_filter
from livingwell.outcomes.summary import summarise
from livingwell.outcomes.summary_queries import ended_episode_records
from livingwell.people.rules import get_person_for_user


@login_required
def due(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "outcomes.view_due"):
        raise PermissionDenied
    rows = due_for(request.user)
    flags = list(open_risk_flags(request.user))
    # One audit record for the page, naming everyone on it.
    record_list(
        request, "outcomes.due", [*(r.episode.person_id for r in rows), *(f.person_id for f in flags)]
    )
    return render(
        request,
        "outcomes/due.jinja",
        {
            "rows": rows,
            "flags": flags,
            "overdue": sum(r.point.overdue for r in rows),
        },
    )


@login_required
def person_outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request, pk, purpose="outcomes")
    episodes = episodes_visible_to(request.user).filter(person=person)
    completed = list(
        QuestionnaireResponse.objects.filter(episode__in=episodes, status=ResponseStatus.COMPLETED).order_by(
            "completed_at", "id"
        )
    )
    goals = Goal.objects.filter(episode__in=episodes)
    context = {"person": person, "measures": measures(completed), "goals": goals_by_outcome(goals, completed)}
    return render(request, "outcomes/person.jinja", context)


def _last_month() -> dt.date:
    first = timezone.localdate().replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)


@login_required
def summary(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "outcomes.view_summary"):
        raise PermissionDenied
    services = Service.objects.filter(summary_services_filter(request.user)).order_by("name")
    data = request.GET if "service" in request.GET else None
    first = services.first()
    form = SummaryFilterForm(services, data, initial={"service": first, "month": _last_month()})
    result = None
    service = month = None
    if data is None and first is not None:
        service, month = first, _last_month()
    elif data is not None and form.is_valid():
        service, month = form.cleaned_data["service"], form.cleaned_data["month"]
    if service is not None and month is not None:
        result = summarise(ended_episode_records(service, month))
    return render(
        request,
        "outcomes/summary.jinja",
        {"form": form, "summary": result, "service": service, "month": month},
        status=400 if form.errors else 200,
    )


def fhir_questionnaire(request: HttpRequest, code: str) -> JsonResponse:
    """The instrument's structure as a FHIR Questionnaire: public, as it holds no wording or data."""
    try:
        resource = fhir.questionnaire(code)
    except UnknownInstrumentError:
        raise Http404("No such questionnaire") from None
    return JsonResponse(
        resource.model_dump(mode="json", exclude_none=True), content_type="application/fhir+json"
    )


@login_required
def fhir_response(request: HttpRequest, pk: int) -> JsonResponse:
    response = get_response_for_user(request, pk, perm="outcomes.view_episode_outcomes")
    if response.status != ResponseStatus.COMPLETED:
        raise Http404("Not completed yet")
    resource = fhir.export_response(response)
    return JsonResponse(
        resource.model_dump(mode="json", exclude_none=True), content_type="application/fhir+json"
    )
