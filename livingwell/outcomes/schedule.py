"""When a questionnaire is due in an episode, from the service's schedule: pure dates in, due points out.

Our rules (the issue names the three moments, not the windows):
- *at first contact*: due on the first attended session (or the day the episode was accepted, if
  there has been none yet) until any completion of that instrument in the episode;
- *every N weeks*: due N weeks after the latest completion while the episode is open;
- *at discharge*: due on the discharge date unless a completion falls within a week before it or
  any time after; listed for 28 days after discharge, after which it can no longer be collected.
A due point becomes *overdue* more than 7 days after its date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

OVERDUE_AFTER = dt.timedelta(days=7)
DISCHARGE_COUNTS_FROM = dt.timedelta(days=7)
DISCHARGE_COLLECTABLE_FOR = dt.timedelta(days=28)


@dataclass(frozen=True)
class ScheduleRule:
    instrument: str
    at_first_contact: bool = True
    every_weeks: int | None = None
    at_discharge: bool = True


@dataclass(frozen=True)
class DuePoint:
    instrument: str
    moment: str
    due_on: dt.date
    overdue: bool


def due_points(
    rule: ScheduleRule,
    *,
    first_contact: dt.date,
    discharged_on: dt.date | None,
    completed_on: Iterable[dt.date],
    today: dt.date,
) -> list[DuePoint]:
    """Return the points of ``rule`` that are due (on or before ``today``) and not yet met."""
    completed = sorted(completed_on)
    candidates: list[tuple[str, dt.date]] = []
    if discharged_on is None:
        if rule.at_first_contact and not completed:
            candidates.append(("at first contact", first_contact))
        if rule.every_weeks and completed:
            candidates.append(
                (f"every {rule.every_weeks} weeks", completed[-1] + dt.timedelta(weeks=rule.every_weeks))
            )
    elif rule.at_discharge and today <= discharged_on + DISCHARGE_COLLECTABLE_FOR:
        met = any(day >= discharged_on - DISCHARGE_COUNTS_FROM for day in completed)
        if not met:
            candidates.append(("at discharge", discharged_on))
    return [
        DuePoint(rule.instrument, moment, due_on, overdue=today > due_on + OVERDUE_AFTER)
        for moment, due_on in candidates
        if due_on <= today
    ]
