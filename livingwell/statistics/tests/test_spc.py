"""`spc` on hand-built series at every rule boundary of NHSRplotthedots 0.2.2."""

from __future__ import annotations

import math
import warnings
from datetime import date, timedelta

import numpy as np
import pytest

from livingwell.statistics.spc import (
    Assurance,
    PointType,
    SPCInputError,
    SPCRebaseWarning,
    SPCResult,
    SPCShortGroupWarning,
    spc,
)

COMMON = PointType.COMMON_CAUSE
IMPROVEMENT = PointType.SPECIAL_CAUSE_IMPROVEMENT
CONCERN = PointType.SPECIAL_CAUSE_CONCERN

# Alternating values give wide limits and no runs, so a pattern placed among them is the only
# thing that can signal.
CALM = [9.0, 11.0] * 10
# Around a mean of exactly 10, ending below it and starting above it (or the reverse), so that a
# run placed between them is exactly as long as intended.
HIGH_LOW = [12.0, 8.0] * 3
LOW_HIGH = [8.0, 12.0] * 3


def _chart(values: list[float], **options: object) -> SPCResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SPCShortGroupWarning)
        return spc(values, **options)  # type: ignore[arg-type]


def _signals(values: list[float], **options: object) -> dict[int, str]:
    return {p.index: p.special_cause_type for p in _chart(values, **options).points if p.special_cause}


def _types(values: list[float], **options: object) -> list[PointType]:
    return [p.point_type for p in _chart(values, **options).points]


def _dates(n: int) -> list[date]:
    return [date(2024, 1, 1) + timedelta(days=7 * i) for i in range(n)]


# Trends (ptd_seven_point_trend) -----------------------------------------------------------


def test_it_flags_seven_rising_points_as_a_trend() -> None:
    values = [0.0, 20.0] * 3 + [6.0, 7.0, 8.0, 9.0, 11.0, 12.0, 13.0] + [0.0, 20.0] * 3
    assert _signals(values) == dict.fromkeys(range(6, 13), "7 Point Trend (Increasing)")


def test_it_does_not_flag_six_rising_points() -> None:
    values = [0.0, 20.0] * 3 + [6.0, 7.0, 8.0, 9.0, 11.0, 12.0] + [0.0, 20.0] * 3
    assert _signals(values) == {}


def test_a_tie_breaks_a_trend() -> None:
    values = [0.0, 20.0] * 3 + [6.0, 7.0, 8.0, 8.0, 9.0, 11.0, 12.0] + [0.0, 20.0] * 3
    assert _signals(values) == {}


def test_a_falling_trend_is_improvement_when_decrease_is_better() -> None:
    values = [0.0, 20.0] * 3 + [7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0] + [20.0, 0.0] * 3
    types = _types(values, improvement="decrease")
    assert types[6:13] == [IMPROVEMENT] * 7
    assert _types(values)[6:13] == [CONCERN] * 7


def test_a_trend_crossing_the_mean_takes_the_colour_of_its_direction() -> None:
    # NHSRplotthedots issue #171 (fixed in 0.2.x): points below the mean in a rising trend are
    # still improvement when increase is better.
    values = [0.0, 20.0] * 3 + [6.0, 7.0, 8.0, 9.0, 11.0, 12.0, 13.0] + [20.0, 0.0] * 3
    result = _chart(values)
    trend = result.points[6:13]
    assert {p.value < p.mean for p in trend} == {True, False}
    assert [p.point_type for p in trend] == [IMPROVEMENT] * 7


def test_a_point_shared_by_a_rise_and_a_fall_after_a_tie_reads_as_falling() -> None:
    # R's `sdy`: a trend point whose right neighbour is in a trend takes the step to its right; at
    # the tie 7, 7 that step is 0 and `ifelse(sdy == 1, "In", "De")` says "Decreasing".
    values = [0.0, 20.0] * 3 + [1.0, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1]
    signals = _signals(values)
    assert signals[11] == "7 Point Trend (Increasing)"
    assert signals[12] == "7 Point Trend (Decreasing)"
    assert signals[13] == "7 Point Trend (Decreasing)"


# Shifts (ptd_seven_point_one_side_mean) -------------------------------------------------------


def test_it_flags_seven_points_above_the_mean_as_a_shift() -> None:
    values = HIGH_LOW + [11.0] * 7 + LOW_HIGH + [9.0] * 7 + HIGH_LOW
    assert _chart(values).groups[0].mean == 10.0
    signals = _signals(values)
    assert signals == {
        **dict.fromkeys(range(6, 13), "7 Points Above CL"),
        **dict.fromkeys(range(19, 26), "7 Points Below CL"),
    }


def test_it_does_not_flag_six_points_above_the_mean() -> None:
    values = HIGH_LOW + [11.0] * 6 + LOW_HIGH + [9.0] * 6 + HIGH_LOW
    assert _chart(values).groups[0].mean == 10.0
    assert _signals(values) == {}


def test_a_point_exactly_on_the_mean_breaks_a_shift() -> None:
    # 11, 11, 11, 10, 11, 11, 11 with the mean exactly 10.
    run = [11.0, 11.0, 11.0, 10.0, 11.0, 11.0, 11.0]
    values = HIGH_LOW + run + LOW_HIGH + [9.0] * 6 + [10.0] + HIGH_LOW
    result = _chart(values)
    assert result.groups[0].mean == 10.0
    assert result.points[9].value == result.points[9].mean
    assert _signals(values) == {}


def test_a_shift_is_neutral_high_or_low_when_neither_direction_is_better() -> None:
    values = HIGH_LOW + [11.0] * 7 + LOW_HIGH + [9.0] * 7 + HIGH_LOW
    types = _types(values, improvement="neutral")
    assert types[6:13] == [PointType.SPECIAL_CAUSE_NEUTRAL_HIGH] * 7
    assert types[19:26] == [PointType.SPECIAL_CAUSE_NEUTRAL_LOW] * 7


# Two in three (ptd_two_in_three) ------------------------------------------------------------


def test_two_of_three_near_the_upper_limit_flags_the_near_points() -> None:
    values = [*CALM, 16.0, 11.0, 16.0, *CALM]
    assert _signals(values) == {20: "2 in 3 Above CL", 22: "2 in 3 Above CL"}


def test_two_of_three_on_either_side_of_the_mean_do_not_signal() -> None:
    # Issue #143 (fixed in 0.2.x): the middle point is below the mean.
    values = [*CALM, 16.0, 9.0, 16.0, *CALM]
    result = _chart(values)
    assert result.points[21].value < result.points[21].mean
    assert result.points[20].value > result.points[20].mean + 1.7733 * (
        (result.points[20].upper_limit - result.points[20].mean) / 2.66
    )
    assert _signals(values) == {}


def test_two_near_points_four_apart_do_not_signal() -> None:
    assert _signals([*CALM, 16.0, 11.0, 11.0, 16.0, *CALM]) == {}


def test_two_of_three_near_the_lower_limit_is_concern_when_increase_is_better() -> None:
    values = [*CALM[:10], 5.0, 9.0, 5.0, *CALM[:10]]
    assert _signals(values) == {10: "2 in 3 Below CL", 12: "2 in 3 Below CL"}
    assert _types(values)[10] == CONCERN


# Outside the limits and precedence ------------------------------------------------------


def test_a_point_outside_the_limits_signals() -> None:
    values = [*CALM, 30.0, *CALM]
    assert _signals(values) == {20: "Above UCL"}
    assert _types(values, improvement="decrease")[20] == CONCERN


def test_a_point_on_a_limit_is_not_outside_it() -> None:
    # A fixed baseline lets a later point sit exactly on the upper limit: `y > upl` is strict.
    upper = _chart(CALM[:12]).groups[0].upper_limit
    on_limit = _chart([*CALM[:12], upper], fix_after_n_points=12)
    assert on_limit.points[12].value == on_limit.points[12].upper_limit
    assert not on_limit.points[12].special_cause
    beyond = _chart([*CALM[:12], math.nextafter(upper, math.inf)], fix_after_n_points=12)
    assert beyond.points[12].special_cause_type == "Above UCL"


def test_outside_the_limits_beats_a_trend() -> None:
    values = [10.0, 12.0] * 10 + [13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 40.0]
    signals = _signals(values)
    assert signals[26] == "Above UCL"
    assert signals[20] == "7 Point Trend (Increasing)"


def test_a_trend_beats_two_in_three_and_a_shift() -> None:
    values = [0.0, 20.0] * 3 + [11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 17.0] + [0.0, 20.0] * 3
    signals = _signals(values)
    assert all(signals[i].startswith("7 Point Trend") for i in range(6, 13))


# Rebasing and fixed baselines ----------------------------------------------------------------


def test_rebasing_computes_each_group_on_its_own() -> None:
    dates = _dates(40)
    values = CALM + [v + 10 for v in CALM]
    result = _chart(values, dates=dates, rebase=[dates[20]])
    assert [(g.start, g.stop) for g in result.groups] == [(0, 20), (20, 40)]
    assert [g.mean for g in result.groups] == [10.0, 20.0]
    assert not any(p.special_cause for p in result.points)
    unbased = _chart(values, dates=dates)
    assert any(p.special_cause for p in unbased.points)


def test_runs_do_not_cross_a_rebase() -> None:
    values = [0.0, 20.0] * 7 + [6.0, 7.0, 8.0, 9.0, 11.0, 12.0, 13.0] + [0.0, 20.0] * 7
    assert _signals(values) == dict.fromkeys(range(14, 21), "7 Point Trend (Increasing)")
    assert _signals(values, rebase=[18]) == {}


def test_a_rebase_on_the_first_date_changes_nothing() -> None:
    dates = _dates(20)
    assert _chart(CALM, dates=dates, rebase=[dates[0]]) == _chart(CALM, dates=dates)


def test_a_rebase_matching_no_date_is_ignored_with_a_warning() -> None:
    dates = _dates(20)
    with pytest.warns(SPCRebaseWarning, match="2030-01-01"):
        result = spc(CALM, dates=dates, rebase=[date(2030, 1, 1)])
    assert len(result.groups) == 1


def test_fixing_the_baseline_uses_only_the_first_points() -> None:
    values = [*CALM[:12], 30.0, 31.0, 30.0]
    result = _chart(values, fix_after_n_points=12)
    assert result.groups[0].mean == 10.0
    assert [p.special_cause_type for p in result.points[12:]] == ["Above UCL"] * 3
    assert _chart(values).groups[0].mean == pytest.approx(14.0667, abs=1e-4)


def test_fixing_applies_within_each_rebase_group() -> None:
    values = CALM[:14] + [v + 10 for v in CALM[:12]] + [50.0]
    result = _chart(values, rebase=[14], fix_after_n_points=12)
    assert [g.mean for g in result.groups] == [10.0, 20.0]
    assert result.points[-1].special_cause_type == "Above UCL"


@pytest.mark.parametrize("fix", [11, 0, -3, 12.5, True, "12"])
def test_a_baseline_shorter_than_twelve_is_refused(fix: object) -> None:
    with pytest.raises(SPCInputError, match="at least 12"):
        spc(CALM, fix_after_n_points=fix)  # type: ignore[arg-type]


# Screening moving ranges ----------------------------------------------------------------------


def test_screening_keeps_a_spike_from_widening_the_limits() -> None:
    values = [*CALM, 40.0, *CALM]
    screened = _chart(values).groups[0]
    unscreened = _chart(values, screen_outliers=False).groups[0]
    assert screened.upper_limit - screened.lower_limit < unscreened.upper_limit - (unscreened.lower_limit)
    assert _signals(values) == {20: "Above UCL"}


def test_a_flat_series_has_no_limits_and_no_signals() -> None:
    result = _chart([5.0] * 15, target=4.0)
    assert math.isnan(result.groups[0].upper_limit)
    assert all(p.point_type is COMMON for p in result.points)
    assert result.assurance is Assurance.INCONSISTENT  # NaN limits fall through, as in R
    unscreened = _chart([5.0] * 15, screen_outliers=False, target=4.0)
    assert unscreened.groups[0].upper_limit == 5.0
    assert unscreened.assurance is Assurance.CONSISTENT_PASS


# Variation and assurance ------------------------------------------------------------------------


def test_the_variation_icon_is_the_type_of_the_last_point() -> None:
    assert _chart([*CALM, 30.0]).variation is IMPROVEMENT
    assert _chart([*CALM, 30.0], improvement="decrease").variation is CONCERN
    assert _chart([*CALM, 30.0, 10.0]).variation is COMMON


@pytest.mark.parametrize(
    ("improvement", "target", "expected"),
    [
        ("increase", 0.0, Assurance.CONSISTENT_PASS),
        ("increase", 20.0, Assurance.CONSISTENT_FAIL),
        ("increase", 10.0, Assurance.INCONSISTENT),
        ("decrease", 0.0, Assurance.CONSISTENT_FAIL),
        ("decrease", 20.0, Assurance.CONSISTENT_PASS),
        ("decrease", 10.0, Assurance.INCONSISTENT),
        ("neutral", 0.0, None),
        ("increase", None, None),
    ],
)
def test_assurance_against_a_target(improvement: str, target: float | None, expected: object) -> None:
    result = _chart(CALM, improvement=improvement, target=target)
    # Mean 10, mean moving range 2: limits 10 -+ 5.32.
    assert (result.groups[0].lower_limit, result.groups[0].upper_limit) == pytest.approx((4.68, 15.32))
    assert result.assurance == expected


def test_a_target_exactly_on_a_limit_is_inconsistent() -> None:
    upper = _chart(CALM).groups[0].upper_limit
    assert _chart(CALM, target=upper).assurance is Assurance.INCONSISTENT
    assert _chart(CALM, target=math.nextafter(upper, math.inf)).assurance is (Assurance.CONSISTENT_FAIL)


def test_assurance_uses_the_last_groups_limits() -> None:
    values = CALM + [v + 100 for v in CALM]
    assert _chart(values, rebase=[20], target=50.0).assurance is Assurance.CONSISTENT_PASS
    assert _chart(CALM, target=50.0).assurance is Assurance.CONSISTENT_FAIL


# Short groups ------------------------------------------------------------------------------


def test_a_group_of_twelve_is_charted_with_a_warning() -> None:
    # R/ptd_add_short_group_warnings.R in 0.2.2 warns when n < 13.
    with pytest.warns(SPCShortGroupWarning, match="fewer than 13"):
        result = spc(CALM[:12])
    assert len(result.points) == 12
    assert result.groups[0].short


def test_a_group_of_thirteen_is_charted_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = spc(CALM[:13])
    assert not result.groups[0].short


def test_two_points_are_enough_to_chart() -> None:
    with pytest.warns(SPCShortGroupWarning):
        result = spc([1.0, 2.0])
    assert result.groups[0].upper_limit == pytest.approx(1.5 + 2.66)


def test_a_short_rebase_group_warns_and_names_its_first_row() -> None:
    with pytest.warns(SPCShortGroupWarning, match=r"row 21 \(5 points\)"):
        spc([*CALM, *CALM[:5]], rebase=[20])


# Errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize("values", [[], [1.0]])
def test_fewer_than_two_points_are_refused(values: list[float]) -> None:
    with pytest.raises(SPCInputError, match="at least two points"):
        spc(values)


@pytest.mark.parametrize(
    ("bad", "message"),
    [(None, "row 3 .index 2.: value is missing"), (math.nan, "row 3"), ("x", "row 3")],
)
def test_a_missing_value_names_its_row(bad: object, message: str) -> None:
    with pytest.raises(SPCInputError, match=message) as error:
        spc([1.0, 2.0, bad, 4.0])
    assert error.value.row == 3


def test_unsorted_dates_name_the_row() -> None:
    dates = _dates(5)
    dates[3], dates[2] = dates[2], dates[3]
    with pytest.raises(SPCInputError, match=r"row 4 \(index 3\).*sort the series") as error:
        spc([1.0, 2.0, 3.0, 4.0, 5.0], dates=dates)
    assert error.value.row == 4


def test_duplicate_dates_name_the_row() -> None:
    dates = _dates(5)
    dates[4] = dates[3]
    with pytest.raises(SPCInputError, match=r"row 5 \(index 4\).*duplicates row 4"):
        spc([1.0, 2.0, 3.0, 4.0, 5.0], dates=dates)


def test_a_missing_date_names_the_row() -> None:
    dates: list[date | None] = list(_dates(5))
    dates[1] = None
    with pytest.raises(SPCInputError, match=r"row 2 \(index 1\): date is missing"):
        spc([1.0, 2.0, 3.0, 4.0, 5.0], dates=dates)


def test_dates_must_match_the_values() -> None:
    with pytest.raises(SPCInputError, match="4 entries but there are 5 values"):
        spc([1.0, 2.0, 3.0, 4.0, 5.0], dates=_dates(4))


def test_an_unknown_improvement_direction_is_refused() -> None:
    with pytest.raises(SPCInputError, match="improvement must be one of"):
        spc(CALM, improvement="up")


def test_a_nan_target_is_refused() -> None:
    with pytest.raises(SPCInputError, match="target"):
        spc(CALM, target=math.nan)


def test_errors_are_value_errors() -> None:
    assert issubclass(SPCInputError, ValueError)


def test_dates_may_be_iso_strings_or_datetimes() -> None:
    as_strings = [d.isoformat() for d in _dates(20)]
    result = _chart(CALM, dates=as_strings, rebase=["2024-03-11"])
    assert [g.start for g in result.groups] == [0, 10]


def test_dates_may_be_numpy_datetimes() -> None:
    months = np.arange("2023-01", "2024-08", dtype="datetime64[M]")
    result = _chart(CALM[:19], dates=months, rebase=[np.datetime64("2023-07")])
    assert [g.start for g in result.groups] == [0, 6]


def test_dates_of_different_kinds_name_the_row() -> None:
    with pytest.raises(SPCInputError, match=r"row 2 \(index 1\).*cannot be compared"):
        spc([1.0, 2.0, 3.0], dates=[date(2024, 1, 1), 5, date(2024, 1, 3)])


def test_without_dates_rebase_takes_indices() -> None:
    with pytest.raises(SPCInputError, match="0-based indices"):
        spc(CALM, rebase=["2024-01-01"])
