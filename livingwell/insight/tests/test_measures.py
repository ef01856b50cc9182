"""Each hub measure against a hand-counted dataset (DOMAIN.md §3), suppression included."""

from __future__ import annotations

import datetime as dt

import pytest

from livingwell.access.codes import ContactOutcome, Source, Urgency
from livingwell.insight import hub_measures, measures
from livingwell.insight.breakdowns import AGE, ETHNICITY, SEX
from livingwell.insight.tests.measure_data import (
    MONTHS,
    TODAY,
    at,
    direct,
    intro,
    services,
    spoke,
    worker,
)
from livingwell.network.models import ServiceKind
from livingwell.statistics.direction import Improvement
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


def cell(result: hub_measures.MonthlyTable, month: int, column: str) -> int | None:
    return result.table.cells[month][result.columns.index(column)]


def test_every_measure_has_one_definition():
    ids = [m.id for m in measures.CATALOGUE.values()]
    assert len(ids) == len(set(ids)) == 11  # 7 hub measures, 4 outcome measures
    for m in measures.CATALOGUE.values():
        assert m.definition
        assert m.unit
        assert m.improvement in Improvement


def test_months_follow_europe_london_boundaries():
    # 22:30 UTC on 31 March 2025 is 23:30 BST, still March; 23:30 UTC is 00:30 BST on 1 April.
    for _ in range(5):
        intro(received=at(2025, 3, 31, 22, 30))
        intro(received=at(2025, 3, 31, 23, 30))
    intro(received=at(2025, 2, 28, 23, 59))  # before the range: not counted
    result = hub_measures.introductions_by_source(MONTHS, today=TODAY)
    assert cell(result, 0, "GP") == 5
    assert cell(result, 1, "GP") == 5
    assert result.table.total == 10


def test_month_starts_span_years():
    assert hub_measures.month_starts(dt.date(2024, 11, 20), dt.date(2025, 2, 3)) == [
        dt.date(2024, 11, 1), dt.date(2024, 12, 1), dt.date(2025, 1, 1), dt.date(2025, 2, 1),
    ]  # fmt: skip


def test_small_counts_are_hidden_with_a_second_cell():
    for _ in range(6):
        intro(received=at(2025, 3, 10, 9))
    for _ in range(3):
        intro(received=at(2025, 3, 11, 9), source=Source.SELF)
    for _ in range(5):
        intro(received=at(2025, 3, 12, 9), source=Source.VOLUNTARY_SECTOR)
    result = hub_measures.introductions_by_source(MONTHS, today=TODAY)
    assert cell(result, 0, "Self") is None  # 3: primary suppression
    # One hidden cell would be given back by the month's total: the smallest other goes too.
    assert cell(result, 0, "Voluntary sector") is None
    assert cell(result, 0, "GP") == 6
    assert result.table.row_totals[0] == 14


def test_sources_are_grouped_and_the_rest_are_other():
    for source in [Source.POLICE, Source.COURTS, Source.PRISON, Source.PROBATION, Source.LIAISON_DIVERSION]:
        intro(received=at(2025, 4, 2, 9), source=source)
    for _ in range(5):
        intro(received=at(2025, 4, 3, 9), source=Source.DROP_IN)
    result = hub_measures.introductions_by_source(MONTHS, today=TODAY)
    assert cell(result, 1, "Justice system") == 5
    assert cell(result, 1, "Other") == 5


def test_onward_specialist_counts_hub_and_direct_introductions():
    kinds, by = services(), worker()
    for _ in range(5):
        direct(factories.person(), kinds[ServiceKind.SPECIALIST_CARE], at(2025, 3, 5, 10), by)
    for _ in range(6):
        factories.service_introduction(
            intro(received=at(2025, 3, 30, 9)), kinds[ServiceKind.SPECIALIST_CARE], made_at=at(2025, 4, 2, 10)
        )
    factories.service_introduction(
        intro(received=at(2025, 4, 1, 9)), kinds[ServiceKind.SHORT_TERM_SUPPORT], made_at=at(2025, 4, 2, 10)
    )
    result = hub_measures.onward_specialist(MONTHS, today=TODAY)
    assert cell(result, 0, "Direct") == 5
    assert cell(result, 0, "Through the hub") == 0
    assert cell(result, 1, "Through the hub") == 6
    assert cell(result, 1, "Direct") == 0
    assert result.table.total == 11


def test_crisis_introductions_count_hub_crises_and_direct_crisis_outreach_once():
    kinds, by = services(), worker()
    for _ in range(5):
        crisis = intro(received=at(2025, 3, 8, 2), urgency=Urgency.CRISIS, source=Source.EMERGENCY_DEPARTMENT)
        # The hub introducing a crisis on to Crisis Outreach is the same crisis: not counted again.
        factories.service_introduction(crisis, kinds[ServiceKind.CRISIS_OUTREACH], made_at=at(2025, 3, 8, 3))
        direct(factories.person(), kinds[ServiceKind.CRISIS_OUTREACH], at(2025, 3, 9, 1), by, Source.POLICE)
        direct(factories.person(), kinds[ServiceKind.STAYING_WELL], at(2025, 3, 9, 1), by, Source.SELF)
        intro(received=at(2025, 3, 8, 2), urgency=Urgency.URGENT)
    result = hub_measures.crisis_introductions(MONTHS, today=TODAY)
    assert cell(result, 0, "Through the hub") == 5
    assert cell(result, 0, "Direct to Crisis Outreach") == 5
    assert result.table.row_totals[0] == 10
    assert result.table.row_totals[1] == 0


def test_crisis_introductions_by_ethnic_group():
    for code in ["N"] * 5 + ["M"] * 2 + ["A"] * 6:
        intro(factories.person(ethnicity=code), received=at(2025, 4, 8, 2), urgency=Urgency.CRISIS)
    result = hub_measures.crisis_introductions(MONTHS, ETHNICITY, today=TODAY)
    assert cell(result, 1, "Black") == 7  # African and Caribbean together: the broad group
    assert cell(result, 1, "White") == 6
    assert result.columns == ETHNICITY.groups


def test_breakdown_by_sex_and_age_band_on_todays_date():
    for sex, born in [("1", dt.date(2007, 5, 1))] * 5 + [("2", dt.date(2007, 4, 30))] * 5:
        intro(factories.person(sex=sex, date_of_birth=born), received=at(2025, 3, 8, 2))
    by_sex = hub_measures.introductions_by_source(MONTHS, SEX, today=TODAY)
    assert cell(by_sex, 0, "Male") == 5
    assert cell(by_sex, 0, "Female") == 5
    by_age = hub_measures.introductions_by_source(MONTHS, AGE, today=TODAY)
    # Born 30 April 2007: 18 on 30 April 2025; born 1 May 2007: still 17.
    assert cell(by_age, 0, "18 to 24") == 5
    assert cell(by_age, 0, "Under 18") == 5


def test_destinations_count_services_by_kind_and_hub_decisions():
    kinds = services()
    for _ in range(5):
        factories.service_introduction(
            intro(received=at(2025, 3, 1, 9)), kinds[ServiceKind.TALKING_THERAPIES], made_at=at(2025, 3, 3, 9)
        )
        intro(received=at(2025, 3, 1, 9), status="signposted", decided_at=at(2025, 4, 3, 9))
        intro(received=at(2025, 3, 1, 9), status="closed", decided_at=at(2025, 4, 3, 9))
    result = hub_measures.destinations(MONTHS, today=TODAY)
    assert cell(result, 0, "Talking Therapies") == 5
    assert cell(result, 1, "Signposted") == 5
    assert cell(result, 1, "Closed without an introduction") == 5


def test_time_to_first_contact_median_and_90th_percentile_against_the_standard():
    by = worker()
    received = at(2025, 3, 10, 9)
    for hours in [1, 2, 3, 4, 50]:
        item = intro(received=received)
        spoke(item, received + dt.timedelta(minutes=10), by, ContactOutcome.NO_ANSWER)  # not a contact
        spoke(item, received + dt.timedelta(hours=hours), by)
        spoke(item, received + dt.timedelta(hours=hours + 200), by)  # a later one: not the first
    for hours in [1, 2, 3, 5, 6]:
        spoke(intro(received=received, urgency=Urgency.CRISIS), received + dt.timedelta(hours=hours), by)
    for hours in [1, 2, 30, 40]:
        spoke(intro(received=received, urgency=Urgency.URGENT), received + dt.timedelta(hours=hours), by)
    intro(received=received)  # never contacted: not in the measure
    rows = {(r.month, r.column): r for r in hub_measures.time_to_first_contact(MONTHS, today=TODAY)}
    routine = rows[(MONTHS[0], "routine")]
    # Nearest rank: median = 3rd of 5 (3 h), 90th percentile = 5th of 5 (50 h).
    assert (routine.median_hours, routine.p90_hours) == (3.0, 50.0)
    assert routine.within_standard == 5
    assert routine.standard_hours == 28 * 24
    crisis = rows[(MONTHS[0], "crisis")]
    assert crisis.median_hours == 3.0
    assert crisis.p90_hours == 6.0
    # 3 within 4 hours, 2 outside: the share would give back a count under 5, so it is hidden.
    assert crisis.within_standard is None
    urgent = rows[(MONTHS[0], "urgent")]
    assert urgent.contacted is None
    assert urgent.median_hours is None
    assert rows[(MONTHS[1], "routine")].contacted == 0


def test_a_wait_exactly_at_the_standard_meets_it():
    by = worker()
    received = at(2025, 4, 10, 9)
    for _ in range(5):
        spoke(intro(received=received, urgency=Urgency.URGENT), received + dt.timedelta(hours=24), by)
    rows = {(r.month, r.column): r for r in hub_measures.time_to_first_contact(MONTHS, today=TODAY)}
    assert rows[(MONTHS[1], "urgent")].within_standard == 5
