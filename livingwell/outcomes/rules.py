"""Who may see and record outcomes, and the access helpers that check it (docs/access-matrix.md).

Practitioners at the organisation running the episode's service record and read; hub staff read
only; commissioners see the service summary's aggregates and nothing about a person.
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from livingwell.accounts.rules import can, is_commissioner, is_hub_lead, is_hub_staff, is_partner_practitioner
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.network.rules import episode_in_reach
from livingwell.outcomes.models import Goal, QuestionnaireResponse
from livingwell.support.models import Episode
from livingwell.support.rules import is_at_episode_organisation

rules.add_perm(
    "outcomes.view_episode_outcomes", is_hub_staff | (is_partner_practitioner & is_at_episode_organisation)
)
rules.add_perm("outcomes.record_outcomes", is_partner_practitioner & is_at_episode_organisation)
rules.add_perm("outcomes.view_due", is_partner_practitioner)
rules.add_perm("outcomes.view_summary", is_hub_lead | is_commissioner | is_partner_practitioner)


def episodes_visible_to(user: Any) -> QuerySet[Episode]:
    """Return the episodes whose outcomes the user may read."""
    if is_hub_staff(user):
        return Episode.objects.all()
    if is_partner_practitioner(user):
        # Only while the relationship lasts (network.rules, PARTNER_ACCESS_DAYS_AFTER_EPISODE).
        return Episode.objects.filter(
            episode_in_reach(),
            service__organisation_id__in=user.organisation_ids(role="partner_practitioner"),
        )
    return Episode.objects.none()


def get_episode_for_outcomes(
    request: HttpRequest, pk: int, *, perm: str = "outcomes.view_episode_outcomes"
) -> Episode:
    """Return the episode if the user holds ``perm`` on it, recording the access; else 404/403."""
    episode = Episode.objects.select_related("service__organisation", "person").filter(pk=pk).first()
    if episode is None:
        raise Http404("No such episode")
    if not can(request.user, perm, episode):
        raise PermissionDenied
    record(request, AuditAction.VIEW, episode, person_id=episode.person_id, detail={"perm": perm})
    return episode


def get_response_for_user(request: HttpRequest, pk: int, *, perm: str) -> QuestionnaireResponse:
    """Return a response through its episode's permission, recording the access."""
    response = (
        QuestionnaireResponse.objects.select_related("episode__service", "person").filter(pk=pk).first()
    )
    if response is None:
        raise Http404("No such questionnaire")
    if not can(request.user, perm, response.episode):
        raise PermissionDenied
    record(request, AuditAction.VIEW, response, person_id=response.person_id, detail={"perm": perm})
    return response


def get_goal_for_user(request: HttpRequest, pk: int) -> Goal:
    """Return a goal the user may rate (a practitioner of its episode), recording the access."""
    goal = Goal.objects.select_related("episode__service", "person").filter(pk=pk).first()
    if goal is None:
        raise Http404("No such goal")
    if not can(request.user, "outcomes.record_outcomes", goal.episode):
        raise PermissionDenied
    record(request, AuditAction.VIEW, goal, person_id=goal.person_id)
    return goal


def summary_services_filter(user: Any) -> Q:
    """Return which services' summaries the user may read: all, or their own organisations'."""
    if is_hub_lead(user) or is_commissioner(user):
        return Q()
    return Q(organisation_id__in=user.organisation_ids(role="partner_practitioner"))
