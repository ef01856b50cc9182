"""What the co-production log adds up to, for pages that may not name anyone: counts and hours."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum

from livingwell.together.models import CoProduction, Recognition


@dataclass(frozen=True)
class Totals:
    people: int  # different participants (by name, ignoring case and spaces)
    times: int  # entries: one person at one meeting
    hours: Decimal
    paid_hours: Decimal
    credited_hours: Decimal
    decisions: int  # decisions they shaped


def totals(entries: QuerySet[CoProduction] | None = None) -> Totals:
    """Add up the log (or part of it) without naming anyone."""
    entries = CoProduction.objects.all() if entries is None else entries
    names = {" ".join(n.lower().split()) for n in entries.values_list("participant", flat=True)}

    def hours(qs: QuerySet[CoProduction]) -> Decimal:
        return qs.aggregate(total=Sum("hours"))["total"] or Decimal(0)

    return Totals(
        people=len(names),
        times=entries.count(),
        hours=hours(entries),
        paid_hours=hours(entries.filter(recognition=Recognition.PAID)),
        credited_hours=hours(entries.filter(recognition=Recognition.CREDITED)),
        decisions=entries.exclude(decision=None).values("decision").distinct().count(),
    )
