"""The suite's clock: every run starts at LIVINGWELL_TEST_NOW, and a `clock` test runs at the hard instants too."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from livingwell.lib.clocks import LONDON
from livingwell.testing.browser import ROOT
from livingwell.testing.clock import HARD_INSTANTS, SuiteClock

HARD_IDS = [
    "2027-01-31T23:30+00:00-london",
    "2027-03-28T02:30+01:00-london",
    "2027-10-31T01:30+01:00-london",
    "2028-02-29T12:00+00:00-london",
]


def _expected_now(suite: SuiteClock) -> dt.datetime:
    """Where the suite's clock should be: its start, plus the real time since it started."""
    ran_for = time_machine.escape_hatch.time.time() - suite.real_start
    return suite.now + dt.timedelta(seconds=ran_for)


def test_the_clock_starts_at_livingwell_test_now_and_runs_on(suite_clock_started):
    assert suite_clock_started.now == settings.TEST_NOW
    expected = _expected_now(suite_clock_started)
    # Every way of asking the time tells the suite's time, not today's.
    for now in (
        timezone.now(),
        dt.datetime.now(dt.UTC),
        dt.datetime.fromtimestamp(time.time(), dt.UTC),
    ):
        assert abs(now - expected) < dt.timedelta(seconds=2)
    assert timezone.localdate() == expected.astimezone(LONDON).date()


def test_the_clock_runs_so_that_one_record_comes_after_another():
    first = timezone.now()
    time.sleep(0.01)
    assert timezone.now() > first


@pytest.mark.clock
def test_a_clock_test_runs_at_each_instant(request, clock, suite_clock_started):
    instant = request.node.callspec.params["clock"]
    assert request.node.name.endswith(f"[{instant.id}]")
    if instant.at is None:  # the suite's own clock
        assert abs(clock - _expected_now(suite_clock_started)) < dt.timedelta(seconds=2)
        return
    assert dt.timedelta(0) <= timezone.now() - instant.at < dt.timedelta(seconds=2)
    # What the London clocks show: 02:30 BST on the morning they went forward, not 01:30.
    assert clock.tzinfo == LONDON
    assert clock.isoformat(timespec="minutes") == instant.id.removesuffix("-london")


def test_the_hard_instants_are_month_end_the_clock_changes_and_a_leap_day():
    assert [i.id for i in HARD_INSTANTS] == HARD_IDS
    utc = [i.at.astimezone(dt.UTC) if i.at else None for i in HARD_INSTANTS]
    assert utc == [
        dt.datetime(2027, 1, 31, 23, 30, tzinfo=dt.UTC),
        dt.datetime(2027, 3, 28, 1, 30, tzinfo=dt.UTC),  # half an hour after the clocks went forward
        dt.datetime(2027, 10, 31, 0, 30, tzinfo=dt.UTC),  # half an hour before they go back
        dt.datetime(2028, 2, 29, 12, 0, tzinfo=dt.UTC),
    ]


def test_the_marker_makes_one_test_of_each_instant_in_the_same_run():
    """Collect the marked test above in a run of its own: it is there once per instant."""
    node = "livingwell/tests/test_clock.py::test_a_clock_test_runs_at_each_instant"
    found = subprocess.run(  # noqa: S603 - this interpreter, collecting our own test
        [sys.executable, "-m", "pytest", "--collect-only", "--verbose", node],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert found.returncode == 0, found.stdout + found.stderr
    # Verbose collection lists each test as <Function name[id]>.
    collected = [line.strip() for line in found.stdout.splitlines() if "<Function " in line]
    name = node.rpartition("::")[2]
    assert collected == [f"<Function {name}[{id_}]>" for id_ in ["test-now", *HARD_IDS]]
