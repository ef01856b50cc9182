"""Waiting clocks and opening hours: computed from when things happened, never stored twice."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london_month(instant: dt.datetime) -> dt.date:
    """Return the first day of the Europe/London calendar month an instant falls in.

    Every count by month is by the UK's calendar: 23:30 UTC on 31 March in summer time is April.
    """
    return instant.astimezone(LONDON).date().replace(day=1)


def month_index(month: dt.date) -> int:
    """Number a calendar month so that consecutive months differ by one (January 2026 is 2026*12)."""
    return month.year * 12 + month.month - 1


def month_from_index(index: int) -> dt.date:
    """Return the first day of the month `month_index` numbered `index`."""
    return dt.date(index // 12, index % 12 + 1, 1)


def add_months(month: dt.date, months: int) -> dt.date:
    """Return the first day of the month `months` calendar months after `month`'s (before, if negative)."""
    return month_from_index(month_index(month) + months)


def month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    """Return the first day of every month from `first`'s to `last`'s, both included."""
    return [month_from_index(i) for i in range(month_index(first), month_index(last) + 1)]


def month_boundaries(months: list[dt.date]) -> list[dt.datetime]:
    """Return each month's start, then the end of the last, as Europe/London midnights."""
    ends = [*months, add_months(months[-1], 1)]
    return [dt.datetime.combine(day, dt.time(), tzinfo=LONDON) for day in ends]


def years_before(day: dt.date, years: int) -> dt.date:
    """Return the same day `years` years earlier; from 29 February in a year without one, 1 March."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February: a year of days that ends on it starts the day after 28 February
        return dt.date(day.year - years, 3, 1)


def waited(since: dt.datetime, until: dt.datetime) -> dt.timedelta:
    """Return how long someone has waited (never negative)."""
    # In UTC: subtracting two times in the same zone counts wall-clock hours, which gains or
    # loses an hour across the change to and from summer time.
    return max(until.astimezone(dt.UTC) - since.astimezone(dt.UTC), dt.timedelta(0))


def is_breach(since: dt.datetime, until: dt.datetime, standard_hours: int) -> bool:
    """Say whether the wait is over the response standard (a wait exactly at the standard is met)."""
    return waited(since, until) > dt.timedelta(hours=standard_hours)


def describe_wait(wait: dt.timedelta) -> str:
    """Write a wait the way a hub worker reads it: minutes, hours or days."""
    minutes = int(wait.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h {minutes % 60:02d} min"
    return f"{hours // 24} days"


def is_open(now: dt.datetime, hours: tuple[int, int]) -> bool:
    """Say whether the hub is reading forms now (weekdays, opening hour to closing hour, London time)."""
    local = now.astimezone(LONDON)
    return local.weekday() < 5 and hours[0] <= local.hour < hours[1]


def next_opening(now: dt.datetime, hours: tuple[int, int]) -> dt.datetime:
    """Return when the hub next starts reading forms, in London time."""
    local = now.astimezone(LONDON)
    if is_open(now, hours):
        return local
    day = local.date()
    if local.hour >= hours[0]:
        day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hours[0]), tzinfo=LONDON)
