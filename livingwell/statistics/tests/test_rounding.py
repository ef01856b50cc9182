"""r_round(): R >= 4.0.0's round(x, digits), worked through R's src/nmath/fround.c by hand.

Each tie below is worked as fround.c does it: x10 = x * 10^d in double, the candidates
xd = floor(x10) / 10^d and xu = ceil(x10) / 10^d, then du = xu - x against dd = x - xd as doubles
(nearer wins; equal goes to the even last digit). Python's round() instead rounds the exact
binary value of x, so it goes the other way whenever x sits just below or above the tie but the
double-precision distances come out equal. Decimal expansions are the exact values of the doubles.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from livingwell.statistics.funnel import funnel
from livingwell.statistics.funnel.overdispersion import estimate_overdispersion
from livingwell.statistics.rounding import r_round


@pytest.mark.parametrize(
    ("x", "digits", "r_result", "python_result"),
    [
        # 637.255 is stored as 637.25499999999999545...; Python rounds that down. In R,
        # x10 = 63725.5 exactly, xd = 637.25, xu = 637.25999999999999091..., and both du and dd
        # are 0.0049999999999954525... exactly: a tie, and i10 = 63725 is odd, so R goes up.
        (637.255, 2, 637.26, 637.25),
        # The vignette "Rounding to Decimal Digits in Binary" (CRAN round, M. Maechler, 2020) shows
        # R 4.0.0 rounding 9.18665 down: stored as 9.18665000000000020..., so Python goes up, but
        # du = dd = 0.0000499999999998834... and i10 = 91866 is even, so R keeps 9.1866.
        (9.18665, 4, 9.1866, 9.1867),
        # 10.7775 (stored 10.77749999999999985...): du = dd = 0.00050000000000061106...,
        # i10 = 10777 is odd, so R goes up; Python goes down. (One of the vignette's cases.)
        (10.7775, 3, 10.778, 10.777),
        # 55.555 (stored 55.55499999999999971...): du = dd = 0.00500000000000255795...,
        # i10 = 5555 is odd, so R goes up to 55.56; Python goes down (PR#17668's example).
        (55.555, 2, 55.56, 55.55),
    ],
)
def test_it_breaks_double_precision_ties_as_r_does_where_python_differs(
    x: float, digits: int, r_result: float, python_result: float
) -> None:
    assert r_round(x, digits) == r_result
    assert round(x, digits) == python_result
    # Symmetric: fround.c rounds |x| and puts the sign back.
    assert r_round(-x, digits) == -r_result


@pytest.mark.parametrize(
    ("x", "digits", "expected"),
    [
        # 0.15 is stored as 0.14999999999999999444...; x10 = 1.5, xd = 0.1, xu = 0.2, and
        # du = 0.05000000000000001665... > dd = 0.04999999999999998889..., so R gives 0.1, as
        # Python does.
        (0.15, 1, 0.1),
        # 2.675 (stored 2.67499999999999982236...): du = 0.00500000000000033750... >
        # dd = 0.00499999999999989341..., so 2.67 in R and in Python.
        (2.675, 2, 2.67),
        # 0.285 (stored 0.28499999999999997557...): x10 = 28.499999999999996447..., and
        # du = 0.00500000000000000444... > dd = 0.00499999999999994892..., so 0.28 in both.
        (0.285, 2, 0.28),
        # 12.345 (stored 12.34500000000000063948...): du = 0.00499999999999900524... <
        # dd = 0.00500000000000078159..., so up to 12.35 in both.
        (12.345, 2, 12.35),
        # Exactly representable ties go to even, as in Python: 0.125 -> 0.12, 0.375 -> 0.38.
        (0.125, 2, 0.12),
        (0.375, 2, 0.38),
    ],
)
def test_it_agrees_with_python_where_the_nearer_candidate_is_clear(
    x: float, digits: int, expected: float
) -> None:
    assert r_round(x, digits) == expected
    assert round(x, digits) == expected


def test_it_rounds_half_to_even_at_zero_digits_as_rs_help_page_documents() -> None:
    # ?round: "round(0.5) is 0 and round(-1.5) is -2", and its first example,
    # round(.5 + -2:4), gives -2 0 0 2 2 4 4. digits = 0 is C's nearbyint.
    assert r_round(0.5) == 0.0
    assert r_round(-1.5) == -2.0
    assert [r_round(0.5 + k) for k in range(-2, 5)] == [-2, 0, 0, 2, 2, 4, 4]
    assert r_round(2.5, 0) == 2.0
    assert r_round(-2.5, 0) == -2.0
    assert r_round(3.5, 0) == 4.0
    assert r_round(2.4999999999999996, 0) == 2.0
    assert r_round(2.5000000000000004, 0) == 3.0


def test_it_keeps_the_sign_of_a_negative_number_rounded_to_zero() -> None:
    # sgn * xd with xd = 0 is -0.0, and nearbyint(-0.4) is -0.0: equal to 0, sign kept.
    assert r_round(-0.001, 2) == 0.0
    assert math.copysign(1.0, r_round(-0.001, 2)) == -1.0
    assert math.copysign(1.0, r_round(-0.4)) == -1.0


def test_it_rounds_to_tens_and_hundreds_with_negative_digits() -> None:
    assert r_round(1234.5, -1) == 1230.0
    assert r_round(1250.0, -2) == 1200.0  # 12.5 hundreds: a tie, to even
    assert r_round(1350.0, -2) == 1400.0
    assert r_round(15.0, -1) == 20.0
    assert r_round(25.0, -1) == 20.0
    assert r_round(-25.0, -1) == -20.0
    # Fewer than -308 digits is 0 in R; -308 itself still rounds (to 0 for ordinary numbers).
    assert r_round(1e300, -309) == 0.0
    assert r_round(1e300, -308) == 0.0


def test_it_returns_x_unchanged_when_the_digits_reach_past_double_precision() -> None:
    # fround.c: if M_LOG10_2 * (0.5 + logb(x)) + dig > DBL_DIG (15), return x. For x = 1 + 2^-52,
    # logb = 0, so l10x = 0.1505: at 15 digits 15.15 > 15 keeps x (Python rounds it to 1.0); at
    # 14 digits 14.15 <= 15 rounds as usual, to 1.0.
    x = 1.0000000000000002
    assert r_round(x, 15) == x
    assert round(x, 15) == 1.0
    assert r_round(x, 14) == 1.0
    # 0.1 + 0.2: logb = -2, l10x = -0.4515; 16 digits give 15.55 > 15 (kept), 15 give 14.55.
    y = 0.1 + 0.2
    assert r_round(y, 16) == y
    assert round(y, 16) == 0.3
    assert r_round(y, 15) == 0.3
    # The same rule with negative digits: 123456789012345678 has logb = 56, l10x = 17.008.
    z = 123456789012345678.0
    assert r_round(z, -2) == z  # 15.008 > 15: kept, where Python rounds to hundreds
    assert round(z, -2) != z
    assert r_round(z, -3) == 123456789012346000.0  # 14.008: rounded to thousands


def test_it_passes_zero_infinities_and_nan_through_and_ignores_huge_digits() -> None:
    assert r_round(0.0, 2) == 0.0
    assert r_round(math.inf, 2) == math.inf
    assert r_round(-math.inf, -2) == -math.inf
    assert math.isnan(r_round(math.nan, 2))
    assert r_round(0.15, 324) == 0.15  # digits > 308 + 15: x unchanged


def test_it_rounds_tiny_numbers_to_more_than_308_digits() -> None:
    # fround.c splits 10^dig into 10^308 * 10^(dig - 308) so neither overflows; the value below
    # follows its two divisions (xd / 10^308 / 10^4) and is not checked against a running R.
    assert r_round(5.555555555555555e-308, 312) == pytest.approx(5.5556e-308, rel=1e-14)
    assert r_round(5e-324, 400) == 5e-324  # the early return: l10x + 400 > 15


# FunnelPlotR's tests/testthat/test-funnel_plot.R data, with the last expected value a tie.
OBSERVED = [100, 150, 180, 80, 120, 700]
EXPECTED = [108, 112, 165, 95, 100, 637.255]
GROUPS = ["a", "b", "c", "d", "e", "f"]


def test_shmi_funnel_rounds_expected_values_as_r_does() -> None:
    # funnel_plot.R: round(denominator, 2) before φ, τ² and the limits. R gives 637.26 where
    # Python's round() would give 637.25, and φ, τ² and every limit follow the rounded value.
    result = funnel(OBSERVED, EXPECTED, GROUPS, overdispersion="shmi")
    assert result.groups[5].denominator == 637.26
    as_r = funnel(OBSERVED, [*EXPECTED[:5], 637.26], GROUPS, overdispersion="shmi")
    as_python = funnel(OBSERVED, [*EXPECTED[:5], 637.25], GROUPS, overdispersion="shmi")
    assert result.phi == as_r.phi
    assert result.tau2 == as_r.tau2
    assert result.groups[5].limits == as_r.groups[5].limits
    assert result.phi != as_python.phi
    assert result.tau2 != as_python.tau2
    assert result.groups[5].limits != as_python.groups[5].limits
    # The estimate itself: the same φ as the overdispersion core at the R-rounded denominators.
    num = np.array(OBSERVED, dtype=np.float64)
    r_den = np.array([r_round(e, 2) for e in EXPECTED], dtype=np.float64)
    py_den = np.array([round(e, 2) for e in EXPECTED], dtype=np.float64)
    assert result.phi == estimate_overdispersion("sr", "shmi", num, r_den, 0.1).phi
    assert result.phi != estimate_overdispersion("sr", "shmi", num, py_den, 0.1).phi
    # The plotted value is still O/E at the unrounded expected value (aggregate_func.R).
    assert result.groups[5].value == 700 / 637.255
