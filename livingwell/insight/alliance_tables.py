"""What the alliance pages and downloads show: the KPI results written out as headed rows of text.

Every value comes from `kpis.results` (suppressed monthly points, SPC summaries, borough
comparisons, equity rates) over the rows `alliance.load()` ran; nothing here counts anything. A
page and its CSV are built from the same `Table`, so they cannot differ. Each chart, table and
comparison is made once per extract version (`Alliance.derived`): charting every KPI again on
every view was most of the dashboard's time.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace

from django.conf import settings
from markupsafe import Markup

from livingwell.analytics.kpis import catalogue, results
from livingwell.analytics.kpis.catalogue import HEADLINE, KPI, Kind
from livingwell.insight.alliance import Alliance
from livingwell.insight.dashboard import month_label
from livingwell.statistics.funnel import FunnelResult
from livingwell.statistics.funnel.svg import render_funnel_svg
from livingwell.statistics.spc import Assurance
from livingwell.statistics.spc import icons as mdc_icons
from livingwell.statistics.spc.svg import render_spc_svg

# Equity tables read a year: rates per year are steadier than a month's, and a year evens out seasons.
EQUITY_MONTHS = 12
COMPARISON_MONTHS = 12
ASSURED = {
    Assurance.CONSISTENT_PASS: "consistently passed",
    Assurance.CONSISTENT_FAIL: "consistently failed",
    Assurance.INCONSISTENT: "hit and miss",
}


@dataclass(frozen=True)
class Table:
    """A table as shown and downloaded: a header and rows of text, the first column heading each row."""

    caption: str
    header: list[str]
    rows: list[list[str]]


def target_text(kpi: KPI) -> str:
    """Write a KPI's target with its unit, or 'none'."""
    if kpi.target is None:
        return "none"
    return f"{kpi.target:g}%" if kpi.unit == "%" else f"{kpi.target:g} {kpi.unit}"


def level_text(kpi: KPI, level: float) -> str:
    """Write a mean or a process limit in the chart's own unit (one decimal: limits are not counts)."""
    if not math.isfinite(level):
        return "none"
    if kpi.kind is Kind.MEDIAN:  # a wait: in hours or days, as its values are written beside it
        return results.format_value(kpi, level)
    return f"{level:,.1f}%" if kpi.kind is Kind.SHARE else f"{level:,.1f}"


def _count(n: float | None, hidden: bool) -> str:
    return results.HIDDEN if hidden or n is None else f"{n:,.0f}"


def _denominator(n: float | None, hidden: bool) -> str:
    """A share's denominator, to the nearest 5 (its numerator is never shown)."""
    return results.HIDDEN if hidden or n is None else results.about(n)


# --- One KPI's chart and its months -------------------------------------------------------------
@dataclass(frozen=True)
class KPIView:
    """A headline KPI as the summary table, its page and the board pack show it."""

    kpi: KPI
    summary: results.Summary
    variation: mdc_icons.Icon | None
    assurance: mdc_icons.Icon | None
    reading: str
    chart: Markup | None
    table: Table

    @property
    def latest_month(self) -> dt.date | None:
        return self.summary.latest.month if self.summary.latest else None

    @property
    def target_text(self) -> str:
        return target_text(self.kpi)

    @property
    def rebased_from(self) -> dt.date | None:
        """The month the limits were recalculated from (the hub's opening), if they were."""
        result = self.summary.spc
        if result is None or len(result.groups) < 2:
            return None
        start = result.points[result.groups[1].start].date
        return start if isinstance(start, dt.date) else None

    def latest_table(self, count: int = 3) -> Table:
        """The last few months' values and what they show, newest first, as the board pack lists them."""
        value = self.table.header.index("Value")
        rows = [[r[0], r[value], r[-1]] for r in self.table.rows[::-1][:count]]
        return Table(f"{self.kpi.title}: latest months", ["Month", "Value", "What the month shows"], rows)


def reading(kpi: KPI, summary: results.Summary) -> str:
    """Read a chart in one line: what the latest month shows, and whether the target is assured."""
    result = summary.spc
    if result is None:
        return f"Not charted. {summary.note}"
    icon = mdc_icons.variation_icon(result)
    why = mdc_icons.rule_words(result.points[-1].special_cause_type)
    text = icon.label + (f" ({why})" if why else "")
    if kpi.target is None:
        return f"{text}; no target."
    if result.assurance is None:
        return f"{text}; target {target_text(kpi)} (no direction is better, so no assurance)."
    return f"{text}; target {target_text(kpi)} {ASSURED[result.assurance]}."


def _point_text(kpi: KPI, summary: results.Summary) -> dict[object, tuple[list[str], str]]:
    """Each charted month's mean, limits and what it shows, by month."""
    result = summary.spc
    if result is None:
        return {}
    rebased = {result.points[g.start].date for g in result.groups[1:]}
    found: dict[object, tuple[list[str], str]] = {}
    for p in result.points:
        icon = mdc_icons.point_icon(p.point_type, result.improvement)
        why = mdc_icons.rule_words(p.special_cause_type)
        shows = icon.label + (f" ({why})" if why else "")
        if p.date in rebased:
            shows += "; limits recalculated from this month (the hub opened)"
        levels = [level_text(kpi, v) for v in (p.mean, p.lower_limit, p.upper_limit)]
        found[p.date] = (levels, shows)
    return found


def kpi_table(kpi: KPI, summary: results.Summary) -> Table:
    """The chart's data month by month: value, mean, limits and what each month shows."""
    header = ["Month"]
    if kpi.kind is Kind.SHARE:
        header += ["Denominator (to the nearest 5)"]
    elif kpi.kind is Kind.MEDIAN:
        header += ["Number the median is taken over"]
    header += ["Value", "Mean", "Lower process limit", "Upper process limit", "What the month shows"]
    charted = _point_text(kpi, summary)
    rows = []
    for p in summary.points:
        row = [month_label(p.month)]
        if kpi.kind is Kind.SHARE:
            row += [_denominator(p.denominator or 0, p.hidden)]
        elif kpi.kind is Kind.MEDIAN:
            row += [_count(p.denominator or 0, p.hidden)]
        row.append(results.format_value(kpi, p.value, hidden=p.hidden))
        if p.month in charted:
            levels, shows = charted[p.month]
            row += [*levels, shows]
        else:
            why = "hidden (a small number)" if p.hidden else "no one to count"
            row += ["–", "–", "–", f"Not charted: {why}" if summary.spc else "Not charted"]
        rows.append(row)
    return Table(f"{kpi.title}, by month", header, rows)


def kpi_view(alliance: Alliance, kpi: KPI, until: dt.date | None = None) -> KPIView:
    """Chart one headline KPI for the operational borough, its series cut at `until` if given."""
    return alliance.derived(f"kpi-view:{kpi.id}:{until}", lambda: _kpi_view(alliance, kpi, until))


def _kpi_view(alliance: Alliance, kpi: KPI, until: dt.date | None) -> KPIView:
    own = alliance.own
    months = [m for m in own.months if until is None or m <= until]
    points = results.monthly(kpi, alliance.rows[kpi.id], own.ons_code, months)
    summary = results.summarise(kpi, points, rebase_at=own.hub_opened)
    chart = None
    variation = assurance = None
    if summary.spc is not None:
        # A wait's chart is drawn in hours: the title says so, as its axis has no room to.
        title = f"{kpi.title}, in {kpi.unit}" if kpi.kind is Kind.MEDIAN else kpi.title
        chart = Markup(render_spc_svg(summary.spc, title=title, id_prefix=f"spc-{kpi.id}"))  # noqa: S704 - built by ElementTree, text escaped
        variation = mdc_icons.variation_icon(summary.spc)
        assurance = mdc_icons.assurance_icon(summary.spc)
    return KPIView(kpi, summary, variation, assurance, reading(kpi, summary), chart, kpi_table(kpi, summary))


def headline_views(alliance: Alliance, until: dt.date | None = None) -> list[KPIView]:
    return [kpi_view(alliance, kpi, until) for kpi in HEADLINE]


# --- Equity ---------------------------------------------------------------------------------------
def equity_months(alliance: Alliance, until: dt.date | None = None) -> list[dt.date]:
    """The last 12 complete months (up to `until`) the equity tables read."""
    return [m for m in alliance.own.months if until is None or m <= until][-EQUITY_MONTHS:]


def _ratio(row: results.EquityRow) -> str:
    if row.hidden and row.adults:
        return results.HIDDEN
    return f"{row.ratio_to_white:.2f}" if row.ratio_to_white is not None else "–"


def _span(months: list[dt.date]) -> str:
    return f"{month_label(months[0])} to {month_label(months[-1])}" if months else "no complete months"


def equity_table(alliance: Alliance, kpi: KPI, months: list[dt.date]) -> Table:
    """Rates per 1,000 adults a year by Census 2021 group over `months`, against White's.

    The one equity table: the dashboard, the board pack, the KPI's page and its CSV all show it,
    suppressed once (`results.equity`), with no month-by-month counts beside it to undo that.
    """
    key = f"equity:{kpi.id}:{','.join(m.isoformat() for m in months)}"
    return alliance.derived(key, lambda: _equity_table(alliance, kpi, months))


def _equity_table(alliance: Alliance, kpi: KPI, months: list[dt.date]) -> Table:
    own = alliance.own
    total = catalogue.BY_ID[kpi.total_of]
    total_hidden = any(
        p.hidden for p in results.monthly(total, alliance.rows[total.id], own.ons_code, months)
    )
    window = results.equity(
        kpi, alliance.rows[kpi.id], own.ons_code, months, own.adults, total_hidden=total_hidden
    )
    rows = []
    for r in window.rows:
        rows.append(
            [
                r.group,
                _count(r.count, r.hidden),
                f"{r.adults:,}" if r.adults else "–",
                # Not stated has no population: its row is a count only, hidden or not.
                results.format_value(kpi, r.rate, hidden=r.hidden and bool(r.adults)),
                _ratio(r),
            ]
        )
    header = ["Group", "Count", "Adults (Census 2021)", "Rate per 1,000 adults a year", "Ratio to White"]
    return Table(f"{kpi.title}, {_span(months)}", header, rows)


# --- Borough comparison ---------------------------------------------------------------------------
POSITION_WORDS = {"high": "High: above the limits", "low": "Low: below the limits", "within": "Within"}


@dataclass(frozen=True)
class Comparison:
    kpi: KPI
    months: list[dt.date]
    table: Table
    funnel: Markup | None
    note: str
    own_value: str  # the operational borough's value as shown
    own_position: str  # where it sits against the funnel's 99.8% limits, in words
    compared: int = 0  # boroughs with data over the months


def _compared_text(kpi: KPI, value: float | None, hidden: bool) -> str:
    if kpi.kind is Kind.COUNT and not hidden and value is not None:
        return f"{value:,.1f}"  # per 100,000 adults a month: a decimal matters
    return results.format_value(kpi, value, hidden=hidden)


def _funnel_number(kpi: KPI, x: float) -> str:
    if not math.isfinite(x):
        return "none"
    return f"{100 * x:.0f}%" if kpi.kind is Kind.SHARE else f"{x:.2f}"


def _columns(kpi: KPI) -> list[str]:
    if kpi.kind is Kind.COUNT:
        return ["Count over the months", "Adults", "Per 100,000 adults a month", "Observed ÷ expected"]
    if kpi.kind is Kind.MEDIAN:
        return ["Number the median is taken over", "Median (latest month)"]
    return ["Denominator (to the nearest 5)", "Value", "Plotted proportion"]


def _cells(kpi: KPI, v: results.BoroughValue, place: results.FunnelPlace | None) -> list[str]:
    value = _compared_text(kpi, v.value, v.hidden)
    if kpi.kind is Kind.MEDIAN:
        return [_count(v.denominator, v.hidden), value]
    plotted = _funnel_number(kpi, place.value) if place else "–"
    if kpi.kind is Kind.SHARE:
        return [_denominator(v.denominator, v.hidden), value, plotted]
    # Adults are published Census figures: only the count can give a small number away.
    return [_count(v.numerator, v.hidden), f"{v.denominator:,.0f}", value, plotted]


def _adjustment_note(result: FunnelResult | None) -> str:
    """Say which limits are drawn, and why, in words."""
    if result is None:
        return ""
    minimum = settings.FUNNEL_MIN_UNITS_ADJUSTED
    if result.adjusted:
        return " The limits are widened for overdispersion (the SHMI method): boroughs differ by more than chance alone."
    if len(result.groups) < minimum:
        return (
            f" The limits are not adjusted for overdispersion: with fewer than {minimum} boroughs its "
            "estimate is too unsteady to trust, so they show chance variation alone. (No published "
            "rule says how many are enough: this number is our own choice.)"
        )
    return " The boroughs differ by no more than chance, so the limits need no adjustment."


def _funnel_note(kpi: KPI, drawn: bool) -> str:
    if kpi.kind is Kind.MEDIAN:
        return (
            "Medians are tabled without a funnel plot: a median has no numerator and denominator to "
            "draw limits from, and the months' medians cannot be pooled, so each borough's value is "
            "its median in the latest month compared."
        )
    if not drawn:
        return (
            "No funnel plot: it needs at least two boroughs whose values can be shown, and something "
            "to count in them."
        )
    if kpi.kind is Kind.COUNT:
        return (
            "Counts are compared per 100,000 adults a month. On the funnel plot each borough's count is "
            "divided by the count expected at the pooled rate of the boroughs shown (1 = their "
            "average)."
        )
    return "Shares are compared as proportions of their denominators; the centre line is the average of the boroughs shown, pooled."


def _shown_funnel(kpi: KPI, result: FunnelResult) -> FunnelResult:
    """The funnel as drawn: a share's points at its denominator to the nearest 5 and value to 0.1%.

    Each point's label gives its value and denominator; exact, they would give back the numerator
    the table does not show. The limits stay those computed from the exact counts.
    """
    if kpi.kind is not Kind.SHARE:
        return result
    groups = []
    for g in result.groups:
        denominator = float(int(g.denominator / 5 + 0.5) * 5) or g.denominator
        value = round(g.value, 3)
        groups.append(replace(g, numerator=value * denominator, denominator=denominator, value=value))
    return replace(result, groups=tuple(groups))


def comparison(alliance: Alliance, kpi: KPI, until: dt.date | None = None) -> Comparison:
    """Compare every borough on a headline KPI over the last 12 complete months common to all.

    A borough with no complete month yet is listed as having no data, not compared.
    """
    return alliance.derived(f"comparison:{kpi.id}:{until}", lambda: _comparison(alliance, kpi, until))


def _comparison(alliance: Alliance, kpi: KPI, until: dt.date | None) -> Comparison:
    months = alliance.common_months(until)[-COMPARISON_MONTHS:]
    header = ["Borough", "ONS code", *_columns(kpi), "99.8% limits", "Outside the 99.8% limits"]
    if not months:
        note = "No complete month is common to every borough's extract yet, so there is nothing to compare."
        return Comparison(
            kpi, [], Table(f"{kpi.title}: boroughs compared", header, []), None, note, "–", "not compared"
        )
    with_data = {code: b for code, b in alliance.boroughs.items() if b.months}
    boroughs = {code: (b.name, b.total_adults) for code, b in with_data.items()}
    values, result = results.compare(
        kpi, alliance.rows[kpi.id], months, boroughs, min_units_adjusted=settings.FUNNEL_MIN_UNITS_ADJUSTED
    )
    rows = []
    own_value, own_position = "–", "not compared"
    for v in values:
        place = results.funnel_place(result, v.borough)
        if place is not None:
            limits = f"{_funnel_number(kpi, place.lower)} to {_funnel_number(kpi, place.upper)}"
            position = POSITION_WORDS[place.position]
        else:
            limits = "–"
            position = "No funnel" if result is None else "Not plotted: hidden or no data"
        name = v.borough
        if v.ons_code == alliance.own_code:
            name += " (this borough)"
            own_value, own_position = _compared_text(kpi, v.value, v.hidden), position
        rows.append([name, v.ons_code, *_cells(kpi, v, place), limits, position])
    for code, b in alliance.boroughs.items():
        if code not in with_data:
            name = b.name + (" (this borough)" if code == alliance.own_code else "")
            rows.append([name, code, *["–"] * len(_columns(kpi)), "–", "No data: no complete month yet"])
    funnel = None
    if result is not None:
        svg = render_funnel_svg(
            _shown_funnel(kpi, result),
            title=f"{kpi.title}: boroughs compared",
            x_label="Expected count at the pooled rate" if kpi.kind is Kind.COUNT else "Denominator",
            y_label="Observed ÷ expected" if kpi.kind is Kind.COUNT else "Proportion",
            id_prefix=f"funnel-{kpi.id}",
            # The pooled rate of the boroughs compared: London's average only when all 33 are.
            centre_label="Average of the boroughs shown",
            highlight=with_data[alliance.own_code].name if alliance.own_code in with_data else None,
            label_every_point=True,
            fit_limits=True,
        )
        funnel = Markup(svg)  # noqa: S704 - every text in it is escaped by render_funnel_svg
    table = Table(f"{kpi.title}: boroughs compared, {_span(months)}", header, rows)
    note = _funnel_note(kpi, result is not None) + _adjustment_note(result)
    return Comparison(kpi, months, table, funnel, note, own_value, own_position, len(with_data))


def comparison_summary(comparisons: list[Comparison], borough: str) -> Table:
    """Each headline KPI's value for the operational borough and where it sits on the funnel."""
    rows = [[c.kpi.title, c.own_value, c.own_position] for c in comparisons]
    header = ["Measure", borough, "Against the other boroughs (99.8% limits)"]
    return Table(f"{borough} against the other boroughs", header, rows)
