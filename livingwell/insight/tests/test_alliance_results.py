"""What `kpis.results` gained for the alliance pages: funnel places, collapsed funnels, rebasing."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from livingwell.analytics.kpis import catalogue, results
from livingwell.analytics.kpis.engine import KPIRow
from livingwell.insight import alliance_tables
from livingwell.statistics.funnel import FunnelGroup, FunnelResult, GroupLimit
from livingwell.statistics.funnel.svg import render_funnel_svg

COUNT, SHARE = catalogue.ONWARD_SPECIALIST, catalogue.RECOVERY


def months(n: int, start: dt.date = dt.date(2024, 1, 1)) -> list[dt.date]:
    return [
        dt.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1) for i in range(n)
    ]


def group(name: str, value: float, lower: float = 0.8, upper: float = 1.2) -> FunnelGroup:
    limits = tuple(
        GroupLimit(level, lower * k, upper / k, not lower * k <= value <= upper / k)
        for level, k in ((95.0, 1.05), (99.8, 1.0))
    )
    outlier = limits[1].outlier
    return FunnelGroup(name, value * 100, 100, value, limits, limits, outlier)


def funnel_of(*groups: FunnelGroup) -> FunnelResult:
    return FunnelResult("sr", "none", (95.0, 99.8), 99.8, 1.0, 1.0, 0.1, False, None, None, False, groups)


def place_of(result: FunnelResult | None, borough: str) -> results.FunnelPlace:
    place = results.funnel_place(result, borough)
    assert place is not None
    return place


def test_a_borough_outside_the_limits_is_high_or_low_and_one_on_a_limit_is_within():
    result = funnel_of(group("Above", 1.3), group("Below", 0.7), group("Inside", 1.0), group("On", 1.2))
    places = {name: place_of(result, name) for name in ("Above", "Below", "Inside", "On")}
    assert {name: place.position for name, place in places.items()} == {
        "Above": "high",
        "Below": "low",
        "Inside": "within",
        "On": "within",  # FunnelPlotR: a value exactly on a limit is not an outlier
    }
    assert (places["Above"].lower, places["Above"].upper) == (0.8, 1.2)  # the 99.8% limits, not the 95%


def test_a_borough_not_plotted_has_no_place():
    assert results.funnel_place(None, "Anywhere") is None
    assert results.funnel_place(funnel_of(group("Plotted", 1.0)), "Hidden") is None


def test_a_real_funnel_places_far_boroughs_outside_on_their_side():
    ms = months(1)
    counts = (100, 104, 96, 101, 99, 103, 97, 100, 400, 30)
    rows = [KPIRow(f"B{i}", ms[0], "All", n, None) for i, n in enumerate(counts)]
    _, result = results.compare(COUNT, rows, ms, {f"B{i}": (f"B{i}", 100_000) for i in range(10)})
    places = {f"B{i}": place_of(result, f"B{i}") for i in range(10)}
    assert places["B8"].position == "high"  # 400 where about 123 were expected
    assert places["B9"].position == "low"
    assert {places[f"B{i}"].position for i in range(8)} == {"within"}
    assert places["B8"].value == pytest.approx(400 / 123)  # observed ÷ expected at the pooled rate


@pytest.mark.parametrize(("numerators", "drawn"), [((0, 0), False), ((10, 20), False), ((5, 12), True)])
def test_a_share_of_nobody_or_everybody_everywhere_draws_no_funnel(numerators, drawn):
    ms = months(1)
    rows = [KPIRow("A", ms[0], "All", numerators[0], 10), KPIRow("B", ms[0], "All", numerators[1], 20)]
    values, result = results.compare(SHARE, rows, ms, {"A": ("Alpha", 1), "B": ("Beta", 1)})
    assert (result is not None) is drawn
    assert len(values) == 2


def _steady(ms: list[dt.date], hidden: set[int] = frozenset()) -> list[results.Point]:  # type: ignore[assignment]
    rows = [KPIRow("A", m, "All", 3 if i in hidden else 20 + i % 3, None) for i, m in enumerate(ms)]
    return results.monthly(COUNT, rows, "A", ms)


def test_limits_restart_at_the_first_month_shown_from_a_hidden_opening_month():
    ms = months(26)
    summary = results.summarise(COUNT, _steady(ms, hidden={13}), rebase_at=ms[13])
    assert summary.spc is not None
    assert len(summary.spc.groups) == 2
    assert summary.spc.points[summary.spc.groups[1].start].date == ms[14]


@pytest.mark.parametrize(("at", "groups"), [(0, 1), (1, 2), (25, 2)])
def test_a_rebase_at_the_first_month_changes_nothing_and_one_at_the_last_starts_a_group(at, groups):
    ms = months(26)
    summary = results.summarise(COUNT, _steady(ms), rebase_at=ms[at])
    assert summary.spc is not None
    assert len(summary.spc.groups) == groups


def test_a_rebase_after_the_series_changes_nothing():
    ms = months(26)
    summary = results.summarise(COUNT, _steady(ms), rebase_at=dt.date(2030, 1, 1))
    assert summary.spc is not None
    assert len(summary.spc.groups) == 1


def test_a_share_funnel_is_drawn_at_its_denominator_to_the_nearest_5_not_the_exact_one():
    ms = months(1)
    rows = [KPIRow("A", ms[0], "All", 70, 121), KPIRow("B", ms[0], "All", 40, 58)]
    _, result = results.compare(SHARE, rows, ms, {"A": ("Alpha", 1), "B": ("Beta", 1)})
    assert result is not None
    shown = alliance_tables._shown_funnel(SHARE, result)
    assert [(g.denominator, g.value) for g in shown.groups] == [(120.0, 0.579), (60.0, 0.69)]
    assert shown.groups[0].limits == result.groups[0].limits  # limits from the exact counts
    svg = render_funnel_svg(shown)
    assert "Alpha: 0.579 at 120," in svg
    assert " at 121" not in svg
    assert " at 58" not in svg
    # Counts are exact everywhere: their funnel is drawn as computed.
    assert alliance_tables._shown_funnel(COUNT, result) is result


def _spread(n: int) -> tuple[list[KPIRow], list[dt.date], dict[str, tuple[str, int]]]:
    # Boroughs that differ by more than chance (φ > 1), as London's do.
    ms = months(1)
    counts = [60 + (i * 37) % 90 for i in range(n)]
    rows = [KPIRow(f"B{i}", ms[0], "All", c, None) for i, c in enumerate(counts)]
    return rows, ms, {f"B{i}": (f"Borough {i}", 100_000) for i in range(n)}


@pytest.mark.parametrize(("boroughs", "adjusted"), [(14, False), (15, True)])
def test_limits_are_adjusted_for_overdispersion_only_with_enough_boroughs(boroughs, adjusted):
    rows, ms, names = _spread(boroughs)
    _, result = results.compare(COUNT, rows, ms, names, min_units_adjusted=15)
    assert result is not None
    assert result.adjusted is adjusted
    _, default = results.compare(COUNT, rows, ms, names)
    assert default is not None
    assert default.adjusted  # the statistics core itself stays FunnelPlotR's: adjusted by default


def test_the_funnel_names_every_borough_marks_ours_and_keeps_its_limits_in_view():
    rows, ms, names = _spread(6)
    _, result = results.compare(COUNT, rows, ms, names, min_units_adjusted=15)
    assert result is not None
    svg = render_funnel_svg(
        result, centre_label="London average", highlight="Borough 2", label_every_point=True, fit_limits=True
    )
    for i in range(6):
        assert f">Borough {i}<" in svg or f'data-group="Borough {i}"' in svg
    assert len(re.findall(r'class="group[a-z ]* own"', svg)) == 1
    assert "London average" in svg
    assert ">Target<" not in svg
    paths = [p for p in svg.splitlines() if 'class="limit"' in p]
    assert len(paths) == 4  # 95% and 99.8%, lower and upper: none falls off the chart
    assert all(p.count("M") == 1 for p in paths)  # each unbroken across the boroughs
