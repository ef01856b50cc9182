"""R's `round(x, digits)` (R >= 4.0.0) in pure Python, so results that R rounds match R's.

Python's `round(x, n)` rounds the exact binary value of `x` to the nearest `n`-place decimal.
R 4.0.0 changed `round()` to a different rule (R 4.0.0 NEWS: "round() correctly rounds 'to
even' in more cases, thanks to a more careful algorithm ... in PR#17668"). R's
src/nmath/fround.c computes the two candidates `xd = floor(x * 10^d) / 10^d` and
`xu = ceil(x * 10^d) / 10^d` in double arithmetic and keeps the one whose double-precision
distance to `x` is smaller; when the two distances are equal as doubles, it keeps the one whose
last digit is even. Martin Maechler's vignette "Rounding to Decimal Digits in Binary" (CRAN
package round, 2020) calls this version "r3d.C" and says R 4.0.0 adopted it. The rules part when
`x` is midway between the two candidate doubles (not the two decimals) or the subtraction
rounds: `round(9.18665, 4)` is 9.1866 in R and 9.1867 in Python; `round(637.255, 2)` is 637.26
in R and 637.25 in Python.

`r_round` follows fround.c line by line: the same constants, the same order of operations and
R_pow_di's repeated squaring for 10^d, so every intermediate double is the one R computes.
"""

from __future__ import annotations

import math

# <float.h> on IEEE 754 doubles, as R is built.
DBL_DIG = 15
DBL_MAX_10_EXP = 308
# fround.c: MAX_DIGITS = DBL_MAX_10_EXP + DBL_DIG; larger `digits` return x unchanged.
MAX_DIGITS = DBL_MAX_10_EXP + DBL_DIG
# Rmath.h M_LOG10_2, log10(2).
M_LOG10_2 = 0.301029995663981195213738894724493027


def r_round(x: float, digits: int = 0) -> float:
    """Round `x` to `digits` decimal places exactly as R >= 4.0.0's `round(x, digits)` does.

    Negative `digits` round to tens, hundreds and so on, as in R. Ties at `digits = 0` go to the
    even integer (C's nearbyint): `r_round(2.5) == 2.0`, `r_round(-2.5) == -2.0`.
    """
    x = float(x)
    # fround.c: NaN gives NaN; ±Inf and 0 come back unchanged.
    if math.isnan(x):
        return x
    if math.isinf(x):
        return x
    if digits > MAX_DIGITS or x == 0.0:
        return x
    if digits < -DBL_MAX_10_EXP:
        return 0.0
    if digits == 0:
        return _nearbyint(x)

    dig = int(digits)
    sgn = 1.0
    if x < 0.0:
        sgn = -1.0
        x = -x
    # fround.c: l10x = M_LOG10_2 * (0.5 + logb(x)), a cheap log10(x). When the rounding place is
    # more than DBL_DIG (15) digits below x's leading digit, R treats x as having nothing there to
    # round and returns it unchanged (for negative digits too), where Python would still round.
    l10x = M_LOG10_2 * (0.5 + _logb(x))
    if l10x + dig > DBL_DIG:
        return sgn * x
    if dig <= DBL_MAX_10_EXP:
        # Neither 10^dig nor x * 10^dig overflows.
        pow10 = _r_pow_di(10.0, dig)
        x10 = x * pow10
        i10 = float(math.floor(x10))
        xd = i10 / pow10
        xu = float(math.ceil(x10)) / pow10
    else:
        # 308 < dig <= 15 - log10(x): only tiny x (about 1e-305 and below) reach here; R splits
        # 10^dig in two so that neither factor overflows.
        e10 = dig - DBL_MAX_10_EXP
        p10 = _r_pow_di(10.0, e10)
        pow10 = _r_pow_di(10.0, DBL_MAX_10_EXP)
        x10 = (x * pow10) * p10
        i10 = float(math.floor(x10))
        xd = i10 / pow10 / p10
        xu = float(math.ceil(x10)) / pow10 / p10
    du = xu - x
    dd = x - xd
    # fround.c: up when it is nearer, or on an exact tie (du == dd as doubles) when the round-down
    # candidate's last digit (i10) is odd, so the kept digit is even.
    if du < dd or (math.fmod(i10, 2.0) == 1.0 and du == dd):
        return sgn * xu
    return sgn * xd


def _nearbyint(x: float) -> float:
    # C's nearbyint in the default rounding mode: nearest integer, ties to even. Python's round()
    # with no digits does exactly that; copysign keeps nearbyint's -0.0 for -0.5 < x < 0.
    return math.copysign(float(round(x)), x)


def _logb(x: float) -> float:
    # C's logb for finite x > 0: the binary exponent e with 2^e <= x < 2^(e+1), subnormals too.
    _, exponent = math.frexp(x)
    return float(exponent - 1)


def _r_pow_di(x: float, n: int) -> float:
    # R's R_pow_di (src/main/arithmetic.c): repeated squaring, and 1 / x^|n| for negative n. Exact
    # for 10^n with |n| <= 22; beyond that the same rounding steps as R.
    xn = 1.0
    if n != 0:
        is_neg = n < 0
        if is_neg:
            n = -n
        while True:
            if n & 1:
                xn *= x
            n >>= 1
            if n:
                x *= x
            else:
                break
        if is_neg:
            xn = 1.0 / xn
    return xn
