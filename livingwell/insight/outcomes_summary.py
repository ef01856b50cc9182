"""A service's outcomes for one month, counted as the alliance reports them.

The counts are the KPI catalogue's (`livingwell.analytics.kpis.outcome_kpis`, whose docstring has
the rules, run over the operational borough's extract): the cohort is the episodes that *ended*
(were discharged) in the month, first score against last; each has one headline outcome
- Talking Therapies services: PHQ-9 and GAD-7 read together by the NHS Talking Therapies rules
  (DOMAIN.md §3), counted only for people who had at least two attended treatment sessions and
  first and last scores on both measures; recovery is counted only for people at caseness at the
  start.
- Other services: the first of CORE-10, SWEMWBS, WEMWBS, PHQ-9, GAD-7 with a first and a last
  score (Jacobson-Truax); recovery (clinically significant improvement) only where the measure has
  a cut-off and the person was a case at the start.
Mean change in SWEMWBS (metric) and WEMWBS is reported separately, for everyone with paired scores.
Every count goes through ``livingwell.lib.suppression`` here; a mean or percentage over a hidden or
small count is hidden too. This module is pure: it turns KPI rows into what the page shows
(`outcomes_summary_queries.py` reads the rows, `views_outcomes.py` shows them).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from livingwell.analytics.kpis import outcome_kpis as kpis
from livingwell.analytics.kpis.engine import KPIRow
from livingwell.lib.suppression import THRESHOLD, SuppressedTable, display, suppress_list, suppress_table

HEADLINE_ORDER = kpis.HEADLINE_ORDER
TALKING_THERAPIES = kpis.TALKING_THERAPIES


@dataclass(frozen=True)
class Breakdown:
    """One dimension (ethnicity, sex, age band): per group, counts with small numbers hidden."""

    title: str
    groups: list[str]
    paired: list[int | None]
    improved: list[int | None]
    case_at_start: list[int | None]
    recovered: list[int | None]
    wellbeing_change: list[float | None]
    protecting: frozenset[tuple[str, int]] = frozenset()  # (field, group) hidden only to protect another

    def label(self, name: str, i: int) -> str:
        """Write a group's count as the page shows it ("fewer than 5", "hidden" or the number)."""
        return display(getattr(self, name)[i], protecting=(name, i) in self.protecting)


@dataclass(frozen=True)
class ServiceSummary:
    ended: int | None
    paired: int | None
    improved: int | None
    deteriorated: int | None
    case_at_start: int | None
    recovered: int | None
    swemwbs_mean_change: float | None
    swemwbs_n: int | None
    wemwbs_mean_change: float | None
    wemwbs_n: int | None
    breakdowns: list[Breakdown]
    protecting: frozenset[str] = frozenset()  # the counts hidden only to protect another

    def label(self, name: str) -> str:
        """Write a count as the page shows it ("fewer than 5", "hidden" or the number)."""
        return display(getattr(self, name), protecting=name in self.protecting)

    @property
    def improvement_rate(self) -> float | None:
        return percentage(self.improved, self.paired)

    @property
    def recovery_rate(self) -> float | None:
        return percentage(self.recovered, self.case_at_start)


def percentage(part: int | None, whole: int | None) -> float | None:
    """Return part/whole as a percentage, or None when either is hidden or the whole is zero."""
    if part is None or not whole:
        return None
    return round(100 * part / whole, 1)


@dataclass(frozen=True)
class Counts:
    """One group's numerators and denominators from the outcome KPIs (zero where it has no row)."""

    ended: int = 0
    paired: int = 0
    improved: int = 0
    deteriorated: int = 0
    case_at_start: int = 0
    recovered: int = 0
    swemwbs_change: float = 0.0
    swemwbs_n: int = 0
    wemwbs_change: float = 0.0
    wemwbs_n: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(**{f: getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__})


# Which KPI's numerator and denominator fill which counts.
_FIELDS: dict[str, tuple[str, str | None]] = {
    kpis.ENDED.id: ("ended", None),
    kpis.IMPROVEMENT.id: ("improved", "paired"),
    kpis.DETERIORATION.id: ("deteriorated", "paired"),
    kpis.RECOVERY.id: ("recovered", "case_at_start"),
    kpis.SWEMWBS_CHANGE.id: ("swemwbs_change", "swemwbs_n"),
    kpis.WEMWBS_CHANGE.id: ("wemwbs_change", "wemwbs_n"),
}


def counts_by_group(rows: Mapping[str, Sequence[KPIRow]], ons_code: str, service_id: int, month: dt.date
                    ) -> dict[str, Counts]:  # fmt: skip
    """Gather a service's month from the KPI rows: its counts by `grp` (the service's own, and each breakdown's)."""
    prefix = kpis.grp(service_id)
    found: dict[str, dict[str, float]] = defaultdict(dict)
    for kpi_id, (numerator_field, denominator_field) in _FIELDS.items():
        for r in rows.get(kpi_id, ()):
            if r.ons_code != ons_code or r.month != month:
                continue
            if r.grp != prefix and not r.grp.startswith(prefix + kpis.SEPARATOR):
                continue
            found[r.grp][numerator_field] = r.numerator or 0.0
            if denominator_field is not None:
                found[r.grp][denominator_field] = r.denominator or 0
    return {
        g: Counts(**{f: (v if f.endswith("_change") else int(v)) for f, v in values.items()})  # type: ignore[arg-type]
        for g, values in found.items()
    }


def _mean(change: float, n: int) -> float | None:
    return round(change / n, 2) if n >= THRESHOLD else None


def _two_way(cells: list[list[int]], truth: list[int], headline: SuppressedTable) -> SuppressedTable:
    """Suppress a breakdown's (part, rest) by group with its margins fixed as the headline shows them.

    The headline's part and rest (say improved and not; `truth` holds them) are the breakdown's
    column totals and their sum its total: suppressed apart, one page would give back what the
    other hides. Groups that do not add up to the headline (none today) share no margin with it.
    """
    if [sum(column) for column in zip(*cells, strict=True)] != truth:
        return suppress_table(cells)
    return suppress_table(
        cells, column_totals=[headline.value(0, 0), headline.value(1, 0)], total=headline.total
    )


def _breakdown(title: str, groups: Mapping[str, Counts], total: Counts, improvement: SuppressedTable,
               recovery: SuppressedTable) -> Breakdown:  # fmt: skip
    # Only the groups with someone counted are listed, as in a table of outcomes.
    names = sorted(g for g, c in groups.items() if c.paired)
    improved = _two_way(
        [[groups[g].improved, groups[g].paired - groups[g].improved] for g in names],
        [total.improved, total.paired - total.improved],
        improvement,
    )
    recovered = _two_way(
        [[groups[g].recovered, groups[g].case_at_start - groups[g].recovered] for g in names],
        [total.recovered, total.case_at_start - total.recovered],
        recovery,
    )
    # Which shown counts were hidden only to protect another: column 0 is the part, 2 the total.
    protecting = set()
    for table, part, whole in ((improved, "improved", "paired"), (recovered, "recovered", "case_at_start")):
        for r, c in table.protecting:
            if r < len(names) and c in (0, 2):
                protecting.add((part if c == 0 else whole, r))
    return Breakdown(
        title=title,
        groups=names,
        paired=improved.row_totals,
        improved=[row[0] for row in improved.cells],
        case_at_start=recovered.row_totals,
        recovered=[row[0] for row in recovered.cells],
        wellbeing_change=[_mean(groups[g].swemwbs_change, groups[g].swemwbs_n) for g in names],
        protecting=frozenset(protecting),
    )


@dataclass(frozen=True)
class Dimension:
    """A breakdown of the summary: its title, its name in the KPIs' `grp`, and how a code reads."""

    title: str
    name: str
    label: Callable[[str], str]


def summarise(
    counts: Mapping[str, Counts], service_id: int, dimensions: Sequence[Dimension]
) -> ServiceSummary:
    """Turn a service's month of KPI counts into the service summary, small numbers hidden."""
    total = counts.get(kpis.grp(service_id), Counts())
    # Each headline count with what is left of its total, suppressed as one list; deterioration
    # shares its total (people with paired scores) with improvement, fixed as that shows it.
    improvement = suppress_list([total.improved, total.paired - total.improved])
    deterioration = suppress_list(
        [total.deteriorated, total.paired - total.deteriorated],
        column_totals=[improvement.total],
        total=improvement.total,
    )
    recovery = suppress_list([total.recovered, total.case_at_start - total.recovered])
    ended = suppress_list([total.ended])
    shown = {
        "ended": (ended, (0, 0)),
        "paired": (improvement, (2, 0)),
        "improved": (improvement, (0, 0)),
        "deteriorated": (deterioration, (0, 0)),
        "case_at_start": (recovery, (2, 0)),
        "recovered": (recovery, (0, 0)),
    }
    swemwbs, wemwbs = _mean(total.swemwbs_change, total.swemwbs_n), _mean(total.wemwbs_change, total.wemwbs_n)
    breakdowns = []
    for dimension in dimensions:
        prefix = kpis.grp(service_id, dimension.name, "")
        groups: dict[str, Counts] = defaultdict(Counts)
        for g, c in counts.items():
            if g.startswith(prefix):
                # Several codes can read as one group (the ethnic categories of one broad group).
                groups[dimension.label(g[len(prefix) :])] += c
        breakdowns.append(_breakdown(dimension.title, groups, total, improvement, recovery))
    return ServiceSummary(
        **{name: table.value(*at) for name, (table, at) in shown.items()},
        swemwbs_mean_change=swemwbs,
        swemwbs_n=total.swemwbs_n if swemwbs is not None else None,
        wemwbs_mean_change=wemwbs,
        wemwbs_n=total.wemwbs_n if wemwbs is not None else None,
        breakdowns=breakdowns,
        protecting=frozenset(name for name, (table, at) in shown.items() if at in table.protecting),
    )
