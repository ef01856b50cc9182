"""The hub in numbers, for hub leads and commissioners: aggregates only, small numbers suppressed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from livingwell.access.codes import Urgency
from livingwell.access.models import Introduction
from livingwell.lib.clocks import LONDON, add_months
from livingwell.lib.suppression import SuppressedTable, suppress_table


@dataclass(frozen=True)
class MonthlyIntroductions:
    months: list[dt.date]
    urgencies: list[str]
    table: SuppressedTable


def _month_start(day: dt.date, back: int) -> dt.date:
    return add_months(day.replace(day=1), -back)


def introductions_by_month_and_urgency(
    months: int = 6, *, today: dt.date | None = None
) -> MonthlyIntroductions:
    """Count introductions received in each of the last `months` months by urgency, in one query."""
    today = today or timezone.localdate()
    starts = [_month_start(today, back) for back in range(months - 1, -1, -1)]
    since = dt.datetime.combine(starts[0], dt.time(), tzinfo=LONDON)
    rows = (
        Introduction.objects.filter(received_at__gte=since)
        .annotate(month=TruncMonth("received_at", tzinfo=LONDON))
        .values("month", "urgency")
        .annotate(n=Count("id"))
    )
    counts: dict[tuple[dt.date, str], int] = {}
    for row in rows:
        month = row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]
        counts[(month, row["urgency"])] = row["n"]
    urgencies = [str(u) for u in Urgency]
    cells = [[counts.get((start, urgency), 0) for urgency in urgencies] for start in starts]
    return MonthlyIntroductions(months=starts, urgencies=urgencies, table=suppress_table(cells))
