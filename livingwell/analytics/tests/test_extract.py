"""`livingwell extract`: no identifiers leave, values are right, batches hold only what changed."""

from __future__ import annotations

import datetime as dt
import fcntl
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from livingwell.access.codes import IntroductionStatus
from livingwell.access.models import ContactAttempt, Conversation, Introduction, ResponseStandard
from livingwell.analytics import extract as extract_module
from livingwell.analytics.extract import Borough, ExtractRefused, extract, read_tables
from livingwell.analytics.kpis import store
from livingwell.analytics.kpis.population import population
from livingwell.analytics.kpis.pseudonym import pseudonym
from livingwell.analytics.kpis.schema import FORBIDDEN_COLUMNS, PRIMARY_KEYS, TABLES
from livingwell.codes import Source, Urgency
from livingwell.network.models import ServiceIntroduction, ServiceKind
from livingwell.outcomes.models import BigOutcome, Goal, QuestionnaireResponse, ResponseSource, ResponseStatus
from livingwell.support.models import Session, SupportPlan
from livingwell.testing import factories
from livingwell.tests.test_production_settings import GOOD as GOOD_PRODUCTION
from livingwell.voice.models import Feedback, FeedbackAnswer

SECRET = b"test borough secret"
LAMBETH = Borough("E09000022", "Lambeth", population("E09000022"))
UTC = dt.UTC
NOW = dt.datetime(2025, 8, 1, 9, 0, tzinfo=UTC)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


def run(folder: Path, *, full: bool = False, secret: bytes = SECRET) -> extract_module.ExtractRun:
    return extract(folder, borough=LAMBETH, secret=secret, full=full, now=NOW)


def key(namespace: str, record_id: int) -> int:
    return pseudonym(SECRET, namespace, record_id)


def batch_rows(folder: Path, table: str, batch: int) -> list[dict[str, Any]]:
    return pq.read_table(folder / table / f"batch-{batch:06d}.parquet").to_pylist()


def response(episode, person, *, completed_at: dt.datetime | None, total: float | None = None, **fields):
    values: dict[str, Any] = {
        "instrument": "PHQ-9",
        "status": ResponseStatus.COMPLETED if completed_at else ResponseStatus.IN_PROGRESS,
        "source": ResponseSource.PRACTITIONER,
        "submission_key": str(uuid.uuid4()),
        "created_at": completed_at or NOW,
        "completed_at": completed_at,
        "total": total,
        "value": total,
    }
    values.update(fields)
    return QuestionnaireResponse.objects.create(episode=episode, person=person, **values)


def history(worker, *, people: int = 1) -> None:
    """A little of everything, `people` times over: for counting queries against rows."""
    for _ in range(people):
        intro = factories.introduction(received_at=at(2025, 5, 1, 10))
        ContactAttempt.objects.create(
            introduction=intro, at=at(2025, 5, 2), method="phone", outcome="spoke", by=worker
        )
        episode = factories.episode(
            factories.service_introduction(intro, made_by=worker), accepted_at=at(2025, 5, 3)
        )
        Session.objects.create(episode=episode, at=at(2025, 5, 4), recorded_by=worker)
        response(episode, intro.person, completed_at=at(2025, 5, 4), total=9)


# --- No identifiers leave --------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_carries_no_identifier_of_anyone(tmp_path, hub_worker, practitioner):
    born = dt.date(1987, 7, 14)
    zeb = factories.person(
        given_name="Zebedee", family_name="Quillfeather", date_of_birth=born, nhs_number="9434765919",
        postcode="SE11 4QX", email="zebedee.q@example.org", phone="07700 912345",
        contact_times="Tuesdays after four",
    )  # fmt: skip
    intro = factories.introduction(
        zeb, whats_going_on="Marmalade lighthouse worries", referrer_name="Dr Ottoline Brackenbury",
        referrer_contact="ottoline@surgery.example", referrer_risk="Sleeps in the camper van",
        decision_note="Agreed the heron plan", received_at=at(2025, 4, 2, 10),
        status=IntroductionStatus.CLOSED, decided_at=at(2025, 4, 9, 10),
    )  # fmt: skip
    ContactAttempt.objects.create(
        introduction=intro, at=at(2025, 4, 3), method="phone", outcome="spoke", note="Rang about the kestrel",
        by=hub_worker,
    )  # fmt: skip
    Conversation.objects.create(
        introduction=intro, strengths="Plays the euphonium", what_matters="The allotment by the gasworks",
        risk_summary="Worried about the aqueduct", recorded_by=hub_worker, recorded_at=at(2025, 4, 3),
    )  # fmt: skip
    onward = factories.service_introduction(intro, made_by=hub_worker, note="Prefers the cormorant room")
    factories.service_introduction(
        intro, made_by=hub_worker, status="declined", responded_at=at(2025, 4, 5), decline_code="other",
        decline_reason="Only the pelican ward will do",
    )  # fmt: skip
    SupportPlan.objects.create(
        person=zeb, what_matters="The tangerine greenhouse", strengths="Juggles for the ravens",
        settled_accommodation="Y", accommodation_recorded_on=dt.date(2025, 4, 3),
    )  # fmt: skip
    episode = factories.episode(onward, accepted_at=at(2025, 4, 10))
    Session.objects.create(
        episode=episode, at=at(2025, 4, 17), note="Talked about the windmill", recorded_by=practitioner
    )
    goal = Goal.objects.create(
        episode=episode, person=zeb, description="Walk to the lido", big_outcome=BigOutcome.RECOVER
    )
    response(episode, zeb, completed_at=at(2025, 4, 17), total=12)
    Feedback.objects.create(
        service=onward.service, episode=episode, person=zeb, answer=FeedbackAnswer.POOR,
        better="The flamingo clock was wrong", received_at=at(2025, 4, 17), channel="signed_in",
    )  # fmt: skip
    folder = tmp_path / "E09000022"

    run(folder)

    secrets = [
        "Zebedee", "Quillfeather", "9434765919", "943 476 5919", "SE11 4QX", "SE114QX",
        "zebedee.q@example.org", "07700 912345", "Tuesdays after four", intro.reference, intro.submission_key,
        "Marmalade lighthouse", "Ottoline", "ottoline@surgery.example", "camper van", "heron plan", "kestrel",
        "euphonium", "gasworks", "aqueduct", "cormorant", "windmill", "lido", "pelican", "tangerine", "ravens",
        "flamingo", born.isoformat(),
    ]  # fmt: skip
    values, columns, key_values = [], set(), set()
    files = sorted(folder.rglob("*.parquet"))
    assert len(files) == len(TABLES)
    for path in files:
        table = pq.read_table(path)
        columns.update(table.column_names)
        values.append(str(table.schema.metadata))
        for name in table.column_names:
            for value in table.column(name).to_pylist():
                values.append(str(value))
                assert value != born
                if name.endswith("_key") and value is not None:
                    key_values.add(value)
    values.append((folder / "manifest.json").read_text())
    text = "\n".join(values)
    assert "Lambeth" in text  # the search itself finds what is there
    for secret in secrets:
        assert secret not in text
    # store.conform writes exactly the schema's columns, so this guards the schema itself; that rows
    # do not give ids away by their order is test_rows_are_in_key_order_not_id_order's.
    assert not columns & FORBIDDEN_COLUMNS
    database_ids = {
        zeb.pk,
        intro.pk,
        onward.pk,
        episode.pk,
        goal.pk,
        *ContactAttempt.objects.values_list("pk", flat=True),
    }
    database_ids |= set(Session.objects.values_list("pk", flat=True)) | set(
        QuestionnaireResponse.objects.values_list("pk", flat=True)
    )
    assert key_values
    assert not key_values & database_ids
    assert key("person", zeb.pk) in key_values


# --- Values -----------------------------------------------------------------------------------------


@pytest.fixture
def borough_history(hub_worker, practitioner):
    """A hand-built history around the change to summer time (30 March 2025) and an 18th birthday."""
    ResponseStandard.objects.create(urgency=Urgency.URGENT, hours=12)
    ama = factories.person(
        date_of_birth=dt.date(2007, 4, 1), ethnicity="N", sex="2", previously_known_to_specialist_care=False
    )
    # 22:30 UTC on 31 March is 23:30 BST, still March (and she is 17); 23:30 UTC is 00:30 on 1 April.
    march = factories.introduction(
        ama, received_at=at(2025, 3, 31, 22, 30), urgency=Urgency.CRISIS, source=Source.EMERGENCY_DEPARTMENT,
        status=IntroductionStatus.CLOSED, decided_at=at(2025, 4, 1, 9),
    )  # fmt: skip
    april = factories.introduction(
        ama, received_at=at(2025, 3, 31, 23, 30), urgency=Urgency.URGENT, source=Source.GP
    )
    # In winter London is on UTC: 23:30 on 31 January is still January.
    january = factories.introduction(received_at=at(2025, 1, 31, 23, 30))
    contact = ContactAttempt.objects.create(
        introduction=april, at=at(2025, 4, 30, 23, 30), method="phone", outcome="no_answer", by=hub_worker
    )
    onward = factories.service_introduction(
        april,
        factories.service(kind=ServiceKind.TALKING_THERAPIES),
        made_by=hub_worker,
        made_at=at(2025, 4, 2),
        status="accepted",
        responded_at=at(2025, 4, 3),
    )
    # Police to Crisis Outreach, not through the hub.
    direct = ServiceIntroduction.objects.create(
        introduction=None, source=Source.POLICE, service=factories.service(kind=ServiceKind.CRISIS_OUTREACH),
        person=ama, made_by=hub_worker, made_at=at(2025, 2, 28, 23, 30),
    )  # fmt: skip
    episode = factories.episode(
        onward, accepted_at=at(2025, 4, 3), discharged_at=at(2025, 6, 30, 23, 30), status="discharged",
        discharge_reason="goals_met",
    )  # fmt: skip
    # Her support plan's accommodation and work (its words never leave); the duplicate's plan is not
    # a person's of its own.
    plan = SupportPlan.objects.create(
        person=ama, what_matters="The heron plan", settled_accommodation="N",
        accommodation_recorded_on=dt.date(2025, 4, 10), employment_status="07",
        employment_recorded_on=dt.date(2025, 4, 11),
    )  # fmt: skip
    session = Session.objects.create(
        episode=episode, at=at(2025, 4, 10), kind="assessment", attendance="dna", recorded_by=practitioner
    )
    score = response(episode, ama, completed_at=at(2025, 4, 10, 12), total=14)
    response(episode, ama, completed_at=None)  # started, never sent: no score
    # SWEMWBS is reported through its metric conversion: raw 21 is 19.25.
    swemwbs = response(
        episode, ama, instrument="SWEMWBS", completed_at=at(2025, 4, 10, 12), total=21, value=19.25
    )
    goal = Goal.objects.create(
        episode=episode, person=ama, description="Sleep", big_outcome=BigOutcome.RECOVER
    )
    response(
        episode, ama, instrument="GBO", goal=goal, completed_at=at(2025, 4, 10, 12), total=6
    )  # not a score
    # A duplicate record merged into hers: its history is hers; its questionnaire stayed behind.
    duplicate = factories.person(date_of_birth=dt.date(2007, 4, 1), merged_into=ama)
    left_behind = response(episode, duplicate, completed_at=at(2025, 5, 1), total=11)
    SupportPlan.objects.create(
        person=duplicate, settled_accommodation="Y", accommodation_recorded_on=dt.date(2025, 1, 2)
    )
    # Friends and Family Test answers either side of London's midnight into May (23:00 UTC in BST).
    named = Feedback.objects.create(
        service=onward.service, episode=episode, person=ama, answer=FeedbackAnswer.GOOD,
        better="The heron room was cold", received_at=at(2025, 4, 30, 23), channel="signed_in",
    )  # fmt: skip
    anonymous = Feedback.objects.create(
        service=onward.service, answer=FeedbackAnswer.DONT_KNOW, received_at=at(2025, 4, 30, 22, 59),
        channel="link",
    )  # fmt: skip
    return locals()


@pytest.mark.django_db
def test_it_extracts_the_right_rows_and_values(tmp_path, borough_history):
    h = borough_history
    folder = tmp_path / "E09000022"

    extracted = run(folder)

    assert extracted.batch == 1
    ama = key("person", h["ama"].pk)
    people = {r["person_key"]: r for r in batch_rows(folder, "people", 1)}
    assert key("person", h["duplicate"].pk) not in people  # merged: not a person of its own
    assert people[ama] == {
        "person_key": ama,
        "ethnicity": "N",
        "sex": "2",
        "previously_known": False,
        "batch": 1,
    }
    intros = {r["introduction_key"]: r for r in batch_rows(folder, "introductions", 1)}
    assert len(intros) == 3
    assert intros[key("introduction", h["march"].pk)] == {
        "introduction_key": key("introduction", h["march"].pk), "person_key": ama,
        "received_at": at(2025, 3, 31, 22, 30), "month": dt.date(2025, 3, 1), "month_index": 2025 * 12 + 2,
        "source": "H1", "urgency": "crisis", "status": "closed", "decided_at": at(2025, 4, 1, 9),
        "age_band": "Under 18", "standard_hours": 4, "batch": 1,
    }  # fmt: skip
    april = intros[key("introduction", h["april"].pk)]
    assert (april["month"], april["month_index"], april["age_band"]) == (
        dt.date(2025, 4, 1),
        2025 * 12 + 3,
        "18 to 24",
    )
    assert (april["standard_hours"], april["decided_at"], april["status"]) == (12, None, "awaiting_contact")
    january = intros[key("introduction", h["january"].pk)]
    assert (january["month"], january["standard_hours"]) == (dt.date(2025, 1, 1), 28 * 24)
    [contact] = batch_rows(folder, "contacts", 1)
    assert contact == {
        "contact_key": key("contact", h["contact"].pk),
        "introduction_key": key("introduction", h["april"].pk),
        "contacted_at": at(2025, 4, 30, 23, 30), "month": dt.date(2025, 5, 1), "month_index": 2025 * 12 + 4,
        "method": "phone", "outcome": "no_answer", "batch": 1,
    }  # fmt: skip
    onward = {r["service_introduction_key"]: r for r in batch_rows(folder, "service_introductions", 1)}
    assert onward[key("service_introduction", h["onward"].pk)]["introduction_key"] == key(
        "introduction", h["april"].pk
    )
    assert onward[key("service_introduction", h["onward"].pk)]["service_kind"] == "talking_therapies"
    assert {
        k: onward[key("service_introduction", h["onward"].pk)][k]
        for k in ("service_id", "responded_at", "decline_code", "from_partner")
    } == {"service_id": h["onward"].service_id, "responded_at": at(2025, 4, 3), "decline_code": None,
          "from_partner": False}  # fmt: skip
    direct = onward[key("service_introduction", h["direct"].pk)]
    assert direct["introduction_key"] is None
    assert (direct["responded_at"], direct["decline_code"], direct["from_partner"]) == (None, None, False)
    assert (direct["service_kind"], direct["month"], direct["status"]) == (
        "crisis_outreach",
        dt.date(2025, 2, 1),
        "pending",
    )
    [episode] = batch_rows(folder, "episodes", 1)
    assert episode == {
        "episode_key": key("episode", h["episode"].pk), "person_key": ama,
        "service_introduction_key": key("service_introduction", h["onward"].pk),
        "service_kind": "talking_therapies", "service_id": h["episode"].service_id,
        "accepted_at": at(2025, 4, 3), "discharged_at": at(2025, 6, 30, 23, 30),
        "discharged_month": dt.date(2025, 7, 1), "age_band": "18 to 24",  # 18 two days before
        "discharge_reason": "goals_met", "batch": 1,
    }  # fmt: skip
    assert batch_rows(folder, "circumstances", 1) == [
        {"person_key": ama, "settled_accommodation": "N", "accommodation_recorded_at": dt.date(2025, 4, 10),
         "employment_status": "07", "employment_recorded_at": dt.date(2025, 4, 11), "batch": 1}
    ]  # fmt: skip
    [session] = batch_rows(folder, "sessions", 1)
    assert (session["session_key"], session["episode_key"]) == (
        key("session", h["session"].pk),
        key("episode", h["episode"].pk),
    )
    assert (session["kind"], session["attendance"], session["month"]) == (
        "assessment",
        "dna",
        dt.date(2025, 4, 1),
    )
    scores = {r["score_key"]: r for r in batch_rows(folder, "scores", 1)}
    assert set(scores) == {key("score", h[name].pk) for name in ("score", "swemwbs", "left_behind")}
    assert scores[key("score", h["score"].pk)] == {
        "score_key": key("score", h["score"].pk), "episode_key": key("episode", h["episode"].pk),
        "person_key": ama, "instrument": "PHQ-9", "completed_at": at(2025, 4, 10, 12),
        "month": dt.date(2025, 4, 1), "total": 14.0,
        "batch": 1,
    }  # fmt: skip
    assert scores[key("score", h["swemwbs"].pk)]["total"] == 19.25
    assert scores[key("score", h["left_behind"].pk)]["person_key"] == ama
    feedback = {r["feedback_key"]: r for r in batch_rows(folder, "feedback", 1)}
    assert feedback == {
        key("feedback", h["named"].pk): {
            "feedback_key": key("feedback", h["named"].pk), "service_id": h["onward"].service_id, "answer": 2,
            "month": dt.date(2025, 5, 1), "month_index": 2025 * 12 + 4, "batch": 1,
        },
        key("feedback", h["anonymous"].pk): {
            "feedback_key": key("feedback", h["anonymous"].pk), "service_id": h["onward"].service_id,
            "answer": 6, "month": dt.date(2025, 4, 1), "month_index": 2025 * 12 + 3, "batch": 1,
        },
    }  # fmt: skip
    manifest = json.loads((folder / "manifest.json").read_text())
    assert {k: manifest[k] for k in ("ons_code", "borough", "synthetic", "hub_opened", "practice")} == {
        "ons_code": "E09000022", "borough": "Lambeth", "synthetic": False, "hub_opened": "2025-01-01",
        "practice": "the operational platform's own extract",
    }  # fmt: skip
    assert manifest["population"] == population("E09000022")
    assert manifest["left_out"]["people"] == 0
    assert manifest["batches"] == [
        {"batch": 1, "extracted_at": "2025-08-01T09:00:00+00:00", "rows": extracted.rows}
    ]


@pytest.mark.django_db
def test_a_merge_of_a_merged_record_leads_to_the_last_survivor(tmp_path, hub_worker):
    last = factories.person()
    middle = factories.person(merged_into=last)
    first = factories.person(merged_into=middle)
    factories.introduction(first, received_at=at(2025, 4, 1))

    tables = read_tables(SECRET)

    assert tables["introductions"]["person_key"].to_pylist() == [key("person", last.pk)]
    assert tables["people"]["person_key"].to_pylist() == [key("person", last.pk)]


def people_out_of_key_order(count: int = 4) -> list[Any]:
    """People created one after another, enough that their keys in id order are not in key order."""
    people = [factories.person() for _ in range(count)]
    while sorted(keys := [key("person", p.pk) for p in people]) == keys:
        people.append(factories.person())
    for person in people:
        factories.introduction(person, received_at=at(2025, 4, 1))
    return people


def assert_in_key_order_not_id_order(rows: list[dict[str, Any]], column: str, ids: list[int]) -> None:
    namespace = column.removesuffix("_key")
    in_id_order = [key(namespace, i) for i in sorted(ids)]
    written = [r[column] for r in rows]
    assert sorted(written) == sorted(in_id_order)
    assert written == sorted(written)
    assert written != in_id_order


@pytest.mark.django_db
def test_rows_are_in_key_order_not_id_order(tmp_path):
    # Ids show in staff URLs: rows in id order would say which key is which id.
    people = people_out_of_key_order()
    folder = tmp_path / "E09000022"

    run(folder)
    run(tmp_path / "full" / "E09000022", full=True)

    for extracted in (folder, tmp_path / "full" / "E09000022"):
        person_ids = [p.pk for p in people]
        assert_in_key_order_not_id_order(batch_rows(extracted, "people", 1), "person_key", person_ids)
        intro_ids = list(Introduction.objects.values_list("pk", flat=True))
        assert_in_key_order_not_id_order(
            batch_rows(extracted, "introductions", 1), "introduction_key", intro_ids
        )

    later = people_out_of_key_order()

    assert run(folder).batch == 2
    assert_in_key_order_not_id_order(batch_rows(folder, "people", 2), "person_key", [p.pk for p in later])


@pytest.mark.django_db
def test_an_empty_database_gives_empty_tables_and_no_hub_opening(tmp_path):
    run(tmp_path / "E09000022")

    manifest = json.loads((tmp_path / "E09000022" / "manifest.json").read_text())
    assert manifest["hub_opened"] is None
    assert set(manifest["batches"][0]["rows"].values()) == {0}


@pytest.mark.django_db
def test_it_asks_the_same_number_of_queries_whatever_the_number_of_rows(hub_worker):
    history(hub_worker, people=1)
    with CaptureQueriesContext(connection) as few:
        small = read_tables(SECRET)
    history(hub_worker, people=4)
    with CaptureQueriesContext(connection) as many:
        large = read_tables(SECRET)

    assert large["sessions"].num_rows == 5 * small["sessions"].num_rows == 5
    # One a table (ten), the response standards, the merges and the people left out.
    assert len(many) == len(few) <= 13


# --- Incremental and full runs -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_second_run_writes_only_what_changed_and_a_third_nothing(tmp_path, borough_history, hub_worker):
    h = borough_history
    folder = tmp_path / "incremental" / "E09000022"
    run(folder)
    april = h["april"]
    april.status = IntroductionStatus.IN_CONVERSATION
    april.save()
    new_contact = ContactAttempt.objects.create(
        introduction=april, at=at(2025, 5, 2), method="phone", outcome="spoke", by=hub_worker
    )

    second = run(folder)

    assert second.batch == 2
    assert second.rows == {**dict.fromkeys(TABLES, 0), "introductions": 1, "contacts": 1}
    [changed] = batch_rows(folder, "introductions", 2)
    assert (changed["introduction_key"], changed["status"]) == (
        key("introduction", april.pk),
        "in_conversation",
    )
    assert [r["contact_key"] for r in batch_rows(folder, "contacts", 2)] == [key("contact", new_contact.pk)]

    third = run(folder)

    assert third.batch is None
    assert len(json.loads((folder / "manifest.json").read_text())["batches"]) == 2
    assert not (folder / "introductions" / "batch-000003.parquet").exists()

    run(tmp_path / "full" / "E09000022", full=True)
    incremental, full = store.open_store(tmp_path / "incremental"), store.open_store(tmp_path / "full")
    for table, pk in PRIMARY_KEYS.items():
        query = f"SELECT * FROM {table} ORDER BY {pk}"  # noqa: S608 - the schema's names
        rows = incremental.sql(query).to_arrow_table()
        assert rows.num_rows > 0, table
        assert rows.to_pylist() == full.sql(query).to_arrow_table().to_pylist(), table
    assert incremental.sql(
        "SELECT status FROM introductions WHERE introduction_key = ?", params=[key("introduction", april.pk)]
    ).fetchall() == [("in_conversation",)]


@pytest.mark.django_db
def test_a_changed_response_standard_rewrites_the_introductions_it_applies_to(tmp_path, borough_history):
    folder = tmp_path / "E09000022"
    run(folder)
    ResponseStandard.objects.create(urgency=Urgency.CRISIS, hours=2)

    second = run(folder)

    assert second.rows["introductions"] == 1
    assert [r["standard_hours"] for r in batch_rows(folder, "introductions", 2)] == [2]


@pytest.mark.django_db
def test_full_swaps_a_fresh_extract_in_for_the_old_one(tmp_path, borough_history):
    folder = tmp_path / "E09000022"
    run(folder)
    Introduction.objects.filter(pk=borough_history["april"].pk).update(status=IntroductionStatus.SIGNPOSTED)
    run(folder)

    fresh = run(folder, full=True)

    assert fresh.batch == 1
    assert fresh.rows["introductions"] == 3
    manifest = json.loads((folder / "manifest.json").read_text())
    assert [b["batch"] for b in manifest["batches"]] == [1]
    assert sorted(p.name for p in (folder / "introductions").iterdir()) == ["batch-000001.parquet"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".E09000022.lock",
        "E09000022",
    ]  # no work folder left behind
    statuses = {r["introduction_key"]: r["status"] for r in batch_rows(folder, "introductions", 1)}
    assert statuses[key("introduction", borough_history["april"].pk)] == "signposted"


@pytest.mark.django_db
def test_a_full_run_that_fails_leaves_the_old_extract_as_it_was(tmp_path, borough_history, monkeypatch):
    folder = tmp_path / "E09000022"
    run(folder)
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store, "write_batch", broken)
    with pytest.raises(OSError, match="disk full"):
        run(folder, full=True)

    assert {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".E09000022.lock", "E09000022"]


@pytest.mark.django_db
def test_full_replaces_only_an_extract(tmp_path):
    (tmp_path / "notes.txt").write_text("not an extract")

    with pytest.raises(ExtractRefused, match="not an extract"):
        run(tmp_path, full=True)

    assert (tmp_path / "notes.txt").exists()


@pytest.mark.django_db
def test_it_refuses_to_continue_an_extract_made_with_another_key_or_for_another_borough(tmp_path):
    folder = tmp_path / "E09000022"
    run(folder)

    with pytest.raises(ExtractRefused, match="another pseudonym key"):
        run(folder, secret=b"a different secret")
    with pytest.raises(ExtractRefused, match="holds the extract of E09000022, not E09000008"):
        extract(folder, borough=Borough("E09000008", "Croydon", LAMBETH.population), secret=SECRET)
    assert run(folder).batch is None  # the right key and borough carry on


@pytest.mark.django_db
def test_a_second_run_at_the_same_time_is_refused(tmp_path, settings):
    settings.EXTRACT_DIR = tmp_path
    folder = tmp_path / "E09000022"
    with open(extract_module.lock_path(folder), "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a run in another process does

        with pytest.raises(ExtractRefused, match=r"another extract of Lambeth \(E09000022\) is running"):
            run(folder)
        with pytest.raises(ExtractRefused, match="another extract of Lambeth"):
            run(folder, full=True)
        with pytest.raises(CommandError, match="another extract of Lambeth"):
            call_command("extract", stdout=io.StringIO())

        assert not folder.exists()
        fcntl.flock(held, fcntl.LOCK_UN)

    assert run(folder).batch == 1  # the lock was the only obstacle, and a run lets it go
    assert run(folder).batch is None


# --- The command ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_writes_a_batch_then_says_nothing_changed(tmp_path, settings, hub_worker):
    settings.EXTRACT_DIR = tmp_path
    history(hub_worker)
    out = io.StringIO()

    call_command("extract", stdout=out)
    call_command("extract", stdout=out)
    call_command("extract", "--full", "--out", str(tmp_path / "elsewhere"), stdout=out)

    printed = out.getvalue()
    assert f"Wrote batch 1 of Lambeth (E09000022) to {tmp_path / 'E09000022'}:" in printed
    assert "  introductions: 1 rows\n" in printed
    assert "  scores: 1 rows\n" in printed
    assert "Nothing changed since the last batch" in printed
    assert f"Wrote batch 1 (a fresh extract) of Lambeth (E09000022) to {tmp_path / 'elsewhere'}:" in printed


@pytest.mark.django_db
def test_the_command_names_a_borough_with_no_population_table(tmp_path, settings):
    settings.BOROUGH_ONS_CODE = "E09000001"

    with pytest.raises(CommandError, match=r"E09000001 in population\.json"):
        call_command("extract", "--out", str(tmp_path), stdout=io.StringIO())

    assert not any(tmp_path.iterdir())


# --- The key in production ----------------------------------------------------------------------------

# Every other setting production needs, from the one list of them, so that this test sees only the key.
PRODUCTION = {k: v for k, v in GOOD_PRODUCTION.items() if k != "LIVINGWELL_PSEUDONYM_KEY"}


def _settings_in(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {*PRODUCTION, "LIVINGWELL_PSEUDONYM_KEY", "LIVINGWELL_ENV_FILE"}
    }
    return subprocess.run(
        [sys.executable, "-c", "import livingwell.settings as s; print(s.SECRET_KEY, s.PSEUDONYM_KEY)"],
        cwd=Path(__file__).resolve().parents[3], env={**clean, **env}, capture_output=True, text=True,
        check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("key_setting", "refusal"),
    [(None, "LIVINGWELL_PSEUDONYM_KEY must be set"), ("k" * 31, "at least 32 characters"), ("k" * 32, None)],
)
def test_production_refuses_to_start_without_a_pseudonym_key_of_its_own(key_setting, refusal):
    env = PRODUCTION if key_setting is None else {**PRODUCTION, "LIVINGWELL_PSEUDONYM_KEY": key_setting}

    result = _settings_in(env)

    if refusal is None:
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode != 0
        assert refusal in result.stderr


def test_elsewhere_the_key_is_derived_from_the_secret_key_and_is_not_it():
    keys: dict[str, set[str]] = {}
    for secret_key in ("s" * 60, "t" * 60, "s" * 60):
        result = _settings_in({"LIVINGWELL_ENV": "development", "SECRET_KEY": secret_key})
        assert result.returncode == 0, result.stderr
        secret, pseudonym_key = result.stdout.split()
        assert secret == secret_key != pseudonym_key
        keys.setdefault(secret_key, set()).add(pseudonym_key)

    # The same secret gives the same key run after run, another secret another key.
    assert [len(k) for k in keys.values()] == [1, 1]
    assert keys["s" * 60] != keys["t" * 60]
