"""From KPI rows to board values: suppression at both sides of 5, SPC, comparison and equity rates."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from livingwell.analytics.kpis import catalogue, results
from livingwell.analytics.kpis.engine import KPIRow
from livingwell.statistics.spc import spc
from livingwell.statistics.spc.input import SPCShortGroupWarning

COUNT, SHARE, MEDIAN = catalogue.ONWARD_SPECIALIST, catalogue.RECOVERY, catalogue.TIME_TO_FIRST_CONTACT
RATE = catalogue.INTRODUCTION_RATE_BY_ETHNICITY


def months(n: int, start: dt.date = dt.date(2024, 1, 1)) -> list[dt.date]:
    return [
        dt.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1) for i in range(n)
    ]


@pytest.mark.parametrize(
    ("kpi", "numerator", "denominator", "hidden"),
    [
        (COUNT, 0, None, False),  # zero describes no one
        (COUNT, 1, None, True),
        (COUNT, 4, None, True),
        (COUNT, 5, None, False),
        (RATE, 4, None, True),
        (RATE, 5, None, False),
        (MEDIAN, 0.0, 0, False),  # a median of nobody: undefined, not hidden
        (MEDIAN, 12.0, 1, True),
        (MEDIAN, 12.0, 4, True),
        (MEDIAN, 12.0, 5, False),
        (SHARE, 0, 0, False),  # a share of nobody: undefined, not hidden
        (SHARE, 2, 4, True),  # denominator under 5
        (SHARE, 4, 20, True),  # numerator 4
        (SHARE, 5, 20, False),
        (SHARE, 16, 20, True),  # 4 left over
        (SHARE, 15, 20, False),
        (SHARE, 20, 20, False),  # none left over
        (SHARE, 0, 20, False),
    ],
)
def test_small_numbers_are_hidden_on_both_sides_of_five(kpi, numerator, denominator, hidden):
    assert results.is_hidden(kpi, numerator, denominator) is hidden


def test_values_and_their_display():
    assert results.value_of(SHARE, 1, 4) == 25.0
    assert results.value_of(SHARE, 0, 0) is None
    assert results.value_of(MEDIAN, 0.0, 0) is None
    assert results.value_of(MEDIAN, 12.0, 5) == 12.0
    assert results.format_value(MEDIAN, None) == "–"
    assert results.format_value(SHARE, 25.0) == "25%"
    # Whole percentages, half up: 5 of 8 is 62.5%, shown and charted as 63%; 1 of 3 as 33%.
    assert results.value_of(SHARE, 5, 8) == 63.0
    assert results.value_of(SHARE, 1, 3) == 33.0
    assert results.format_value(COUNT, 1234.0) == "1,234"
    assert results.format_value(MEDIAN, 36.0) == "36.0 hours"
    assert results.format_value(MEDIAN, 48.0) == "2.0 days"
    assert results.format_value(COUNT, 3.0, hidden=True) == "hidden"


def test_a_month_without_rows_is_zero_for_a_count_and_undefined_for_a_share():
    ms = months(3)
    rows = [KPIRow("E09000022", ms[0], "All", 12, None), KPIRow("E09000022", ms[2], "All", 3, None)]
    points = results.monthly(COUNT, rows, "E09000022", ms)
    assert [(p.value, p.hidden) for p in points] == [(12.0, False), (0.0, False), (None, True)]
    share = results.monthly(SHARE, [KPIRow("E09000022", ms[0], "All", 6, 12)], "E09000022", ms)
    assert [p.value for p in share] == [50.0, None, None]
    # Nobody contacted in a month: its median is undefined ("–"), not hidden; 1 to 4 is hidden.
    medians = [KPIRow("E09000022", ms[0], "All", 30.0, 6), KPIRow("E09000022", ms[2], "All", 30.0, 4)]
    points = results.monthly(MEDIAN, medians, "E09000022", ms)
    assert [(p.value, p.hidden) for p in points] == [(30.0, False), (None, False), (None, True)]


@pytest.mark.parametrize(("last", "month", "text"), [(3, 10, "19"), (0, 11, "0"), (5, 11, "5")])
def test_the_summary_reads_the_last_month_shown_so_month_value_and_icons_agree(last, month, text):
    ms = months(12)
    rows = [KPIRow("A", m, "All", 20 - i % 3 if i < 11 else last, None) for i, m in enumerate(ms)]
    summary = results.summarise(COUNT, results.monthly(COUNT, rows, "A", ms))
    assert summary.latest is not None
    assert summary.spc is not None
    assert summary.latest.month == ms[month] == summary.spc.points[-1].date
    assert summary.latest_text == text
    assert ("The latest month (December 2024) is hidden" in summary.note) is (last == 3)


def test_a_summary_with_no_month_shown_reads_the_last_month():
    ms = months(3)
    rows = [KPIRow("A", m, "All", 2, None) for m in ms]
    summary = results.summarise(COUNT, results.monthly(COUNT, rows, "A", ms))
    assert summary.latest is not None
    assert summary.latest.month == ms[-1]
    assert summary.latest_text == "hidden"


def test_the_summary_charts_the_shown_months_by_making_data_count_rules():
    ms = months(24)
    values = [20 + (i % 3) for i in range(12)] + [10 + (i % 3) for i in range(12)]
    rows = [KPIRow("E09000022", m, "All", v, None) for m, v in zip(ms, values, strict=True)]
    rows[5] = KPIRow("E09000022", ms[5], "All", 3, None)  # hidden: left out of the chart
    summary = results.summarise(COUNT, results.monthly(COUNT, rows, "E09000022", ms), rebase_at=ms[12])
    expected_values = [v for i, v in enumerate(values) if i != 5]
    expected_dates = [m for i, m in enumerate(ms) if i != 5]
    with pytest.warns(SPCShortGroupWarning):  # both groups are shorter than the package's threshold
        expected = spc(expected_values, expected_dates, improvement="decrease", target=20.0, rebase=[ms[12]])
    assert summary.spc == expected
    assert len(summary.spc.groups) == 2
    assert "1 month hidden or without data is left out of the chart." in summary.note
    assert summary.latest_text == "12"
    assert "trial limits" in summary.note  # both groups are shorter than the package's threshold


def test_one_month_gives_no_chart():
    ms = months(1)
    summary = results.summarise(COUNT, results.monthly(COUNT, [KPIRow("X", ms[0], "All", 9, None)], "X", ms))
    assert summary.spc is None
    assert "no chart" in summary.note


def test_counts_are_compared_per_100000_adults_and_on_a_standardised_ratio_funnel():
    ms = months(2)
    rows = [
        KPIRow("A", ms[0], "All", 100, None), KPIRow("A", ms[1], "All", 100, None),
        KPIRow("B", ms[0], "All", 30, None), KPIRow("B", ms[1], "All", 30, None),
        KPIRow("C", ms[0], "All", 2, None),
    ]  # fmt: skip
    boroughs = {"A": ("Alpha", 200_000), "B": ("Beta", 100_000), "C": ("Gamma", 50_000)}
    values, funnel = results.compare(COUNT, rows, ms, boroughs)
    by_code = {v.ons_code: v for v in values}
    assert by_code["A"].value == pytest.approx(50.0)  # 200 / 200,000 × 100,000 / 2 months
    assert by_code["B"].value == pytest.approx(30.0)
    assert by_code["C"].hidden
    assert by_code["C"].value is None
    assert funnel is not None
    assert funnel.kind == "sr"
    # Expected at the pooled rate of the plotted boroughs: 260 / 300,000 adults.
    expected_a = 200_000 * 260 / 300_000
    assert [g.group for g in funnel.groups] == ["Alpha", "Beta"]
    assert funnel.groups[0].value == pytest.approx(200 / expected_a)


@pytest.mark.parametrize(("small", "hidden"), [(4, True), (5, False), (0, False)])
def test_a_window_total_is_hidden_when_any_of_its_months_is(small, hidden):
    ms = months(3)
    rows = [
        KPIRow(code, m, "All", n, None) for code in "ABC" for m, n in zip(ms, (30, small, 40), strict=True)
    ]
    boroughs = {"A": ("Alpha", 100_000), "B": ("Beta", 100_000), "C": ("Gamma", 100_000)}
    values, funnel = results.compare(COUNT, rows, ms, boroughs)
    assert [v.hidden for v in values] == [hidden] * 3
    assert [v.value is None for v in values] == [hidden] * 3
    assert (funnel is None) is hidden  # a hidden borough is kept off the funnel
    # A share likewise: 20 of 30 then 4 of 30 (hidden) — 24 of 60 would give the 4 back.
    shares = [KPIRow("A", ms[0], "All", 20, 30), KPIRow("A", ms[1], "All", small, 30)]
    (value,), _ = results.compare(SHARE, shares, ms, {"A": ("Alpha", 1)})
    assert value.hidden is hidden


@pytest.mark.parametrize("adults", [0, None])
def test_a_borough_without_adults_is_tabled_without_a_rate_and_not_plotted(adults):
    ms = months(1)
    rows = [KPIRow(code, ms[0], "All", n, None) for code, n in (("A", 100), ("B", 40), ("C", 60))]
    boroughs = {"A": ("Alpha", 200_000), "B": ("Beta", 100_000), "C": ("Gamma", adults)}
    values, funnel = results.compare(COUNT, rows, ms, boroughs)
    by_code = {v.ons_code: v for v in values}
    assert by_code["C"].value is None
    assert not by_code["C"].hidden
    assert by_code["C"].numerator == 60
    assert funnel is not None
    assert [g.group for g in funnel.groups] == ["Alpha", "Beta"]


def test_a_borough_with_none_is_tabled_but_kept_off_a_ratio_funnel():
    ms = months(1)
    rows = [
        KPIRow("A", ms[0], "All", 100, None),
        KPIRow("B", ms[0], "All", 40, None),
        KPIRow("D", ms[0], "All", 60, None),
    ]
    boroughs = {
        "A": ("Alpha", 200_000),
        "B": ("Beta", 100_000),
        "C": ("Gamma", 50_000),
        "D": ("Delta", 90_000),
    }
    values, funnel = results.compare(COUNT, rows, ms, boroughs)
    assert {v.ons_code: v.value for v in values}["C"] == 0.0  # zero is shown
    assert funnel is not None
    assert [g.group for g in funnel.groups] == ["Alpha", "Beta", "Delta"]
    assert funnel.phi is not None
    assert math.isfinite(funnel.phi)


def test_shares_are_compared_as_proportions_and_medians_without_a_funnel():
    ms = months(1)
    rows = [KPIRow("A", ms[0], "All", 40, 80), KPIRow("B", ms[0], "All", 30, 50)]
    boroughs = {"A": ("Alpha", 1), "B": ("Beta", 1)}
    values, funnel = results.compare(SHARE, rows, ms, boroughs)
    assert [v.value for v in values] == [50.0, 60.0]
    assert funnel is not None
    assert funnel.kind == "proportion"
    medians = [KPIRow("A", ms[0], "All", 30.0, 9), KPIRow("B", ms[0], "All", 50.0, 12)]
    values, funnel = results.compare(MEDIAN, medians, ms, boroughs)
    assert [v.value for v in values] == [30.0, 50.0]
    assert funnel is None


ADULTS = {"White": 120_000, "Black": 36_000, "Asian": 10_000, "Mixed or other": 20_000}


def test_equity_rates_per_1000_adults_a_year_against_white():
    ms = months(12)
    rows = [KPIRow("A", m, g, n, None) for m in ms for g, n in (("White", 10), ("Black", 9), ("Asian", 0))]
    rows.append(KPIRow("A", ms[0], "Not stated or not known", 7, None))
    rows.append(KPIRow("A", ms[0], "Mixed or other", 5, None))
    rows.append(KPIRow("B", ms[0], "White", 50, None))  # another borough's
    rows.append(KPIRow("A", dt.date(2023, 12, 1), "White", 50, None))  # before the window
    window = results.equity(RATE, rows, "A", ms, ADULTS)
    table = {r.group: r for r in window.rows}
    assert [r.group for r in window.rows] == [
        "White",
        "Black",
        "Asian",
        "Mixed or other",
        "Not stated or not known",
    ]
    assert table["White"].count == 120
    assert table["White"].rate == pytest.approx(1.0)  # 120 a year per 120,000 adults
    assert table["Black"].count == 108
    assert table["Black"].rate == pytest.approx(3.0)  # 108 a year per 36,000 adults
    assert table["Black"].ratio_to_white == pytest.approx(3.0)
    assert table["Asian"].rate == 0.0
    assert not table["Asian"].hidden
    assert table["Mixed or other"].rate == pytest.approx(5 / 20_000 * 1000)
    assert table["Not stated or not known"].count == 7
    assert table["Not stated or not known"].rate is None


def test_an_equity_window_of_six_months_gives_rates_a_year():
    ms = months(6)
    rows = [KPIRow("A", m, "White", 10, None) for m in ms]
    table = {r.group: r for r in results.equity(RATE, rows, "A", ms, ADULTS).rows}
    assert table["White"].rate == pytest.approx(60 / 120_000 * 1000 * 2)


def _window(mixed: int, not_stated: int = 7, white: int = 120) -> dict[str, results.EquityRow]:
    """A year's window with every month's count in January: only the window's counts matter."""
    ms = months(12)
    counts = {
        "White": white,
        "Black": 108,
        "Asian": 0,
        "Mixed or other": mixed,
        "Not stated or not known": not_stated,
    }
    rows = [KPIRow("A", ms[0], g, n, None) for g, n in counts.items()]
    return {r.group: r for r in results.equity(RATE, rows, "A", ms, ADULTS).rows}


@pytest.mark.parametrize(("mixed", "hidden"), [(4, True), (5, False), (1, True), (0, False)])
def test_a_groups_count_over_the_window_is_hidden_from_1_to_4(mixed, hidden):
    table = _window(mixed)
    assert table["Mixed or other"].hidden is hidden
    if hidden:
        assert table["Mixed or other"].rate is None
        assert table["Mixed or other"].ratio_to_white is None
    else:
        assert table["Mixed or other"].count == mixed
        assert table["Mixed or other"].ratio_to_white is not None


def test_one_hidden_count_hides_the_next_smallest_not_stated_counted_as_a_group():
    # Mixed's 4 alone hidden: the total less the others would give it back, so the smallest other
    # shown count goes too — not stated's 7, not Asian's 0 (a zero would protect nothing shown).
    table = _window(4, not_stated=7)
    assert [g for g, r in table.items() if r.hidden] == ["Mixed or other", "Not stated or not known"]
    assert table["Asian"].count == 0
    # With not stated large, the next smallest is a Census group's.
    table = _window(4, not_stated=500)
    assert [g for g, r in table.items() if r.hidden] == ["Black", "Mixed or other"]
    assert table["Black"].rate is None


def test_two_small_counts_hide_each_other_and_nothing_else():
    table = _window(3, not_stated=2)
    assert [g for g, r in table.items() if r.hidden] == ["Mixed or other", "Not stated or not known"]
    assert table["Black"].count == 108


def test_with_whites_count_hidden_no_group_has_a_ratio():
    table = _window(60, white=4)
    assert table["White"].hidden
    assert table["Not stated or not known"].hidden  # the next smallest, 7
    assert table["Black"].rate == pytest.approx(3.0)
    assert all(r.ratio_to_white is None for r in table.values())


def test_an_equity_window_of_no_months_counts_nothing():
    window = results.equity(RATE, [], "A", [], {"White": 10})
    assert [r.count for r in window.rows] == [0, 0, 0, 0, 0]


def test_equity_hides_two_groups_when_the_total_they_add_up_to_is_hidden():
    # Twelve hidden months of crisis introductions (1 each) must not come back as Black = 12.
    ms = months(12)
    rows = [KPIRow("A", m, "Black", 1, None) for m in ms]
    adults = {"White": 120_000, "Black": 36_000, "Asian": 10_000, "Mixed or other": 20_000}
    crisis = catalogue.CRISIS_RATE_BY_ETHNICITY
    plain = {r.group: r.count for r in results.equity(crisis, rows, "A", ms, adults).rows}
    assert plain["Black"] == 12  # on its own, nothing in this table is small
    guarded = results.equity(crisis, rows, "A", ms, adults, total_hidden=True).rows
    assert sum(r.hidden for r in guarded) == 2
    assert {r.group: r.count for r in guarded}["Black"] is None  # the only non-zero count is the first hidden
