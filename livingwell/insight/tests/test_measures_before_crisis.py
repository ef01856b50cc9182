"""People supported before crisis and the share previously unknown (DOMAIN.md §3), hand-counted.

Every situation is made five times, so that each counted group is at least 5 and shows. Records →
`livingwell extract` → the catalogue's hub KPIs (`BEFORE_CRISIS_EVENTS`) → the dashboard's tables.
"""

from __future__ import annotations

import datetime as dt

import pytest

from livingwell.analytics.kpis import hub_kpis
from livingwell.analytics.kpis.hub_kpis import ETHNICITY
from livingwell.codes import Urgency
from livingwell.insight import dashboard
from livingwell.insight.tests.measure_data import (
    APRIL,
    MARCH,
    at,
    direct,
    figures,
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


def before_crisis(
    breakdown: hub_kpis.Breakdown | None = None, *, unknown_only: bool = False
) -> dashboard.MonthlyTable:
    measure = hub_kpis.PREVIOUSLY_UNKNOWN if unknown_only else hub_kpis.BEFORE_CRISIS
    return dashboard.counts(figures(), measure, breakdown)


def month_of(result: dashboard.MonthlyTable, month: dt.date) -> dict[str, int | None]:
    return dict(zip(result.columns, result.table.cells[result.months.index(month)], strict=True))


def total(result: dashboard.MonthlyTable, month: dt.date) -> int | None:
    return result.table.row_totals[result.months.index(month)]


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
    result = before_crisis()
    assert month_of(result, MARCH) == {"Previously unknown": 10, "Previously known": 5, "Not yet checked": 5}
    assert [total(result, MARCH), total(result, APRIL)] == [20, 5]
    # No one is counted in the months of the crises before, which were not contacts.
    assert result.table.total == 25


def test_previously_unknown_by_ethnic_group(borough):
    march = month_of(before_crisis(ETHNICITY, unknown_only=True), MARCH)
    assert march["Black"] == 10
    assert march["White"] == 0  # the White people counted in March are known or not yet checked
    assert month_of(before_crisis(ETHNICITY), MARCH)["White"] == 10
    unknown = before_crisis(unknown_only=True)
    assert [total(unknown, MARCH), total(unknown, APRIL)] == [10, 5]


def test_a_crisis_later_in_the_same_month_does_not_undo_an_earlier_contact():
    by = worker()
    for _ in range(5):
        p = factories.person()
        spoke(intro(p, received=at(2025, 4, 1, 9)), at(2025, 4, 2, 9), by)
        intro(p, received=at(2025, 4, 20, 9), urgency=Urgency.CRISIS)
    assert total(before_crisis(), APRIL) == 5


def test_a_crisis_on_the_day_of_the_contact_excludes_it():
    by = worker()
    for _ in range(5):
        p = factories.person()
        intro(p, received=at(2025, 4, 2, 8), urgency=Urgency.CRISIS)
        spoke(intro(p, received=at(2025, 4, 1, 9)), at(2025, 4, 2, 9), by)
    assert total(before_crisis(), APRIL) == 0


def test_few_people_supported_are_hidden():
    by = worker()
    for _ in range(3):
        spoke(intro(received=at(2025, 4, 1, 9)), at(2025, 4, 2, 9), by)
    result = before_crisis()
    assert total(result, APRIL) is None
    assert total(result, dt.date(2025, 5, 1)) == 0  # zero: shown
