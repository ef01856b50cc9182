"""A date of birth: in the past, and no more than 120 years ago, both sides of each boundary."""

from __future__ import annotations

import datetime as dt

import pytest

from livingwell.lib import ages


@pytest.mark.parametrize(
    ("born", "today", "code"),
    [
        (dt.date(2026, 12, 3), dt.date(2026, 12, 3), None),  # born today
        (dt.date(2026, 12, 4), dt.date(2026, 12, 3), "future"),
        (dt.date(1906, 12, 3), dt.date(2026, 12, 3), None),  # exactly 120 today: accepted
        (dt.date(1906, 12, 2), dt.date(2026, 12, 3), "too_old"),
        # 120 years before 29 February 2020 is 1900, which had none: the day after 28 February.
        (dt.date(1900, 3, 1), dt.date(2020, 2, 29), None),
        (dt.date(1900, 2, 28), dt.date(2020, 2, 29), "too_old"),
    ],
)
def test_a_date_of_birth_is_in_the_past_and_within_120_years(born, today, code):
    if code is None:
        ages.check_date_of_birth(born, today)
        return
    with pytest.raises(ages.InvalidDateOfBirth) as refused:
        ages.check_date_of_birth(born, today)
    assert refused.value.code == code
    if code == "too_old":
        # NHS.UK: "must be after [date]", the last date refused (here the one given).
        assert str(refused.value) == f"Date of birth must be after {born.day} {born:%B %Y}"
