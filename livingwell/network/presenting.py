"""A directory entry's schedule in plain words, for the pages that show services."""

from __future__ import annotations

from livingwell.network.models import Schedule

DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"]


def schedule_in_words(schedule: Schedule) -> str:
    """ "Monday to Friday, 9:00 to 17:00", or the schedule's own description where it has one."""
    if schedule.description:
        return schedule.description
    days = [day.strip().upper() for day in schedule.byday.split(",") if day.strip()]
    if days == WEEKDAYS:
        named = "Monday to Friday"
    elif days == [*WEEKDAYS, "SA", "SU"]:
        named = "Every day"
    else:
        named = ", ".join(DAY_NAMES.get(day, day) for day in days)
    hours = (
        f"{schedule.opens_at[:5]} to {schedule.closes_at[:5]}"
        if schedule.opens_at and schedule.closes_at
        else ""
    )
    return ", ".join(part for part in (named, hours) if part) or "Ask the service when it runs"
