"""When questionnaires fall due: each rule on both sides of its boundary, and properties."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from livingwell.outcomes.schedule import ScheduleRule, due_points

D = dt.date(2026, 3, 2)
RULE = ScheduleRule("PHQ-9", at_first_contact=True, every_weeks=4, at_discharge=True)


def points(today, completed=(), discharged=None, rule=RULE):
    return due_points(rule, first_contact=D, discharged_on=discharged, completed_on=completed, today=today)


def test_first_contact_is_due_on_the_day_and_not_before():
    assert points(D - dt.timedelta(days=1)) == []
    [point] = points(D)
    assert point.moment == "at first contact"
    assert not point.overdue


def test_overdue_starts_more_than_seven_days_after():
    assert not points(D + dt.timedelta(days=7))[0].overdue
    assert points(D + dt.timedelta(days=8))[0].overdue


def test_every_n_weeks_counts_from_the_latest_completion():
    done = [D, D + dt.timedelta(weeks=3)]
    assert points(D + dt.timedelta(weeks=7) - dt.timedelta(days=1), done) == []
    [point] = points(D + dt.timedelta(weeks=7), done)
    assert point.moment == "every 4 weeks"
    assert point.due_on == D + dt.timedelta(weeks=7)


def test_a_discharge_score_within_a_week_before_counts():
    out = D + dt.timedelta(weeks=10)
    assert points(out, [D, out - dt.timedelta(days=7)], discharged=out) == []
    [point] = points(out, [D, out - dt.timedelta(days=8)], discharged=out)
    assert point.moment == "at discharge"


def test_the_discharge_point_is_listed_for_28_days_only():
    out = D + dt.timedelta(weeks=10)
    assert points(out + dt.timedelta(days=28), [D], discharged=out)
    assert points(out + dt.timedelta(days=29), [D], discharged=out) == []


def test_rules_switched_off_give_nothing():
    quiet = ScheduleRule("PHQ-9", at_first_contact=False, every_weeks=None, at_discharge=False)
    assert points(D + dt.timedelta(weeks=30), rule=quiet) == []
    assert points(D + dt.timedelta(weeks=30), [D], discharged=D + dt.timedelta(weeks=29), rule=quiet) == []


@given(
    offsets=st.lists(st.integers(0, 400), max_size=6),
    today=st.integers(0, 500),
    discharged=st.one_of(st.none(), st.integers(0, 500)),
)
def test_nothing_is_ever_due_in_the_future_and_overdue_means_a_week_late(offsets, today, discharged):
    day = D + dt.timedelta(days=today)
    for point in points(
        day,
        [D + dt.timedelta(days=o) for o in offsets],
        discharged=None if discharged is None else D + dt.timedelta(days=discharged),
    ):
        assert point.due_on <= day
        assert point.overdue == (day - point.due_on > dt.timedelta(days=7))
