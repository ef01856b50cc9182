"""Waiting clocks and the hub's opening hours, in Europe/London time."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from livingwell.lib import clocks

UTC = dt.UTC
HOURS = (9, 17)


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=clocks.LONDON)


def test_it_measures_the_wait():
    since = dt.datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    assert clocks.waited(since, since + dt.timedelta(hours=3, minutes=5)) == dt.timedelta(hours=3, minutes=5)


def test_it_never_gives_a_negative_wait():
    since = dt.datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    assert clocks.waited(since, since - dt.timedelta(minutes=1)) == dt.timedelta(0)


def test_it_does_not_call_a_wait_exactly_at_the_standard_a_breach():
    since = dt.datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    assert not clocks.is_breach(since, since + dt.timedelta(hours=4), 4)


def test_it_calls_one_second_over_the_standard_a_breach():
    since = dt.datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    assert clocks.is_breach(since, since + dt.timedelta(hours=4, seconds=1), 4)


def test_it_measures_a_wait_across_the_clocks_going_forward_in_real_hours():
    # 30 March 2025, 01:00 GMT becomes 02:00 BST: from midnight to 03:00 local is 2 real hours.
    since = london(2025, 3, 30, 0, 0)
    assert clocks.waited(since, london(2025, 3, 30, 3, 0)) == dt.timedelta(hours=2)
    assert not clocks.is_breach(since, london(2025, 3, 30, 3, 0), 2)


@pytest.mark.parametrize(
    ("wait", "text"),
    [
        (dt.timedelta(minutes=59, seconds=59), "59 min"),
        (dt.timedelta(hours=1), "1 h 00 min"),
        (dt.timedelta(hours=47, minutes=59), "47 h 59 min"),
        (dt.timedelta(hours=48), "2 days"),
    ],
)
def test_it_describes_a_wait(wait, text):
    assert clocks.describe_wait(wait) == text


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (london(2025, 1, 6, 8, 59, 59), False),  # Monday, a second before opening
        (london(2025, 1, 6, 9, 0), True),  # Monday at opening
        (london(2025, 1, 6, 16, 59, 59), True),
        (london(2025, 1, 6, 17, 0), False),  # closing hour itself is closed
        (london(2025, 1, 10, 12, 0), True),  # Friday
        (london(2025, 1, 11, 12, 0), False),  # Saturday
        (london(2025, 1, 12, 12, 0), False),  # Sunday
        # Summer time: 08:30 UTC is 09:30 BST (open); in winter 08:30 UTC is 08:30 GMT (closed).
        (dt.datetime(2025, 7, 7, 8, 30, tzinfo=UTC), True),
        (dt.datetime(2025, 1, 6, 8, 30, tzinfo=UTC), False),
        (dt.datetime(2025, 7, 7, 16, 30, tzinfo=UTC), False),  # 17:30 BST
    ],
)
def test_it_knows_when_the_hub_is_open(now, expected):
    assert clocks.is_open(now, HOURS) is expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (london(2025, 1, 6, 8, 0), london(2025, 1, 6, 9, 0)),  # Monday early: today at 9
        (london(2025, 1, 6, 17, 0), london(2025, 1, 7, 9, 0)),  # Monday at closing: Tuesday
        (london(2025, 1, 10, 17, 0), london(2025, 1, 13, 9, 0)),  # Friday evening: Monday
        (london(2025, 1, 11, 8, 0), london(2025, 1, 13, 9, 0)),  # Saturday early: Monday
        (london(2025, 1, 12, 23, 59), london(2025, 1, 13, 9, 0)),  # Sunday night: Monday
        # Sunday 30 March 2025 the clocks go forward; Monday opens at 09:00 BST = 08:00 UTC.
        (london(2025, 3, 30, 12, 0), dt.datetime(2025, 3, 31, 8, 0, tzinfo=UTC)),
        # Friday 24 October 2025 in BST; Monday 27 opens at 09:00 GMT = 09:00 UTC.
        (london(2025, 10, 24, 18, 0), dt.datetime(2025, 10, 27, 9, 0, tzinfo=UTC)),
    ],
)
def test_it_finds_the_next_opening(now, expected):
    opening = clocks.next_opening(now, HOURS)
    assert opening == expected
    assert opening.astimezone(clocks.LONDON).hour == 9


def test_it_says_an_open_hub_opens_now():
    now = london(2025, 1, 8, 11, 15)
    assert clocks.next_opening(now, HOURS) == now


@given(
    st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2035, 1, 1), timezones=st.just(UTC))
)
def test_it_always_finds_an_opening_within_three_days_that_is_open(now):
    opening = clocks.next_opening(now, HOURS)
    assert opening >= now
    assert opening - now <= dt.timedelta(days=3)
    assert clocks.is_open(opening, HOURS)


def test_a_year_before_a_leap_day_starts_on_the_first_of_march():
    assert clocks.years_before(dt.date(2028, 2, 29), 1) == dt.date(2027, 3, 1)
    assert clocks.years_before(dt.date(2028, 2, 29), 4) == dt.date(2024, 2, 29)
    assert clocks.years_before(dt.date(2027, 1, 31), 1) == dt.date(2026, 1, 31)
