"""The suite's clock: started at settings.TEST_NOW, and the hard instants a `clock` test also runs at.

The whole run travels (time-machine) to LIVINGWELL_TEST_NOW and the clock runs on from there
(`tick=True`): session idle timeouts, rate-limit windows, the order of records made one after
another and the browser journeys' live server (a thread of this process, so on the same clock) all
need time to pass. A test marked `clock` runs once on that clock and once at each instant below,
where date arithmetic breaks: month ends, the clock changes in London and a leap day.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import time_machine

from livingwell.lib.clocks import LONDON

SUITE_ID = "test-now"


@dataclass(frozen=True)
class Instant:
    """One instant a `clock` test runs at; `at` None means the suite's own clock."""

    id: str
    at: dt.datetime | None


def _instant(at: dt.datetime) -> Instant:
    local = at.astimezone(dt.UTC).astimezone(LONDON)  # through UTC: 01:30 in the gap becomes 02:30
    # The offset is in the id: in October 01:30 happens twice, once in each.
    return Instant(f"{local.isoformat(timespec='minutes')}-london", local)


# Each one is a London wall-clock time; zoneinfo resolves the two that are not simply one instant.
HARD_INSTANTS = [
    # The last day of a 31-day month, half an hour before midnight: "next month" and "a month ago"
    # by day number fail, and half an hour on it is another month.
    _instant(dt.datetime(2027, 1, 31, 23, 30, tzinfo=LONDON)),
    # The clocks go forward at 01:00 on 28 March 2027, so 01:30 never happens: it resolves to
    # 01:30 GMT, which the clocks show as 02:30 BST, on a day 23 hours long.
    _instant(dt.datetime(2027, 3, 28, 1, 30, tzinfo=LONDON)),
    # The clocks go back at 02:00 on 31 October 2027, so 01:30 happens twice: this is the first
    # (BST), with the repeated hour still ahead, on a day 25 hours long.
    _instant(dt.datetime(2027, 10, 31, 1, 30, tzinfo=LONDON, fold=0)),
    # A leap day: the same day a year before or after does not exist.
    _instant(dt.datetime(2028, 2, 29, 12, 0, tzinfo=LONDON)),
]


def instants() -> list[Instant]:
    """List the instants a `clock` test runs at: the suite's clock first, then the hard ones."""
    return [Instant(SUITE_ID, None), *HARD_INSTANTS]


@dataclass
class SuiteClock:
    """The run's journey in time, and the real time it began, so a test can check the clock."""

    now: dt.datetime
    journey: time_machine.travel
    real_start: float = 0.0

    def start(self) -> None:
        """Travel to the instant; from here the clock runs on in real time."""
        self.journey.start()
        time.time()  # a ticking journey sets off at its first reading: make that now
        self.real_start = time_machine.escape_hatch.time.time()

    def stop(self) -> None:
        """Come back to the real time."""
        self.journey.stop()


def suite_clock(now: dt.datetime) -> SuiteClock:
    """Make the run's clock, to start at `now` and tick."""
    return SuiteClock(now=now, journey=time_machine.travel(now, tick=True))
