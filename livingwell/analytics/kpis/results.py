"""From KPI rows to what a board reads: monthly values with small numbers hidden, SPC, comparisons.

Suppression (as `livingwell.lib.suppression`, whose threshold this shares): a count from 1 to 4 is
hidden; a share is hidden when its numerator, or what the denominator leaves over, is from 1 to 4,
or the denominator is under 5 — either would give back a small number; a median is hidden when it
is taken over 1 to 4 (over nobody it is undefined, like a share of nobody). A hidden month is left
out of the SPC chart rather than drawn, and its value reads "hidden". Zero is shown: it describes
no one.

A total over several months is hidden whenever any of its months is: the pages show those months
one by one, and the total less the months shown would give back the hidden one. The equity tables
are the exception: they show no months, only each group's count over the window, suppressed as one
list (see `equity`).
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from livingwell.analytics.kpis.catalogue import KPI, Kind
from livingwell.analytics.kpis.engine import KPIRow
from livingwell.analytics.kpis.population import GROUPS, NOT_STATED
from livingwell.lib.suppression import THRESHOLD, suppress_counts
from livingwell.statistics.funnel import FunnelResult, OverdispersionMethod, funnel
from livingwell.statistics.spc import SPCResult, spc
from livingwell.statistics.spc.input import SPCShortGroupWarning

HIDDEN = "hidden"


def _small(n: float | int | None) -> bool:
    return n is not None and 0 < n < THRESHOLD


def is_hidden(kpi: KPI, numerator: float | None, denominator: int | None) -> bool:
    """Say whether a month's value must be hidden to protect small numbers.

    A median (or other quantile) hides by the number it is taken over, whether or not it was
    reached (a numerator of None): so that "not yet known" never gives a small number away.
    """
    if kpi.kind is Kind.MEDIAN:
        return denominator is None or _small(denominator)
    numerator = numerator or 0.0
    if kpi.kind in (Kind.COUNT, Kind.RATE):
        return _small(numerator)
    if denominator is None or denominator < THRESHOLD:
        return denominator != 0
    return _small(numerator) or _small(denominator - numerator)


def value_of(kpi: KPI, numerator: float | None, denominator: int | None) -> float | None:
    """Return the value a KPI shows; None where it is undefined (a share or median of nobody, or a
    median the waits followed never reached).

    A share is a whole percentage, rounded half up, and it is that value that is charted too: with
    denominators shown only to the nearest 5, a percentage to a decimal place (or a chart's point
    label to six figures) would often pin down the exact numerator and denominator.
    """
    if kpi.kind is Kind.MEDIAN:
        return float(numerator) if denominator and numerator is not None else None
    numerator = numerator or 0.0
    if kpi.kind is Kind.SHARE:
        return float(math.floor(100 * numerator / denominator + 0.5)) if denominator else None
    return float(numerator)


@dataclass(frozen=True)
class Point:
    month: dt.date
    numerator: float | None  # None only for a median not reached
    denominator: int | None
    value: float | None  # None when hidden or undefined
    hidden: bool


def about(n: float) -> str:
    """Write a share's denominator to the nearest 5, as every alliance page and download shows it.

    Exact, a share's numerator and denominator could be set against another KPI's count (people
    supported before crisis against those of them checked, say) to give back a difference of 1 to 4.
    """
    nearest = int(n / 5 + 0.5) * 5
    return f"about {nearest:,}" if nearest else "0"


def format_value(kpi: KPI, value: float | None, *, hidden: bool = False) -> str:
    """Write a value as pages and downloads show it."""
    if hidden:
        return HIDDEN
    if value is None:
        return "–"
    if kpi.kind is Kind.SHARE:
        return f"{value:.0f}%"
    if kpi.kind is Kind.MEDIAN and kpi.unit == "days":
        return f"{value:.1f} days"
    if kpi.kind is Kind.MEDIAN:
        return f"{value:.1f} hours" if value < 48 else f"{value / 24:.1f} days"
    if kpi.kind is Kind.RATE:
        return f"{value:.2f}"
    return f"{value:,.0f}"


def monthly(
    kpi: KPI, rows: Sequence[KPIRow], ons_code: str, months: Sequence[dt.date], grp: str = "All"
) -> list[Point]:
    """Return a borough's value for every month: a month with no rows is zero for a count."""
    found = {r.month: r for r in rows if r.ons_code == ons_code and r.grp == grp}
    points = []
    for month in months:
        row = found.get(month)
        numerator, denominator = (
            (row.numerator, row.denominator) if row else (0.0, 0 if kpi.kind is not Kind.COUNT else None)
        )
        hidden = is_hidden(kpi, numerator, denominator)
        value = None if hidden else value_of(kpi, numerator, denominator)
        points.append(Point(month, numerator, denominator, value, hidden))
    return points


@dataclass(frozen=True)
class Summary:
    """One KPI's line in the Making Data Count summary table, and its chart's data."""

    kpi: KPI
    points: list[Point]
    latest: Point | None
    spc: SPCResult | None  # None when fewer than two months can be shown
    note: str

    @property
    def latest_text(self) -> str:
        if self.latest is None:
            return "–"
        return format_value(self.kpi, self.latest.value, hidden=self.latest.hidden)


def summarise(kpi: KPI, points: list[Point], *, rebase_at: dt.date | None = None) -> Summary:
    """Chart a KPI's shown months by Making Data Count rules and read its icons from the chart.

    `rebase_at` (the month the hub opened) recalculates the limits from that month on: the system
    changed then, and one set of limits across both would hide the change it made.
    """
    shown = [p for p in points if p.value is not None]
    # The summary's month, value and icons must agree: the icons read the last month charted.
    latest = shown[-1] if shown else (points[-1] if points else None)
    notes = []
    if points and points[-1].value is None:
        month = points[-1].month.strftime("%B %Y")
        why = "is hidden" if points[-1].hidden else "has no one to count"
        if shown:
            notes.append(
                f"The latest month ({month}) {why}: the summary and icons read the latest month shown."
            )
        else:
            notes.append(f"The latest month ({month}) {why}.")
    if len(shown) < len(points):
        left_out = len(points) - len(shown)
        months = "1 month" if left_out == 1 else f"{left_out} months"
        verb = "is" if left_out == 1 else "are"
        notes.append(f"{months} hidden or without data {verb} left out of the chart.")
    result = None
    if len(shown) >= 2:
        dates = [p.month for p in shown]
        # Limits restart at the first month shown from the rebase on: were the hub's first month
        # hidden, a rebase at it would match no point and be lost.
        first_after = next((d for d in dates if rebase_at and d >= rebase_at), None)
        rebase = [first_after] if first_after and dates[0] < first_after else []
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SPCShortGroupWarning)
            result = spc(
                [p.value for p in shown],
                dates,
                improvement=kpi.improvement,
                target=kpi.target,
                rebase=rebase,
            )
        if any(issubclass(w.category, SPCShortGroupWarning) for w in caught):
            # Charted with a warning, as NHSRplotthedots does, and the reader is told.
            notes.append(
                "Some limits rest on few months: they are trial limits and will move as months are added."
            )
    else:
        notes.append("Fewer than two months can be shown: no chart.")
    return Summary(kpi, points, latest, result, " ".join(notes))


# --- Borough comparison -----------------------------------------------------------------------
@dataclass(frozen=True)
class BoroughValue:
    ons_code: str
    borough: str
    numerator: float
    denominator: float  # adults for counts; the KPI's denominator for shares
    value: float | None
    hidden: bool


def compare(
    kpi: KPI,
    rows: Sequence[KPIRow],
    months: Sequence[dt.date],
    boroughs: Mapping[str, tuple[str, int | None]],
    *,
    min_units_adjusted: int = 0,
) -> tuple[list[BoroughValue], FunnelResult | None]:
    """Compare boroughs on a KPI summed over `months`, with a funnel plot where the KPI has one.

    The limits are adjusted for overdispersion (the SHMI method, FunnelPlotR's default) only when
    at least `min_units_adjusted` boroughs are plotted: with few units φ and τ² are so poorly
    estimated that the limits open wide enough to call anything "within" (six boroughs once gave
    0.02 to 41.5). No published minimum exists; the platform's setting is ours.

    `boroughs` maps ONS code to (name, adults). Counts are compared per 100,000 adults, and on the
    funnel as an indirectly standardised ratio: observed against the count expected at the pooled
    rate of all boroughs shown (1 = that rate). Shares are compared as proportions. Medians are
    shown but not funnelled: a median has no numerator and denominator to draw limits from.

    A borough's total is hidden, and it is kept off the funnel, when any of its months is hidden:
    its KPI page shows the months one by one. A borough without adults (none recorded) has no rate.
    """
    wanted = set(months)
    values = []
    for code, (name, adults) in boroughs.items():
        mine = [r for r in rows if r.ons_code == code and r.month in wanted and r.grp == "All"]
        numerator = sum(r.numerator or 0.0 for r in mine)
        if kpi.kind is Kind.MEDIAN:
            # The median of the latest month; the months' medians cannot be pooled.
            latest = max(mine, key=lambda r: r.month, default=None)
            median = latest.numerator if latest else None
            denominator = float(latest.denominator or 0) if latest else 0.0
            hidden = is_hidden(kpi, median, int(denominator))
            value = None if hidden else value_of(kpi, median, int(denominator))
            values.append(BoroughValue(code, name, median or 0.0, denominator, value, hidden))
            continue
        a_month_hidden = any(p.hidden for p in monthly(kpi, mine, code, months))
        if kpi.kind is Kind.SHARE:
            denominator = float(sum(r.denominator or 0 for r in mine))
            hidden = a_month_hidden or is_hidden(kpi, numerator, int(denominator))
            value = None if hidden else value_of(kpi, numerator, int(denominator))
        else:
            denominator = float(adults or 0)
            hidden = a_month_hidden or is_hidden(kpi, numerator, None)
            value = None if hidden or not adults else numerator / adults * kpi.per / max(len(months), 1)
        values.append(BoroughValue(code, name, numerator, denominator, value, hidden))
    plotted = [v for v in values if v.value is not None and v.denominator > 0]
    if kpi.kind is Kind.MEDIAN or len(plotted) < 2:
        return values, None
    method: OverdispersionMethod = "shmi" if len(plotted) >= min_units_adjusted else "none"
    if kpi.kind is Kind.SHARE:
        pooled = sum(v.numerator for v in plotted) / sum(v.denominator for v in plotted)
        if pooled in (0, 1):
            # Nobody, or everybody, in every borough: the limits collapse onto the line.
            return values, None
        result = funnel(
            [v.numerator for v in plotted], [v.denominator for v in plotted], [v.borough for v in plotted],
            kind="proportion", overdispersion=method,
        )  # fmt: skip
    else:
        # A borough with none (no hub yet, say) stays in the table but off the funnel: its ratio is
        # 0, whose logarithm the SHMI method's overdispersion cannot take (φ would be infinite, and
        # every other borough's limits would open from zero to infinity).
        plotted = [v for v in plotted if v.numerator > 0]
        if len(plotted) < 2:
            return values, None
        rate = sum(v.numerator for v in plotted) / sum(v.denominator for v in plotted)
        result = funnel(
            [v.numerator for v in plotted], [v.denominator * rate for v in plotted], [v.borough for v in plotted],
            kind="sr", overdispersion=method,
        )  # fmt: skip
    return values, result


@dataclass(frozen=True)
class FunnelPlace:
    """Where one borough sits on a funnel plot: its plotted value, limits and side."""

    value: float  # on the funnel's scale: a standardised ratio, or a proportion (0 to 1)
    lower: float
    upper: float
    position: str  # "high" or "low" (outside the limits), or "within"


def funnel_place(result: FunnelResult | None, borough: str, level: float = 99.8) -> FunnelPlace | None:
    """Say where a borough sits against a funnel's limits at `level`; None when it is not plotted.

    A value exactly on a limit is within it (FunnelPlotR's strict comparison).
    """
    if result is None:
        return None
    for group in result.groups:
        if group.group == borough:
            limit = next(lim for lim in group.limits if lim.level == level)
            position = "within"
            if limit.outlier:
                position = "high" if group.value > limit.upper else "low"
            return FunnelPlace(group.value, limit.lower, limit.upper, position)
    return None


# --- Equity ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class EquityRow:
    """One group over the window: its count (None when hidden) and its yearly rate from that count."""

    group: str
    count: int | None
    adults: int | None
    rate: float | None  # per 1,000 adults a year
    ratio_to_white: float | None

    @property
    def hidden(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class EquityWindow:
    """An equity KPI over a window: each group's count and yearly rate, suppressed as one list.

    Every page showing the KPI reads this one table, so no two show different hidden counts. No
    month-by-month counts are shown anywhere: beside them a group's window count would be hidden
    whenever any month was, which hides most groups' yearly rates in a borough of small groups.
    """

    kpi: KPI
    months: list[dt.date]
    rows: list[EquityRow]  # the Census groups, then NOT_STATED


def equity(
    kpi: KPI,
    rows: Sequence[KPIRow],
    ons_code: str,
    months: Sequence[dt.date],
    adults: Mapping[str, int],
    *,
    total_hidden: bool = False,
) -> EquityWindow:
    """Rates per 1,000 adults a year by Census group over `months`, and each against White's rate.

    The groups' counts (not stated included, as a group) are suppressed by `suppress_counts`: a
    count from 1 to 4 is hidden, and when exactly one is, so is the smallest other count (a
    non-zero before a zero), so that no hidden count is the total less the others. No total is shown.
    A hidden count has no rate, and no ratio; with White's hidden, no group has a ratio.

    `total_hidden` says that the KPI the groups add up to (`kpi.total_of`) has a hidden month in the
    window: the groups' sum would then give back the window's total, and with it the hidden months
    (twelve hidden months summing to 12 are twelve 1s). So at least two counts are hidden.
    """
    groups = (*GROUPS, NOT_STATED)
    wanted = set(months)
    counts = dict.fromkeys(groups, 0)
    for r in rows:
        if r.ons_code == ons_code and r.month in wanted and r.grp in counts:
            counts[r.grp] += round(r.numerator or 0.0)
    shown, _ = suppress_counts(list(counts.values()))
    if total_hidden and all(c is not None for c in shown):
        # The smallest non-zero counts first, as suppress_counts chooses: a hidden zero hides nothing.
        for i in sorted(range(len(groups)), key=lambda i: (counts[groups[i]] == 0, counts[groups[i]], i))[:2]:
            shown[i] = None
    years = len(months) / 12 or 1
    rates: dict[str, float | None] = {}
    for g, count in zip(groups, shown, strict=True):
        n = adults.get(g) if g != NOT_STATED else None
        rates[g] = None if count is None or not n else count / n * kpi.per / years
    white = rates.get("White")
    result = []
    for g, count in zip(groups, shown, strict=True):
        rate = rates[g]
        ratio = rate / white if rate is not None and white else None
        result.append(EquityRow(g, count, adults.get(g) if g != NOT_STATED else None, rate, ratio))
    return EquityWindow(kpi, list(months), result)
