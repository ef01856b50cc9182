"""Funnel plots for comparing groups (teams, practices, boroughs), exactly as FunnelPlotR 0.6.0.

Pure core: no Django. `funnel()` validates the data, estimates overdispersion if asked, and
returns each group's value, control limits and outlier flag. Sources, all FunnelPlotR 0.6.0:
R/funnel_plot.R (the pipeline and its defaults), R/aggregate_func.R (the value), R/od_adjustment.R
(φ, τ²; see funnel_overdispersion.py), R/calculate_limits.R and R/build_limits_lookup.R (limits; see
funnel_limits.py), R/outliers_func.R (the flag). Method: Spiegelhalter (2005) doi:10.1002/sim.1970.

Where our keyword defaults differ from the R package's argument defaults, the R behaviour is one
keyword away: R's `funnel_plot()` defaults to `overdispersion="shmi"` (draw_adjusted = TRUE,
sr_method = "SHMI") and flags outliers at `limit = 99`, i.e. our `outlier_level=99.8`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from livingwell.statistics.funnel.limits import (
    Z_BY_LEVEL,
    FloatArray,
    Kind,
    SrMethod,
    control_limits,
    limits_grid,
)
from livingwell.statistics.funnel.overdispersion import OverdispersionError, estimate_overdispersion
from livingwell.statistics.rounding import r_round

OverdispersionMethod = Literal["none", "shmi", "cqc"]
KINDS: tuple[Kind, ...] = ("sr", "proportion", "ratio")
OVERDISPERSION_METHODS: tuple[OverdispersionMethod, ...] = ("none", "shmi", "cqc")
LEVELS: tuple[float, ...] = tuple(Z_BY_LEVEL)


class FunnelInputError(ValueError):
    """Raised for data a funnel plot cannot be drawn from; `row` is 1-based when known."""

    def __init__(self, message: str, row: int | None = None) -> None:
        super().__init__(f"row {row}: {message}" if row is not None else message)
        self.row = row


@dataclass(frozen=True)
class GroupLimit:
    """One pair of control limits at a group's denominator, and whether the group is outside."""

    level: float
    lower: float
    upper: float
    outlier: bool


@dataclass(frozen=True)
class FunnelGroup:
    """One group's point on the funnel plot."""

    group: str
    numerator: float
    # The denominator the limits are evaluated at: SHMI rounding makes it differ from the input.
    denominator: float
    value: float
    # Limits in use (overdispersion-adjusted when `FunnelResult.adjusted`), one per level.
    limits: tuple[GroupLimit, ...]
    # Plain limits (exact Poisson for SR), one per level; equal to `limits` when not adjusted.
    unadjusted_limits: tuple[GroupLimit, ...]
    # Outside the `limits` at `FunnelResult.outlier_level`.
    outlier: bool


@dataclass(frozen=True)
class FunnelResult:
    """A funnel plot's groups, centre line and overdispersion estimate."""

    kind: Kind
    overdispersion: OverdispersionMethod
    levels: tuple[float, ...]
    outlier_level: float
    target: float
    multiplier: float
    trim: float
    shmi_rounding: bool
    # φ and τ²; None when overdispersion is "none" (R reports 0 for both in that case).
    phi: float | None
    tau2: float | None
    # Whether adjusted limits are in use: overdispersion on and φ > 1.
    adjusted: bool
    groups: tuple[FunnelGroup, ...]

    @property
    def outliers(self) -> tuple[FunnelGroup, ...]:
        """Return the groups outside the limits at the outlier level."""
        return tuple(group for group in self.groups if group.outlier)

    @property
    def sr_method(self) -> SrMethod:
        """Return the standardised-ratio method whose transform the limits use."""
        return "cqc" if self.overdispersion == "cqc" else "shmi"


@dataclass(frozen=True)
class LimitCurve:
    """A control-limit curve over FunnelPlotR's plotting grid, for drawing."""

    level: float
    adjusted: bool
    denominators: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]


def funnel(
    numerator: Sequence[float | None],
    denominator: Sequence[float | None],
    groups: Sequence[str],
    *,
    kind: Kind = "sr",
    limits: Sequence[float] = (95, 99.8),
    overdispersion: OverdispersionMethod = "none",
    trim: float = 0.1,
    outlier_level: float = 99.8,
    multiplier: float = 1.0,
    shmi_rounding: bool | None = None,
) -> FunnelResult:
    """Compare groups on a funnel plot with FunnelPlotR 0.6.0's limits, φ, τ² and outliers."""
    levels = _check_options(kind, limits, overdispersion, trim, outlier_level, multiplier)
    num, raw_den = _validated(numerator, denominator, groups, kind)
    sr_method: SrMethod = "cqc" if overdispersion == "cqc" else "shmi"
    # funnel_plot.R rounds SR expected values to 2 dp when sr_method is SHMI and SHMI_rounding is
    # TRUE (both R defaults), whether or not limits are adjusted; None follows the method chosen.
    rounding = kind == "sr" and (overdispersion == "shmi" if shmi_rounding is None else shmi_rounding)
    den = _rounded_expected(raw_den) if rounding else raw_den
    # aggregate_func.R computes rr = numerator/denominator before that rounding.
    values = num / raw_den * multiplier
    target = _target(kind, num, den)
    if kind == "ratio" and target == 0:
        # log(0) makes every ratio-of-counts limit 0 (and the adjusted ones NaN) in R; refuse.
        raise FunnelInputError("every numerator is zero, so a ratio of counts has no funnel")

    phi: float | None = None
    tau2: float | None = None
    adjusted = False
    if overdispersion != "none":
        try:
            estimate = estimate_overdispersion(kind, sr_method, num, den, trim)
        except OverdispersionError as error:
            raise FunnelInputError(str(error)) from error
        phi, tau2 = estimate.phi, estimate.tau2
        # funnel_plot.R: with draw_adjusted and φ <= 1, fall back silently to unadjusted limits.
        adjusted = phi > 1

    grid = limits_grid(kind, den)
    at = np.searchsorted(grid, den)
    in_use: list[list[GroupLimit]] = [[] for _ in groups]
    plain: list[list[GroupLimit]] = [[] for _ in groups]
    for level in levels:
        for adjusted_set, store in ((False, plain), (True, in_use)):
            if adjusted_set and not adjusted:
                continue
            lower, upper = control_limits(
                grid,
                kind=kind,
                level=level,
                target=target,
                tau2=tau2 or 0.0,
                adjusted=adjusted_set,
                sr_method=sr_method,
                multiplier=multiplier,
            )
            for i, value in enumerate(values.tolist()):
                store[i].append(_group_limit(level, float(lower[at[i]]), float(upper[at[i]]), value))
    if not adjusted:
        in_use = plain

    result_groups = tuple(
        FunnelGroup(
            group=groups[i],
            numerator=float(num[i]),
            denominator=float(den[i]),
            value=float(values[i]),
            limits=tuple(in_use[i]),
            unadjusted_limits=tuple(plain[i]),
            outlier=next(lim.outlier for lim in in_use[i] if lim.level == outlier_level),
        )
        for i in range(len(groups))
    )
    return FunnelResult(
        kind=kind,
        overdispersion=overdispersion,
        levels=levels,
        outlier_level=outlier_level,
        target=target * multiplier,
        multiplier=multiplier,
        trim=trim,
        shmi_rounding=rounding,
        phi=phi,
        tau2=tau2,
        adjusted=adjusted,
        groups=result_groups,
    )


def limit_curves(result: FunnelResult) -> tuple[LimitCurve, ...]:
    """Return the limits in use over FunnelPlotR's plotting grid, one curve per level."""
    num = np.array([group.numerator for group in result.groups], dtype=np.float64)
    den = np.array([group.denominator for group in result.groups], dtype=np.float64)
    grid = limits_grid(result.kind, den)
    curves = []
    for level in result.levels:
        lower, upper = control_limits(
            grid,
            kind=result.kind,
            level=level,
            target=_target(result.kind, num, den),
            tau2=result.tau2 or 0.0,
            adjusted=result.adjusted,
            sr_method=result.sr_method,
            multiplier=result.multiplier,
        )
        curves.append(
            LimitCurve(
                level=level,
                adjusted=result.adjusted,
                denominators=tuple(grid.tolist()),
                lower=tuple(lower.tolist()),
                upper=tuple(upper.tolist()),
            )
        )
    return tuple(curves)


def _target(kind: Kind, num: FloatArray, den: FloatArray) -> float:
    # funnel_plot.R: 1 for SR, else the pooled sum(numerator)/sum(denominator). R's sum()
    # accumulates in long double; fsum is the closest portable equivalent.
    return 1.0 if kind == "sr" else math.fsum(num.tolist()) / math.fsum(den.tolist())


def _group_limit(level: float, lower: float, upper: float, value: float) -> GroupLimit:
    # outliers_func.R: inside when lower <= value <= upper, so a value on a limit is not an outlier.
    return GroupLimit(level=level, lower=lower, upper=upper, outlier=not lower <= value <= upper)


def _check_options(
    kind: str,
    limits: Sequence[float],
    overdispersion: str,
    trim: float,
    outlier_level: float,
    multiplier: float,
) -> tuple[float, ...]:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    if overdispersion not in OVERDISPERSION_METHODS:
        raise ValueError(
            f"overdispersion must be one of {', '.join(OVERDISPERSION_METHODS)}; got {overdispersion!r}"
        )
    levels = tuple(sorted({float(level) for level in limits}))
    # FunnelPlotR 0.6.0 hard-codes exactly these two levels (calculate_limits.R).
    if not levels or any(level not in Z_BY_LEVEL for level in levels):
        raise ValueError(f"limits must be drawn from 95 and 99.8; got {list(limits)}")
    if float(outlier_level) not in levels:
        raise ValueError(f"outlier_level {outlier_level:g} is not one of the limits drawn")
    if not (0 <= trim < 0.5):
        raise ValueError(f"trim must be at least 0 and below 0.5 (each end); got {trim:g}")
    if not (math.isfinite(multiplier) and multiplier > 0):
        raise ValueError(f"multiplier must be a positive number; got {multiplier:g}")
    return levels


def _validated(
    numerator: Sequence[float | None],
    denominator: Sequence[float | None],
    groups: Sequence[str],
    kind: Kind,
) -> tuple[FloatArray, FloatArray]:
    if not len(numerator) == len(denominator) == len(groups):
        raise FunnelInputError(
            f"numerator, denominator and groups must have the same length; got "
            f"{len(numerator)}, {len(denominator)} and {len(groups)}"
        )
    if not groups:
        raise FunnelInputError("no groups to plot")
    first_row: dict[str, int] = {}
    nums: list[float] = []
    dens: list[float] = []
    for row, (raw_num, raw_den, group) in enumerate(
        zip(numerator, denominator, groups, strict=True), start=1
    ):
        if not isinstance(group, str) or not group.strip():
            raise FunnelInputError("group name is missing", row)
        if group in first_row:
            raise FunnelInputError(f"group {group!r} repeats row {first_row[group]}", row)
        first_row[group] = row
        num = _number(raw_num, "numerator", row)
        den = _number(raw_den, "denominator", row)
        if num < 0:
            raise FunnelInputError(f"numerator must not be negative; got {num:g}", row)
        if den <= 0:
            raise FunnelInputError(f"denominator must be greater than zero; got {den:g}", row)
        if kind == "proportion" and num > den:
            raise FunnelInputError(
                f"a proportion's numerator ({num:g}) must not exceed its denominator ({den:g})", row
            )
        nums.append(num)
        dens.append(den)
    return np.array(nums, dtype=np.float64), np.array(dens, dtype=np.float64)


def _number(raw: object, name: str, row: int) -> float:
    if raw is None:
        raise FunnelInputError(f"{name} is missing", row)
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise FunnelInputError(f"{name} {raw!r} is not a number", row) from None
    if math.isnan(value):
        raise FunnelInputError(f"{name} is missing", row)
    if math.isinf(value):
        raise FunnelInputError(f"{name} must be finite; got {value}", row)
    return value


def _rounded_expected(expected: FloatArray) -> FloatArray:
    # funnel_plot.R's round(denominator, 2) in R >= 4.0.0, which is not Python's round(): R keeps
    # whichever 2-dp double is nearer to x in double arithmetic and breaks ties to even, so 637.255
    # (stored as 637.25499999...) is 637.26 in R but 637.25 in Python. See statistics/rounding.py.
    rounded = [r_round(value, 2) for value in expected.tolist()]
    for row, (value, kept) in enumerate(zip(expected.tolist(), rounded, strict=True), start=1):
        if kept <= 0:
            raise FunnelInputError(
                f"expected value {value:g} rounds to 0.00 (SHMI rounds expected values to 2 dp)",
                row,
            )
    return np.array(rounded, dtype=np.float64)
