"""Turn the hub's KPI rows into what a page and a CSV show: headed rows of suppressed values, and series.

Every number comes from the catalogue's hub KPIs (`analytics/kpis/hub_kpis.py`) run over the
operational borough's extract, as `alliance.load()` read it; here they are only set out by month
and column, suppressed (`lib.suppression`: each measure's month-by-column table with its margins)
and written out. A page and its download are built from one `DisplayTable`, so they cannot differ,
and every count is written by `lib.suppression` (a small count reads "fewer than 5"; one hidden only to
protect it reads "hidden").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.http import Http404

from livingwell.analytics.kpis import hub_kpis
from livingwell.analytics.kpis.engine import KPIRow
from livingwell.analytics.kpis.hub_kpis import Breakdown, HubMeasure
from livingwell.codes import Urgency
from livingwell.insight.alliance import Alliance
from livingwell.lib.clocks import london_month, month_starts
from livingwell.lib.suppression import THRESHOLD, SuppressedTable, suppress_list, suppress_table

# The order the dashboard shows them: the headline first. Every measure has a page and a download.
DASHBOARD_ORDER = [m.id for m in hub_kpis.DASHBOARD]
BREAKABLE = list(hub_kpis.MEASURES)


def month_label(month: dt.date) -> str:
    return month.strftime("%B %Y")


def _row_label(months: Sequence[dt.date], i: int) -> str:
    """A month as its row reads: the last (the extract's own month) is still going."""
    return month_label(months[i]) + (" (so far)" if i == len(months) - 1 else "")


def breakdown_for(value: str | None) -> Breakdown | None:
    """Return the breakdown a query string asks for (None for none); an unknown one is not found."""
    if not value:
        return None
    if value not in hub_kpis.BREAKDOWNS:
        raise Http404("No such breakdown")
    return hub_kpis.BREAKDOWNS[value]


def measure_for(measure_id: str) -> HubMeasure:
    """Return a hub measure by its id; an unknown one is not found."""
    if measure_id not in hub_kpis.MEASURES:
        raise Http404("No such measure")
    return hub_kpis.MEASURES[measure_id]


@dataclass(frozen=True)
class HubMonths:
    """The months the hub pages show: from the first with an introduction to the extract's own."""

    months: list[dt.date]
    hub_opened: int | None  # the index of the month the hub opened; None when the records begin with it


def hub_months(data: Alliance) -> HubMonths:
    """Return every month from the borough's first introduction to the month its extract was taken.

    The extract's own month is shown as far as it goes, as the hub reads its work; the page says
    when the data was extracted. With no introduction yet, that month alone.
    """
    own = data.own
    last = london_month(own.extracted_at)
    first = data.hub_first_month or last
    months = month_starts(min(first, last), last)
    opened = months.index(own.hub_opened) if own.hub_opened in months else None
    return HubMonths(months, opened or None)


@dataclass(frozen=True)
class MonthlyTable:
    """A count measure's suppressed table: one row per month, one column per column or group."""

    measure: HubMeasure
    months: list[dt.date]
    columns: list[str]
    table: SuppressedTable


def _by_month_and_column(rows: Sequence[KPIRow], months: list[dt.date]) -> dict[tuple[int, str], KPIRow]:
    index = {m: i for i, m in enumerate(months)}
    return {(index[r.month], r.grp): r for r in rows if r.month in index}


def _columns(default: Sequence[str], found: dict[tuple[int, str], KPIRow]) -> list[str]:
    # A value the measure's columns do not name (a service kind added since) is shown, not lost.
    return [*default, *sorted({c for _, c in found} - set(default))]


def _count_cells(data: Alliance, measure: HubMeasure, breakdown: Breakdown | None
                 ) -> tuple[list[dt.date], list[str], list[list[int]]]:  # fmt: skip
    (kpi,) = measure.kpis_for(breakdown)
    months = hub_months(data).months
    found = _by_month_and_column(data.hub_rows([kpi])[kpi.id], months)
    columns = _columns(breakdown.groups if breakdown else measure.columns, found)
    cells = [
        [round(found[(i, c)].numerator or 0.0) if (i, c) in found else 0 for c in columns]
        for i in range(len(months))
    ]
    return months, columns, cells


def counts(data: Alliance, measure: HubMeasure, breakdown: Breakdown | None) -> MonthlyTable:
    """Return a count measure's months by column (or group), suppressed with its margins.

    A breakdown's month totals are the measure's own, shown on its page too: they are fixed as
    they are shown there, or the two pages together would give back what each hides.
    """
    months, columns, cells = _count_cells(data, measure, breakdown)
    if breakdown is None:
        return MonthlyTable(measure, months, columns, suppress_table(cells))
    _, _, whole_cells = _count_cells(data, measure, None)
    if [sum(row) for row in whole_cells] != [sum(row) for row in cells]:
        # Groups that do not add up to the measure (none today) share no margin with it.
        return MonthlyTable(measure, months, columns, suppress_table(cells))
    whole = suppress_table(whole_cells)
    return MonthlyTable(
        measure, months, columns, suppress_table(cells, row_totals=whole.row_totals, total=whole.total)
    )


@dataclass(frozen=True)
class WaitRow:
    month: dt.date
    column: str  # an urgency, or a breakdown group
    received: int | None  # introductions received, the waits followed (suppressed with the month's others)
    received_label: str  # as the page writes it ("fewer than 5", "hidden" or the number)
    median_hours: float | None  # None when hidden, or when too few were spoken with by the month's end
    p90_hours: float | None
    due: int | None  # introductions whose standard was met or missed in the month (suppressed likewise)
    due_label: str
    within_standard: int | None  # None when it, or the number outside, is from 1 to 4

    @property
    def waits_shown(self) -> bool:
        """Say whether the month's waits are shown (enough were received), known or not."""
        return self.received is not None and self.received >= THRESHOLD


def waits(data: Alliance, breakdown: Breakdown | None) -> list[WaitRow]:
    """Return time to first contact per month and urgency (or group, for routine introductions).

    The median and 90th percentile are of the waits of introductions received in the month; the
    share within the standard is of those whose standard was met or missed in it (a person still
    waiting past their standard is a miss): the two sets of counts differ, and each is shown.
    """
    median, p90, within = hub_kpis.TIME_TO_FIRST_CONTACT.kpis_for(breakdown)
    months = hub_months(data).months
    rows = data.hub_rows([median, p90, within])
    medians, p90s, withins = (_by_month_and_column(rows[k.id], months) for k in (median, p90, within))
    columns = list(breakdown.groups if breakdown else hub_kpis.URGENCIES)
    result = []
    for i, month in enumerate(months):
        received = [_received(i, c, medians, p90s) for c in columns]
        due = [withins[(i, c)].denominator or 0 if (i, c) in withins else 0 for c in columns]
        shown_received, shown_due = suppress_list(received), suppress_list(due)
        for j, column in enumerate(columns):
            shown = received[j] >= THRESHOLD
            met = round(withins[(i, column)].numerator or 0.0) if (i, column) in withins else 0
            # The number within the standard would give back a small number outside it.
            small = due[j] < THRESHOLD or any(0 < k < THRESHOLD for k in (met, due[j] - met))
            median_row, p90_row = medians.get((i, column)), p90s.get((i, column))
            result.append(
                WaitRow(
                    month=month,
                    column=column,
                    received=shown_received.value(j, 0),
                    received_label=shown_received.label(j, 0),
                    median_hours=median_row.numerator if shown and median_row else None,
                    p90_hours=p90_row.numerator if shown and p90_row else None,
                    due=shown_due.value(j, 0),
                    due_label=shown_due.label(j, 0),
                    within_standard=met if not small else None,
                )
            )
    return result


def _received(i: int, column: str, *quantiles: Mapping[tuple[int, str], KPIRow]) -> int:
    # Each quantile's denominator is the number of waits followed (its row is there whether or not
    # the curve reached the quantile); a month and column with no introductions has no row at all.
    return max((int(q[(i, column)].denominator or 0) for q in quantiles if (i, column) in q), default=0)


# --- What a page and its download show ----------------------------------------------------------
@dataclass(frozen=True)
class DisplayTable:
    measure: HubMeasure
    breakdown: Breakdown | None
    header: list[str]
    rows: list[list[str]]
    series: list[tuple[str, list[float | None]]]
    months: list[dt.date]
    note: str = ""

    @property
    def numeric(self) -> list[bool]:
        return [False] + [True] * (len(self.header) - 1)

    @property
    def definition(self) -> str:
        """The measure's definition, and how it is broken down."""
        extra = f" {self.breakdown.definition}" if self.breakdown else ""
        return self.measure.definition + extra


def _share(part: int | None, whole: int | None) -> str:
    if part is None or whole is None or whole == 0:
        return "–" if whole == 0 else "hidden"
    return f"{100 * part / whole:.0f}%"


def count_table(data: Alliance, measure: HubMeasure, breakdown: Breakdown | None) -> DisplayTable:
    """Build the display of a count measure by month."""
    result = counts(data, measure, breakdown)
    t, months = result.table, result.months
    header = ["Month", *result.columns, "All"]
    with_share = measure is hub_kpis.BEFORE_CRISIS and breakdown is None
    if with_share:
        header.append("Share previously unknown (of those checked)")
    rows = []
    for i in range(len(months)):
        row = [_row_label(months, i), *t.row_labels(i)]
        if with_share:
            unknown, known = t.cells[i][0], t.cells[i][1]
            checked = None if unknown is None or known is None else unknown + known
            row.append(_share(unknown, checked))
        rows.append(row)
    totals = ["All months", *t.row_labels(len(months))]
    if with_share:
        totals.append("")
    rows.append(totals)
    series: list[tuple[str, list[float | None]]] = [
        (column, [t.cells[i][c] for i in range(len(months))]) for c, column in enumerate(result.columns)
    ]
    if len(result.columns) > 1 and not breakdown:
        series.insert(0, ("All", [float(v) if v is not None else None for v in t.row_totals]))
    return DisplayTable(measure, breakdown, header, rows, series, months)


def _hours(value: float | None, shown: bool = True, received: int | None = None) -> str:
    if received == 0:
        return "–"  # nobody received: nothing to show, and nothing hidden
    if not shown:
        return "hidden"
    if value is None:
        return "not yet known"
    return f"{value:.1f} hours" if value < 48 else f"{value / 24:.1f} days"


def wait_table(data: Alliance, breakdown: Breakdown | None) -> DisplayTable:
    """Build the display of time to first contact by month (per urgency, or per group for routine)."""
    rows_ = waits(data, breakdown)
    months = hub_months(data).months
    labels = {str(u): str(u.label) for u in Urgency}
    columns = list(breakdown.groups if breakdown else hub_kpis.URGENCIES)
    header = ["Month"]
    for column in columns:
        name = labels.get(column, column)
        header += [
            f"{name}: received",
            f"{name}: median",
            f"{name}: 90th percentile",
            f"{name}: standard met or missed",
            f"{name}: within standard",
        ]
    by_key = {(w.month, w.column): w for w in rows_}
    rows, series_median, series_p90 = [], [], []
    for i, month in enumerate(months):
        row = [_row_label(months, i)]
        for column in columns:
            w = by_key[(month, column)]
            row += [
                w.received_label,
                _hours(w.median_hours, w.waits_shown, w.received),
                _hours(w.p90_hours, w.waits_shown, w.received),
                w.due_label,
                _share(w.within_standard, w.due if w.within_standard is not None or w.due == 0 else None),
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
    note += (
        " Waits are of introductions received in the month, followed to its end: people still waiting"
        " count as waiting at least that long. The share within the standard is of introductions whose"
        " standard was met or missed in the month: a person still waiting past it counts as missed."
    )
    return DisplayTable(hub_kpis.TIME_TO_FIRST_CONTACT, breakdown, header, rows, series, months, note)


def build(data: Alliance, measure_id: str, breakdown: Breakdown | None) -> DisplayTable:
    """Build any hub measure's display, once per extract version; an unknown measure is not found."""
    measure = measure_for(measure_id)

    def make() -> DisplayTable:
        if measure is hub_kpis.TIME_TO_FIRST_CONTACT:
            return wait_table(data, breakdown)
        return count_table(data, measure, breakdown)

    return data.derived(f"hub-table:{measure.id}:{breakdown.id if breakdown else ''}", make)
