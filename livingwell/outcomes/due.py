"""The "due and overdue" list for a practitioner, and the risk flags waiting for them.

A fixed number of queries whatever the caseload: episodes, schedules, completions and first
sessions are each read once and joined in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from livingwell.outcomes.models import QuestionnaireResponse, ResponseStatus, Schedule
from livingwell.outcomes.rules import episodes_visible_to
from livingwell.outcomes.schedule import DISCHARGE_COLLECTABLE_FOR, DuePoint, ScheduleRule, due_points
from livingwell.support.models import Episode, EpisodeStatus, Session, SessionAttendance


@dataclass(frozen=True)
class DueRow:
    episode: Episode
    point: DuePoint


def due_for(user: Any, *, today: dt.date | None = None) -> list[DueRow]:
    """Return every due point in the episodes the user may read, the most overdue first."""
    today = today or timezone.localdate()
    horizon = timezone.now() - DISCHARGE_COLLECTABLE_FOR - dt.timedelta(days=1)
    episodes = list(
        episodes_visible_to(user)
        .filter(Q(status=EpisodeStatus.OPEN) | Q(discharged_at__gte=horizon))
        .select_related("person", "service")
    )
    ids = [e.pk for e in episodes]
    rules_by_service: dict[int, list[ScheduleRule]] = defaultdict(list)
    for schedule in Schedule.objects.filter(service_id__in={e.service_id for e in episodes}):
        rules_by_service[schedule.service_id].append(
            ScheduleRule(
                schedule.instrument, schedule.at_first_contact, schedule.every_weeks, schedule.at_discharge
            )
        )
    completed: dict[tuple[int, str], list[dt.date]] = defaultdict(list)
    for episode_id, instrument, at in QuestionnaireResponse.objects.filter(
        episode_id__in=ids, status=ResponseStatus.COMPLETED
    ).values_list("episode_id", "instrument", "completed_at"):
        completed[(episode_id, instrument)].append(timezone.localdate(at))
    first_sessions = dict(
        Session.objects.filter(episode_id__in=ids, attendance=SessionAttendance.ATTENDED)
        .values("episode_id")
        .annotate(first=Min("at"))
        .values_list("episode_id", "first")
    )
    rows = []
    for episode in episodes:
        first = first_sessions.get(episode.pk) or episode.accepted_at
        discharged = timezone.localdate(episode.discharged_at) if episode.discharged_at else None
        for rule in rules_by_service.get(episode.service_id, []):
            for point in due_points(
                rule,
                first_contact=timezone.localdate(first),
                discharged_on=discharged,
                completed_on=completed.get((episode.pk, rule.instrument), []),
                today=today,
            ):
                rows.append(DueRow(episode, point))
    rows.sort(key=lambda row: (row.point.due_on, row.episode.person.family_name))
    return rows


def open_risk_flags(user: Any) -> QuerySet[QuestionnaireResponse]:
    """Return responses with a risk flag no practitioner has yet reviewed."""
    return (
        QuestionnaireResponse.objects.filter(
            episode__in=episodes_visible_to(user),
            risk_flagged_at__isnull=False,
            risk_reviewed_at__isnull=True,
        )
        .select_related("person", "episode__service")
        .order_by("risk_flagged_at")
    )
