"""The hub's queue: introductions waiting for first contact, by urgency then wait."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.utils import timezone

from livingwell.access import waiting
from livingwell.access.codes import URGENCY_RANK, IntroductionStatus
from livingwell.access.models import Introduction
from livingwell.access.waiting import response_hours  # the standards live with the waiting clock
from livingwell.accounts.models import User
from livingwell.codes import Urgency

WAIT_FILTERS = {
    "breached": "Over the response standard",
    "1d": "Waiting more than a day",
    "7d": "Waiting more than a week",
}


@dataclass(frozen=True)
class QueueEntry:
    introduction: Introduction
    wait: waiting.Wait

    @property
    def waited(self) -> dt.timedelta:
        return self.wait.waited

    @property
    def standard_hours(self) -> int:
        return self.wait.standard_hours

    @property
    def breached(self) -> bool:
        return self.wait.breached

    @property
    def wait_text(self) -> str:
        return self.wait.text


def _urgency_rank() -> Case:
    return Case(
        *(When(urgency=urgency, then=Value(rank)) for urgency, rank in URGENCY_RANK.items()),
        output_field=IntegerField(),
    )


def awaiting_first_contact() -> QuerySet[Introduction]:
    """Return introductions still waiting for first contact, most urgent and longest-waiting first."""
    return waiting.with_first_contact(
        Introduction.objects.filter(status=IntroductionStatus.AWAITING_CONTACT)
        .select_related("person", "allocated_to")
        .annotate(urgency_rank=_urgency_rank())
        .order_by("urgency_rank", "received_at")
    )


def in_conversation_with(user: User) -> QuerySet[Introduction]:
    """Return the introductions allocated to this member of staff that are in conversation, oldest first."""
    return waiting.with_first_contact(
        Introduction.objects.filter(allocated_to=user, status=IntroductionStatus.IN_CONVERSATION)
        .select_related("person", "allocated_to")
        .order_by("received_at")
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
        queryset = queryset.filter(waiting.over_standard_while_waiting(now, hours or response_hours()))
    return queryset


def entries(
    queryset: QuerySet[Introduction], *, now: dt.datetime | None = None, hours: dict[str, int] | None = None
) -> list[QueueEntry]:
    """Attach each introduction's wait for first contact (the queryset carries `with_first_contact`)."""
    now = now or timezone.now()
    hours = hours or response_hours()
    return [QueueEntry(i, waiting.wait_for(i, now=now, hours=hours)) for i in queryset]


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
