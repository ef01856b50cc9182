"""Age bands: the one banding of age every count, breakdown and extract uses.

The ONS's ten-year bands from 25, with the under-18s and 18 to 24 apart (as NHS mental health
statistics report them). An age is whole years on the day (a birthday counts from the day itself).
"""

from __future__ import annotations

import datetime as dt

from livingwell.lib.clocks import years_before

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


# The oldest age a date of birth may give: no one living is older (the oldest recorded person was
# 122), and a year of birth typed as 1024 for 2024 is caught.
OLDEST_AGE_YEARS = 120


class InvalidDateOfBirth(ValueError):
    """A date of birth no living person could have; `code` says which way (future, too_old)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def check_date_of_birth(born: dt.date, today: dt.date) -> None:
    """Refuse a date of birth after `today` or more than OLDEST_AGE_YEARS years before it.

    The messages follow the NHS.UK pattern ("[whatever it is] must be in the past", "... must be
    after [date]", naming the last date refused). Someone born exactly 120 years ago today is 120,
    and still accepted. The public form, the hub's forms and the API all ask this one rule.
    """
    if born > today:
        raise InvalidDateOfBirth("Date of birth must be in the past", "future")
    earliest = years_before(today, OLDEST_AGE_YEARS)
    if born < earliest:
        before = earliest - dt.timedelta(days=1)
        raise InvalidDateOfBirth(f"Date of birth must be after {before.day} {before:%B %Y}", "too_old")
