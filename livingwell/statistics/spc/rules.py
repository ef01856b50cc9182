"""Making Data Count rules for one group of points, ported line by line from NHSRplotthedots 0.2.2.

Every function here mirrors a function of the R package (named in its docstring) and keeps its
semantics, including the odd corners (padding, ties, points on the mean). They work on one rebase
group of one series; `core.py` splits series into groups and `vectorised.py` applies the same
rules to thousands of series at once. The process limits are computed by `group_limits`, which both
paths share so that their answers agree to the last bit.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

# NHSRplotthedots 0.2.2, R/ptd_spc_standard.R: `limit <- 2.66` (3 / d2, with d2 = 1.128 for moving
# ranges of two points) and `limitclose <- 2 * (limit / 3)` (two sigma, 1.7733...).
LIMIT = 2.66
LIMIT_CLOSE = 2 * (LIMIT / 3)
# R/ptd_spc_standard.R screens moving ranges with `mr < 3.267 * amr` kept, so a moving range equal
# to or above 3.267 (= D4 for n = 2) times the mean moving range is dropped before the limits.
SCREEN_FACTOR = 3.267
# R/ptd_calculate_point_type.R: trends and shifts need 7 points.
RUN_LENGTH = 7

# The labels of `ptd_special_cause_type()` (R/ptd_calculate_point_type.R), kept verbatim so that a
# result can be checked against the package's own output.
ABOVE_UCL = "Above UCL"
BELOW_LCL = "Below LCL"
TREND_UP = "7 Point Trend (Increasing)"
TREND_DOWN = "7 Point Trend (Decreasing)"
TWO_IN_THREE_ABOVE = "2 in 3 Above CL"
TWO_IN_THREE_BELOW = "2 in 3 Below CL"
SHIFT_ABOVE = "7 Points Above CL"
SHIFT_BELOW = "7 Points Below CL"
COMMON_CAUSE_LABEL = "Common Cause"

FloatArray = npt.NDArray[np.float64]


def sign(x: float) -> int:
    """Return R's sign(x) for a finite number: -1, 0 or 1."""
    return (x > 0) - (x < 0)


def group_limits(
    block: FloatArray, fix_after_n_points: int | None, screen_outliers: bool
) -> tuple[FloatArray, FloatArray]:
    """Return the mean and mean moving range of each row of a (series, points) block."""
    # R/ptd_spc_standard.R: `fix_y` keeps the first `fix_after_n_points` of the group (row_number()
    # within facet and rebase group), and both the mean and the moving ranges come from `fix_y`.
    n_points = block.shape[1]
    n_base = n_points if fix_after_n_points is None else min(fix_after_n_points, n_points)
    # A fresh C-contiguous copy: NumPy's pairwise summation then sees the same rows whether the
    # block holds one series or ten thousand, so `spc` and `spc_many` agree exactly.
    base = np.ascontiguousarray(block[:, :n_base])
    mean = base.sum(axis=1) / n_base
    n_ranges = n_base - 1
    if n_ranges == 0:
        # One point: R's `mean(c(NA), na.rm = TRUE)` is NaN, so the limits are NaN too.
        return mean, np.full(block.shape[0], np.nan)
    # |diff|, written in place into one fresh C-contiguous buffer (the same rows as above).
    moving_range = np.subtract(base[:, 1:], base[:, :-1])
    np.abs(moving_range, out=moving_range)
    mean_range = moving_range.sum(axis=1) / n_ranges
    if screen_outliers:
        # Values are finite, so no moving range is NaN and "not kept" is exactly `>=`.
        dropped = moving_range >= (SCREEN_FACTOR * mean_range)[:, None]
        n_kept = n_ranges - np.count_nonzero(dropped, axis=1)
        np.copyto(moving_range, 0.0, where=dropped)
        # All ranges screened out (a flat series: 0 < 0 is false) gives R's NaN mean range.
        with np.errstate(invalid="ignore", divide="ignore"):
            mean_range = np.where(n_kept > 0, moving_range.sum(axis=1) / n_kept, np.nan)
    return mean, mean_range


def seven_point_one_side_mean(relative_to_mean: Sequence[int]) -> list[int]:
    """Mark the last point of each run of 7 on one side of the mean (ptd_seven_point_one_side_mean)."""
    # The R function pads with six zeros in front, so no run ends before the 7th point, and a
    # point on the mean (sign 0) neither starts nor continues a run.
    padded = [0] * (RUN_LENGTH - 1) + list(relative_to_mean)
    return [
        int(padded[i] != 0 and all(padded[i] == padded[i - k] for k in range(1, RUN_LENGTH)))
        for i in range(RUN_LENGTH - 1, len(padded))
    ]


def part_of_seven(run_ends: Sequence[int]) -> list[int]:
    """Mark every point of a run whose last point is flagged (ptd_part_of_seven_trend)."""
    # A point belongs to a run if it, or one of the six points after it, ends a run of 7.
    padded = list(run_ends) + [0] * (RUN_LENGTH - 1)
    return [int(any(abs(padded[i + k]) == 1 for k in range(RUN_LENGTH))) for i in range(len(run_ends))]


def seven_point_trend(values: Sequence[float]) -> list[int]:
    """Mark the last point of 7 strictly rising (1) or falling (-1) points (ptd_seven_point_trend)."""
    n = len(values)
    if n < RUN_LENGTH:
        return [0] * n
    ends = [0] * (RUN_LENGTH - 1)
    for i in range(RUN_LENGTH - 1, n):
        # Six successive differences; a tie (difference 0) breaks the trend in both directions.
        steps = [sign(values[j] - values[j - 1]) for j in range(i - RUN_LENGTH + 2, i + 1)]
        if all(s == 1 for s in steps):
            ends.append(1)
        elif all(s == -1 for s in steps):
            ends.append(-1)
        else:
            ends.append(0)
    return ends


def two_in_three(close_to_limits: Sequence[int], relative_to_mean: Sequence[int]) -> list[int]:
    """Mark points in a window of 3 with 2 near a limit, all on one side (ptd_two_in_three)."""
    n = len(close_to_limits)
    # R pads both vectors with two zeros at each end; a window that reaches into the padding has a
    # zero sign in it, so it can never sum to +-3 and never fires.
    close = [0, 0, *(int(c) for c in close_to_limits), 0, 0]
    side = [0, 0, *relative_to_mean, 0, 0]

    def window(start: int) -> bool:
        return sum(close[start : start + 3]) >= 2 and abs(sum(side[start : start + 3])) == 3

    return [int(window(i) or window(i + 1) or window(i + 2)) for i in range(n)]


def part_of_two_in_three(flags: Sequence[int], close_to_limits: Sequence[int]) -> list[int]:
    """Keep only the flagged points that are themselves near a limit (ptd_part_of_two_in_three)."""
    return [int(f == 1 and bool(c)) for f, c in zip(flags, close_to_limits, strict=True)]


def special_cause_types(
    values: Sequence[float],
    relative_to_mean: Sequence[int],
    close_to_limits: Sequence[int],
    outside_limits: Sequence[int],
) -> list[str]:
    """Label each point with the first rule it breaks, in the package's precedence."""
    # R/ptd_calculate_point_type.R, ptd_special_cause_type().
    n = len(values)
    in_trend = part_of_seven(seven_point_trend(values))
    in_two_of_three = part_of_two_in_three(two_in_three(close_to_limits, relative_to_mean), close_to_limits)
    in_shift = part_of_seven(seven_point_one_side_mean(relative_to_mean))

    # The direction of a trend point is the step to its right when the next point is in a trend
    # too, otherwise the step from its left (so both ends of a trend take the trend's direction, and
    # a trend crossing the mean is coloured by its direction, not by its side: issue #171).
    steps = [sign(values[i + 1] - values[i]) for i in range(n - 1)]
    trend_step = [
        steps[i] if i < n - 1 and in_trend[i] and in_trend[i + 1] else (steps[i - 1] if i else 0)
        for i in range(n)
    ]

    labels = []
    for i in range(n):
        above = relative_to_mean[i] > 0
        if outside_limits[i]:
            # R tests `relative_to_mean == 1`; a point outside the limits is never on the mean.
            labels.append(ABOVE_UCL if relative_to_mean[i] == 1 else BELOW_LCL)
        elif in_trend[i]:
            # `ifelse(sdy == 1, "In", "De")`: a zero step (a tie between two trends) reads as falling.
            labels.append(TREND_UP if trend_step[i] == 1 else TREND_DOWN)
        elif in_two_of_three[i]:
            labels.append(TWO_IN_THREE_ABOVE if above else TWO_IN_THREE_BELOW)
        elif in_shift[i]:
            labels.append(SHIFT_ABOVE if above else SHIFT_BELOW)
        else:
            labels.append(COMMON_CAUSE_LABEL)
    return labels


def label_direction(label: str) -> int:
    """Return +1 for a high signal, -1 for a low one and 0 for common cause (ptd_point_type)."""
    # R uses str_detect(label, "Above|Increasing") and then "Below|Decreasing".
    if "Above" in label or "Increasing" in label:
        return 1
    if "Below" in label or "Decreasing" in label:
        return -1
    return 0
