"""Turn the hub measures into what a page and a CSV show: headed rows of suppressed values, and series.

Everything shown passes through here, so the page and its download can never differ, and every
count is written by `suppression.display` (hidden counts read "fewer than 5").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404

from livingwell.access.codes import Urgency
from livingwell.insight import hub_measures, measures
from livingwell.insight.breakdowns import BREAKDOWNS, Breakdown
from livingwell.lib.suppression import display


@dataclass(frozen=True)
class DisplayTable:
    measure: measures.Measure
    breakdown: Breakdown | None
    header: list[str]
    rows: list[list[str]]
    series: list[tuple[str, list[float | None]]]
    months: list[dt.date]
    note: str = ""

    @property
    def numeric(self) -> list[bool]:
        return [False] + [True] * (len(self.header) - 1)


COUNT_MEASURES: dict[str, Callable[..., hub_measures.MonthlyTable]] = {
    measures.INTRODUCTIONS_BY_SOURCE.id: hub_measures.introductions_by_source,
    measures.ONWARD_SPECIALIST.id: hub_measures.onward_specialist,
    measures.DESTINATIONS.id: hub_measures.destinations,
    measures.CRISIS_INTRODUCTIONS.id: hub_measures.crisis_introductions,
    measures.BEFORE_CRISIS.id: hub_measures.before_crisis,
}
# The order the dashboard shows them: the headline first.
DASHBOARD_ORDER = [
    measures.ONWARD_SPECIALIST.id,
    measures.BEFORE_CRISIS.id,
    measures.INTRODUCTIONS_BY_SOURCE.id,
    measures.TIME_TO_FIRST_CONTACT.id,
    measures.DESTINATIONS.id,
    measures.CRISIS_INTRODUCTIONS.id,
]
BREAKABLE = [*DASHBOARD_ORDER, measures.PREVIOUSLY_UNKNOWN.id]


def month_label(month: dt.date) -> str:
    return month.strftime("%B %Y")


def breakdown_for(value: str | None) -> Breakdown | None:
    """Return the breakdown a query string asks for (None for none); an unknown one is not found."""
    if not value:
        return None
    if value not in BREAKDOWNS:
        raise Http404("No such breakdown")
    return BREAKDOWNS[value]


def _share(part: int | None, whole: int | None) -> str:
    if part is None or whole is None or whole == 0:
        return "–" if whole == 0 else "hidden"
    return f"{100 * part / whole:.0f}%"


def count_table(
    measure_id: str, months: list[dt.date], breakdown: Breakdown | None, *, today: dt.date
) -> DisplayTable:
    """Build the display of a count measure (or previously unknown) by month."""
    unknown_only = measure_id == measures.PREVIOUSLY_UNKNOWN.id
    if unknown_only:
        result = hub_measures.before_crisis(months, breakdown, today=today, unknown_only=True)
    else:
        result = COUNT_MEASURES[measure_id](months, breakdown, today=today)
    t = result.table
    header = ["Month", *result.columns, "All"]
    with_share = measure_id == measures.BEFORE_CRISIS.id and breakdown is None
    if with_share:
        header.append("Share previously unknown (of those checked)")
    rows = []
    for i, month in enumerate(months):
        row = [month_label(month), *(display(v) for v in t.cells[i]), display(t.row_totals[i])]
        if with_share:
            unknown, known = t.cells[i][0], t.cells[i][1]
            checked = None if unknown is None or known is None else unknown + known
            row.append(_share(unknown, checked))
        rows.append(row)
    totals = ["All months", *(display(v) for v in t.column_totals), display(t.total)]
    if with_share:
        totals.append("")
    rows.append(totals)
    series: list[tuple[str, list[float | None]]] = [
        (column, [t.cells[i][c] for i in range(len(months))]) for c, column in enumerate(result.columns)
    ]
    if len(result.columns) > 1 and not breakdown:
        series.insert(0, ("All", [float(v) if v is not None else None for v in t.row_totals]))
    return DisplayTable(result.measure, breakdown, header, rows, series, months)


def _hours(value: float | None) -> str:
    if value is None:
        return "hidden"
    return f"{value:.1f} hours" if value < 48 else f"{value / 24:.1f} days"


def wait_table(months: list[dt.date], breakdown: Breakdown | None, *, today: dt.date) -> DisplayTable:
    """Build the display of time to first contact by month (per urgency, or per group for routine)."""
    waits = hub_measures.time_to_first_contact(months, breakdown, today=today)
    labels = {str(u): str(u.label) for u in Urgency}
    columns = breakdown.groups if breakdown else [str(u) for u in Urgency]
    header = ["Month"]
    for column in columns:
        name = labels.get(column, column)
        header += [
            f"{name}: contacted",
            f"{name}: median",
            f"{name}: 90th percentile",
            f"{name}: within standard",
        ]
    by_key = {(w.month, w.column): w for w in waits}
    rows, series_median, series_p90 = [], [], []
    for month in months:
        row = [month_label(month)]
        for column in columns:
            w = by_key[(month, column)]
            row += [
                display(w.contacted),
                _hours(w.median_hours),
                _hours(w.p90_hours),
                _share(w.within_standard, w.contacted if w.within_standard is not None else None),
            ]
        rows.append(row)
        routine = by_key.get((month, str(Urgency.ROUTINE)))
        series_median.append(routine.median_hours if routine else None)
        series_p90.append(routine.p90_hours if routine else None)
    if breakdown:
        series = [(g, [by_key[(m, g)].median_hours for m in months]) for g in columns]
        note = (
            "Routine introductions only: a median across urgencies would mix a 4-hour and a 4-week standard."
        )
    else:
        series = [
            ("Routine: median (hours)", series_median),
            ("Routine: 90th percentile (hours)", series_p90),
        ]
        note = "Standards: crisis 4 hours, urgent 24 hours, routine 4 weeks (or the hub's own settings)."
    return DisplayTable(measures.TIME_TO_FIRST_CONTACT, breakdown, header, rows, series, months, note)


def build(
    measure_id: str, months: list[dt.date], breakdown: Breakdown | None, *, today: dt.date
) -> DisplayTable:
    """Build any dashboard measure's display; an unknown measure is not found."""
    if measure_id == measures.TIME_TO_FIRST_CONTACT.id:
        return wait_table(months, breakdown, today=today)
    if measure_id in COUNT_MEASURES or measure_id == measures.PREVIOUSLY_UNKNOWN.id:
        return count_table(measure_id, months, breakdown, today=today)
    raise Http404("No such measure")
