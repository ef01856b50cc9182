"""Funnel-plot control limits, ported line for line from FunnelPlotR 0.6.0.

Sources: R/calculate_limits.R (the formulas) and R/build_limits_lookup.R (the grid of
denominators the limits are evaluated on). Spiegelhalter (2005) doi:10.1002/sim.1970 gives the
methods; the constants below are the package's, not recomputed, so results match it exactly.
"""

from __future__ import annotations

import math
from typing import Final, Literal

import numpy as np
from numpy.typing import NDArray

Kind = Literal["sr", "proportion", "ratio"]
SrMethod = Literal["shmi", "cqc"]
FloatArray = NDArray[np.float64]

# The two limit levels FunnelPlotR draws, with the normal quantiles it hard-codes in
# calculate_limits.R (rounded to 6 dp there; qnorm(0.975) and qnorm(0.999) to full precision
# would differ in the 7th place, so we keep the package's values).
Z_BY_LEVEL: Final[dict[float, float]] = {95.0: 1.959964, 99.8: 3.090232}

# Upper-tail probabilities for the exact Poisson limits of standardised ratios
# (calculate_limits.R: qchisq(p, df, lower.tail = FALSE) for the lower and upper limit).
POISSON_TAILS_BY_LEVEL: Final[dict[float, tuple[float, float]]] = {
    95.0: (0.975, 0.025),
    99.8: (0.999, 0.001),
}

# build_limits_lookup.R: the plotting grid is seq(1.1, max_x, length.out = 1000) for SR and
# seq(3, max_x, length.out = 1000) otherwise, with max_x = ceiling(max(denominator)).
GRID_POINTS: Final = 1000
GRID_START_SR: Final = 1.1
GRID_START_OTHER: Final = 3.0


def r_seq(start: float, stop: float, length_out: int) -> FloatArray:
    """Return R's seq(start, stop, length.out = n) with its exact floating-point steps."""
    # R's seq.default builds c(from, from + seq_len(n - 2) * by, to) with by = (to - from)/(n - 1)
    # and returns rep(from, n) when from == to; copying that keeps grid points bit-identical.
    if start == stop:
        return np.full(length_out, start, dtype=np.float64)
    by = (stop - start) / (length_out - 1)
    inner = start + np.arange(1, length_out - 1, dtype=np.float64) * by
    return np.concatenate(([start], inner, [stop])).astype(np.float64)


def limits_grid(kind: Kind, denominators: FloatArray) -> FloatArray:
    """Return FunnelPlotR's lookup grid: 1000 plotting points plus every group's denominator."""
    max_x = float(math.ceil(float(np.max(denominators))))
    start = GRID_START_SR if kind == "sr" else GRID_START_OTHER
    # sort(unique(c(number_seq, denominators))) in build_limits_lookup.R.
    return np.unique(np.concatenate((r_seq(start, max_x, GRID_POINTS), denominators)))


def control_limits(
    grid: FloatArray,
    *,
    kind: Kind,
    level: float,
    target: float,
    tau2: float,
    adjusted: bool,
    sr_method: SrMethod,
    multiplier: float,
) -> tuple[FloatArray, FloatArray]:
    """Compute lower and upper limits at each denominator of an ascending grid."""
    # scipy.stats is imported here, not at the top: it takes about 2.5 s, and every process that
    # loads Django (each command, each test run) would pay it before any chart or run is asked for.
    from scipy.stats import chi2

    z = Z_BY_LEVEL[level]
    # calculate_limits.R: "Set between-institution variance to zero for ... unadjusted limits".
    tau2 = tau2 if adjusted else 0.0
    n = grid
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if kind == "sr":
            if not adjusted:
                # Exact Poisson limits with the expected count in place of the observed one
                # (Spiegelhalter 2005, §3.1), scaled by the target (always 1 for SR).
                low_tail, high_tail = POISSON_TAILS_BY_LEVEL[level]
                scale = multiplier * target
                lower = scale * (chi2.isf(low_tail, 2 * n) / 2) / n
                upper = scale * (chi2.isf(high_tail, 2 * (n + 1)) / 2) / n
            elif sr_method == "shmi":
                # Log scale, s = 1/sqrt(E); the package omits the target here because it is 1.
                spread = z * np.sqrt((1 / n) + tau2)
                lower = multiplier * np.exp(-spread)
                upper = multiplier * np.exp(spread)
            else:
                # CQC: square-root scale, s = 1/(2 sqrt(E)). FunnelPlotR 0.6.0 draws 1 ± z·√(s²+τ²)
                # without squaring back to the ratio scale; we copy that for exactness.
                s = 1 / (2 * np.sqrt(n))
                spread = z * np.sqrt(s**2 + tau2)
                lower = multiplier * (1 - spread)
                upper = multiplier * (1 + spread)
        elif kind == "ratio":
            # Log scale around log(target), with s = 1/(2 sqrt(n)) as in calculate_limits.R.
            s = 1 / (2 * np.sqrt(n))
            spread = z * np.sqrt(s**2 + tau2)
            # A target of 0 (no events anywhere) gives log(0) = -Inf and both limits 0, as in R.
            log_target = np.log(np.float64(target))
            lower = multiplier * np.exp(log_target - spread)
            upper = multiplier * np.exp(log_target + spread)
        else:
            lower, upper = _proportion_limits(n, z, target, tau2, multiplier)
    return np.asarray(lower, dtype=np.float64), np.asarray(upper, dtype=np.float64)


def _proportion_limits(
    n: FloatArray, z: float, target: float, tau2: float, multiplier: float
) -> tuple[FloatArray, FloatArray]:
    # Arcsine square-root scale, s = 1/(2 sqrt(n)) (Spiegelhalter 2005, Table I).
    s = 1 / (2 * np.sqrt(n))
    centre = math.asin(math.sqrt(target))
    spread = z * np.sqrt((s**2) + tau2)
    lower = multiplier * (np.sin(centre - spread) ** 2)
    upper = multiplier * (np.sin(centre + spread) ** 2)
    # "Truncate proportion limits at [0, 1]".
    lower = np.where(lower < 0, 0.0, lower)
    upper = np.where(upper > 1 * multiplier, 1 * multiplier, upper)
    # "Arcsine trans at low denominators may not be monotonic, truncate if occurs": each grid
    # point is compared with the next (untruncated) one, exactly as the vectorised ifelse does,
    # so a group's limit depends on its neighbour in the lookup grid, as in the package.
    lower_fixed = lower.copy()
    upper_fixed = upper.copy()
    lower_fixed[:-1] = np.where(lower[:-1] > lower[1:], 0.0, lower[:-1])
    upper_fixed[:-1] = np.where(upper[:-1] < upper[1:], 1 * multiplier, upper[:-1])
    return lower_fixed, upper_fixed
