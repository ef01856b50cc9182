"""Age bands: the one banding of age every count, breakdown and extract uses.

The ONS's ten-year bands from 25, with the under-18s and 18 to 24 apart (as NHS mental health
statistics report them). An age is whole years on the day (a birthday counts from the day itself).
"""

from __future__ import annotations

import datetime as dt

AGE_BANDS = ((0, "Under 18"), (18, "18 to 24"), (25, "25 to 34"), (35, "35 to 44"), (45, "45 to 54"),
             (55, "55 to 64"), (65, "65 and over"))  # fmt: skip
UNDER_18 = AGE_BANDS[0][1]
AGE_BAND_LABELS = tuple(label for _, label in AGE_BANDS)


def age_on(born: dt.date, on: dt.date) -> int:
    """Return someone's age in whole years on the date `on`."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_band(born: dt.date, on: dt.date) -> str:
    """Return the age band of someone born on `born`, on the date `on`."""
    age = age_on(born, on)
    label = UNDER_18
    for low, name in AGE_BANDS:
        if age >= low:
            label = name
    return label
