"""People supported before crisis and the share previously unknown (DOMAIN.md §3), hand-counted.

Every situation is made five times, so that each counted group is at least 5 and shows.
"""

from __future__ import annotations

import datetime as dt

import pytest

from livingwell.access.codes import Urgency
from livingwell.insight import hub_measures
from livingwell.insight.breakdowns import ETHNICITY
from livingwell.insight.tests.measure_data import (
    MONTHS,
    TODAY,
    at,
    direct,
    intro,
    services,
    session,
    spoke,
    worker,
)
from livingwell.network.models import ServiceKind
from livingwell.support.models import SessionAttendance
from livingwell.testing import factories

pytestmark = pytest.mark.django_db
MARCH_CONTACT = at(2025, 3, 14, 10)


@pytest.fixture
def borough():
    """Five of each situation; the comment says whether they count in March 2025."""
    kinds, by = services(), worker()
    early = kinds[ServiceKind.SHORT_TERM_SUPPORT]
    for _ in range(5):
        # Counted, previously unknown: a routine introduction, spoken with in March.
        p = factories.person(previously_known_to_specialist_care=False, ethnicity="N")
        spoke(intro(p, received=at(2025, 3, 10, 9)), MARCH_CONTACT, by)
        # Not counted: their introduction was a crisis.
        p = factories.person(previously_known_to_specialist_care=False)
        spoke(intro(p, received=at(2025, 3, 10, 9), urgency=Urgency.CRISIS), MARCH_CONTACT, by)
        # Not counted: a crisis on 1 March 2024, inside the look-back to the start of March 2024.
        p = factories.person(previously_known_to_specialist_care=False)
        intro(p, received=at(2024, 3, 1, 0, 30), urgency=Urgency.CRISIS)
        spoke(intro(p, received=at(2025, 3, 10, 9)), MARCH_CONTACT, by)
        # Counted, previously known: their crisis (29 February 2024) is before the look-back.
        p = factories.person(previously_known_to_specialist_care=True, ethnicity="A")
        intro(p, received=at(2024, 2, 29, 23, 0), urgency=Urgency.CRISIS)
        spoke(intro(p, received=at(2025, 3, 10, 9)), MARCH_CONTACT, by)
        # Not counted: A&E sent them straight to Crisis Outreach in January (a crisis contact).
        p = factories.person(previously_known_to_specialist_care=False)
        direct(p, kinds[ServiceKind.CRISIS_OUTREACH], at(2025, 1, 20, 3), by)
        spoke(intro(p, received=at(2025, 3, 10, 9)), MARCH_CONTACT, by)
        # Counted, not yet checked: a session of early help begun by a direct introduction.
        p = factories.person(previously_known_to_specialist_care=None, ethnicity="A")
        item = direct(p, early, at(2025, 3, 1, 9), by)
        session(p, early, MARCH_CONTACT, by, item=item)
        # Not counted: a session at specialist care is not early help.
        p = factories.person(previously_known_to_specialist_care=False)
        session(p, kinds[ServiceKind.SPECIALIST_CARE], MARCH_CONTACT, by)
        # Not counted: they did not attend.
        p = factories.person(previously_known_to_specialist_care=False)
        session(p, early, MARCH_CONTACT, by, attendance=SessionAttendance.DID_NOT_ATTEND)
        # Not counted: the early-help episode began with a crisis introduction to the hub.
        p = factories.person(previously_known_to_specialist_care=False)
        crisis = intro(p, received=at(2024, 1, 1, 9), urgency=Urgency.CRISIS)
        item = factories.service_introduction(crisis, early, made_at=at(2024, 1, 2, 9))
        session(p, early, MARCH_CONTACT, by, item=item)
        # Counted once, previously unknown: spoken with and at a session in the same month.
        p = factories.person(previously_known_to_specialist_care=False, ethnicity="N")
        hub = intro(p, received=at(2025, 3, 2, 9))
        spoke(hub, at(2025, 3, 3, 9), by)
        item = factories.service_introduction(hub, early, made_at=at(2025, 3, 4, 9))
        session(p, early, MARCH_CONTACT, by, item=item)
        # Counted in April, not March: spoken with at 00:30 BST on 1 April.
        p = factories.person(previously_known_to_specialist_care=False)
        spoke(intro(p, received=at(2025, 3, 30, 9)), at(2025, 3, 31, 23, 30), by)


def test_people_supported_before_crisis_follow_the_definition(borough):
    result = hub_measures.before_crisis(MONTHS, today=TODAY)
    march = dict(zip(result.columns, result.table.cells[0], strict=True))
    assert march == {"Previously unknown": 10, "Previously known": 5, "Not yet checked": 5}
    assert result.table.row_totals == [20, 5]


def test_previously_unknown_by_ethnic_group(borough):
    result = hub_measures.before_crisis(MONTHS, ETHNICITY, today=TODAY, unknown_only=True)
    march = dict(zip(result.columns, result.table.cells[0], strict=True))
    assert march["Black"] == 10
    assert march["White"] == 0  # the White people counted in March are known or not yet checked
    before = hub_measures.before_crisis(MONTHS, ETHNICITY, today=TODAY)
    assert dict(zip(before.columns, before.table.cells[0], strict=True))["White"] == 10


def test_a_crisis_later_in_the_same_month_does_not_undo_an_earlier_contact():
    by = worker()
    for _ in range(5):
        p = factories.person()
        spoke(intro(p, received=at(2025, 4, 1, 9)), at(2025, 4, 2, 9), by)
        intro(p, received=at(2025, 4, 20, 9), urgency=Urgency.CRISIS)
    result = hub_measures.before_crisis(MONTHS, today=TODAY)
    assert result.table.row_totals[1] == 5


def test_a_crisis_on_the_day_of_the_contact_excludes_it():
    by = worker()
    for _ in range(5):
        p = factories.person()
        intro(p, received=at(2025, 4, 2, 8), urgency=Urgency.CRISIS)
        spoke(intro(p, received=at(2025, 4, 1, 9)), at(2025, 4, 2, 9), by)
    assert hub_measures.before_crisis(MONTHS, today=TODAY).table.row_totals[1] == 0


def test_few_people_supported_are_hidden():
    by = worker()
    for _ in range(3):
        spoke(intro(received=at(2025, 4, 1, 9)), at(2025, 4, 2, 9), by)
    result = hub_measures.before_crisis(MONTHS, today=TODAY)
    assert result.table.row_totals[1] is None
    assert result.table.row_totals[0] == 0  # zero describes no one: shown
    assert dt.date(2025, 4, 1) in result.months
