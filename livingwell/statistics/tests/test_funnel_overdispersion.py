"""φ, τ² and trimming, against FunnelPlotR 0.6.0's tests and small examples worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from livingwell.statistics.funnel.overdispersion import (
    OverdispersionError,
    estimate_overdispersion,
    r_quantile7,
    tau2_from,
    truncated,
    winsorised,
)

# The data set used throughout FunnelPlotR's tests/testthat (test-funnel_plot.R and others).
OBSERVED = [100.0, 150.0, 180.0, 80.0, 120.0, 225.0]
EXPECTED = [108.0, 112.0, 165.0, 95.0, 100.0, 220.0]


def _arrays() -> tuple[np.ndarray, np.ndarray]:
    return np.array(OBSERVED), np.array(EXPECTED)


def test_it_matches_funnelplotr_phi_for_the_shmi_default() -> None:
    # tests/testthat/test-classes_methods.R: round(phi(a), 6) == 2.948033 with R's defaults.
    estimate = estimate_overdispersion("sr", "shmi", *_arrays(), trim=0.1)
    assert round(estimate.phi, 6) == 2.948033


def test_it_computes_shmi_phi_and_tau2_by_hand() -> None:
    # Six groups: rank bands floor(rk·10/7) are 1, 2, 4, 5, 7, 8, so none is truncated.
    # z = sqrt(E)·log(O/E); φ = Σz²/6; w = 1/s² = E; τ² = (6φ - 5)/(Σw - Σw²/Σw).
    z = [math.sqrt(e) * math.log(o / e) for o, e in zip(OBSERVED, EXPECTED, strict=True)]
    phi = sum(v * v for v in z) / 6
    tau2 = (6 * phi - 5) / (sum(EXPECTED) - sum(e * e for e in EXPECTED) / sum(EXPECTED))
    estimate = estimate_overdispersion("sr", "shmi", *_arrays(), trim=0.1)
    assert estimate.groups_used == 6
    assert estimate.phi == pytest.approx(phi, rel=1e-14)
    assert estimate.tau2 == pytest.approx(tau2, rel=1e-12)
    assert estimate.tau2 == pytest.approx(0.01947753, abs=1e-8)


def test_it_computes_cqc_phi_and_tau2_by_hand() -> None:
    # z = 2·sqrt(E)·(sqrt(O/E) - 1); winsorised at R's type-7 10% and 90% quantiles, which for
    # six values sit half-way between the two lowest and the two highest: only the extreme two
    # are pulled in.
    z = sorted(2 * math.sqrt(e) * (math.sqrt(o / e) - 1) for o, e in zip(OBSERVED, EXPECTED, strict=True))
    low, high = (z[0] + z[1]) / 2, (z[4] + z[5]) / 2
    w = [low, z[1], z[2], z[3], z[4], high]
    phi = sum(v * v for v in w) / 6
    weights = [4 * e for e in EXPECTED]
    tau2 = (6 * phi - 5) / (sum(weights) - sum(x * x for x in weights) / sum(weights))
    estimate = estimate_overdispersion("sr", "cqc", *_arrays(), trim=0.1)
    assert estimate.phi == pytest.approx(phi, rel=1e-14)
    assert estimate.tau2 == pytest.approx(tau2, rel=1e-12)
    assert estimate.phi == pytest.approx(2.3271783, abs=1e-7)
    assert estimate.tau2 == pytest.approx(0.0034398, abs=1e-7)


def test_it_truncates_the_outer_rank_bands_for_shmi() -> None:
    # Ten groups, k = 10: rank 1 → band floor(10/11) = 0 and rank 10 → floor(100/11) = 9 go;
    # ranks 2..9 fall in bands 1..8 and stay.
    z = np.array([5.0, -4.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
    kept = truncated(z, 0.1)
    assert np.isnan(kept[0])
    assert np.isnan(kept[1])
    assert kept[2:].tolist() == z[2:].tolist()


def test_it_shares_average_ranks_between_tied_z_scores() -> None:
    # Eleven groups with the two lowest tied: rank 1.5 → band floor(15/12) = 1, so both stay.
    z = np.array([-1.0, -1.0, 0, 1, 2, 3, 4, 5, 6, 7, 8], dtype=np.float64)
    kept = truncated(z, 0.1)
    assert not np.isnan(kept[0])
    assert not np.isnan(kept[1])
    assert np.isnan(kept[-1])


def test_it_winsorises_to_the_type_7_quantiles() -> None:
    z = np.array([-10.0, 1.0, 2.0, 3.0, 4.0, 10.0])
    assert winsorised(z, 0.1).tolist() == [-4.5, 1.0, 2.0, 3.0, 4.0, 7.0]


def test_it_interpolates_quantiles_as_r_does() -> None:
    values = np.array([3.0, 1.0, 2.0, 10.0])
    # index = 1 + 3·0.25 = 1.75 → 0.25·1 + 0.75·2.
    assert r_quantile7(values, 0.25) == 1.75
    assert r_quantile7(values, 0.0) == 1.0
    assert r_quantile7(values, 1.0) == 10.0
    # R keeps -Inf where numpy's interpolation would give NaN.
    assert r_quantile7(np.array([-np.inf, 0.0, 1.0]), 0.1) == -np.inf


def test_it_clamps_tau2_at_zero_when_phi_is_below_n_minus_one_over_n() -> None:
    s = np.array([0.1, 0.2, 0.3, 0.4])
    assert tau2_from(0.74, s) == 0.0
    assert tau2_from(0.76, s) > 0.0


def test_it_gives_positive_tau2_just_below_phi_one() -> None:
    # DerSimonian–Laird: τ² > 0 once nφ exceeds n - 1, even though φ ≤ 1 (funnel_plot.R still
    # falls back to unadjusted limits then; see test_funnel.py).
    s = np.full(20, 0.1)
    s[0] = 0.2
    assert tau2_from(0.99, s) > 0.0


def test_it_winsorises_proportions_whichever_method_is_named() -> None:
    numerator = np.array([10.0, 20.0, 35.0, 12.0, 50.0, 7.0])
    denominator = np.array([100.0, 110.0, 120.0, 90.0, 200.0, 80.0])
    shmi = estimate_overdispersion("proportion", "shmi", numerator, denominator, 0.1)
    cqc = estimate_overdispersion("proportion", "cqc", numerator, denominator, 0.1)
    assert shmi == cqc
    # By hand for the first group: (asin√0.1 - asin√(134/700)) · 2√100.
    pooled = sum(numerator) / sum(denominator)
    z0 = (math.asin(math.sqrt(0.1)) - math.asin(math.sqrt(pooled))) * 2 * 10
    assert shmi.z_scores[0] == pytest.approx(z0, rel=1e-13)


def test_it_scores_ratios_of_counts_with_the_half_correction() -> None:
    numerator = np.array([0.0, 20.0, 35.0])
    denominator = np.array([10.0, 25.0, 30.0])
    estimate = estimate_overdispersion("ratio", "cqc", numerator, denominator, 0.1)
    s0 = math.sqrt(0 + 10 / 10.5**2)
    z0 = (math.log(0.5 / 10.5) - math.log(55 / 65)) / s0
    assert estimate.z_scores[0] == pytest.approx(z0, rel=1e-13)


def test_it_refuses_when_trimming_leaves_fewer_than_two_groups() -> None:
    # trim 0 gives k = 1/0 = Inf bands: every band is Inf, so SHMI truncation keeps no group
    # (R then stops on `phi <= 1` being NA); we say why instead.
    with pytest.raises(OverdispersionError, match="at least 2 groups"):
        estimate_overdispersion("sr", "shmi", *_arrays(), trim=0.0)
    # Winsorising by 0 leaves every group in.
    assert estimate_overdispersion("sr", "cqc", *_arrays(), trim=0.0).groups_used == 6
