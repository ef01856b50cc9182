"""Statistical process control (XmR) charts as NHS England's Making Data Count reads them.

The reference is the NHS-R package NHSRplotthedots 0.2.2 (`ptd_spc()`); every rule, constant and
tie-break follows its source, cited where it is used (here, in `rules.py` and
`vectorised.py`). `spc` charts one series point by point; `spc_many` charts thousands of
equal-length series at once with NumPy and gives the same answers. Pure Python: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from livingwell.statistics.spc import rules as spc_rules
from livingwell.statistics.spc.input import (
    SHORT_GROUP_THRESHOLD,
    Improvement,
    SPCInputError,
    SPCRebaseWarning,
    SPCShortGroupWarning,
    as_date_keys,
    as_fix_after,
    as_improvement,
    as_matrix,
    as_target,
    as_values,
    group_bounds,
    warn_short_groups,
)
from livingwell.statistics.spc.rules import LIMIT, LIMIT_CLOSE, group_limits, special_cause_types
from livingwell.statistics.spc.vectorised import (
    RULE_OUTSIDE_LIMITS,
    RULE_SHIFT,
    RULE_TREND,
    RULE_TWO_IN_THREE,
    classify,
)

__all__ = [
    "ASSURANCE_TYPES",
    "POINT_TYPES",
    "SHORT_GROUP_THRESHOLD",
    "Assurance",
    "Improvement",
    "PointType",
    "SPCGroup",
    "SPCInputError",
    "SPCManyResult",
    "SPCPoint",
    "SPCRebaseWarning",
    "SPCResult",
    "SPCShortGroupWarning",
    "spc",
    "spc_many",
]


class PointType(StrEnum):
    """What a point shows (ptd_point_type in R/ptd_calculate_point_type.R)."""

    COMMON_CAUSE = "common_cause"
    SPECIAL_CAUSE_IMPROVEMENT = "special_cause_improvement"
    SPECIAL_CAUSE_CONCERN = "special_cause_concern"
    SPECIAL_CAUSE_NEUTRAL_HIGH = "special_cause_neutral_high"
    SPECIAL_CAUSE_NEUTRAL_LOW = "special_cause_neutral_low"


class Assurance(StrEnum):
    """Whether the process will meet its target (R/ptd_calculate_assurance_type.R)."""

    CONSISTENT_PASS = "consistent_pass"  # noqa: S105 (a status, not a password)
    CONSISTENT_FAIL = "consistent_fail"
    INCONSISTENT = "inconsistent"


# Code -> meaning for the integer arrays of `spc_many`.
POINT_TYPES: tuple[PointType, ...] = tuple(PointType)
ASSURANCE_TYPES: tuple[Assurance | None, ...] = (None, *Assurance)
_POINT_CODE = {point_type: code for code, point_type in enumerate(POINT_TYPES)}
_ASSURANCE_CODE = {assurance: code for code, assurance in enumerate(ASSURANCE_TYPES)}


@dataclass(frozen=True, slots=True)
class SPCPoint:
    """One charted point: its limits and what it signals."""

    index: int
    date: object
    value: float
    mean: float
    lower_limit: float
    upper_limit: float
    special_cause: bool
    point_type: PointType
    special_cause_type: str  # the package's label, e.g. "7 Point Trend (Increasing)"
    group: int


@dataclass(frozen=True, slots=True)
class SPCGroup:
    """A run of points sharing limits, between rebases; `stop` is exclusive."""

    start: int
    stop: int
    mean: float
    lower_limit: float
    upper_limit: float
    short: bool  # fewer than SHORT_GROUP_THRESHOLD points: trial limits


@dataclass(frozen=True, slots=True)
class SPCResult:
    """A charted series: its points, groups, variation icon and assurance against a target."""

    points: tuple[SPCPoint, ...]
    groups: tuple[SPCGroup, ...]
    improvement: Improvement
    target: float | None
    variation: PointType
    assurance: Assurance | None


def _point_type(signal: int, direction: int) -> PointType:
    # ptd_point_type: neutral charts say high/low; otherwise the signal is oriented by direction.
    if signal == 0:
        return PointType.COMMON_CAUSE
    if direction == 0:
        return PointType.SPECIAL_CAUSE_NEUTRAL_HIGH if signal > 0 else PointType.SPECIAL_CAUSE_NEUTRAL_LOW
    if signal * direction > 0:
        return PointType.SPECIAL_CAUSE_IMPROVEMENT
    return PointType.SPECIAL_CAUSE_CONCERN


def _assurance(
    target: float | None, improvement: Improvement, lower: float, upper: float
) -> Assurance | None:
    # R/ptd_calculate_assurance_type.R uses the limits of the last point (so the last rebase
    # group), strict comparisons, and NA limits fall through to "inconsistent".
    if target is None or improvement is Improvement.NEUTRAL:
        return None
    increasing = improvement is Improvement.INCREASE
    if target > upper:
        return Assurance.CONSISTENT_FAIL if increasing else Assurance.CONSISTENT_PASS
    if target < lower:
        return Assurance.CONSISTENT_PASS if increasing else Assurance.CONSISTENT_FAIL
    return Assurance.INCONSISTENT


def spc(
    values: Iterable[Any],
    dates: Iterable[object] | None = None,
    *,
    improvement: str = "increase",
    target: float | None = None,
    rebase: Iterable[object] = (),
    fix_after_n_points: int | None = None,
    screen_outliers: bool = True,
) -> SPCResult:
    """Chart one series as NHSRplotthedots 0.2.2 would, point by point."""
    y = as_values(values)
    date_list = list(dates) if dates is not None else None
    keys = as_date_keys(date_list, y.size) if date_list is not None else None
    direction = as_improvement(improvement)
    fix_after = as_fix_after(fix_after_n_points)
    goal = as_target(target)
    bounds = group_bounds(y.size, keys, rebase)
    short = warn_short_groups(bounds)

    points: list[SPCPoint] = []
    groups: list[SPCGroup] = []
    for group_index, (start, stop) in enumerate(bounds):
        segment = y[start:stop]
        mean_array, range_array = group_limits(segment[None, :], fix_after, bool(screen_outliers))
        mean, mean_range = float(mean_array[0]), float(range_array[0])
        # R/ptd_spc_standard.R: limits, near-limit lines, strict comparisons, sign of y - mean.
        lower, upper = mean - LIMIT * mean_range, mean + LIMIT * mean_range
        near_lower, near_upper = mean - LIMIT_CLOSE * mean_range, mean + LIMIT_CLOSE * mean_range
        seg = segment.tolist()
        outside = [v > upper or v < lower for v in seg]
        side = [spc_rules.sign(v - mean) for v in seg]
        close = [not out and (v < near_lower or v > near_upper) for v, out in zip(seg, outside, strict=True)]
        labels = special_cause_types(seg, side, close, outside)
        groups.append(SPCGroup(start, stop, mean, lower, upper, short[group_index]))
        for offset, (value, label) in enumerate(zip(seg, labels, strict=True)):
            index = start + offset
            points.append(
                SPCPoint(
                    index=index,
                    date=date_list[index] if date_list is not None else None,
                    value=value,
                    mean=mean,
                    lower_limit=lower,
                    upper_limit=upper,
                    special_cause=label != spc_rules.COMMON_CAUSE_LABEL,
                    point_type=_point_type(spc_rules.label_direction(label), direction.sign),
                    special_cause_type=label,
                    group=group_index,
                )
            )
    last = points[-1]
    return SPCResult(
        points=tuple(points),
        groups=tuple(groups),
        improvement=direction,
        target=goal,
        # The variation icon shows the type of the latest point (geom_ptd_icon.R: x == max(x)).
        variation=last.point_type,
        assurance=_assurance(goal, direction, last.lower_limit, last.upper_limit),
    )


@dataclass(frozen=True, slots=True)
class SPCManyResult:
    """Many charted series as arrays of shape (series, points), or (series,) per series."""

    values: npt.NDArray[np.float64]
    dates: tuple[object, ...] | None
    mean: npt.NDArray[np.float64]
    lower_limit: npt.NDArray[np.float64]
    upper_limit: npt.NDArray[np.float64]
    signal: npt.NDArray[np.int8]  # +1 high, -1 low, 0 common cause
    rule: npt.NDArray[np.int8]  # 0 none, 1 outside limits, 2 trend, 3 two in three, 4 shift
    point_type: npt.NDArray[np.int8]  # index into POINT_TYPES
    group: npt.NDArray[np.int64]  # (points,): rebase group of each point
    short_groups: tuple[bool, ...]
    improvement: tuple[Improvement, ...]
    target: npt.NDArray[np.float64]  # NaN where a series has no target
    variation: npt.NDArray[np.int8]  # index into POINT_TYPES
    assurance: npt.NDArray[np.int8]  # index into ASSURANCE_TYPES

    @property
    def special_cause(self) -> npt.NDArray[np.bool_]:
        """Return which points are special cause."""
        return self.rule != 0

    def series(self, index: int) -> SPCResult:
        """Return one series as `spc` would have charted it."""
        labels = _labels(self.rule[index], self.signal[index])
        points = tuple(
            SPCPoint(
                index=i,
                date=self.dates[i] if self.dates is not None else None,
                value=float(self.values[index, i]),
                mean=float(self.mean[index, i]),
                lower_limit=float(self.lower_limit[index, i]),
                upper_limit=float(self.upper_limit[index, i]),
                special_cause=bool(self.rule[index, i] != 0),
                point_type=POINT_TYPES[self.point_type[index, i]],
                special_cause_type=labels[i],
                group=int(self.group[i]),
            )
            for i in range(self.values.shape[1])
        )
        groups = []
        for group_index, short in enumerate(self.short_groups):
            members = np.flatnonzero(self.group == group_index)
            first = points[int(members[0])]
            groups.append(
                SPCGroup(
                    int(members[0]),
                    int(members[-1]) + 1,
                    first.mean,
                    first.lower_limit,
                    first.upper_limit,
                    short,
                )
            )
        target = float(self.target[index])
        return SPCResult(
            points=points,
            groups=tuple(groups),
            improvement=self.improvement[index],
            target=None if np.isnan(target) else target,
            variation=POINT_TYPES[self.variation[index]],
            assurance=ASSURANCE_TYPES[self.assurance[index]],
        )


def _labels(rule: npt.NDArray[np.int8], signal: npt.NDArray[np.int8]) -> list[str]:
    names = {
        (RULE_OUTSIDE_LIMITS, 1): spc_rules.ABOVE_UCL,
        (RULE_OUTSIDE_LIMITS, -1): spc_rules.BELOW_LCL,
        (RULE_TREND, 1): spc_rules.TREND_UP,
        (RULE_TREND, -1): spc_rules.TREND_DOWN,
        (RULE_TWO_IN_THREE, 1): spc_rules.TWO_IN_THREE_ABOVE,
        (RULE_TWO_IN_THREE, -1): spc_rules.TWO_IN_THREE_BELOW,
        (RULE_SHIFT, 1): spc_rules.SHIFT_ABOVE,
        (RULE_SHIFT, -1): spc_rules.SHIFT_BELOW,
    }
    return [
        names.get((int(r), int(s)), spc_rules.COMMON_CAUSE_LABEL) for r, s in zip(rule, signal, strict=True)
    ]


def _per_series_improvement(improvement: str | Sequence[str], n_series: int) -> list[Improvement]:
    if isinstance(improvement, str):
        return [as_improvement(improvement)] * n_series
    directions = [as_improvement(item) for item in improvement]
    if len(directions) != n_series:
        raise SPCInputError(f"improvement has {len(directions)} entries for {n_series} series")
    return directions


def _per_series_target(target: Any, n_series: int) -> npt.NDArray[np.float64]:
    if target is None:
        return np.full(n_series, np.nan)
    if np.ndim(target) == 0:
        single = as_target(target)
        return np.full(n_series, np.nan if single is None else single)
    try:
        targets = np.asarray([np.nan if item is None else item for item in target], dtype=np.float64)
    except (TypeError, ValueError):
        raise SPCInputError("target must be a number, or one number (or NaN) per series") from None
    if targets.shape != (n_series,):
        raise SPCInputError(f"target has {targets.size} entries for {n_series} series")
    return targets


def _point_type_codes(signal: npt.NDArray[np.int8], sign: npt.NDArray[np.int8]) -> npt.NDArray[np.int8]:
    """Return ptd_point_type of every point as a code into POINT_TYPES, in a few int8 passes."""
    # The codes follow PointType's order: common cause 0, improvement 1, concern 2, neutral high
    # 3, neutral low 4. With o = signal * direction (direction taken as +1 on neutral charts),
    # |o| + (o < 0) gives 0, 1 or 2; a neutral chart's special points then add 2.
    neutral = sign == 0
    codes = np.multiply(signal, np.where(neutral, np.int8(1), sign), dtype=np.int8)
    negative = codes < 0
    np.abs(codes, out=codes)
    np.add(codes, negative.view(np.int8), out=codes)
    if neutral.any():
        np.add(codes, (codes != 0).view(np.int8) * (2 * neutral.view(np.int8)), out=codes)
    return codes


def spc_many(
    values: Any,
    dates: Iterable[object] | None = None,
    *,
    improvement: str | Sequence[str] = "increase",
    target: float | Sequence[float | None] | npt.NDArray[np.float64] | None = None,
    rebase: Iterable[object] = (),
    fix_after_n_points: int | None = None,
    screen_outliers: bool = True,
) -> SPCManyResult:
    """Chart many equal-length series at once; each row gives exactly what `spc` gives for it.

    For monitoring many measures (every KPI by borough, every team) in one pass: the options are
    those of `spc`, except that `improvement` and `target` may also give one entry per series.
    The rebase points apply to every series. The result holds arrays of codes rather than objects
    (`SPCManyResult.series(i)` gives one series as an `SPCResult`), and 10,000 series of 60
    points take about 15 ms (bench/bench_spc.py).
    """
    y = as_matrix(values)
    n_series, n_points = y.shape
    date_list = list(dates) if dates is not None else None
    keys = as_date_keys(date_list, n_points) if date_list is not None else None
    directions = _per_series_improvement(improvement, n_series)
    fix_after = as_fix_after(fix_after_n_points)
    targets = _per_series_target(target, n_series)
    bounds = group_bounds(n_points, keys, rebase)
    short = warn_short_groups(bounds)

    # The outputs are filled in place. Each kind is allocated as one block (the float arrays
    # together, the codes together): a few large allocations fault in far fewer pages than five
    # separate ones, which at 10,000 series is a fifth of the time.
    mean, lower, upper = np.empty((3, n_series, n_points))
    signal, rule = np.empty((2, n_series, n_points), dtype=np.int8)
    group = np.empty(n_points, dtype=np.int64)
    limits = []
    for group_index, (start, stop) in enumerate(bounds):
        group_mean, group_range = group_limits(y[:, start:stop], fix_after, bool(screen_outliers))
        limits.append((start, stop, group_mean, group_range))
        group[start:stop] = group_index
    classify(y, limits, mean=mean, lower=lower, upper=upper, signal=signal, rule=rule)

    # One look-up per distinct direction, not a property call per series.
    sign_of = {direction: direction.sign for direction in set(directions)}
    if len(sign_of) == 1:
        sign = np.full((n_series, 1), next(iter(sign_of.values())), dtype=np.int8)
    else:
        sign = np.array([sign_of[d] for d in directions], dtype=np.int8)[:, None]
    point_type = _point_type_codes(signal, sign)

    # ptd_calculate_assurance_type, on the last point's limits; NaN target or neutral -> none.
    last_lower, last_upper, flat_sign = lower[:, -1], upper[:, -1], sign[:, 0]
    fail_code = _ASSURANCE_CODE[Assurance.CONSISTENT_FAIL]
    pass_code = _ASSURANCE_CODE[Assurance.CONSISTENT_PASS]
    assurance = np.select(
        [
            np.isnan(targets) | (flat_sign == 0),
            targets > last_upper,
            targets < last_lower,
        ],
        [
            _ASSURANCE_CODE[None],
            np.where(flat_sign > 0, fail_code, pass_code),
            np.where(flat_sign > 0, pass_code, fail_code),
        ],
        default=_ASSURANCE_CODE[Assurance.INCONSISTENT],
    ).astype(np.int8)

    return SPCManyResult(
        values=y,
        dates=tuple(date_list) if date_list is not None else None,
        mean=mean,
        lower_limit=lower,
        upper_limit=upper,
        signal=signal,
        rule=rule,
        point_type=point_type,
        group=group,
        short_groups=short,
        improvement=tuple(directions),
        target=targets,
        variation=point_type[:, -1].copy(),
        assurance=assurance,
    )
