"""Overdispersion for funnel plots: z-scores, trimming, φ and τ², as in FunnelPlotR 0.6.0.

Source: R/od_adjustment.R (transformed_zscore, winsorisation, truncation, phi_func, tau_func)
and the calls to them in R/funnel_plot.R. Methods: Spiegelhalter (2005) doi:10.1002/sim.1970,
§5 (multiplicative φ from z-scores) and the additive random-effects τ² of DerSimonian & Laird
(1986) doi:10.1016/0197-2456(86)90046-2; SHMI variant per NHS Digital's SHMI methodology.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from livingwell.statistics.funnel.limits import FloatArray, Kind, SrMethod


class OverdispersionError(ValueError):
    """Raised when too few groups remain to estimate overdispersion."""


@dataclass(frozen=True)
class DispersionEstimate:
    """φ and τ² with the z-scores they came from."""

    phi: float
    tau2: float
    z_scores: tuple[float, ...]
    # Groups that entered φ and τ²; SHMI truncation drops some, CQC winsorisation keeps all.
    groups_used: int


def transformed_z_scores(
    kind: Kind, sr_method: SrMethod, numerator: FloatArray, denominator: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Return the unadjusted z-scores and within-group standard errors s."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == "sr" and sr_method == "shmi":
            # Log scale, target 0, s = 1/sqrt(E); z = sqrt(E)·log(O/E) (log(0) = -Inf, as in R).
            s = 1 / np.sqrt(denominator)
            z = np.sqrt(denominator) * np.log(numerator / denominator)
            return z, s
        if kind == "sr":
            # CQC: square-root scale, target 1, s = 1/(2 sqrt(E)).
            y = np.sqrt(numerator / denominator)
            s = 1 / (2 * np.sqrt(denominator))
            return (y - 1) / s, s
        # R's sum() accumulates in long double; fsum is the closest portable equivalent.
        pooled = math.fsum(numerator.tolist()) / math.fsum(denominator.tolist())
        if kind == "proportion":
            # Arcsine square-root scale around the pooled proportion, s = 1/(2 sqrt(n)).
            target = math.asin(math.sqrt(pooled))
            y = np.arcsin(np.sqrt(numerator / denominator))
            s = 1 / (2 * np.sqrt(denominator))
            return (y - target) / s, s
        # Ratio of counts: log scale with the +0.5 continuity correction on both counts.
        target_log = np.log(np.float64(pooled))
        y = np.log((numerator + 0.5) / (denominator + 0.5))
        s = np.sqrt((numerator / ((numerator + 0.5) ** 2)) + (denominator / ((denominator + 0.5) ** 2)))
        return (y - target_log) / s, s


def r_quantile7(values: FloatArray, prob: float) -> float:
    """Return R's quantile(x, prob, type = 7), interpolating exactly as stats::quantile does."""
    x = np.sort(values)
    index = 1 + max(len(x) - 1, 0) * prob
    lo = math.floor(index)
    hi = math.ceil(index)
    q = float(x[lo - 1])
    high = float(x[hi - 1])
    # R interpolates only when index > lo and the neighbours differ, as (1 - h)·x[lo] + h·x[hi];
    # numpy's lerp would turn (-Inf, finite) into NaN where R keeps -Inf.
    if index > lo and high != q:
        h = index - lo
        q = (1 - h) * q + h * high
    return q


def winsorised(z: FloatArray, trim: float) -> FloatArray:
    """Pull z-scores beyond the trim and 1 - trim quantiles in to those quantiles (CQC)."""
    lz = r_quantile7(z, trim)
    uz = r_quantile7(z, 1 - trim)
    return np.where(z < lz, lz, np.where(z > uz, uz, z))


def truncated(z: FloatArray, trim: float) -> FloatArray:
    """Drop (as NaN) z-scores in the outer trim-sized rank bands at each end (SHMI)."""
    # scipy.stats is imported here, not at the top: it takes about 2.5 s, and every process that
    # loads Django (each command, each test run) would pay it before any funnel is asked for.
    from scipy.stats import rankdata

    # od_adjustment.R truncation(): k = 1/trim bands; rank "average"; band sp = floor(rk·k/(N+1));
    # keep 0 < sp < k - 1 (mink = min(k/k) - 1 = 0).
    with np.errstate(divide="ignore", invalid="ignore"):
        k = 1 / trim if trim > 0 else math.inf
        rank = rankdata(z, method="average")
        band = np.floor(rank * k / (len(rank) + 1))
        keep = (band > 0) & (band < k - 1)
    return np.where(keep, z, np.nan)


def phi_from(z_used: FloatArray) -> float:
    """Return the dispersion ratio φ = (1/n)·Σz² over the trimmed z-scores."""
    n = len(z_used)
    with np.errstate(over="ignore"):
        return (1 / n) * math.fsum((z_used**2).tolist())


def tau2_from(phi: float, s_used: FloatArray) -> float:
    """Return the DerSimonian–Laird between-group variance τ², clamped at 0."""
    n = len(s_used)
    if n == 0:
        return 0.0
    # tau_func(): τ² = 0 when nφ < n - 1, else max(0, (nφ - (n - 1)) / (Σw - Σw²/Σw)), w = 1/s².
    if n * phi < n - 1:
        return 0.0
    w = 1 / (s_used**2)
    sum_w = math.fsum(w.tolist())
    denominator = sum_w - (math.fsum((w**2).tolist()) / sum_w)
    return max(0.0, ((n * phi) - (n - 1)) / denominator)


def estimate_overdispersion(
    kind: Kind,
    sr_method: SrMethod,
    numerator: FloatArray,
    denominator: FloatArray,
    trim: float,
) -> DispersionEstimate:
    """Estimate φ and τ² from trimmed z-scores, the FunnelPlotR 0.6.0 way."""
    z, s = transformed_z_scores(kind, sr_method, numerator, denominator)
    # funnel_plot.R truncates only for SR with the SHMI method; every other case winsorises,
    # so "shmi" and "cqc" behave identically for proportions and ratios of counts.
    trimmed = truncated(z, trim) if kind == "sr" and sr_method == "shmi" else winsorised(z, trim)
    kept = ~np.isnan(trimmed)
    used = int(np.count_nonzero(kept))
    if used < 2:
        # With no groups R fails on `phi <= 1` (NA); with one, τ²'s denominator is 0. Say so.
        raise OverdispersionError(
            f"overdispersion needs at least 2 groups after trimming {trim:g} at each end; {used} left"
        )
    phi = phi_from(trimmed[kept])
    tau2 = tau2_from(phi, s[kept])
    return DispersionEstimate(phi=phi, tau2=tau2, z_scores=tuple(float(v) for v in z), groups_used=used)
