"""From KPI rows to board values: suppression at both sides of 5, SPC, comparison and equity rates."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from livingwell.insight.kpis import catalogue, results
from livingwell.insight.kpis.engine import KPIRow
from livingwell.insight.spc import spc

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
    assert results.format_value(SHARE, 25.0) == "25.0%"
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


def test_the_summary_charts_the_shown_months_by_making_data_count_rules():
    ms = months(24)
    values = [20 + (i % 3) for i in range(12)] + [10 + (i % 3) for i in range(12)]
    rows = [KPIRow("E09000022", m, "All", v, None) for m, v in zip(ms, values, strict=True)]
    rows[5] = KPIRow("E09000022", ms[5], "All", 3, None)  # hidden: left out of the chart
    summary = results.summarise(COUNT, results.monthly(COUNT, rows, "E09000022", ms), rebase_at=ms[12])
    expected_values = [v for i, v in enumerate(values) if i != 5]
    expected_dates = [m for i, m in enumerate(ms) if i != 5]
    expected = spc(expected_values, expected_dates, improvement="decrease", target=20.0, rebase=[ms[12]])
    assert summary.spc == expected
    assert len(summary.spc.groups) == 2
    assert "1 month(s) hidden" in summary.note
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


def test_equity_rates_per_1000_adults_a_year_against_white():
    ms = months(12)
    rows = [KPIRow("A", m, g, n, None) for m in ms for g, n in (("White", 10), ("Black", 9), ("Asian", 0))]
    rows.append(KPIRow("A", ms[0], "Not stated or not known", 7, None))
    rows.append(KPIRow("A", ms[0], "Mixed or other", 3, None))
    adults = {"White": 120_000, "Black": 36_000, "Asian": 10_000, "Mixed or other": 20_000}
    table = {r.group: r for r in results.equity(RATE, rows, "A", ms, adults)}
    assert table["White"].rate == pytest.approx(1.0)  # 120 a year per 120,000 adults
    assert table["Black"].rate == pytest.approx(3.0)
    assert table["Black"].ratio_to_white == pytest.approx(3.0)
    assert table["Asian"].rate == 0.0
    assert not table["Asian"].hidden
    assert table["Mixed or other"].hidden
    assert table["Mixed or other"].rate is None
    assert table["Not stated or not known"].count == 7
    assert table["Not stated or not known"].rate is None
