"""The network's KPIs against hand-made operational worlds, extracted as `livingwell extract` does:
the exact numbers, both sides of every boundary, and DuckDB and PostgreSQL giving the same rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from django.db import connection

from livingwell.analytics import extract
from livingwell.analytics.kpis import catalogue, engine, network_kpis, pg, store
from livingwell.analytics.kpis.engine import KPIRow
from livingwell.analytics.kpis.population import population
from livingwell.analytics.kpis.pseudonym import pseudonym
from livingwell.analytics.tests.extract_data import Extract
from livingwell.codes.mhsds import IN_WORK_OR_VOLUNTEERING
from livingwell.demo import extracts_write, london
from livingwell.lib.clocks import LONDON
from livingwell.network.models import ServiceIntroduction, ServiceKind
from livingwell.outcomes.models import BigOutcome, Goal
from livingwell.people.models import Person
from livingwell.support.models import Episode, Session, SupportPlan
from livingwell.testing import factories

LAMBETH = extract.Borough("E09000022", "Lambeth", population("E09000022"))
SECRET = b"network kpis"
UTC = dt.UTC
NOW = dt.datetime(2025, 12, 1, 9, 0, tzinfo=UTC)
DAY = dt.timedelta(days=1)
MARCH, APRIL, MAY, JUNE, JULY, AUGUST = (dt.date(2025, m, 1) for m in range(3, 9))


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def month_end(month: dt.date) -> dt.datetime:
    """The instant a London month ends: the next month's first London midnight."""
    following = (month + dt.timedelta(days=32)).replace(day=1)
    return dt.datetime.combine(following, dt.time(), tzinfo=LONDON).astimezone(UTC)


def extracted(root: Path, *, now: dt.datetime = NOW) -> Path:
    extract.extract(root / LAMBETH.ons_code, borough=LAMBETH, secret=SECRET, now=now)
    return root


def run(root: Path, *kpis: catalogue.KPI) -> dict[str, list[KPIRow]]:
    return engine.run(store.open_store(root), kpis or network_kpis.NETWORK_KPIS)


def values(rows: list[KPIRow]) -> dict[tuple[dt.date, str], tuple[float | None, int | None]]:
    return {(r.month, r.grp): (r.numerator, r.denominator) for r in rows}


def by_month(rows: list[KPIRow]) -> dict[dt.date, tuple[float | None, int | None]]:
    assert {r.grp for r in rows} <= {"All"}
    return {r.month: (r.numerator, r.denominator) for r in rows}


def onward(worker: Any, *, kind: str = ServiceKind.SHORT_TERM_SUPPORT, person: Any = None,
           service: Any = None, **fields: Any) -> ServiceIntroduction:  # fmt: skip
    intro = factories.introduction(person or factories.person(), received_at=fields["made_at"] - DAY)
    return factories.service_introduction(
        intro, service or factories.service(kind=kind), made_by=worker, **fields
    )


def accepted(
    worker: Any, made_at: dt.datetime, responded_at: dt.datetime, **fields: Any
) -> ServiceIntroduction:
    return onward(worker, made_at=made_at, responded_at=responded_at, status="accepted", **fields)


def declined(worker: Any, responded_at: dt.datetime, code: str) -> ServiceIntroduction:
    return onward(
        worker, made_at=responded_at - DAY, responded_at=responded_at, status="declined", decline_code=code,
        decline_reason="Said more in words, which never leave",
    )  # fmt: skip


# --- The worlds -------------------------------------------------------------------------------------
def destinations_world(worker: Any) -> None:
    for made in (at(2025, 5, 2), at(2025, 5, 31, 22, 30)):  # 23:30 BST: still May
        onward(worker, kind=ServiceKind.TALKING_THERAPIES, made_at=made)
    onward(worker, kind=ServiceKind.PEER_SUPPORT, made_at=at(2025, 5, 9), status="declined")
    onward(worker, kind=ServiceKind.TALKING_THERAPIES, made_at=at(2025, 5, 31, 23, 30))  # 00:30 BST: June
    # Direct, from a partner organisation: an introduction to a service like any other.
    ServiceIntroduction.objects.create(
        introduction=None, service=factories.service(kind=ServiceKind.PEER_SUPPORT),
        person=factories.person(), made_by=worker, made_at=at(2025, 6, 3),
        introduced_by_organisation=factories.organisation(),
    )  # fmt: skip


def answers_world(worker: Any) -> None:
    accepted(worker, at(2025, 6, 1, 10), at(2025, 6, 1, 20))  # 10 hours
    accepted(worker, at(2025, 6, 2), at(2025, 6, 3, 6))  # 30 hours
    accepted(worker, at(2025, 5, 30, 12), at(2025, 6, 2, 12))  # made in May, answered in June: 72 hours
    accepted(worker, at(2025, 6, 1), at(2025, 6, 5, 4))  # 100 hours
    declined(worker, at(2025, 6, 5), "no_capacity")
    declined(worker, at(2025, 6, 6), "not_eligible")
    declined(worker, at(2025, 6, 10), "")  # no coded reason
    declined(worker, at(2025, 6, 30, 23, 30), "no_capacity")  # 00:30 BST on 1 July: July
    onward(worker, made_at=at(2025, 6, 12))  # still waiting: in neither count
    accepted(worker, at(2025, 5, 31, 12), at(2025, 5, 31, 22, 59))  # 23:59 BST: May, 10.98 hours


def first_contact_world(worker: Any, practitioner: Any) -> None:
    def seen(responded: dt.datetime, *sessions: tuple[dt.datetime, str]) -> None:
        item = accepted(worker, responded - DAY, responded)
        episode = factories.episode(item, accepted_at=responded)
        for when, attendance in sessions:
            Session.objects.create(episode=episode, at=when, attendance=attendance, recorded_by=practitioner)

    # 7 days: the session they did not attend and the cancelled one are not first contacts.
    seen(at(2025, 7, 1, 9), (at(2025, 7, 3, 9), "dna"), (at(2025, 7, 4), "cancelled"), (at(2025, 7, 8, 9), "attended"),
         (at(2025, 7, 9, 9), "attended"))  # fmt: skip
    seen(at(2025, 7, 2), (at(2025, 7, 2, 12), "attended"))  # half a day
    seen(at(2025, 6, 20, 10), (at(2025, 7, 1, 10), "attended"))  # accepted in June, seen in July: 11 days
    seen(at(2025, 7, 25), (at(2025, 7, 31, 23, 30), "attended"))  # 00:30 BST on 1 August: August
    seen(at(2025, 7, 26))  # not yet seen
    # An episode begun without an introduction has no acceptance to count from.
    walk_in = Episode.objects.create(
        person=factories.person(), service=factories.service(kind=ServiceKind.PEER_SUPPORT),
        accepted_at=at(2025, 7, 1),
    )  # fmt: skip
    Session.objects.create(episode=walk_in, at=at(2025, 7, 20), recorded_by=practitioner)


LOOP = dt.timedelta(days=network_kpis.LOOP_DAYS)


def loops_world(worker: Any) -> None:
    def loop(responded: dt.datetime, ended: dt.timedelta | None, reason: str = "goals_met") -> None:
        item = accepted(worker, responded - DAY, responded)
        fields: dict[str, Any] = {"accepted_at": responded}
        if ended is not None:
            fields |= {"status": "discharged", "discharged_at": responded + ended, "discharge_reason": reason}
        factories.episode(item, **fields)

    loop(at(2025, 3, 3, 10), LOOP)  # exactly 84 days: closed
    loop(at(2025, 3, 4, 10), LOOP + dt.timedelta(seconds=1), "disengaged")  # a second more: not
    loop(at(2025, 3, 5, 10), 10 * DAY, "")  # ended without a reason: not closed
    loop(at(2025, 3, 6, 10), None)  # still open
    loop(at(2025, 3, 31, 22, 30), 5 * DAY, "introduced_elsewhere")  # 23:30 BST: March, closed
    accepted(worker, at(2025, 3, 6), at(2025, 3, 7))  # accepted, no episode yet: not closed
    declined(worker, at(2025, 3, 8), "no_capacity")  # declined: not in the count
    loop(at(2025, 4, 10), DAY)  # April's 84 days end a month later


def passed_world(worker: Any) -> None:
    end = month_end(APRIL)  # 30 April 23:00 UTC (midnight BST)
    start = end - dt.timedelta(days=network_kpis.PASSED_WINDOW_DAYS)

    def person(*made: dt.datetime, same_service: bool = False) -> None:
        who, service = factories.person(), factories.service()
        for when in made:
            onward(worker, person=who, service=service if same_service else None, made_at=when)

    person(start, at(2025, 2, 15), at(2025, 3, 15))  # the window's first instant is outside it
    person(start + dt.timedelta(seconds=1), at(2025, 2, 16), at(2025, 3, 16))  # a second later: in
    person(at(2025, 2, 17), at(2025, 3, 17), end)  # the window's end is inside it (though May)
    person(at(2025, 2, 18), at(2025, 3, 18), at(2025, 4, 18), same_service=True)  # one service, three times
    person(at(2025, 4, 1), at(2025, 4, 2))  # two services


def circumstances_world() -> None:
    def plan(
        accommodation: str = "", on: dt.date | None = None, work: str = "", work_on: dt.date | None = None
    ):
        SupportPlan.objects.create(
            person=factories.person(), settled_accommodation=accommodation, accommodation_recorded_on=on,
            employment_status=work, employment_recorded_on=work_on, what_matters="Words that never leave",
        )  # fmt: skip

    plan("Y", dt.date(2025, 5, 10), "01", dt.date(2025, 5, 10))
    plan("N", dt.date(2025, 5, 31), "07", dt.date(2025, 5, 1))
    plan("Z", dt.date(2025, 5, 12), "02", dt.date(2025, 5, 12))  # not stated: left out
    plan("9", dt.date(2025, 5, 13), "ZZ", dt.date(2025, 5, 13))  # not known / not stated: left out
    plan("Y", dt.date(2025, 6, 1), "04", dt.date(2025, 6, 30))
    plan("N", dt.date(2025, 4, 30), "08", dt.date(2025, 4, 30))
    plan()  # nothing recorded yet


def goal(person: Any, outcome: str, set_at: dt.datetime, achieved_at: dt.datetime | None = None) -> Goal:
    made = Goal.objects.create(
        person=person, big_outcome=outcome, description="Swim at the flamingo pool", achieved_at=achieved_at
    )
    Goal.objects.filter(pk=made.pk).update(created_at=set_at)  # created_at is set on creation
    made.refresh_from_db()
    return made


# The last second of May in London (BST, UTC+1) and the first of June.
LAST_OF_MAY = dt.datetime(2025, 5, 31, 23, 59, 59, tzinfo=LONDON)
FIRST_OF_JUNE = dt.datetime(2025, 6, 1, tzinfo=LONDON)


def goals_world() -> dict[str, Any]:
    ama, ben = factories.person(), factories.person()
    duplicate = factories.person()
    return {
        "ama": ama,
        "last_of_may": goal(ama, BigOutcome.RECOVER, at(2025, 4, 10), LAST_OF_MAY),
        "first_of_june": goal(ama, BigOutcome.RECOVER, at(2025, 4, 11), FIRST_OF_JUNE),
        "choices": goal(ben, BigOutcome.CHOICES, at(2025, 3, 31, 23, 30), at(2025, 5, 15, 12)),
        "never": goal(ben, BigOutcome.PARTICIPATE, at(2025, 5, 2)),  # not achieved: not counted
        # A goal left on a duplicate later merged into Ben: it is his.
        "merged": goal(duplicate, BigOutcome.CHOICES, at(2025, 5, 1), at(2025, 5, 20)),
        "ben": ben,
        "duplicate": duplicate,
    }


def merge(duplicate: Any, survivor: Any) -> None:
    Person.objects.filter(pk=duplicate.pk).update(merged_into=survivor)


# --- Each KPI's numbers -----------------------------------------------------------------------------
def test_every_network_kpi_is_in_the_catalogue_s_lookup_not_the_board_s_set():
    assert [k.id for k in network_kpis.NETWORK_KPIS] == [
        "onward-by-destination", "acceptance-rate", "time-to-acceptance", "declines-by-reason",
        "acceptance-to-first-contact", "loops-closed-12-weeks", "passed-between-services",
        "settled-accommodation", "in-work-or-volunteering", "goals-achieved",
    ]  # fmt: skip
    for kpi in network_kpis.NETWORK_KPIS:
        assert catalogue.BY_ID[kpi.id] is kpi
        assert kpi not in catalogue.KPIS
        assert all((kpi.title, kpi.definition, kpi.numerator, kpi.denominator, kpi.unit))
        assert kpi.improvement in ("increase", "decrease", "neutral")
        assert (kpi.denominator.startswith("None")) == (kpi.kind is catalogue.Kind.COUNT)


def test_the_work_codes_are_the_platform_s():
    assert set(network_kpis.IN_WORK_OR_VOLUNTEERING) == {str(code) for code in IN_WORK_OR_VOLUNTEERING}


@pytest.mark.django_db
def test_introductions_by_destination(tmp_path, hub_worker):
    destinations_world(hub_worker)
    rows = run(extracted(tmp_path), network_kpis.ONWARD_BY_DESTINATION)["onward-by-destination"]
    assert values(rows) == {
        (MAY, "talking_therapies"): (2, None),
        (MAY, "peer_support"): (1, None),
        (JUNE, "talking_therapies"): (1, None),
        (JUNE, "peer_support"): (1, None),
    }


@pytest.mark.django_db
def test_acceptance_its_time_and_declines_by_reason(tmp_path, hub_worker):
    answers_world(hub_worker)
    rows = run(
        extracted(tmp_path),
        network_kpis.ACCEPTANCE_RATE, network_kpis.TIME_TO_ACCEPTANCE, network_kpis.DECLINES_BY_REASON,
    )  # fmt: skip
    # June: four accepted of seven answered; the one still waiting is in neither count.
    assert by_month(rows["acceptance-rate"]) == {MAY: (1, 1), JUNE: (4, 7), JULY: (0, 1)}
    # 10, 30, 72 and 100 hours: the nearest-rank median is the second, 30.
    assert by_month(rows["time-to-acceptance"]) == {MAY: (pytest.approx(659 / 60), 1), JUNE: (30, 4)}
    assert values(rows["declines-by-reason"]) == {
        (JUNE, "no_capacity"): (1, None),
        (JUNE, "not_eligible"): (1, None),
        (JUNE, network_kpis.NOT_CODED): (1, None),
        (JULY, "no_capacity"): (1, None),
    }


@pytest.mark.django_db
def test_the_median_of_an_odd_number_is_the_middle_one(tmp_path, hub_worker):
    for hours in (5, 1, 3):
        accepted(hub_worker, at(2025, 6, 1), at(2025, 6, 1) + dt.timedelta(hours=hours))
    rows = run(extracted(tmp_path), network_kpis.TIME_TO_ACCEPTANCE)["time-to-acceptance"]
    assert by_month(rows) == {JUNE: (3, 3)}


@pytest.mark.django_db
def test_acceptance_to_first_contact(tmp_path, hub_worker, practitioner):
    first_contact_world(hub_worker, practitioner)
    rows = run(extracted(tmp_path), network_kpis.ACCEPTANCE_TO_FIRST_CONTACT)["acceptance-to-first-contact"]
    # July: 7, 0.5 and 11 days (by the month of the first contact); August: 6 days and 23.5 hours.
    assert by_month(rows) == {JULY: (7, 3), AUGUST: (pytest.approx(6 + 23.5 / 24), 1)}


@pytest.mark.django_db
def test_loops_closed_within_12_weeks_exactly_84_days_in(tmp_path, hub_worker):
    loops_world(hub_worker)
    rows = run(extracted(tmp_path), network_kpis.LOOPS_CLOSED)["loops-closed-12-weeks"]
    # March: closed at exactly 84 days, and five days; not a second late, nor without a reason, nor
    # still open, nor without an episode. The declined one is not accepted.
    assert by_month(rows) == {MARCH: (2, 6), APRIL: (1, 1)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("after_end", "months"), [(dt.timedelta(0), {MARCH}), (-dt.timedelta(seconds=1), set())]
)
def test_a_month_s_loops_are_reported_only_once_its_84_days_have_passed(
    tmp_path, hub_worker, after_end, months
):
    loops_world(hub_worker)
    now = month_end(MARCH) + LOOP + after_end
    rows = run(extracted(tmp_path, now=now), network_kpis.LOOPS_CLOSED)["loops-closed-12-weeks"]
    assert {r.month for r in rows} == months


@pytest.mark.django_db
def test_people_passed_between_three_services_in_90_days(tmp_path, hub_worker):
    passed_world(hub_worker)
    rows = run(extracted(tmp_path), network_kpis.PASSED_BETWEEN_SERVICES)["passed-between-services"]
    found = by_month(rows)
    # April: the one whose first introduction was a second inside the window, and the one whose
    # third was at its very end. March (ending 31 March 23:00 UTC) also has the first person.
    assert found[APRIL] == (2, None)
    assert found[MARCH] == (2, None)
    assert MAY not in found  # by May's window each has fewer than three


def test_without_a_service_the_kind_tells_services_apart(tmp_path):
    x = Extract()
    kinds, same = x.person(), x.person()
    for day, kind in enumerate(("peer_support", "timebank", "staying_well"), start=1):
        x.service_introduction(kinds, kind, at(2025, 4, day))
        x.service_introduction(same, "peer_support", at(2025, 4, day))
    x.write(tmp_path)
    rows = run(tmp_path, network_kpis.PASSED_BETWEEN_SERVICES)["passed-between-services"]
    assert by_month(rows) == {APRIL: (1, None)}


@pytest.mark.django_db
def test_settled_accommodation_and_work_leave_out_what_is_not_stated_or_known(tmp_path):
    circumstances_world()
    rows = run(
        extracted(tmp_path), network_kpis.SETTLED_ACCOMMODATION, network_kpis.IN_WORK_OR_VOLUNTEERING_KPI
    )
    assert by_month(rows["settled-accommodation"]) == {APRIL: (0, 1), MAY: (1, 2), JUNE: (1, 1)}
    assert by_month(rows["in-work-or-volunteering"]) == {APRIL: (0, 1), MAY: (2, 3), JUNE: (0, 1)}


@pytest.mark.django_db
def test_goals_achieved_by_the_london_month_they_were_achieved_in(tmp_path):
    world = goals_world()
    merge(world["duplicate"], world["ben"])
    rows = run(extracted(tmp_path), network_kpis.GOALS_ACHIEVED)["goals-achieved"]
    # 23:59:59 on 31 May in London is May; midnight (31 May 23:00 UTC) is June. Never achieved: none.
    assert values(rows) == {
        (MAY, "recover"): (1, None),
        (MAY, "choices"): (2, None),
        (JUNE, "recover"): (1, None),
    }


@pytest.mark.django_db
def test_a_goal_s_row_has_its_outcome_and_months_and_never_its_words(tmp_path):
    world = goals_world()
    merge(world["duplicate"], world["ben"])
    root = extracted(tmp_path)
    folder = root / LAMBETH.ons_code
    table = pq.read_table(folder / "goals" / "batch-000001.parquet")
    rows = {r["goal_key"]: r for r in table.to_pylist()}

    def key(namespace: str, record_id: int) -> int:
        return pseudonym(SECRET, namespace, record_id)

    assert len(rows) == 5
    assert rows[key("goal", world["choices"].pk)] == {
        "goal_key": key("goal", world["choices"].pk), "person_key": key("person", world["ben"].pk),
        "big_outcome": "choices", "set_month": APRIL,  # 31 March 23:30 UTC is 1 April in London
        "achieved_at": at(2025, 5, 15, 12), "achieved_month": MAY, "batch": 1,
    }  # fmt: skip
    never = rows[key("goal", world["never"].pk)]
    assert (never["set_month"], never["achieved_at"], never["achieved_month"]) == (MAY, None, None)
    last, first = rows[key("goal", world["last_of_may"].pk)], rows[key("goal", world["first_of_june"].pk)]
    assert (last["achieved_month"], first["achieved_month"]) == (MAY, JUNE)
    # The duplicate's goal is the survivor's, and the duplicate has no key of its own in the table.
    assert rows[key("goal", world["merged"].pk)]["person_key"] == key("person", world["ben"].pk)
    assert key("person", world["duplicate"].pk) not in {r["person_key"] for r in rows.values()}
    # The goal's words are in no table of the extract, nor its manifest.
    assert "description" not in table.column_names
    text = "\n".join(
        str(v) for path in folder.rglob("*.parquet") for column in pq.read_table(path).to_pydict().values()
        for v in column
    ) + (folder / "manifest.json").read_text()  # fmt: skip
    assert "flamingo" not in text


@pytest.mark.django_db
def test_a_goal_achieved_later_is_counted_then_by_the_next_batch(tmp_path):
    ama = factories.person()
    later = goal(ama, BigOutcome.PARTICIPATE, at(2025, 5, 2))
    root = extracted(tmp_path)
    assert run(root, network_kpis.GOALS_ACHIEVED)["goals-achieved"] == []
    Goal.objects.filter(pk=later.pk).update(achieved_at=at(2025, 7, 3))
    extracted(tmp_path)
    rows = run(root, network_kpis.GOALS_ACHIEVED)["goals-achieved"]
    assert values(rows) == {(JULY, "participate"): (1, None)}


# --- Both engines -----------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="compares with PostgreSQL: runs on the PostgreSQL pass"
)
def test_duckdb_and_postgresql_agree_on_every_network_kpi(tmp_path, hub_worker, practitioner):
    destinations_world(hub_worker)
    answers_world(hub_worker)
    first_contact_world(hub_worker, practitioner)
    loops_world(hub_worker)
    passed_world(hub_worker)
    circumstances_world()
    goals_world()
    extracted(tmp_path)
    # A synthetic borough beside it: thousands of rows, and services told apart by kind only.
    extracts_write.write_borough(
        tmp_path, london.profile("E09000028"), months=15, end_month="2025-10", seed=3, scale=0.1
    )
    duck = store.open_store(tmp_path)
    on_duckdb = engine.run(duck, network_kpis.NETWORK_KPIS)

    connection.ensure_connection()
    raw = connection.connection
    pg.load(duck, raw)
    with raw.cursor() as cursor:
        on_postgresql = engine.run(cursor, network_kpis.NETWORK_KPIS)
        cursor.execute("SET search_path TO public")

    assert on_duckdb.keys() == on_postgresql.keys() == {k.id for k in network_kpis.NETWORK_KPIS}
    for kpi_id, rows in on_duckdb.items():
        assert {r.ons_code for r in rows} == {"E09000022", "E09000028"}, kpi_id  # something to compare
        assert len(rows) == len(on_postgresql[kpi_id]), kpi_id
        for a, b in zip(rows, on_postgresql[kpi_id], strict=True):
            assert engine.agree(a, b), (kpi_id, a, b)


def test_the_synthetic_borough_has_the_network_s_columns(tmp_path):
    extracts_write.write_borough(
        tmp_path, london.profile("E09000028"), months=15, end_month="2025-10", seed=3, scale=0.1
    )
    con = store.open_store(tmp_path)

    def one(sql: str) -> Any:
        return con.execute(sql).fetchall()[0][0]

    assert (
        one("SELECT count(*) FROM service_introductions WHERE (status = 'pending') <> (responded_at IS NULL)")
        == 0
    )
    assert (
        one(
            "SELECT count(*) FROM service_introductions WHERE (status = 'declined') <> (decline_code IS NOT NULL)"
        )
        == 0
    )
    assert one("SELECT count(DISTINCT decline_code) FROM service_introductions") >= 5
    assert one("SELECT count(*) FROM service_introductions WHERE responded_at < made_at") == 0
    assert one("SELECT count(*) FROM service_introductions WHERE from_partner") > 0
    assert (
        one("SELECT count(*) FROM episodes WHERE (discharged_at IS NULL) <> (discharge_reason IS NULL)") == 0
    )
    assert one("SELECT count(*) FROM circumstances") > 0
    assert one("SELECT count(*) FROM circumstances c ANTI JOIN people p USING (ons_code, person_key)") == 0
    assert one("SELECT count(DISTINCT settled_accommodation) FROM circumstances") == 4
    assert one("SELECT count(DISTINCT employment_status) FROM circumstances") == 9
    assert one("SELECT count(*) FROM goals WHERE achieved_at IS NOT NULL") > 0
    assert one("SELECT count(*) FROM goals WHERE achieved_at IS NULL") > 0
    assert one("SELECT count(*) FROM goals g ANTI JOIN people p USING (ons_code, person_key)") == 0
    assert one("SELECT count(DISTINCT big_outcome) FROM goals") == 3
    assert one("SELECT count(*) FROM goals WHERE (achieved_at IS NULL) <> (achieved_month IS NULL)") == 0
    assert one("SELECT count(*) FROM goals WHERE achieved_month < set_month") == 0
    rows = run(tmp_path)
    assert all(rows[k.id] for k in network_kpis.NETWORK_KPIS)
