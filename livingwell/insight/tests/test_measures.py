"""Each hub measure against a hand-counted dataset (DOMAIN.md §3), suppression included.

Records → `livingwell extract` → the catalogue's hub KPIs → the dashboard's suppressed tables.
"""

from __future__ import annotations

import datetime as dt

import pytest

from livingwell.access.codes import ContactOutcome
from livingwell.analytics.kpis import catalogue, hub_kpis
from livingwell.analytics.kpis.hub_kpis import AGE, ETHNICITY, SEX
from livingwell.codes import Source, Urgency
from livingwell.insight import dashboard
from livingwell.insight.tests.measure_data import (
    APRIL,
    MARCH,
    at,
    direct,
    figures,
    intro,
    services,
    spoke,
    worker,
)
from livingwell.network.models import ServiceKind
from livingwell.people.codes import SEX_IN_PLAIN_WORDS, Sex
from livingwell.statistics.direction import Improvement
from livingwell.testing import factories

pytestmark = pytest.mark.django_db
FEBRUARY, MAY = dt.date(2025, 2, 1), dt.date(2025, 5, 1)


def table(
    measure: hub_kpis.HubMeasure, breakdown: hub_kpis.Breakdown | None = None
) -> dashboard.MonthlyTable:
    return dashboard.counts(figures(), measure, breakdown)


def cell(result: dashboard.MonthlyTable, month: dt.date, column: str) -> int | None:
    return result.table.cells[result.months.index(month)][result.columns.index(column)]


def total(result: dashboard.MonthlyTable, month: dt.date) -> int | None:
    return result.table.row_totals[result.months.index(month)]


def test_every_measure_has_one_definition_found_by_id():
    ids = [k.id for k in hub_kpis.HUB_KPIS]
    assert len(ids) == len(set(ids)) == 36  # 6 count measures × 4, time to first contact 3 × 4
    assert not set(ids) & {k.id for k in catalogue.KPIS}
    for kpi in hub_kpis.HUB_KPIS:
        assert catalogue.BY_ID[kpi.id] is kpi
        assert kpi.definition
        assert kpi.unit
        assert kpi.sql
        assert kpi.improvement in Improvement
    for measure in hub_kpis.MEASURES.values():
        assert set(measure.kpis) == {"", *hub_kpis.BREAKDOWNS}
        assert measure.definition in measure.kpis_for(ETHNICITY)[0].definition


def test_the_codes_are_the_platforms_own():
    assert tuple((str(v), str(label)) for v, label in ServiceKind.choices) == hub_kpis.SERVICE_KINDS
    assert tuple(Urgency.values) == hub_kpis.URGENCIES
    grouped = [code for _, codes in hub_kpis.SOURCE_GROUPS for code in codes]
    assert len(grouped) == len(set(grouped))
    assert set(grouped) <= set(Source.values)
    sexes = [(str(v), SEX_IN_PLAIN_WORDS[v]) for v in Sex.values if v != Sex.NOT_KNOWN]
    assert list(hub_kpis.SEXES) == sexes
    assert Sex.NOT_KNOWN.label == hub_kpis.SEX_NOT_KNOWN


def test_months_follow_europe_london_boundaries():
    # 22:30 UTC on 31 March 2025 is 23:30 BST, still March; 23:30 UTC is 00:30 BST on 1 April.
    for _ in range(5):
        intro(received=at(2025, 3, 31, 22, 30))
        intro(received=at(2025, 3, 31, 23, 30))
        intro(received=at(2025, 2, 28, 23, 59))  # 23:59 GMT: February
    result = table(hub_kpis.INTRODUCTIONS_BY_SOURCE)
    assert [cell(result, m, "GP") for m in (FEBRUARY, MARCH, APRIL)] == [5, 5, 5]
    assert result.table.total == 15


def test_the_months_run_from_the_first_introduction_to_the_extracts_own():
    kinds, by = services(), worker()
    direct(factories.person(), kinds[ServiceKind.SPECIALIST_CARE], at(2024, 11, 20, 10), by)
    intro(received=at(2025, 2, 3, 9))
    # Extracted at 00:30 BST on 1 May: May has begun, and is shown as far as it goes.
    months = dashboard.hub_months(figures(now=at(2025, 4, 30, 23, 30)))
    assert months.months == [
        dt.date(2024, 11, 1), dt.date(2024, 12, 1), dt.date(2025, 1, 1), FEBRUARY, MARCH, APRIL, MAY,
    ]  # fmt: skip
    assert months.hub_opened == 3  # February, the first month with a hub introduction


def test_small_counts_are_hidden_with_a_second_cell():
    for _ in range(6):
        intro(received=at(2025, 3, 10, 9))
    for _ in range(3):
        intro(received=at(2025, 3, 11, 9), source=Source.SELF)
    for _ in range(5):
        intro(received=at(2025, 3, 12, 9), source=Source.VOLUNTARY_SECTOR)
    result = table(hub_kpis.INTRODUCTIONS_BY_SOURCE)
    assert cell(result, MARCH, "Self") is None  # 3: primary suppression
    # One hidden cell would be given back by the month's total: the smallest other goes too.
    assert cell(result, MARCH, "Voluntary sector") is None
    assert cell(result, MARCH, "GP") == 6
    assert total(result, MARCH) == 14


def test_sources_are_grouped_and_the_rest_are_other():
    for source in [Source.POLICE, Source.COURTS, Source.PRISON, Source.PROBATION, Source.LIAISON_DIVERSION]:
        intro(received=at(2025, 4, 2, 9), source=source)
    for _ in range(5):
        intro(received=at(2025, 4, 3, 9), source=Source.DROP_IN)
    result = table(hub_kpis.INTRODUCTIONS_BY_SOURCE)
    assert cell(result, APRIL, "Justice system") == 5
    assert cell(result, APRIL, "Other") == 5


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
    result = table(hub_kpis.ONWARD_SPECIALIST)
    assert cell(result, MARCH, "Direct") == 5
    assert cell(result, MARCH, "Through the hub") == 0
    assert cell(result, APRIL, "Through the hub") == 6
    assert cell(result, APRIL, "Direct") == 0
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
    result = table(hub_kpis.CRISIS_INTRODUCTIONS)
    assert cell(result, MARCH, "Through the hub") == 5
    assert cell(result, MARCH, "Direct to Crisis Outreach") == 5
    assert total(result, MARCH) == 10
    assert total(result, APRIL) == 0


def test_crisis_introductions_by_ethnic_group():
    for code in ["N"] * 5 + ["M"] * 2 + ["A"] * 6:
        intro(factories.person(ethnicity=code), received=at(2025, 4, 8, 2), urgency=Urgency.CRISIS)
    result = table(hub_kpis.CRISIS_INTRODUCTIONS, ETHNICITY)
    assert cell(result, APRIL, "Black") == 7  # African and Caribbean together: the broad group
    assert cell(result, APRIL, "White") == 6
    assert result.columns == list(ETHNICITY.groups)


def test_breakdown_by_sex_and_by_age_band_at_the_latest_introduction():
    kinds, by = services(), worker()
    for sex, born in [("1", dt.date(2007, 5, 1))] * 5 + [("2", dt.date(2007, 4, 30))] * 5:
        p = factories.person(sex=sex, date_of_birth=born)
        intro(p, received=at(2025, 3, 8, 2))  # both 17 then
        intro(p, received=at(2025, 4, 30, 9))  # 10:00 BST on 30 April 2025
    for _ in range(5):  # a GP's introduction straight to a service: the hub has no age for them
        direct(factories.person(), kinds[ServiceKind.STAYING_WELL], at(2025, 3, 9, 1), by)
    by_sex = table(hub_kpis.INTRODUCTIONS_BY_SOURCE, SEX)
    assert cell(by_sex, MARCH, "Male") == 5
    assert cell(by_sex, MARCH, "Female") == 5
    by_age = table(hub_kpis.INTRODUCTIONS_BY_SOURCE, AGE)
    # Born 30 April 2007: 18 on 30 April 2025, the band of both their introductions; born 1 May
    # 2007: still 17.
    assert [cell(by_age, m, "18 to 24") for m in (MARCH, APRIL)] == [5, 5]
    assert [cell(by_age, m, "Under 18") for m in (MARCH, APRIL)] == [5, 5]
    destinations = table(hub_kpis.DESTINATIONS, AGE)
    assert cell(destinations, MARCH, "Not known") == 5


def test_destinations_count_services_by_kind_and_hub_decisions():
    kinds = services()
    for _ in range(5):
        factories.service_introduction(
            intro(received=at(2025, 3, 1, 9)), kinds[ServiceKind.TALKING_THERAPIES], made_at=at(2025, 3, 3, 9)
        )
        intro(received=at(2025, 3, 1, 9), status="signposted", decided_at=at(2025, 4, 3, 9))
        intro(received=at(2025, 3, 1, 9), status="closed", decided_at=at(2025, 4, 3, 9))
        # Decided at 00:30 BST on 1 April: April's, by the UK calendar.
        intro(received=at(2025, 3, 1, 9), status="closed", decided_at=at(2025, 3, 31, 23, 30))
        intro(received=at(2025, 3, 1, 9), status="signposted", decided_at=at(2025, 3, 31, 22, 30))
    result = table(hub_kpis.DESTINATIONS)
    assert cell(result, MARCH, "Talking Therapies") == 5
    assert cell(result, MARCH, "Signposted") == 5
    assert cell(result, APRIL, "Signposted") == 5
    assert cell(result, APRIL, "Closed without an introduction") == 10


def rows_by_month_and_column(breakdown: hub_kpis.Breakdown | None = None) -> dict:
    return {(r.month, r.column): r for r in dashboard.waits(figures(), breakdown)}


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
    intro(received=received)  # never contacted: still waiting at the month's end
    rows = rows_by_month_and_column()
    routine = rows[(MARCH, "routine")]
    # Six followed to 31 March, one still waiting: S = 5/6, 4/6, 3/6 after 1, 2, 3 hours, so the
    # median is 3 h; S never falls to 1/10 (1/6 after 50 h), so the 90th percentile is not yet known.
    assert (routine.received, routine.median_hours, routine.p90_hours) == (6, 3.0, None)
    assert routine.within_standard == 5
    assert routine.due == 5
    # The one never contacted missed its 4 weeks on 7 April: April's, and a small count, hidden.
    assert (rows[(APRIL, "routine")].due, rows[(APRIL, "routine")].within_standard) == (None, None)
    crisis = rows[(MARCH, "crisis")]
    assert crisis.median_hours == 3.0
    assert crisis.p90_hours == 6.0
    # 3 within 4 hours, 2 outside: the share would give back a count under 5, so it is hidden.
    assert crisis.within_standard is None
    urgent = rows[(MARCH, "urgent")]
    assert urgent.received is None
    assert urgent.median_hours is None
    assert rows[(APRIL, "routine")].received == 0
    text = dashboard.wait_table(figures(), None)
    march = next(r for r in text.rows if r[0].startswith("Mar"))
    routine_cells = march[1 + 5 * list(hub_kpis.URGENCIES).index("routine") :][:5]
    assert routine_cells == ["6", "3.0 hours", "not yet known", "5", "100%"]
    # April: no crisis introductions received or due — nothing to show, and nothing "hidden".
    april = next(r for r in text.rows if r[0].startswith("Apr"))
    crisis_cells = april[1 + 5 * list(hub_kpis.URGENCIES).index("crisis") :][:5]
    assert crisis_cells == ["0", "–", "–", "0", "–"]


def test_a_wait_exactly_at_the_standard_meets_it():
    by = worker()
    received = at(2025, 4, 10, 9)
    for _ in range(5):
        spoke(intro(received=received, urgency=Urgency.URGENT), received + dt.timedelta(hours=24), by)
    assert rows_by_month_and_column()[(APRIL, "urgent")].within_standard == 5


def test_a_breakdown_of_waits_reads_routine_introductions_only():
    by = worker()
    received = at(2025, 4, 10, 9)
    for hours in [1, 2, 3, 4, 5]:
        p = factories.person(ethnicity="N")
        spoke(intro(p, received=received), received + dt.timedelta(hours=hours), by)
        spoke(intro(p, received=received, urgency=Urgency.CRISIS), received + dt.timedelta(hours=90), by)
    black = rows_by_month_and_column(ETHNICITY)[(APRIL, "Black")]
    assert (black.received, black.median_hours, black.p90_hours) == (5, 3.0, 5.0)
