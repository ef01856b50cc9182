"""How long a service's introductions wait, and how full it is, worked out from the records.

For the staff directory and a service's page, never for the public: how many introductions wait
for the service's answer now (and how many of those are past its response standard), the median
time it took to answer over the last 90 days, and its load against its capacity (people in open
episodes against a caseload, or introductions accepted in the last 7 days against weekly slots).
Each figure for a whole page of services costs one query.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, Q
from django.utils import timezone

from livingwell.network.models import CapacityUnit, Service, ServiceIntroduction, ServiceIntroductionStatus
from livingwell.support.models import Episode, EpisodeStatus

ANSWER_LOOKBACK = dt.timedelta(days=90)
WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class ServiceWait:
    waiting: int = 0
    overdue: int = 0
    oldest_waiting_since: dt.datetime | None = None
    median_hours_to_answer: float | None = None  # None: nothing answered in the last 90 days
    answered_recently: int = 0
    load: int | None = None  # against capacity, in the capacity's unit; None without a capacity
    capacity: int | None = None

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.load is not None and self.load >= self.capacity


def waits_for(services: Collection[Service], *, now: dt.datetime | None = None) -> dict[int, ServiceWait]:
    """Each service's wait and load, by service pk: three or four queries however many services."""
    now = now or timezone.now()
    ids = [s.pk for s in services]
    pending = {
        row["service_id"]: row
        for row in ServiceIntroduction.objects.filter(
            service_id__in=ids, status=ServiceIntroductionStatus.PENDING
        )
        .values("service_id")
        .annotate(waiting=Count("pk"), oldest=Min("made_at"))
    }
    overdue: dict[int, int] = defaultdict(int)
    standards = {s.pk: s.response_standard_hours for s in services if s.response_standard_hours}
    if standards:
        for service_id, made_at in ServiceIntroduction.objects.filter(
            service_id__in=list(standards), status=ServiceIntroductionStatus.PENDING
        ).values_list("service_id", "made_at"):
            if now - made_at > dt.timedelta(hours=standards[service_id]):
                overdue[service_id] += 1
    answer_hours: dict[int, list[float]] = defaultdict(list)
    for service_id, made_at, responded_at in ServiceIntroduction.objects.filter(
        service_id__in=ids, responded_at__gte=now - ANSWER_LOOKBACK, responded_at__lte=now
    ).values_list("service_id", "made_at", "responded_at"):
        if responded_at is not None:
            answer_hours[service_id].append((responded_at - made_at).total_seconds() / 3600)
    loads = _loads(services, now)
    out = {}
    for service in services:
        row: dict[str, Any] = dict(pending.get(service.pk, {}))
        hours = answer_hours.get(service.pk, [])
        out[service.pk] = ServiceWait(
            waiting=row.get("waiting", 0),
            overdue=overdue.get(service.pk, 0),
            oldest_waiting_since=row.get("oldest"),
            median_hours_to_answer=statistics.median(hours) if hours else None,
            answered_recently=len(hours),
            load=loads.get(service.pk) if service.capacity else None,
            capacity=service.capacity,
        )
    return out


def _loads(services: Collection[Service], now: dt.datetime) -> dict[int, int]:
    caseload = [s.pk for s in services if s.capacity and s.capacity_unit == CapacityUnit.CASELOAD]
    weekly = [s.pk for s in services if s.capacity and s.capacity_unit == CapacityUnit.WEEKLY_SLOTS]
    loads: dict[int, int] = dict.fromkeys(caseload + weekly, 0)
    if caseload:
        loads.update(
            Episode.objects.filter(service_id__in=caseload, status=EpisodeStatus.OPEN)
            .values("service_id")
            .annotate(n=Count("pk"))
            .values_list("service_id", "n")
        )
    if weekly:
        loads.update(
            ServiceIntroduction.objects.filter(
                Q(
                    service_id__in=weekly,
                    status=ServiceIntroductionStatus.ACCEPTED,
                    responded_at__gt=now - WEEK,
                )
            )
            .values("service_id")
            .annotate(n=Count("pk"))
            .values_list("service_id", "n")
        )
    return loads


def in_words(hours: float | None) -> str:
    """A duration as a person would say it: "under an hour", "5 hours", "3 days"."""
    if hours is None:
        return "not known yet"
    if hours < 1:
        return "under an hour"
    if hours < 48:
        whole = round(hours)
        return f"{whole} hour{'' if whole == 1 else 's'}"
    days = round(hours / 24)
    return f"{days} days"
