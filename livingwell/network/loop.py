"""Following an introduction to a service until it ends: each step, when it was due, and what stalled.

The one home for where an onward introduction stands. Its steps:
1. **Waiting** for the service to accept or decline, due within the service's response standard
   (`Service.response_standard_hours`; no standard, never overdue).
2. **Declined**, with its coded reason: the person goes back to whoever introduced them (the hub
   sees it in "came back", access.came_back).
3. **Accepted**, with the first appointment; the first contact (the first session the person
   attends, support.first_contact) is due within the service's first-contact standard
   (`Service.first_contact_standard_days`, or the alliance's 4 weeks, DOMAIN.md §3's routine
   standard, where none is set).
4. **Seen**: the person has attended a session.
5. **Ended**: the episode was ended, with its outcome (support.DischargeReason).

**Stalled** means overdue at step 1 or 3: the hub and the service each see it flagged. Nothing
disappears: every onward introduction is in one of these steps, and one that is waiting or
accepted without contact past its standard is flagged until someone acts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from livingwell.network.models import ServiceIntroduction, ServiceIntroductionStatus
from livingwell.support.first_contact import first_seen_at, with_first_seen
from livingwell.support.models import Episode, EpisodeStatus

DEFAULT_FIRST_CONTACT_DAYS = 28


@dataclass(frozen=True)
class Step:
    code: str  # waiting | declined | accepted | seen | ended
    text: str
    at: dt.datetime
    due_at: dt.datetime | None = None
    overdue: bool = False


def with_steps(items: QuerySet[ServiceIntroduction]) -> QuerySet[ServiceIntroduction]:
    """What `step_of` needs, for any number of introductions in a fixed number of queries."""
    return items.select_related("service", "service__organisation").prefetch_related(
        Prefetch("episode", queryset=with_first_seen(Episode.objects.all()))
    )


def _fmt(at: dt.datetime) -> str:
    return timezone.localtime(at).strftime("%-d %B %Y")


def _episode(item: ServiceIntroduction) -> Episode | None:
    try:
        return item.episode
    except Episode.DoesNotExist:
        return None


def step_of(item: ServiceIntroduction, *, now: dt.datetime | None = None) -> Step:
    """Where the introduction to the service has got to."""
    now = now or timezone.now()
    service = item.service
    if item.status == ServiceIntroductionStatus.PENDING:
        due = (
            item.made_at + dt.timedelta(hours=service.response_standard_hours)
            if service.response_standard_hours
            else None
        )
        return Step(
            "waiting",
            f"Waiting for {service.name} to accept or decline",
            item.made_at,
            due,
            due is not None and now > due,
        )
    answered = item.responded_at or item.made_at
    if item.status == ServiceIntroductionStatus.DECLINED:
        reason = item.get_decline_code_display() if item.decline_code else "no reason given"
        return Step("declined", f"Declined by {service.name} on {_fmt(answered)}: {reason}", answered)
    episode = _episode(item)
    if episode is not None and episode.status == EpisodeStatus.DISCHARGED and episode.discharged_at:
        outcome = episode.get_discharge_reason_display() or "no outcome given"
        return Step(
            "ended",
            f"Ended at {service.name} on {_fmt(episode.discharged_at)}: {outcome}",
            episode.discharged_at,
        )
    seen = first_seen_at(episode) if episode is not None else None
    if seen is not None:
        return Step("seen", f"Seen by {service.name} since {_fmt(seen)}", seen)
    days = service.first_contact_standard_days or DEFAULT_FIRST_CONTACT_DAYS
    due = answered + dt.timedelta(days=days)
    appointment = (
        f"; first appointment {_fmt(item.first_appointment_at)}" if item.first_appointment_at else ""
    )
    return Step(
        "accepted", f"Accepted by {service.name} on {_fmt(answered)}{appointment}", answered, due, now > due
    )


def stalled(
    items: Iterable[ServiceIntroduction], *, now: dt.datetime | None = None
) -> list[tuple[ServiceIntroduction, Step]]:
    """The introductions past a standard (waiting for an answer, or accepted and not yet seen), longest first."""
    now = now or timezone.now()
    found = [(item, step_of(item, now=now)) for item in items]
    late = [(item, step) for item, step in found if step.overdue]
    return sorted(late, key=lambda pair: pair[1].due_at or now)


def open_onward() -> QuerySet[ServiceIntroduction]:
    """Onward introductions that could be stalled: waiting, or accepted with the episode open."""
    return with_steps(
        ServiceIntroduction.objects.filter(status=ServiceIntroductionStatus.PENDING)
        | ServiceIntroduction.objects.filter(
            status=ServiceIntroductionStatus.ACCEPTED, episode__status=EpisodeStatus.OPEN
        )
    )
