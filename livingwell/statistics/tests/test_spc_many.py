"""`spc_many` gives, series by series, exactly what `spc` gives."""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from livingwell.statistics.spc import (
    ASSURANCE_TYPES,
    POINT_TYPES,
    Assurance,
    PointType,
    SPCInputError,
    SPCResult,
    SPCShortGroupWarning,
    spc,
    spc_many,
)

T = TypeVar("T")


def _comparable(value: object) -> object:
    """Turn a result into nested tuples in which NaN equals NaN."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple(_comparable(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, tuple):
        return tuple(_comparable(item) for item in value)
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    return value


def _quietly(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SPCShortGroupWarning)
        return function(*args, **kwargs)


# Small integer grids make ties, points on the mean, flat stretches and limit hits common; the
# float grid exercises rounding.
_integer_values = st.integers(min_value=0, max_value=6).map(float)
_float_values = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_subnormal=False)


@st.composite
def _walk(draw: st.DrawFn, n_points: int) -> list[float]:
    """Draw a series of rising, falling and flat stretches, so that trends and shifts are common."""
    values = [float(draw(st.integers(min_value=-5, max_value=5)))]
    while len(values) < n_points:
        step = draw(st.sampled_from([-2.0, -1.0, 0.0, 1.0, 2.0, 7.0, -7.0]))
        length = draw(st.integers(min_value=1, max_value=9))
        for _ in range(min(length, n_points - len(values))):
            values.append(values[-1] + step)
    return values


@st.composite
def _batches(draw: st.DrawFn) -> dict[str, object]:
    n_series = draw(st.integers(min_value=1, max_value=4))
    n_points = draw(st.integers(min_value=2, max_value=40))
    kind = draw(st.sampled_from(["integers", "floats", "walks"]))
    if kind == "walks":
        rows = [draw(_walk(n_points)) for _ in range(n_series)]
    else:
        elements = _integer_values if kind == "integers" else _float_values
        rows = [draw(st.lists(elements, min_size=n_points, max_size=n_points)) for _ in range(n_series)]
    values = np.array(rows)
    rebase = draw(st.lists(st.integers(min_value=0, max_value=n_points - 1), max_size=3))
    return {
        "values": values,
        "improvement": draw(st.sampled_from(["increase", "decrease", "neutral"])),
        "target": draw(st.none() | st.sampled_from([0.0, 3.0, 6.0]) | _float_values),
        "rebase": rebase,
        "fix_after_n_points": draw(st.none() | st.integers(min_value=12, max_value=20)),
        "screen_outliers": draw(st.booleans()),
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_batches())
def test_it_agrees_with_spc_series_by_series(batch: dict[str, object]) -> None:
    values = batch.pop("values")
    assert isinstance(values, np.ndarray)
    many = _quietly(spc_many, values, **batch)
    for index, row in enumerate(values):
        one = _quietly(spc, row.tolist(), **batch)
        assert _comparable(many.series(index)) == _comparable(one)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["increase", "decrease", "neutral"]),
            st.none() | st.integers(min_value=0, max_value=6).map(float),
        ),
        min_size=1,
        max_size=5,
    ),
    st.data(),
)
def test_improvement_and_target_may_differ_by_series(
    options: list[tuple[str, float | None]], data: st.DataObject
) -> None:
    n_points = data.draw(st.integers(min_value=2, max_value=30))
    values = np.array(
        [data.draw(st.lists(_integer_values, min_size=n_points, max_size=n_points)) for _ in options]
    )
    many = _quietly(
        spc_many,
        values,
        improvement=[improvement for improvement, _ in options],
        target=[target for _, target in options],
    )
    for index, (improvement, target) in enumerate(options):
        one = _quietly(spc, values[index].tolist(), improvement=improvement, target=target)
        assert _comparable(many.series(index)) == _comparable(one)


# Series at the rule boundaries that random data rarely reaches (see test_spc.py).
BOUNDARY_SERIES = [
    [0.0, 20.0] * 3 + [1.0, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1],  # two trends meeting at a tie
    [0.0, 20.0] * 3 + [6.0, 7, 8, 9, 11, 12, 13] + [0.0, 20.0] * 3 + [0.0] * 4,  # trend, then drop
    [0.0, 20.0] * 3 + [6.0, 7, 8, 8, 9, 11, 12] + [0.0, 20.0] * 3 + [0.0] * 4,  # tie in a trend
    [12.0, 8.0] * 3 + [11.0] * 7 + [8.0, 12.0] * 3 + [9.0] * 7 + [12.0, 8.0],  # shifts
    [12.0, 8.0] * 3 + [11.0, 11, 11, 10, 11, 11, 11] + [8.0, 12.0] * 3 + [9.0] * 6 + [10.0, 0, 20],
    [9.0, 11.0] * 5 + [16.0, 11.0, 16.0] + [9.0, 11.0] * 5 + [9.0, 11.0, 9.0, 11.0],  # 2 in 3
    [9.0, 11.0] * 5 + [16.0, 9.0, 16.0] + [9.0, 11.0] * 5 + [9.0, 11.0, 9.0, 11.0],  # split
    [9.0, 11.0] * 5 + [30.0] + [9.0, 11.0] * 5 + [1.0, 2, 3, 4, 5, 6],  # outside limits
]


@pytest.mark.parametrize("improvement", ["increase", "decrease", "neutral"])
def test_it_agrees_with_spc_at_the_rule_boundaries(improvement: str) -> None:
    signalling = 0
    for series in BOUNDARY_SERIES:
        # Beside a copy shifted up, so that each batch holds more than one series.
        many = _quietly(spc_many, np.array([series, [v + 50 for v in series]]), improvement=improvement)
        one = _quietly(spc, series, improvement=improvement)
        signalling += any(point.special_cause for point in one.points)
        assert _comparable(many.series(0)) == _comparable(one)
    assert signalling >= 6


def test_it_returns_arrays_of_codes() -> None:
    dates = [date(2024, 1, 1) + timedelta(days=i) for i in range(20)]
    values = np.array([[9.0, 11.0] * 10, list(range(20))])
    result = spc_many(values, dates, target=[0.0, None])
    assert result.mean.shape == result.point_type.shape == (2, 20)
    assert POINT_TYPES[result.variation[0]] is PointType.COMMON_CAUSE
    assert POINT_TYPES[result.variation[1]] is PointType.SPECIAL_CAUSE_IMPROVEMENT
    assert ASSURANCE_TYPES[result.assurance[0]] is Assurance.CONSISTENT_PASS
    assert ASSURANCE_TYPES[result.assurance[1]] is None
    assert result.special_cause[1].sum() == 20
    assert result.series(0).points[3].date == dates[3]


def test_a_single_target_applies_to_every_series() -> None:
    # Limits 4.68..15.32 and 24.68..35.32.
    values = np.array([[9.0, 11.0] * 10, [29.0, 31.0] * 10])
    result = spc_many(values, target=20.0)
    assert [ASSURANCE_TYPES[code] for code in result.assurance] == [
        Assurance.CONSISTENT_FAIL,
        Assurance.CONSISTENT_PASS,
    ]


def test_a_missing_value_names_its_series_and_row() -> None:
    values = np.ones((3, 20))
    values[2, 6] = np.nan
    with pytest.raises(SPCInputError, match=r"series 3 \(index 2\), row 7 \(index 6\)") as error:
        spc_many(values)
    assert (error.value.series, error.value.row) == (3, 7)


@pytest.mark.parametrize("values", [[1.0, 2.0, 3.0], [[1.0]], [[1.0, 2.0], [3.0]], "abc"])
def test_input_that_is_not_a_table_of_two_or_more_points_is_refused(values: object) -> None:
    with pytest.raises(SPCInputError):
        spc_many(values)


def test_short_groups_warn_once() -> None:
    with pytest.warns(SPCShortGroupWarning) as caught:
        result = spc_many(np.ones((5, 10)))
    assert len(caught) == 1
    assert result.short_groups == (True,)


def test_per_series_options_must_match_the_number_of_series() -> None:
    with pytest.raises(SPCInputError, match="2 entries for 3 series"):
        spc_many(np.ones((3, 20)), improvement=["increase", "decrease"])
    with pytest.raises(SPCInputError, match="2 entries for 3 series"):
        spc_many(np.ones((3, 20)), target=[1.0, 2.0])


def test_series_returns_an_spc_result() -> None:
    assert isinstance(spc_many(np.ones((1, 20))).series(0), SPCResult)
