"""The groups the equity views break a measure down by: broad ethnic group, sex and age band.

Each breakdown is a database expression over a person, so that the grouping happens in the same
query as the count. Groups use the NHS Data Dictionary codes recorded on the person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, CharField, Q, Value, When

from livingwell.lib import ethnicity
from livingwell.lib.ages import AGE_BANDS
from livingwell.people.codes import ETHNIC_GROUP, Sex


@dataclass(frozen=True)
class Breakdown:
    id: str
    title: str
    groups: list[str]


ETHNICITY = Breakdown(
    "ethnicity",
    "Ethnic group",
    [*ethnicity.GROUPS, ethnicity.NOT_STATED],
)
SEX = Breakdown("sex", "Sex", [str(label) for label in Sex.labels])
# Age on the dashboard's date (Europe/London), not at the event: one band per person for the
# whole series, so that a person's months never split between bands.
AGE = Breakdown("age", "Age band", [label for _, label in AGE_BANDS])
BREAKDOWNS = {b.id: b for b in (ETHNICITY, SEX, AGE)}


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none: a birthday counts from 1 March
        return day.replace(year=day.year - years, month=3, day=1)


def group_expression(breakdown: Breakdown | None, person: str, *, today: dt.date) -> Case | Value:
    """Return the expression naming a person's group; `person` is the path to the person."""
    if breakdown is None:
        return Value("All", output_field=CharField())
    if breakdown is ETHNICITY:
        by_group: dict[str, list[str]] = {}
        for code, group in ETHNIC_GROUP.items():
            by_group.setdefault(group, []).append(code)
        whens = [
            When(Q(**{f"{person}__ethnicity__in": codes}), then=Value(g)) for g, codes in by_group.items()
        ]
        return Case(*whens, default=Value("Not stated or not known"), output_field=CharField())
    if breakdown is SEX:
        whens = [When(Q(**{f"{person}__sex": code}), then=Value(str(label))) for code, label in Sex.choices]
        return Case(*whens, default=Value(str(Sex.NOT_KNOWN.label)), output_field=CharField())
    # Oldest band first: born on or before the date N years ago means aged N or over today.
    whens = [
        When(Q(**{f"{person}__date_of_birth__lte": _years_before(today, lower)}), then=Value(label))
        for lower, label in reversed(AGE_BANDS[1:])
    ]
    return Case(*whens, default=Value(AGE_BANDS[0][1]), output_field=CharField())
