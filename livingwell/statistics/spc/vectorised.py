"""The Making Data Count rules applied to many series at once, as whole-array NumPy operations.

`classify` takes a (series, points) matrix with the limits of each of its rebase groups and
writes, for every point, exactly what the per-point port in `rules.py` computes for one series
(which in turn mirrors NHSRplotthedots 0.2.2, R/ptd_calculate_point_type.R).

Why it looks the way it does: at 10,000 series the cost is memory traffic, not arithmetic, and
NumPy is several times faster on one long contiguous array than on a (series, points) view that
it must walk row by row. So the rules run on the matrix flattened to one long row (series after
series), on one-byte masks written in place (`out=`) into buffers allocated once per call. A run
is found from *links* (point k and point k+1 both qualify and lie in the same series and rebase
group) by AND-ing shifted copies, doubling the window each time; a window of links can never
cross the end of a series or a rebase, so there are no cumulative sums, counts or per-group
passes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from livingwell.statistics.spc.rules import LIMIT, LIMIT_CLOSE

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int8]
FloatArray = npt.NDArray[np.float64]

# Rule codes, in the package's precedence (ptd_special_cause_type's case_when order).
RULE_NONE = 0
RULE_OUTSIDE_LIMITS = 1
RULE_TREND = 2
RULE_TWO_IN_THREE = 3
RULE_SHIFT = 4


def _and_ahead(first: BoolArray, second: BoolArray, offset: int, out: BoolArray) -> BoolArray:
    """Set out[k] = first[k] & second[k + offset], False where k + offset is past the end."""
    # `out` may be `first` (each element is read and written in the same place) but not
    # `second`, which is read `offset` places ahead of where it would be overwritten.
    end = max(first.size - offset, 0)
    np.logical_and(first[:end], second[offset:], out=out[:end])
    out[end:] = False
    return out


def _or_ahead(first: BoolArray, second: BoolArray, offset: int, out: BoolArray) -> BoolArray:
    """Set out[k] = first[k] | second[k + offset], just first[k] where k + offset is past the end."""
    end = max(first.size - offset, 0)
    np.logical_or(first[:end], second[offset:], out=out[:end])
    out[end:] = first[end:]
    return out


def _or_behind(first: BoolArray, second: BoolArray, offset: int, out: BoolArray) -> BoolArray:
    """Set out[k] = first[k] | second[k - offset], just first[k] before `offset`."""
    out[:offset] = first[:offset]
    np.logical_or(first[offset:], second[: max(second.size - offset, 0)], out=out[offset:])
    return out


def _runs_of_seven(links: BoolArray, work: BoolArray, out: BoolArray) -> BoolArray:
    """Mark k in `out` where links k..k+5 all hold, so points k..k+6 are a run of 7."""
    # R's ptd_seven_point_trend and ptd_seven_point_one_side_mean ask for 7 points in a row
    # (`rules.RUN_LENGTH`; the doubling here is written for 7). R/ptd_calculate_point_type.R pads
    # the front, so no run can end before the 7th point: here no window starts before the first.
    pairs = _and_ahead(links, links, 1, work)
    fours = _and_ahead(pairs, pairs, 2, out)
    return _and_ahead(fours, pairs, 4, out)


def _part_of_seven(starts: BoolArray, work: BoolArray, other: BoolArray, out: BoolArray) -> BoolArray:
    """Mark in `out` every point of the runs of 7 that start where `starts` holds."""
    # ptd_part_of_seven_trend: a point is in a run if a run starts 0 to 6 points before it.
    twos = _or_behind(starts, starts, 1, work)
    fours = _or_behind(twos, twos, 2, other)
    return _or_behind(fours, fours, 3, out)


def classify(
    values: FloatArray,
    groups: Sequence[tuple[int, int, FloatArray, FloatArray]],
    *,
    mean: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
    signal: IntArray,
    rule: IntArray,
) -> None:
    """Write the limits, signal direction (+1, -1, 0) and rule code of every point of `values`.

    `values` is a C-contiguous (series, points) matrix; `groups` holds, for each rebase group,
    its (start, stop) columns and every series' mean and mean moving range over it (from
    `rules.group_limits`). The five outputs are C-contiguous arrays of the matrix's shape.
    """
    n_series, n_points = values.shape
    flat = values.reshape(-1)
    size = flat.size

    # One allocation for all the masks: a block this size is backed by huge pages where the
    # system offers them, which costs a fraction of sixteen separate page-faulted buffers.
    masks = np.empty((16, size), dtype=np.bool_)
    pos, neg, outside, close, links, rises, falls, up_links, down_links = masks[:9]
    in_trend, in_shift, in_two, up, work_a, work_b, work_c = masks[9:]

    # R/ptd_spc_standard.R: limits and the two-sigma "near" lines of each group, then the strict
    # comparisons. The near lines are only compared with, so they stay (series, 1) columns.
    close_2d, work_2d = close.reshape(n_series, n_points), work_a.reshape(n_series, n_points)
    pattern = np.zeros(n_points, dtype=np.bool_)
    for start, stop, group_mean, group_range in groups:
        centre, spread = group_mean[:, None], group_range[:, None]
        block = values[:, start:stop]
        np.copyto(mean[:, start:stop], centre)
        np.copyto(lower[:, start:stop], centre - LIMIT * spread)
        np.copyto(upper[:, start:stop], centre + LIMIT * spread)
        np.less(block, centre - LIMIT_CLOSE * spread, out=close_2d[:, start:stop])
        np.greater(block, centre + LIMIT_CLOSE * spread, out=work_2d[:, start:stop])
        # Links join neighbours within a group: never the last point of a group to the next.
        pattern[start : stop - 1] = True
    # ...and never the last point of one series to the first of the next.
    np.copyto(links.reshape(n_series, n_points), pattern)
    np.logical_or(close, work_a, out=close)

    # sign(y - mean) as two masks: for finite numbers y - mean > 0 exactly when y > mean.
    mean_flat, lower_flat, upper_flat = mean.reshape(-1), lower.reshape(-1), upper.reshape(-1)
    np.greater(flat, mean_flat, out=pos)
    np.less(flat, mean_flat, out=neg)
    # NaN limits (a single point, or every moving range screened out) compare false, as R's NA
    # does inside case_when.
    np.greater(flat, upper_flat, out=outside)
    np.logical_or(outside, np.less(flat, lower_flat, out=work_a), out=outside)
    np.logical_and(close, np.logical_not(outside, out=work_a), out=close)

    # Trend (ptd_seven_point_trend): six successive strict steps the same way; a tie (a zero step)
    # breaks it both ways. rises[k] is a rise from point k to point k+1 of the same group.
    np.greater(flat[1:], flat[:-1], out=rises[:-1])
    np.less(flat[1:], flat[:-1], out=falls[:-1])
    np.logical_and(rises, links, out=rises)  # the last element is never a link
    np.logical_and(falls, links, out=falls)
    starts = _runs_of_seven(rises, work_a, work_b)
    np.logical_or(starts, _runs_of_seven(falls, work_a, work_c), out=starts)
    _part_of_seven(starts, work_a, work_c, in_trend)

    # Shift (ptd_seven_point_one_side_mean): seven points strictly on one side of the mean.
    np.logical_and(_and_ahead(pos, pos, 1, up_links), links, out=up_links)
    np.logical_and(_and_ahead(neg, neg, 1, down_links), links, out=down_links)
    starts = _runs_of_seven(up_links, work_a, work_b)
    np.logical_or(starts, _runs_of_seven(down_links, work_a, work_c), out=starts)
    _part_of_seven(starts, work_a, work_c, in_shift)

    # Two in three (ptd_two_in_three, ptd_part_of_two_in_three): a window of three points with two
    # or more near a limit and all three strictly on one side fires for all its points, and only
    # the near points among them are flagged. A window that starts at k needs links k and k+1 on
    # one side, so it never crosses a group, nor reaches into R's padding.
    one_side = _and_ahead(up_links, up_links, 1, work_a)
    np.logical_or(one_side, _and_ahead(down_links, down_links, 1, work_b), out=one_side)
    first_two = _and_ahead(close, close, 1, work_b)  # points k and k+1 near a limit
    first_last = _and_ahead(close, close, 2, work_c)  # k and k+2
    near = _or_ahead(first_last, first_two, 1, work_c)  # ... or k+1 and k+2
    np.logical_or(near, first_two, out=near)
    fires = np.logical_and(one_side, near, out=work_a)
    _or_behind(_or_behind(fires, fires, 1, work_b), fires, 2, in_two)
    np.logical_and(in_two, close, out=in_two)

    # Direction of a trend point: the step to its right if the next point is in a trend too (in
    # the same group), otherwise the step from its left (R's `sdy`); anything but a rise reads
    # as "Decreasing", and the first point of a group has no step from its left.
    up[0] = False
    up[1:] = rises[:-1]
    both_in_trend = _and_ahead(in_trend, in_trend, 1, work_a)
    np.logical_and(both_in_trend, links, out=both_in_trend)
    np.copyto(up, rises, where=both_in_trend)

    # Precedence (case_when order): outside limits, then trend, then two in three, then shift.
    # With the cumulative masks A = outside, B = A|trend, C = B|two, D = C|shift, the code 1..4
    # of the first rule that holds (0 if none) is 4D - A - B - C.
    rule_flat, signal_flat = rule.reshape(-1), signal.reshape(-1)
    any_b = np.logical_or(outside, in_trend, out=work_a)
    any_c = np.logical_or(any_b, in_two, out=work_b)
    special = np.logical_or(any_c, in_shift, out=work_c)
    np.multiply(special.view(np.int8), np.int8(4), out=rule_flat)
    for cumulative in (outside, any_b, any_c):
        np.subtract(rule_flat, cumulative.view(np.int8), out=rule_flat)

    # A trend point (not outside the limits) takes the trend's direction; every other special
    # point is high when above the mean (R: `relative_to_mean == 1` outside the limits, `> 0` for
    # two in three and shifts; the same for a point off the mean). signal = 2*high - special.
    trend_wins = np.logical_and(in_trend, np.logical_not(outside, out=work_a), out=in_trend)
    high = pos
    np.copyto(high, up, where=trend_wins)
    np.logical_and(high, special, out=high)
    np.add(high.view(np.int8), high.view(np.int8), out=signal_flat)
    np.subtract(signal_flat, special.view(np.int8), out=signal_flat)
