"""The hub's queue: introductions waiting for first contact, by urgency then wait."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from livingwell.access.codes import DEFAULT_RESPONSE_HOURS, URGENCY_RANK, IntroductionStatus, Urgency
from livingwell.access.models import Introduction, ResponseStandard
from livingwell.lib import clocks

WAIT_FILTERS = {
    "breached": "Over the response standard",
    "1d": "Waiting more than a day",
    "7d": "Waiting more than a week",
}


def response_hours() -> dict[str, int]:
    """Return the response standard per urgency: the hub's settings over the national defaults."""
    hours = {str(k): v for k, v in DEFAULT_RESPONSE_HOURS.items()}
    hours.update(dict(ResponseStandard.objects.values_list("urgency", "hours")))
    return hours


@dataclass(frozen=True)
class QueueEntry:
    introduction: Introduction
    waited: dt.timedelta
    standard_hours: int

    @property
    def breached(self) -> bool:
        return self.waited > dt.timedelta(hours=self.standard_hours)

    @property
    def wait_text(self) -> str:
        return clocks.describe_wait(self.waited)


def _urgency_rank() -> Case:
    return Case(
        *(When(urgency=urgency, then=Value(rank)) for urgency, rank in URGENCY_RANK.items()),
        output_field=IntegerField(),
    )


def awaiting_first_contact() -> QuerySet[Introduction]:
    """Return introductions still waiting for first contact, most urgent and longest-waiting first."""
    return (
        Introduction.objects.filter(status=IntroductionStatus.AWAITING_CONTACT)
        .select_related("person", "allocated_to")
        .annotate(urgency_rank=_urgency_rank())
        .order_by("urgency_rank", "received_at")
    )


def filtered(
    queryset: QuerySet[Introduction], *, urgency: str = "", source: str = "", wait: str = "",
    now: dt.datetime | None = None, hours: dict[str, int] | None = None,
) -> QuerySet[Introduction]:  # fmt: skip
    """Apply the queue's filters in the database, so a long queue is never read into memory."""
    now = now or timezone.now()
    if urgency:
        queryset = queryset.filter(urgency=urgency)
    if source:
        queryset = queryset.filter(source=source)
    if wait == "1d":
        queryset = queryset.filter(received_at__lt=now - dt.timedelta(days=1))
    elif wait == "7d":
        queryset = queryset.filter(received_at__lt=now - dt.timedelta(days=7))
    elif wait == "breached":
        hours = hours or response_hours()
        breached = Q()
        for level in Urgency:
            breached |= Q(urgency=level, received_at__lt=now - dt.timedelta(hours=hours[level]))
        queryset = queryset.filter(breached)
    return queryset


def entries(
    queryset: QuerySet[Introduction], *, now: dt.datetime | None = None, hours: dict[str, int] | None = None
) -> list[QueueEntry]:
    """Attach each introduction's computed wait and standard."""
    now = now or timezone.now()
    hours = hours or response_hours()
    return [QueueEntry(i, clocks.waited(i.received_at, now), hours[i.urgency]) for i in queryset]


def counts_by_urgency() -> dict[str, int]:
    """Count introductions waiting for first contact at each urgency, in one query."""
    rows = (
        Introduction.objects.filter(status=IntroductionStatus.AWAITING_CONTACT)
        .values("urgency")
        .annotate(n=Count("id"))
    )
    counts = {str(level): 0 for level in Urgency}
    counts.update({row["urgency"]: row["n"] for row in rows})
    return counts
