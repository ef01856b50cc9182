"""The Making Data Count rules applied to many series at once, as whole-array NumPy operations.

Each function computes, for a block of shape (series, points) holding one rebase group of every
series, exactly what the per-point port in `spc_rules.py` computes for one series (which in turn
mirrors NHSRplotthedots 0.2.2, R/ptd_calculate_point_type.R). Runs and windows become differences
of cumulative sums, so the cost is a handful of passes over the block whatever its size.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from livingwell.statistics.spc.rules import LIMIT, LIMIT_CLOSE, RUN_LENGTH

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int8]
FloatArray = npt.NDArray[np.float64]

# Rule codes, in the package's precedence (ptd_special_cause_type's case_when order).
RULE_NONE = 0
RULE_OUTSIDE_LIMITS = 1
RULE_TREND = 2
RULE_TWO_IN_THREE = 3
RULE_SHIFT = 4


def _window_count(flags: BoolArray, width: int) -> npt.NDArray[np.int64]:
    """Count the true flags in each window of `width` points ending at each point (0 if short)."""
    n_series, n_points = flags.shape
    counts = np.zeros((n_series, n_points), dtype=np.int64)
    if n_points < width:
        return counts
    cumulative = np.zeros((n_series, n_points + 1), dtype=np.int64)
    np.cumsum(flags, axis=1, out=cumulative[:, 1:])
    counts[:, width - 1 :] = cumulative[:, width:] - cumulative[:, : n_points + 1 - width]
    return counts


def _part_of_run(run_ends: BoolArray) -> BoolArray:
    """Mark every point of a run of 7 from the flags on its last points (ptd_part_of_seven_trend)."""
    # A point belongs to a run if it or one of the next six points ends one (R pads the end with
    # six zeros, so the window simply stops at the last point).
    n_series, n_points = run_ends.shape
    cumulative = np.zeros((n_series, n_points + 1), dtype=np.int64)
    np.cumsum(run_ends, axis=1, out=cumulative[:, 1:])
    stop = np.minimum(np.arange(n_points) + RUN_LENGTH, n_points)
    ahead: npt.NDArray[np.int64] = cumulative[:, stop] - cumulative[:, :n_points]
    return ahead > 0


def classify_block(
    block: FloatArray, mean: FloatArray, mean_range: FloatArray
) -> tuple[IntArray, IntArray, FloatArray, FloatArray]:
    """Return the signal direction, rule code, lower and upper limit of every point of a block."""
    n_series, n_points = block.shape
    centre = mean[:, None]
    # R/ptd_spc_standard.R: limits, the two-sigma "near" lines, and the strict comparisons below.
    lower = centre - LIMIT * mean_range[:, None]
    upper = centre + LIMIT * mean_range[:, None]
    near_lower = centre - LIMIT_CLOSE * mean_range[:, None]
    near_upper = centre + LIMIT_CLOSE * mean_range[:, None]
    # NaN limits (a single point, or every moving range screened out) compare false, as R's NA
    # does inside case_when.
    outside = (block > upper) | (block < lower)
    side = np.sign(block - centre).astype(np.int8)
    close = ~outside & ((block < near_lower) | (block > near_upper))

    # Trend (ptd_seven_point_trend): six successive strict steps the same way.
    steps = np.sign(np.diff(block, axis=1)).astype(np.int8)
    rises = np.zeros((n_series, n_points), dtype=bool)
    falls = np.zeros((n_series, n_points), dtype=bool)
    rises[:, 1:] = steps == 1
    falls[:, 1:] = steps == -1
    trend_end = (_window_count(rises, RUN_LENGTH - 1) == RUN_LENGTH - 1) | (
        _window_count(falls, RUN_LENGTH - 1) == RUN_LENGTH - 1
    )
    # Steps are placed at the point they lead to, so a window of six steps ending at point i spans
    # points i-6..i; it must not reach back past the first point.
    trend_end[:, : RUN_LENGTH - 1] = False
    in_trend = _part_of_run(trend_end)

    # Shift (ptd_seven_point_one_side_mean): seven points with the same non-zero sign.
    shift_end = (_window_count(side == 1, RUN_LENGTH) == RUN_LENGTH) | (
        _window_count(side == -1, RUN_LENGTH) == RUN_LENGTH
    )
    in_shift = _part_of_run(shift_end)

    # Two in three (ptd_two_in_three, ptd_part_of_two_in_three): a window of three points with two
    # or more near a limit and all three strictly on one side fires for all its points, and only
    # the near points among them are flagged.
    window_close = _window_count(close, 3) >= 2
    window_side = _window_count(side == 1, 3) == 3
    window_side |= _window_count(side == -1, 3) == 3
    # _window_count is 0 before the third point, so windows never reach into R's padding.
    window_fires = window_close & window_side
    fired = window_fires.copy()
    fired[:, :-1] |= window_fires[:, 1:]
    fired[:, :-2] |= window_fires[:, 2:]
    in_two_of_three = fired & close

    # Direction of a trend point: the step to its right if the next point is in a trend too,
    # otherwise the step from its left (R's `sdy`); anything but +1 reads as "Decreasing".
    step_left = np.zeros((n_series, n_points), dtype=np.int8)
    step_left[:, 1:] = steps
    step_right = np.zeros((n_series, n_points), dtype=np.int8)
    step_right[:, :-1] = steps
    both_in_trend = np.zeros((n_series, n_points), dtype=bool)
    both_in_trend[:, :-1] = in_trend[:, :-1] & in_trend[:, 1:]
    trend_step = np.where(both_in_trend, step_right, step_left)
    trend_direction = np.where(trend_step == 1, 1, -1).astype(np.int8)

    high_or_low = np.where(side > 0, 1, -1).astype(np.int8)
    outside_direction = np.where(side == 1, 1, -1).astype(np.int8)
    direction = np.select(
        [outside, in_trend, in_two_of_three, in_shift],
        [outside_direction, trend_direction, high_or_low, high_or_low],
        default=0,
    ).astype(np.int8)
    rule = np.select(
        [outside, in_trend, in_two_of_three, in_shift],
        [RULE_OUTSIDE_LIMITS, RULE_TREND, RULE_TWO_IN_THREE, RULE_SHIFT],
        default=RULE_NONE,
    ).astype(np.int8)
    return (
        direction,
        rule,
        np.broadcast_to(lower, block.shape).copy(),
        np.broadcast_to(upper, block.shape).copy(),
    )
