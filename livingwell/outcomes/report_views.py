"""Pages across episodes: due and overdue, a person's outcomes, FHIR (the summary is insight's)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from livingwell.accounts.rules import can
from livingwell.audit.services import record_list
from livingwell.outcomes import fhir
from livingwell.outcomes.due import due_for, open_risk_flags
from livingwell.outcomes.history import goals_by_outcome, measures
from livingwell.outcomes.instruments import UnknownInstrumentError
from livingwell.outcomes.models import Goal, QuestionnaireResponse, ResponseStatus
from livingwell.outcomes.rules import Permission, episodes_visible_to, get_response_for_user
from livingwell.people.rules import get_person_for_user


@login_required
def due(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Permission.VIEW_DUE):
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
    response = get_response_for_user(request, pk, perm=Permission.VIEW_EPISODE_OUTCOMES)
    if response.status != ResponseStatus.COMPLETED:
        raise Http404("Not completed yet")
    resource = fhir.export_response(response)
    return JsonResponse(
        resource.model_dump(mode="json", exclude_none=True), content_type="application/fhir+json"
    )
