"""Checking what an analyst hands to an SPC chart, with errors that name the row at fault.

NHSRplotthedots sorts by date and lets missing values flow into NA limits; we refuse instead,
because a chart drawn from a silently reordered or gappy series is worse than no chart. Rows are
reported 1-based (as an analyst counts them in a spreadsheet) together with the 0-based index.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from typing import Any

import numpy as np
import numpy.typing as npt

from livingwell.statistics.direction import Improvement

# NHSRplotthedots 0.2.2, R/ptd_add_short_group_warnings.R: `warning_threshold =
# getOption("ptd_spc.warning_threshold", 13)` and `n() < warning_threshold`, so a group of 12 or
# fewer points warns, even though the package's message says "n < 12" (its issue #224).
SHORT_GROUP_THRESHOLD = 13
# R/ptd_spc_options.R: fix_after_n_points must be "greater than or equal to 12".
MIN_FIX_AFTER_N_POINTS = 12

FloatArray = npt.NDArray[np.float64]
DateKey = datetime | float


class SPCInputError(ValueError):
    """Input that cannot be charted; `row` is the 1-based row at fault, when there is one."""

    def __init__(self, message: str, *, row: int | None = None, series: int | None = None):
        super().__init__(message)
        self.row = row
        self.series = series


class SPCShortGroupWarning(UserWarning):
    """A group has too few points for settled limits; it is charted with trial limits."""


class SPCRebaseWarning(UserWarning):
    """A rebase point matches no point of the series, so it is ignored (as the package does)."""


def _where(row_index: int, series_index: int | None = None) -> str:
    place = f"row {row_index + 1} (index {row_index})"
    if series_index is None:
        return place
    return f"series {series_index + 1} (index {series_index}), {place}"


def _describe(value: object) -> str:
    text = value.isoformat() if isinstance(value, date) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def as_values(values: Iterable[Any]) -> FloatArray:
    """Return the values of one series as floats, refusing missing or non-numeric entries."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu":
        if values.ndim != 1:
            raise SPCInputError(f"values must be one-dimensional; got shape {values.shape}")
        array = values.astype(np.float64)
    else:
        cleaned = []
        for index, value in enumerate(values):
            if value is None or isinstance(value, bool | str | bytes):
                problem = "is missing" if value is None else f"{_describe(value)} is not a number"
                raise SPCInputError(f"{_where(index)}: value {problem}", row=index + 1)
            try:
                cleaned.append(float(value))
            except (TypeError, ValueError):
                raise SPCInputError(
                    f"{_where(index)}: value {_describe(value)} is not a number", row=index + 1
                ) from None
        array = np.array(cleaned, dtype=np.float64)
    _check_finite(array[None, :], one_series=True)
    if array.size < 2:
        raise SPCInputError(f"an SPC chart needs at least two points; got {array.size}")
    return array


def as_matrix(values: Any) -> FloatArray:
    """Return many equal-length series as a (series, points) float array."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise SPCInputError(f"values must be a 2-D array of numbers (series x points): {error}") from None
    if array.ndim != 2:
        raise SPCInputError(f"values must be a 2-D array of shape (series, points); got shape {array.shape}")
    _check_finite(array, one_series=False)
    if array.shape[1] < 2:
        raise SPCInputError(f"an SPC chart needs at least two points; got {array.shape[1]}")
    return np.ascontiguousarray(array)


def _check_finite(array: FloatArray, *, one_series: bool) -> None:
    bad = ~np.isfinite(array)
    if not bad.any():
        return
    series_index, row_index = (int(i) for i in np.argwhere(bad)[0])
    value = array[series_index, row_index]
    problem = "is missing (NaN)" if math.isnan(value) else f"{value} is not finite"
    raise SPCInputError(
        f"{_where(row_index, None if one_series else series_index)}: value {problem}",
        row=row_index + 1,
        series=None if one_series else series_index + 1,
    )


def _date_key(value: object) -> DateKey | None:
    """Return a comparable key for a date-like value, or None if it is missing."""
    if value is None:
        return None
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return None
        converted = value.astype("datetime64[us]").item()
        if not isinstance(converted, date):
            raise TypeError(f"{value} is out of range")
        value = converted
    if isinstance(value, str):
        value = datetime.fromisoformat(value.strip())
    if isinstance(value, datetime):
        # Aware and naive datetimes cannot be compared; put aware ones on UTC wall-clock time.
        if value.tzinfo is not None:
            return value.astimezone(UTC).replace(tzinfo=None)
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = float(value)
        return None if math.isnan(number) else number
    raise TypeError(f"{_describe(value)} is not a date")


def as_date_keys(dates: Iterable[object], n_points: int) -> list[DateKey]:
    """Return sortable keys for the dates, refusing missing, unsorted or duplicate dates."""
    dates = list(dates)
    if len(dates) != n_points:
        raise SPCInputError(f"dates has {len(dates)} entries but there are {n_points} values")
    keys: list[DateKey] = []
    for index, value in enumerate(dates):
        try:
            key = _date_key(value)
        except (TypeError, ValueError) as error:
            raise SPCInputError(f"{_where(index)}: date {error}", row=index + 1) from None
        if key is None:
            raise SPCInputError(f"{_where(index)}: date is missing", row=index + 1)
        if keys:
            previous = keys[-1]
            if isinstance(key, float) != isinstance(previous, float):
                raise SPCInputError(
                    f"{_where(index)}: date {_describe(value)} cannot be compared with the "
                    f"date before it ({_describe(dates[index - 1])})",
                    row=index + 1,
                )
            ordered = key > previous  # type: ignore[operator]  # same kind, checked above
            duplicate = key == previous
            if duplicate:
                raise SPCInputError(
                    f"{_where(index)}: date {_describe(value)} duplicates row {index}", row=index + 1
                )
            if not ordered:
                raise SPCInputError(
                    f"{_where(index)}: date {_describe(value)} comes before the date in row "
                    f"{index} ({_describe(dates[index - 1])}); sort the series by date",
                    row=index + 1,
                )
        keys.append(key)
    return keys


def group_bounds(
    n_points: int, keys: Sequence[DateKey] | None, rebase: Iterable[object]
) -> list[tuple[int, int]]:
    """Return the (start, stop) of each rebase group; rebase names the first point of a group."""
    # R/ptd_add_rebase_column.R marks rows whose date is `%in%` the rebase dates, and
    # R/ptd_spc_standard.R groups by `cumsum(rebase)`: a rebase on the first date changes nothing
    # and one that matches no date is silently ignored. We ignore it too, but say so.
    # Without dates, points are identified by their 0-based index.
    position = {key: index for index, key in enumerate(keys)} if keys is not None else None
    starts = {0}
    for point in rebase:
        index: int | None
        if position is not None:
            try:
                key = _date_key(point)
            except (TypeError, ValueError) as error:
                raise SPCInputError(f"rebase {_describe(point)}: {error}") from None
            index = position.get(key) if key is not None else None
        elif isinstance(point, numbers.Integral) and not isinstance(point, bool):
            index = int(point) if 0 <= int(point) < n_points else None
        else:
            raise SPCInputError(
                f"rebase {_describe(point)}: without dates, rebase points are 0-based indices"
            )
        if index is None:
            warnings.warn(
                f"rebase {_describe(point)} matches no point of the series and is ignored",
                SPCRebaseWarning,
                stacklevel=3,
            )
            continue
        starts.add(index)
    ordered = sorted(starts)
    return list(zip(ordered, [*ordered[1:], n_points], strict=True))


def warn_short_groups(bounds: Sequence[tuple[int, int]]) -> tuple[bool, ...]:
    """Warn once about groups too short for settled limits; return which groups are short."""
    short = tuple(stop - start < SHORT_GROUP_THRESHOLD for start, stop in bounds)
    if any(short):
        described = ", ".join(
            f"row {start + 1} ({stop - start} points)"
            for (start, stop), is_short in zip(bounds, short, strict=True)
            if is_short
        )
        warnings.warn(
            f"SPC groups starting at {described} have fewer than {SHORT_GROUP_THRESHOLD} points: "
            "their limits are trial limits, which will move as points are added",
            SPCShortGroupWarning,
            stacklevel=3,
        )
    return short


def as_improvement(improvement: object) -> Improvement:
    """Return the improvement direction, refusing anything but increase, decrease or neutral."""
    try:
        if not isinstance(improvement, str):
            raise ValueError(improvement)
        return Improvement(improvement)
    except ValueError:
        choices = ", ".join(repr(choice.value) for choice in Improvement)
        raise SPCInputError(f"improvement must be one of {choices}; got {_describe(improvement)}") from None


def as_fix_after(fix_after_n_points: object) -> int | None:
    """Return the baseline length, refusing anything but a whole number of at least 12."""
    if fix_after_n_points is None:
        return None
    if (
        not isinstance(fix_after_n_points, numbers.Integral)
        or isinstance(fix_after_n_points, bool)
        or int(fix_after_n_points) < MIN_FIX_AFTER_N_POINTS
    ):
        raise SPCInputError(
            f"fix_after_n_points must be a whole number of at least {MIN_FIX_AFTER_N_POINTS} "
            f"(as NHSRplotthedots requires); got {_describe(fix_after_n_points)}"
        )
    return int(fix_after_n_points)


def as_target(target: object) -> float | None:
    """Return the target as a float, refusing anything that is not a number."""
    if target is None:
        return None
    if not isinstance(target, numbers.Real) or isinstance(target, bool) or math.isnan(target):
        raise SPCInputError(f"target must be a number or None; got {_describe(target)}")
    return float(target)
