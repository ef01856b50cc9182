"""Results as flat records, and their summaries across replications with t-based 95% intervals.

A replication returns three kinds of record (as Ciw's data records, one flat row each): one
`SystemRecord`, one `ServiceRecord` per service and one `MonthRecord` per service and month. All
measures except the `*_total` conservation counts cover the period after the warm-up.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, fields

import numpy as np


@dataclass(frozen=True, slots=True)
class ServiceRecord:
    """One service in one replication, after the warm-up."""

    replication: int
    service: str
    kind: str
    arrivals: int
    started: int
    mean_wait_days: float
    p90_wait_days: float
    still_waiting: int
    deteriorated: int
    out_of_area_admissions: int
    mean_queue: float
    utilisation: float | None
    days_in_service: float
    out_of_area_days: float
    cost: float


@dataclass(frozen=True, slots=True)
class SystemRecord:
    """The whole pathway in one replication, after the warm-up (totals cover the whole run)."""

    replication: int
    introductions: int
    reintroductions: int
    crises: int
    deteriorations: int
    admissions: int
    bed_days: float
    out_of_area_bed_days: float
    specialist_introductions: int
    discharges: int
    cost: float
    arrived_total: int
    departed_total: int
    in_system_at_end: int


@dataclass(frozen=True, slots=True)
class MonthRecord:
    """One service in one month of one replication (months count from 0, warm-up included)."""

    replication: int
    month: int
    service: str
    arrivals: int
    mean_queue: float
    utilisation: float | None
    out_of_area_days: float


EventRow = tuple[int, float, int, str, str]  # replication, time (days), person, event, service


@dataclass(slots=True)
class ReplicationResult:
    """Everything one replication returns; events only when asked for."""

    replication: int
    system: SystemRecord
    services: list[ServiceRecord]
    months: list[MonthRecord]
    events: list[EventRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One measure summarised across replications: mean, sd and a t-based 95% interval."""

    scope: str
    measure: str
    n: int
    mean: float | None
    sd: float | None
    ci_low: float | None
    ci_high: float | None


SYSTEM_MEASURES = tuple(f.name for f in fields(SystemRecord) if f.name != "replication")
SERVICE_MEASURES = tuple(
    f.name for f in fields(ServiceRecord) if f.name not in ("replication", "service", "kind")
)


def confidence_interval(values: Sequence[float], level: float = 0.95) -> SummaryRow:
    """Summarise values with their mean and a Student-t confidence interval for the mean."""
    data = np.asarray([v for v in values if v is not None and math.isfinite(v)], dtype=float)
    n = len(data)
    if n == 0:
        return SummaryRow("", "", 0, None, None, None, None)
    mean = float(data.mean())
    if n == 1:
        return SummaryRow("", "", 1, mean, None, None, None)
    sd = float(data.std(ddof=1))
    # scipy.stats is imported here, not at the top: it takes about 2.5 s, and every process that
    # loads Django (each command, each test run) would pay it before any chart or run is asked for.
    from scipy import stats

    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * sd / math.sqrt(n)
    return SummaryRow("", "", n, mean, sd, mean - half, mean + half)


def _row(scope: str, measure: str, values: Sequence[float], floor: float | None = None) -> SummaryRow:
    row = confidence_interval(values)
    low = row.ci_low
    if floor is not None and low is not None and low < floor:
        low = floor
    return SummaryRow(scope, measure, row.n, row.mean, row.sd, low, row.ci_high)


def summarise(results: Sequence[ReplicationResult]) -> list[SummaryRow]:
    """Summarise system and per-service measures across replications.

    Every measure summarised here (counts, days, pounds, utilisation) is non-negative, so its
    interval is clamped at 0. The t interval is symmetric about the mean; for a mean of mostly
    zeros (a wait that is zero in most replications and a few hours in one) it reaches below 0,
    which no replication can produce. Clamping keeps the upper bound and the interval's coverage —
    the part cut off held no possible value — so it is the smallest honest change; a skew-aware
    interval (bootstrap, or one on the log scale) would need more replications than the pages run.
    Paired differences (`compare`) can be negative and are not clamped.
    """
    rows = [_row("system", m, [getattr(r.system, m) for r in results], floor=0.0) for m in SYSTEM_MEASURES]
    names = [s.service for s in results[0].services] if results else []
    for position, name in enumerate(names):
        for measure in SERVICE_MEASURES:
            values = [getattr(r.services[position], measure) for r in results]
            rows.append(_row(name, measure, values, floor=0.0))
    return rows


def summarise_months(results: Sequence[ReplicationResult]) -> list[dict[str, object]]:
    """Average the monthly queue and utilisation series across replications."""
    if not results:
        return []
    rows: list[dict[str, object]] = []
    for position, first in enumerate(results[0].months):
        same = [r.months[position] for r in results]
        utilisation = [m.utilisation for m in same if m.utilisation is not None]
        rows.append(
            {
                "month": first.month,
                "service": first.service,
                "arrivals": float(np.mean([m.arrivals for m in same])),
                "mean_queue": float(np.mean([m.mean_queue for m in same])),
                "utilisation": float(np.mean(utilisation)) if utilisation else None,
                "out_of_area_days": float(np.mean([m.out_of_area_days for m in same])),
            }
        )
    return rows


def compare(baseline: Sequence[ReplicationResult], other: Sequence[ReplicationResult]) -> list[SummaryRow]:
    """Summarise paired differences (other − baseline), replication by replication.

    The replications share their random streams (common random numbers), so the paired difference
    has far less noise than the difference of two independent means.
    """
    pairs = list(zip(baseline, other, strict=True))
    rows = [
        _row("system", m, [getattr(o.system, m) - getattr(b.system, m) for b, o in pairs])
        for m in SYSTEM_MEASURES
    ]
    if not pairs:
        return rows
    base_names = [s.service for s in baseline[0].services]
    other_names = [s.service for s in other[0].services]
    for name in (n for n in base_names if n in other_names):
        i, j = base_names.index(name), other_names.index(name)
        for measure in SERVICE_MEASURES:
            differences = []
            for b, o in pairs:
                x, y = getattr(b.services[i], measure), getattr(o.services[j], measure)
                if x is not None and y is not None:
                    differences.append(y - x)
            rows.append(_row(name, measure, differences))
    return rows
