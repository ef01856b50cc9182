"""The rule helpers against the expectations of NHSRplotthedots 0.2.2's own tests.

Ported from tests/testthat/test-ptd_calculate_point_type.R and the snapshot in
tests/testthat/_snaps/ptd_spc_standard.md (R's `set.seed(123); rnorm(20)`).
"""

from __future__ import annotations

import numpy as np
import pytest

from livingwell.statistics.spc import rules as spc_rules
from livingwell.statistics.spc.rules import (
    group_limits,
    part_of_seven,
    part_of_two_in_three,
    seven_point_one_side_mean,
    seven_point_trend,
    two_in_three,
)

# R: set.seed(123); rnorm(20), as printed in the package's snapshots.
RNORM_123 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621,
    -1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272,
    -0.55584113, 1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]  # fmt: skip


def _limits(
    values: list[float], *, screen: bool = True, fix: int | None = None
) -> tuple[float, float, float]:
    mean, mean_range = group_limits(np.array([values]), fix, screen)
    m, a = float(mean[0]), float(mean_range[0])
    return m, m - spc_rules.LIMIT * a, m + spc_rules.LIMIT * a


def test_constants_are_the_packages() -> None:
    assert spc_rules.LIMIT == 2.66
    assert pytest.approx(1.7733333333) == spc_rules.LIMIT_CLOSE
    assert spc_rules.SCREEN_FACTOR == 3.267


def test_limits_match_the_published_snapshot() -> None:
    # _snaps/ptd_spc_standard.md, r1: mean 0.1416238, lpl -3.01138, upl 3.294627.
    mean, lower, upper = _limits(RNORM_123)
    assert mean == pytest.approx(0.1416238, abs=5e-8)
    assert lower == pytest.approx(-3.01138, abs=5e-6)
    assert upper == pytest.approx(3.294627, abs=5e-7)


def test_screening_outliers_matches_the_published_snapshot() -> None:
    # r2 (y[15] <- 10, screened) and r3 (screen_outliers = FALSE).
    values = list(RNORM_123)
    values[14] = 10
    mean, lower, upper = _limits(values)
    assert mean == pytest.approx(0.6694159, abs=5e-8)
    assert (lower, upper) == pytest.approx((-2.383666, 3.722497), abs=5e-7)
    _, lower, upper = _limits(values, screen=False)
    assert (lower, upper) == pytest.approx((-4.596625, 5.935457), abs=5e-7)


def test_facets_match_the_published_summary() -> None:
    # _snaps/ptd_spc.md, facet_field = "facet": two groups of ten.
    assert _limits(RNORM_123[:10]) == pytest.approx((0.0746, -2.60, 2.75), abs=5e-3)
    assert _limits(RNORM_123[10:]) == pytest.approx((0.209, -3.28, 3.70), abs=5e-3)


def test_a_moving_range_exactly_at_the_screening_bound_is_screened() -> None:
    # R keeps `mr < 3.267 * amr`, so a range equal to the bound goes. Twelve ranges of 1 and a
    # last range b chosen so that b == 3.267 * mean(ranges) holds exactly in floating point.
    bound = 4.027946162539813
    values = np.array([[0.0, 1.0] * 6 + [0.0, bound]])
    ranges = np.abs(np.diff(values))
    assert ranges[0, -1] == spc_rules.SCREEN_FACTOR * (ranges.sum() / ranges.size)
    _, amr = group_limits(values, None, True)
    assert amr[0] == 1.0
    _, amr = group_limits(values, None, False)
    assert amr[0] == ranges.sum() / ranges.size


def test_a_moving_range_below_the_screening_bound_is_kept() -> None:
    values = np.array([[0.0, 1.0] * 6 + [0.0, 4.0]])
    _, amr = group_limits(values, None, True)
    assert amr[0] == 16.0 / 13


def test_a_flat_series_has_nan_limits_when_screening() -> None:
    # Every moving range is 0 and `0 < 3.267 * 0` is false, so R screens them all: NaN limits.
    mean, lower, upper = _limits([5.0] * 10)
    assert mean == 5.0
    assert np.isnan(lower)
    assert np.isnan(upper)
    assert _limits([5.0] * 10, screen=False) == (5.0, 5.0, 5.0)


def test_fixing_uses_only_the_first_points() -> None:
    values = [float(v) for v in range(1, 13)] + [100.0] * 8
    assert _limits(values, fix=12) == _limits(values[:12])


def test_seven_point_one_side_mean() -> None:
    assert seven_point_one_side_mean([]) == []
    assert seven_point_one_side_mean([1] * 6) == [0] * 6
    assert seven_point_one_side_mean([1] * 6 + [-1]) == [0] * 7
    assert seven_point_one_side_mean([1] * 8 + [-1]) == [0, 0, 0, 0, 0, 0, 1, 1, 0]
    assert seven_point_one_side_mean([-1] * 8 + [1]) == [0, 0, 0, 0, 0, 0, 1, 1, 0]
    assert seven_point_one_side_mean([-1] + [1] * 8 + [-1]) == [0] * 7 + [1, 1, 0]
    # A point on the mean (0) never extends a run.
    assert seven_point_one_side_mean([1, 1, 1, 0, 1, 1, 1, 1]) == [0] * 8


def test_part_of_seven() -> None:
    assert part_of_seven([]) == []
    assert part_of_seven([0] * 6) == [0] * 6
    assert part_of_seven([0] * 6 + [1, 0]) == [1] * 7 + [0]
    assert part_of_seven([0] * 7 + [1, 0]) == [0] + [1] * 7 + [0]
    assert part_of_seven([0] * 6 + [-1, 0]) == [1] * 7 + [0]
    assert part_of_seven([0] * 7 + [-1, 0]) == [0] + [1] * 7 + [0]


def test_seven_point_trend() -> None:
    assert seven_point_trend([]) == []
    assert seven_point_trend([1, 2, 3, 4, 5, 6]) == [0] * 6
    assert seven_point_trend([1, 2, 3, 3, 4, 5, 6]) == [0] * 7  # a tie breaks it
    assert seven_point_trend(list(range(1, 8))) == [0] * 6 + [1]
    assert seven_point_trend([2, *range(1, 8), 3]) == [0] * 7 + [1, 0]
    assert seven_point_trend(list(range(7, 0, -1))) == [0] * 6 + [-1]
    assert seven_point_trend([2, *range(7, 0, -1), 3]) == [0] * 7 + [-1, 0]


def test_two_in_three() -> None:
    assert two_in_three([], []) == []
    assert two_in_three([0, 0, 0], [0, 0, 0]) == [0, 0, 0]
    for close in ([1, 0, 1], [0, 1, 1], [1, 1, 0]):
        assert two_in_three(close, [1, 1, 1]) == [1, 1, 1]
    assert two_in_three([0, 0, 1, 0, 1, 0, 0], [1] * 7) == [0, 0, 1, 1, 1, 0, 0]
    assert two_in_three([0, 0, 1, 1, 0, 0, 0], [1] * 7) == [0, 1, 1, 1, 1, 0, 0]


def test_two_in_three_needs_all_three_on_one_side() -> None:
    # Issue #143, fixed in 0.2.x: points on opposite sides of the mean do not fire.
    for close in ([1, 0, 1], [0, 1, 1], [1, 1, 0]):
        assert two_in_three(close, [1, -1, 1]) == [0, 0, 0]
    assert two_in_three([0, 0, 1, 0, 1, 0, 0], [1, -1, 1, -1, 1, -1, 1]) == [0] * 7
    assert two_in_three([0, 0, 1, 1, 0, 0, 0], [-1, 1, -1, 1, -1, 1, -1]) == [0] * 7


def test_part_of_two_in_three() -> None:
    cases = {
        (1, 0, 1): [1, 0, 1],
        (0, 1, 1): [0, 1, 1],
        (1, 1, 0): [1, 1, 0],
        (0, 0, 1, 0, 1, 0, 0): [0, 0, 1, 0, 1, 0, 0],
        (1, 0, 0, 1): [0, 0, 0, 0],
        (1, 0, 0, 1, 1): [0, 0, 0, 1, 1],
    }
    for close, expected in cases.items():
        flags = two_in_three([bool(c) for c in close], [1] * len(close))
        assert part_of_two_in_three(flags, [bool(c) for c in close]) == expected


def test_label_direction() -> None:
    assert spc_rules.label_direction(spc_rules.TREND_UP) == 1
    assert spc_rules.label_direction(spc_rules.BELOW_LCL) == -1
    assert spc_rules.label_direction(spc_rules.SHIFT_ABOVE) == 1
    assert spc_rules.label_direction(spc_rules.COMMON_CAUSE_LABEL) == 0
