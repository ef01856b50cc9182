"""The funnel() API: FunnelPlotR 0.6.0 semantics, boundaries, fallbacks, errors and properties."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.stats import gamma

from livingwell.statistics.funnel import FunnelInputError, FunnelResult, funnel, limit_curves

# The data set in FunnelPlotR's tests/testthat/test-funnel_plot.R.
OBSERVED = [100, 150, 180, 80, 120, 225]
EXPECTED = [108, 112, 165, 95, 100, 220]
GROUPS = ["a", "b", "c", "d", "e", "f"]


def _limit(result: FunnelResult, group: int, level: float, adjusted: bool = True) -> tuple:
    limits = result.groups[group].limits if adjusted else result.groups[group].unadjusted_limits
    chosen = next(limit for limit in limits if limit.level == level)
    return chosen.lower, chosen.upper


def test_it_reaches_the_r_defaults_with_overdispersion_shmi() -> None:
    # funnel_plot(dt, num, denom, group): SR, SHMI, draw_adjusted, limit 99 (= 99.8%).
    result = funnel(OBSERVED, EXPECTED, GROUPS, overdispersion="shmi")
    assert round(result.phi or 0, 6) == 2.948033
    assert result.adjusted
    assert result.shmi_rounding
    assert result.outlier_level == 99.8
    assert result.target == 1.0
    # Adjusted limits: exp(±z·sqrt(1/E + τ²)) at each group's own expected count.
    tau2 = result.tau2 or 0
    for index, expected in enumerate(EXPECTED):
        lower, upper = _limit(result, index, 99.8)
        assert lower == pytest.approx(math.exp(-3.090232 * math.sqrt(1 / expected + tau2)))
        assert upper == pytest.approx(math.exp(3.090232 * math.sqrt(1 / expected + tau2)))
    assert result.outliers == ()


def test_it_matches_funnelplotr_funnel_plot_test_comparisons() -> None:
    # test-funnel_plot.R: b$LCL95[5] > a$OD95LCL[5] and b$OD95LCL[5] < c$OD95LCL[5], where b is
    # unadjusted with multiplier 100 and c is CQC, trim 0.05, multiplier 100.
    a = funnel(OBSERVED, EXPECTED, GROUPS, overdispersion="shmi")
    b = funnel(OBSERVED, EXPECTED, GROUPS, multiplier=100, shmi_rounding=True)
    c = funnel(OBSERVED, EXPECTED, GROUPS, overdispersion="cqc", trim=0.05, multiplier=100)
    assert _limit(b, 4, 95.0)[0] > _limit(a, 4, 95.0)[0]
    # b's OD95LCL in R is the SHMI formula with τ² = 0 (draw_adjusted = FALSE zeroes τ²).
    b_od95_lower = 100 * math.exp(-1.959964 * math.sqrt(1 / 100))
    assert b_od95_lower < _limit(c, 4, 95.0)[0]
    assert c.adjusted


def test_it_uses_exact_poisson_limits_without_overdispersion() -> None:
    result = funnel(OBSERVED, EXPECTED, GROUPS)
    assert result.phi is None
    assert result.tau2 is None
    assert not result.adjusted
    for index, expected in enumerate(EXPECTED):
        lower, upper = _limit(result, index, 95.0)
        assert lower == pytest.approx(gamma.ppf(0.025, expected) / expected, rel=1e-12)
        assert upper == pytest.approx(gamma.ppf(0.975, expected + 1) / expected, rel=1e-12)
    # b: 150/112 = 1.339 is above its 99.8% upper limit of 1.328.
    assert [group.group for group in result.outliers] == ["b"]


def test_it_rounds_expected_to_two_places_for_shmi_but_not_the_value() -> None:
    # funnel_plot.R rounds the denominator after aggregate_func.R has computed rr = O/E.
    result = funnel([10, 20, 30], [10.004, 20.0, 29.996], ["x", "y", "z"], overdispersion="shmi")
    assert result.groups[0].denominator == 10.0
    assert result.groups[2].denominator == 30.0
    assert result.groups[0].value == 10 / 10.004
    unrounded = funnel([10, 20, 30], [10.004, 20.0, 29.996], ["x", "y", "z"])
    assert unrounded.groups[0].denominator == 10.004


def test_it_falls_back_silently_to_plain_limits_when_phi_is_at_most_one() -> None:
    # Six groups with E = 100 and z = ±sqrt(0.95): φ = 0.95, and nφ = 5.7 > n - 1 = 5, so
    # DerSimonian–Laird gives τ² = 0.7/500 > 0, yet funnel_plot.R draws unadjusted limits.
    c = math.sqrt(0.95) / 10
    observed = [100 * math.exp(c), 100 * math.exp(-c)] * 3
    result = funnel(observed, [100] * 6, list("uvwxyz"), overdispersion="shmi")
    assert result.phi == pytest.approx(0.95)
    assert result.tau2 == pytest.approx(0.7 / 500)
    assert not result.adjusted
    for group in result.groups:
        assert group.limits == group.unadjusted_limits
    curves = limit_curves(result)
    assert not any(curve.adjusted for curve in curves)


def test_it_uses_adjusted_limits_when_phi_exceeds_one() -> None:
    result = funnel(OBSERVED, EXPECTED, GROUPS, overdispersion="cqc")
    assert (result.phi or 0) > 1
    assert result.adjusted
    assert result.groups[0].limits != result.groups[0].unadjusted_limits


def _single_sr(observed: float) -> FunnelResult:
    # E = 32, a power of two, so O/E is exact and one step in O is one step in the value.
    return funnel([observed], [32.0], ["only"], limits=(95,), outlier_level=95)


@pytest.mark.parametrize("side", [0, 1])
def test_it_does_not_flag_a_value_exactly_on_a_limit(side: int) -> None:
    # outliers_func.R: inside when LCL <= rr <= UCL. Put O/E exactly on the limit, then one
    # floating-point step outside and inside it.
    limit = _limit(_single_sr(32.0), 0, 95.0)[side]
    on_limit = limit * 32.0
    assert on_limit / 32.0 == limit  # precondition: the value really is the limit
    assert not _single_sr(on_limit).groups[0].outlier
    outward = math.nextafter(on_limit, math.inf if side else -math.inf)
    inward = math.nextafter(on_limit, -math.inf if side else math.inf)
    assert _single_sr(outward).groups[0].outlier
    assert not _single_sr(inward).groups[0].outlier


def test_it_does_not_flag_proportions_on_truncated_limits_of_zero_and_one() -> None:
    # n = 1 with p = 0.5: the arcsine limits are non-monotonic there, so calculate_limits.R sets
    # them to exactly 0 and 1; 0/1 and 1/1 sit on them and are not outliers.
    result = funnel([0, 1, 50, 50], [1, 1, 100, 100], list("pqrs"), kind="proportion")
    assert _limit(result, 0, 99.8) == (0.0, 1.0)
    assert not result.groups[0].outlier
    assert not result.groups[1].outlier


def test_it_keeps_the_r_quirk_at_the_largest_proportion_denominator() -> None:
    # The last lookup grid point is never compared with a next one, so with small n and a
    # small p its lower limit keeps the turned-back sin² value and the 99.8% lower limit ends
    # up above the 95% one, exactly as FunnelPlotR 0.6.0 draws it.
    result = funnel([0, 1, 0, 1], [20, 30, 40, 50], list("pqrs"), kind="proportion")
    low95 = _limit(result, 3, 95.0)[0]
    low998 = _limit(result, 3, 99.8)[0]
    assert low998 > low95 > 0
    assert _limit(result, 0, 95.0)[0] == 0.0


def test_it_computes_proportions_against_the_pooled_target() -> None:
    result = funnel([30, 10], [100, 100], ["p", "q"], kind="proportion", multiplier=100)
    assert result.target == pytest.approx(20.0)
    assert result.groups[0].value == pytest.approx(30.0)
    d = 1.959964 / (2 * 10)
    centre = math.asin(math.sqrt(0.2))
    lower, upper = _limit(result, 0, 95.0)
    assert lower == pytest.approx(100 * math.sin(centre - d) ** 2, rel=1e-13)
    assert upper == pytest.approx(100 * math.sin(centre + d) ** 2, rel=1e-13)


def test_it_computes_ratios_of_counts_on_the_log_scale() -> None:
    result = funnel([50, 30], [25, 45], ["p", "q"], kind="ratio")
    assert result.target == pytest.approx(80 / 70)
    lower, upper = _limit(result, 0, 99.8)
    spread = 3.090232 / (2 * 5)
    assert lower == pytest.approx(80 / 70 * math.exp(-spread), rel=1e-13)
    assert upper == pytest.approx(80 / 70 * math.exp(spread), rel=1e-13)
    assert result.groups[0].outlier  # 2.0 is above 1.143 · e^0.309 = 1.557


def test_it_flags_outliers_at_the_chosen_level() -> None:
    at_95 = funnel(OBSERVED, EXPECTED, GROUPS, outlier_level=95)
    at_998 = funnel(OBSERVED, EXPECTED, GROUPS)
    assert {g.group for g in at_95.outliers} >= {g.group for g in at_998.outliers}
    for group in at_95.groups:
        assert group.outlier == group.limits[0].outlier


@pytest.mark.parametrize(
    ("numerator", "denominator", "groups", "kind", "message"),
    [
        ([1, 2, 3], [1, 0, 3], ["a", "b", "c"], "sr", "row 2: denominator must be greater"),
        ([1, 2, 3], [1, 2, -3], ["a", "b", "c"], "sr", "row 3: denominator must be greater"),
        ([1, -2, 3], [1, 2, 3], ["a", "b", "c"], "sr", "row 2: numerator must not be negative"),
        ([1, None, 3], [1, 2, 3], ["a", "b", "c"], "sr", "row 2: numerator is missing"),
        ([1, 2, 3], [1, 2, math.nan], ["a", "b", "c"], "sr", "row 3: denominator is missing"),
        ([1, 2, math.inf], [1, 2, 3], ["a", "b", "c"], "sr", "row 3: numerator must be finite"),
        ([1, 5, 3], [1, 2, 3], ["a", "b", "c"], "proportion", "row 2: a proportion's numerator"),
        ([1, 2, 3], [1, 2, 3], ["a", "b", "a"], "sr", "row 3: group 'a' repeats row 1"),
        ([1, 2, 3], [1, 2, 3], ["a", "", "c"], "sr", "row 2: group name is missing"),
        ([1, 2], [1, 2, 3], ["a", "b", "c"], "sr", "same length; got 2, 3 and 3"),
        ([], [], [], "sr", "no groups"),
        ([0, 0], [5, 6], ["a", "b"], "ratio", "every numerator is zero"),
    ],
)
def test_it_names_the_row_at_fault(
    numerator: list, denominator: list, groups: list, kind: str, message: str
) -> None:
    with pytest.raises(FunnelInputError, match=message.replace("(", r"\(")):
        funnel(numerator, denominator, groups, kind=kind)  # type: ignore[arg-type]


def test_it_reports_the_row_number_on_the_error() -> None:
    with pytest.raises(FunnelInputError) as raised:
        funnel([1, 2, 3, 4], [1, 2, 3, 0], list("abcd"))
    assert raised.value.row == 4
    assert isinstance(raised.value, ValueError)


def test_it_names_an_expected_value_that_rounds_to_zero() -> None:
    with pytest.raises(FunnelInputError, match=r"row 2: expected value 0\.004 rounds to 0\.00"):
        funnel([1, 0, 3], [1, 0.004, 3], list("abc"), overdispersion="shmi")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"kind": "rate"}, "kind must be one of"),
        ({"overdispersion": "dl"}, "overdispersion must be one of"),
        ({"limits": (90,)}, "limits must be drawn from 95 and 99.8"),
        ({"limits": (95,)}, "outlier_level 99.8 is not one of the limits"),
        ({"trim": 0.5}, "trim must be"),
        ({"multiplier": 0}, "multiplier must be"),
    ],
)
def test_it_refuses_bad_options(options: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        funnel(OBSERVED, EXPECTED, GROUPS, **options)


def test_it_draws_limit_curves_over_the_r_grid() -> None:
    result = funnel(OBSERVED, EXPECTED, GROUPS, overdispersion="shmi")
    curves = limit_curves(result)
    assert [curve.level for curve in curves] == [95.0, 99.8]
    assert all(curve.adjusted for curve in curves)
    # 1000 grid points from 1.1 to ceiling(max E) = 220, plus the other five expected values.
    assert len(curves[0].denominators) == 1005
    at_e = curves[1].denominators.index(100.0)
    assert curves[1].lower[at_e] == _limit(result, 4, 99.8)[0]


@st.composite
def _funnel_data(draw: st.DrawFn) -> tuple[str, str, list[float], list[float]]:
    kind = draw(st.sampled_from(["sr", "proportion", "ratio"]))
    method = draw(st.sampled_from(["none", "shmi", "cqc"]))
    size = draw(st.integers(min_value=3, max_value=12))
    denominators = draw(st.lists(st.integers(min_value=1, max_value=3000), min_size=size, max_size=size))
    numerators = [
        draw(st.integers(min_value=0, max_value=d if kind == "proportion" else 3 * d)) for d in denominators
    ]
    return kind, method, [float(n) for n in numerators], [float(d) for d in denominators]


def _close_or_below(a: float, b: float) -> bool:
    return a <= b or math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


@settings(max_examples=60, deadline=None)
@given(_funnel_data())
def test_property_limits_widen_as_denominators_shrink(
    data: tuple[str, str, list[float], list[float]],
) -> None:
    kind, method, numerators, denominators = data
    try:
        result = funnel(
            numerators,
            denominators,
            [f"g{i}" for i in range(len(numerators))],
            kind=kind,  # type: ignore[arg-type]
            overdispersion=method,  # type: ignore[arg-type]
        )
    except FunnelInputError:
        assume(False)
        return
    if kind == "proportion":
        # Where the arcsine interval wraps past 0 or π/2, FunnelPlotR clamps limits to 0 or 1
        # grid point by grid point, so they need not widen (the quirk kept on purpose above).
        spread = 3.090232 * math.sqrt(1 / (4 * min(denominators)) + (result.tau2 or 0))
        centre = math.asin(math.sqrt(result.target))
        assume(centre - spread >= 0 and centre + spread <= math.pi / 2)
    ordered = sorted(result.groups, key=lambda group: group.denominator)
    for smaller, larger in itertools.pairwise(ordered):
        for narrow, wide in zip(larger.limits, smaller.limits, strict=True):
            assert _close_or_below(wide.lower, narrow.lower)
            assert _close_or_below(narrow.upper, wide.upper)


@settings(max_examples=60, deadline=None)
@given(_funnel_data())
def test_property_998_limits_contain_95_limits(
    data: tuple[str, str, list[float], list[float]],
) -> None:
    kind, method, numerators, denominators = data
    try:
        result = funnel(
            numerators,
            denominators,
            [f"g{i}" for i in range(len(numerators))],
            kind=kind,  # type: ignore[arg-type]
            overdispersion=method,  # type: ignore[arg-type]
        )
    except FunnelInputError:
        assume(False)
        return
    if kind == "proportion":
        # Outside the R quirk where the arcsine interval wraps (see the test above): the 99.8%
        # interval must not pass 0 or π/2 at any denominator; the smallest spreads widest.
        p = result.target
        spread = 3.090232 * math.sqrt(1 / (4 * min(denominators)) + (result.tau2 or 0))
        centre = math.asin(math.sqrt(p))
        assume(centre - spread >= 0 and centre + spread <= math.pi / 2)
    for group in result.groups:
        inner, outer = group.limits
        assert _close_or_below(outer.lower, inner.lower)
        assert _close_or_below(inner.upper, outer.upper)
