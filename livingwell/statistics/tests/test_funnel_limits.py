"""Control limits against FunnelPlotR 0.6.0's own tests and independently computed references."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import gamma

from livingwell.statistics.funnel.limits import control_limits, limits_grid, r_seq


def _limits(grid: list[float], **options: object) -> tuple[list[float], list[float]]:
    settings: dict[str, object] = {
        "kind": "sr",
        "level": 95.0,
        "target": 1.0,
        "tau2": 0.0,
        "adjusted": False,
        "sr_method": "shmi",
        "multiplier": 1.0,
    }
    settings.update(options)
    lower, upper = control_limits(np.array(grid, dtype=np.float64), **settings)  # type: ignore[arg-type]
    return lower.tolist(), upper.tolist()


def test_it_matches_funnelplotr_poisson_limits_test() -> None:
    # FunnelPlotR 0.6.0 tests/testthat/test-poisson_limits.R, rounded as there.
    lower95, upper95 = _limits([15, 20, 30], level=95.0)
    lower998, upper998 = _limits([15, 20, 30], level=99.8)
    assert [round(v, 7) for v in lower95] == [0.5596924, 0.6108260, 0.6746958]
    assert [round(v, 6) for v in upper95] == [1.649348, 1.544419, 1.427562]
    assert [round(v, 7) for v in lower998] == [0.3862650, 0.4479107, 0.5289724]
    assert [round(v, 6) for v in upper998] == [2.082907, 1.902094, 1.702771]


@pytest.mark.parametrize(("level", "tail"), [(95.0, 0.025), (99.8, 0.001)])
def test_it_gives_exact_poisson_limits_as_gamma_quantiles(level: float, tail: float) -> None:
    # Exact Poisson limits for an expected count E: Gamma(E) and Gamma(E + 1) quantiles over E
    # (the chi-squared form in calculate_limits.R divided by 2), here fractional E included.
    expected = [1.1, 2.5, 7.0, 42.37, 1000.0]
    lower, upper = _limits(expected, level=level)
    for e, lo, up in zip(expected, lower, upper, strict=True):
        assert lo == pytest.approx(gamma.ppf(tail, e) / e, rel=1e-12)
        assert up == pytest.approx(gamma.ppf(1 - tail, e + 1) / e, rel=1e-12)


def test_it_scales_poisson_limits_by_the_multiplier() -> None:
    plain = _limits([50.0])
    scaled = _limits([50.0], multiplier=100.0)
    assert scaled[0][0] == pytest.approx(100 * plain[0][0])
    assert scaled[1][0] == pytest.approx(100 * plain[1][0])


def test_it_draws_shmi_adjusted_limits_on_the_log_scale() -> None:
    # By hand: exp(±z·sqrt(1/E + τ²)) with E = 100, τ² = 0.02 → sqrt(0.03) = 0.173205...
    lower, upper = _limits([100.0], adjusted=True, tau2=0.02, level=95.0)
    assert lower[0] == pytest.approx(math.exp(-1.959964 * 0.17320508075688773), rel=1e-15)
    assert upper[0] == pytest.approx(math.exp(1.959964 * 0.17320508075688773), rel=1e-15)
    assert lower[0] == pytest.approx(0.7121436, abs=1e-7)
    assert upper[0] == pytest.approx(1.4042112, abs=1e-7)


def test_it_draws_cqc_adjusted_limits_without_squaring_back() -> None:
    # calculate_limits.R, CQC: 1 ± z·sqrt(1/(4E) + τ²); E = 25 → s² = 0.01, τ² = 0.0125.
    lower, upper = _limits([25.0], adjusted=True, tau2=0.0125, sr_method="cqc", level=99.8)
    assert lower[0] == pytest.approx(1 - 3.090232 * 0.15, rel=1e-15)
    assert upper[0] == pytest.approx(1 + 3.090232 * 0.15, rel=1e-15)


def test_it_uses_exact_poisson_for_plain_sr_limits_whatever_the_method() -> None:
    assert _limits([30.0], sr_method="cqc") == _limits([30.0], sr_method="shmi")


def test_it_draws_proportion_limits_on_the_arcsine_scale() -> None:
    # p = 0.5 puts the centre at π/4, where sin²(π/4 ± d) = (1 ± sin 2d)/2; n = 100 → d = z/20.
    lower, upper = _limits([3.0, 100.0], kind="proportion", target=0.5)
    d = 1.959964 / 20
    assert lower[1] == pytest.approx((1 - math.sin(2 * d)) / 2, rel=1e-14)
    assert upper[1] == pytest.approx((1 + math.sin(2 * d)) / 2, rel=1e-14)


def test_it_keeps_proportion_limits_inside_zero_and_one_at_n_three() -> None:
    # FunnelPlotR tests/testthat/test-build_limits_lookup.R: PR, target 0.5, first grid point.
    lower, upper = _limits([3.0, 4.0], kind="proportion", target=0.5)
    assert lower[0] > 0
    assert upper[0] < 1


def test_it_truncates_non_monotonic_proportion_limits_by_the_next_grid_point() -> None:
    # p = 0.01: asin(0.1) ≈ 0.1 < z/(2√n) for small n, where sin² turns back up; each point
    # whose limit exceeds the next one's is set to 0, but the last point is never compared.
    grid = [4.0, 9.0, 16.0, 25.0]
    lower, _ = _limits(grid, kind="proportion", target=0.01)
    assert lower[:3] == [0.0, 0.0, 0.0]
    raw = math.sin(math.asin(0.1) - 1.959964 / (2 * 5)) ** 2
    assert lower[3] == pytest.approx(raw, rel=1e-14)
    assert lower[3] > 0


def test_it_sets_non_monotonic_upper_proportion_limits_to_one() -> None:
    _, upper = _limits([1.0, 1.5, 400.0], kind="proportion", target=0.5, multiplier=100.0)
    assert upper[0] == 100.0
    assert upper[1] < 100.0


def test_it_draws_ratio_of_counts_limits_on_the_log_scale() -> None:
    lower, upper = _limits([64.0], kind="ratio", target=2.0, adjusted=True, tau2=0.01)
    spread = 1.959964 * math.sqrt(1 / 256 + 0.01)
    assert lower[0] == pytest.approx(2.0 * math.exp(-spread), rel=1e-14)
    assert upper[0] == pytest.approx(2.0 * math.exp(spread), rel=1e-14)


def test_it_ignores_tau2_when_not_adjusted() -> None:
    assert _limits([64.0], kind="ratio", target=2.0, tau2=0.5) == _limits([64.0], kind="ratio", target=2.0)


def test_it_matches_funnelplotr_cqc_lookup_test() -> None:
    # test-build_limits_lookup.R: SR, CQC, τ² = 0.02, multiplier 100, at the first grid point 1.1.
    lower, upper = _limits([1.1], adjusted=True, tau2=0.02, sr_method="cqc", multiplier=100.0)
    assert lower[0] < 100
    assert upper[0] > 100


def test_it_builds_r_seq_with_exact_end_points() -> None:
    seq = r_seq(1.1, 250.0, 1000)
    assert len(seq) == 1000
    assert seq[0] == 1.1
    assert seq[-1] == 250.0
    assert seq[1] == 1.1 + 1 * ((250.0 - 1.1) / 999)
    assert r_seq(3.0, 3.0, 5).tolist() == [3.0] * 5


def test_it_adds_each_denominator_to_the_lookup_grid() -> None:
    grid = limits_grid("sr", np.array([12.34, 99.5]))
    assert 12.34 in grid.tolist()
    assert 99.5 in grid.tolist()
    assert grid[0] == 1.1
    assert grid[-1] == 100.0
    assert len(grid) == 1002
    assert limits_grid("proportion", np.array([50.0]))[0] == 3.0
