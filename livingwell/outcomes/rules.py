"""Who may see and record outcomes, and the access helpers that check it (docs/access-matrix.md).

An episode's outcomes pages fetch it through the one episode helper, support.rules.get_episode_for_user,
with these permissions; a response and a goal are checked by their episode's rules.

Practitioners at the organisation running the episode's service record and read; hub staff read
only; commissioners see the service summary's aggregates and nothing about a person.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import rules
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from livingwell.accounts.objects import get_for_user
from livingwell.accounts.rules import is_commissioner, is_hub_lead, is_hub_staff, is_partner_practitioner
from livingwell.outcomes.models import Goal, QuestionnaireResponse
from livingwell.support.models import Episode
from livingwell.support.rules import episode_in_reach, is_at_episode_organisation, knows_episode


class Permission(StrEnum):
    """What the outcomes app's rules decide (docs/access-matrix.md)."""

    VIEW_EPISODE_OUTCOMES = "outcomes.view_episode_outcomes"
    RECORD_OUTCOMES = "outcomes.record_outcomes"
    VIEW_DUE = "outcomes.view_due"
    VIEW_SUMMARY = "outcomes.view_summary"


rules.add_perm(
    Permission.VIEW_EPISODE_OUTCOMES, is_hub_staff | (is_partner_practitioner & is_at_episode_organisation)
)
rules.add_perm(Permission.RECORD_OUTCOMES, is_partner_practitioner & is_at_episode_organisation)
rules.add_perm(Permission.VIEW_DUE, is_partner_practitioner)
rules.add_perm(Permission.VIEW_SUMMARY, is_hub_lead | is_commissioner | is_partner_practitioner)


def episodes_visible_to(user: Any) -> QuerySet[Episode]:
    """Return the episodes whose outcomes the user may read."""
    if is_hub_staff(user):
        return Episode.objects.all()
    if is_partner_practitioner(user):
        # Only while the relationship lasts (support.rules, PARTNER_ACCESS_DAYS_AFTER_EPISODE).
        return Episode.objects.filter(
            episode_in_reach(),
            service__organisation_id__in=user.organisation_ids(role="partner_practitioner"),
        )
    return Episode.objects.none()


def get_response_for_user(request: HttpRequest, pk: int, *, perm: Permission) -> QuestionnaireResponse:
    """Return a response through its episode's permission, recording the access; else 404 or 403."""
    return get_for_user(
        request,
        QuestionnaireResponse.objects.select_related("episode__service", "person"),
        pk,
        perm=perm,
        related=knows_episode,
        checked_on=lambda response: response.episode,
    )


def get_goal_for_user(request: HttpRequest, pk: int) -> Goal:
    """Return a goal the user may rate (a practitioner of its episode), recording the access.

    A goal set on the plan outside any episode is rated in none: it is not found here (404).
    """
    return get_for_user(
        request,
        Goal.objects.filter(episode__isnull=False).select_related("episode__service", "person"),
        pk,
        perm=Permission.RECORD_OUTCOMES,
        related=knows_episode,
        checked_on=_goals_episode,
    )


def _goals_episode(goal: Goal) -> Episode:
    # Only goals set within an episode are fetched here (the filter above), so it is never None.
    assert goal.episode is not None
    return goal.episode


def summary_services_filter(user: Any) -> Q:
    """Return which services' summaries the user may read: all, or their own organisations'."""
    if is_hub_lead(user) or is_commissioner(user):
        return Q()
    return Q(organisation_id__in=user.organisation_ids(role="partner_practitioner"))
