"""The refresh: the change log names every write, a refresh reads only those rows yet writes what a
whole read would, and a burst of writes queues one job."""

from __future__ import annotations

import datetime as dt
import fcntl
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tasks.backends.dummy import DummyBackend

from livingwell.access.codes import IntroductionStatus, Urgency
from livingwell.access.models import ContactAttempt, Introduction, ResponseStandard
from livingwell.analytics import changes, extract, refresh, tasks
from livingwell.analytics.kpis import store
from livingwell.analytics.kpis.pseudonym import pseudonym
from livingwell.analytics.kpis.schema import SCHEMA_VERSION
from livingwell.analytics.models import ExtractChange, RefreshState
from livingwell.network.models import Service, ServiceIntroduction, ServiceKind
from livingwell.outcomes.models import Goal, QuestionnaireResponse, ResponseSource, ResponseStatus
from livingwell.people.models import Person
from livingwell.support.models import Episode, EpisodeStatus, Session, SupportPlan
from livingwell.testing import factories
from livingwell.voice.models import Feedback

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def queued() -> list[Any]:
    """The jobs the dummy task backend holds (it keeps them in `results`)."""
    backend = tasks.refresh_extract.get_backend()
    assert isinstance(backend, DummyBackend)
    return list(backend.results)


def latest(root: Path, ons_code: str = "E09000022") -> dict[str, list[dict[str, Any]]]:
    return store.latest_rows(root, ons_code)


def full_extract(settings, tmp_path: Path) -> Path:
    root = tmp_path / "full"
    extract.extract(
        root / settings.BOROUGH_ONS_CODE, borough=extract.operational_borough(),
        secret=settings.PSEUDONYM_KEY.encode(), full=True,
    )  # fmt: skip
    return root


@pytest.fixture
def reads(monkeypatch):
    """Record the `changes` each extract run read with (None: every table whole)."""
    seen: list[extract.Changes | None] = []
    real = extract.read_tables

    def spy(secret, changes=None):
        seen.append(changes)
        return real(secret, changes)

    monkeypatch.setattr(extract, "read_tables", spy)
    return seen


@pytest.fixture
def history(hub_worker, practitioner):
    therapies = factories.service(kind=ServiceKind.TALKING_THERAPIES)
    people = [factories.person(date_of_birth=dt.date(1990 + k, 5, 1)) for k in range(4)]
    intros = [factories.introduction(p, received_at=timezone.now() - dt.timedelta(days=40)) for p in people]
    onward = [factories.service_introduction(i, therapies, made_by=hub_worker) for i in intros[:2]]
    episodes = [factories.episode(s, accepted_at=timezone.now() - dt.timedelta(days=30)) for s in onward]
    Session.objects.create(
        episode=episodes[0], at=timezone.now() - dt.timedelta(days=20), recorded_by=practitioner
    )
    return {"service": therapies, "people": people, "intros": intros, "onward": onward, "episodes": episodes}


def a_day(h: dict[str, Any], hub_worker, practitioner) -> None:
    """Writes of every kind: creates, saves, `QuerySet.update()`, `bulk_create`, a merge, a correction."""
    new = factories.introduction(factories.person(), received_at=timezone.now())
    ContactAttempt.objects.create(
        introduction=new, at=timezone.now(), method="phone", outcome="spoke", by=hub_worker
    )
    Introduction.objects.filter(pk=h["intros"][2].pk).update(
        status=IntroductionStatus.SIGNPOSTED, decided_at=timezone.now()
    )
    ServiceIntroduction.objects.filter(pk=h["onward"][1].pk).update(status="accepted")
    Episode.objects.filter(pk=h["episodes"][0].pk).update(
        status=EpisodeStatus.DISCHARGED, discharged_at=timezone.now()
    )
    Session.objects.bulk_create(
        [Session(episode=h["episodes"][1], at=timezone.now(), recorded_by=practitioner)]
    )
    QuestionnaireResponse.objects.create(
        episode=h["episodes"][1], person=h["people"][1], instrument="PHQ-9", status=ResponseStatus.COMPLETED,
        source=ResponseSource.PRACTITIONER, submission_key="day-1", created_at=timezone.now(),
        completed_at=timezone.now(), total=12, value=12,
    )  # fmt: skip
    # A support plan records their work (the plan's own table: `circumstances`).
    SupportPlan.objects.create(
        person=h["people"][2], employment_status="01", employment_recorded_on=timezone.localdate()
    )
    # A personal goal is set and achieved (the goal's own table: `goals`).
    goal = Goal.objects.create(person=h["people"][2], description="Never leaves", big_outcome="choices")
    Goal.objects.filter(pk=goal.pk).update(achieved_at=timezone.now())
    # A corrected date of birth moves the age band of their introduction and episode.
    Person.objects.filter(pk=h["people"][0].pk).update(date_of_birth=dt.date(2010, 1, 1))
    # A merge (as people/services.merge writes it): history moves with update(), the record is marked.
    duplicate, survivor = h["people"][3], h["people"][1]
    duplicate.introductions.update(person=survivor)
    Person.objects.filter(pk=duplicate.pk).update(merged_into=survivor)
    Service.objects.filter(pk=h["service"].pk).update(kind=ServiceKind.SHORT_TERM_SUPPORT)
    # A Friends and Family Test answer (its own table: `feedback`).
    Feedback.objects.create(service=h["service"], answer=1, received_at=timezone.now(), channel="link")


@pytest.mark.django_db
def test_a_refresh_reads_only_the_logged_rows_and_writes_what_a_whole_read_would(
    settings, tmp_path, history, hub_worker, practitioner, reads
):
    first = refresh.refresh()
    assert first.full is False
    assert first.batch == 1
    assert reads == [None]
    assert not ExtractChange.objects.exists()  # the log is taken

    a_day(history, hub_worker, practitioner)
    folder = refresh.operational_folder()
    whole = tmp_path / "whole" / folder.name
    shutil.copytree(folder, whole)
    second = refresh.refresh(now=timezone.now())

    assert reads[1] is not None  # the log was trusted
    assert reads[1].rows["introductions"]
    assert reads[1].services == {history["service"].pk}
    assert second.batch == 2
    assert second.rows["sessions"] == second.rows["scores"] == second.rows["people"] == 1
    assert second.rows["circumstances"] == 1
    assert reads[1].rows["circumstances"]
    assert second.rows["goals"] == 1
    assert reads[1].rows["goals"]
    assert second.rows["introductions"] == 4  # new, signposted, a birthday, the merged one's
    assert second.rows["episodes"] == second.rows["service_introductions"] == 2  # the service's kind
    # The same batch as the run that reads every table whole...
    batch_time = dt.datetime.fromisoformat(store.read_manifest(folder)["batches"][-1]["extracted_at"])
    before = extract.extract(
        whole, borough=extract.operational_borough(), secret=settings.PSEUDONYM_KEY.encode(), now=batch_time
    )
    assert before.rows == second.rows
    assert latest(folder.parent) == latest(whole.parent)
    # ...and the same rows as a full extract, but for the merged record's old row, which stays (as
    # the extract's docstring says) until a full run.
    refreshed, full = latest(folder.parent), latest(full_extract(settings, tmp_path))
    merged = pseudonym(settings.PSEUDONYM_KEY.encode(), "person", history["people"][3].pk)
    refreshed["people"] = [r for r in refreshed["people"] if r["person_key"] != merged]
    assert refreshed == full
    assert not ExtractChange.objects.exists()
    assert refresh.refresh().batch is None  # nothing since: nothing written


@pytest.mark.django_db
def test_a_changed_response_standard_rewrites_every_introduction(settings, tmp_path, history, reads):
    refresh.refresh()
    ResponseStandard.objects.create(urgency=Urgency.ROUTINE, hours=24 * 14)

    run = refresh.refresh()

    assert reads[-1] is not None
    assert reads[-1].standards
    assert run.rows["introductions"] == 4
    assert latest(refresh.operational_folder().parent) == latest(full_extract(settings, tmp_path))


@pytest.mark.django_db
def test_a_missing_trigger_is_put_back_and_that_refresh_reads_everything(history, reads):
    refresh.refresh()
    # As a table rebuilt by a migration loses its triggers.
    if connection.vendor == "sqlite":
        name, drop = f"{changes.PREFIX}contacts_insert", f"DROP TRIGGER {changes.PREFIX}contacts_insert"
    else:
        name, drop = (
            f"{changes.PREFIX}contacts",
            f'DROP TRIGGER {changes.PREFIX}contacts ON "access_contactattempt"',
        )
    with connection.cursor() as cursor:
        cursor.execute(drop)
    contact = ContactAttempt.objects.create(
        introduction=history["intros"][0], at=timezone.now(), method="phone", outcome="spoke",
        by=history["onward"][0].made_by,
    )  # fmt: skip
    assert not ExtractChange.objects.filter(source="contacts").exists()  # unlogged

    run = refresh.refresh()

    assert reads[-1] is None
    assert run.rows["contacts"] == 1
    assert name in changes.installed()
    ContactAttempt.objects.filter(pk=contact.pk).update(outcome="no_answer")
    assert ExtractChange.objects.filter(source="contacts", row_id=contact.pk).exists()


@pytest.mark.django_db
def test_a_batch_written_by_anything_else_makes_the_next_refresh_read_everything(settings, history, reads):
    refresh.refresh()
    Introduction.objects.filter(pk=history["intros"][0].pk).update(status=IntroductionStatus.CLOSED)
    extract.extract(
        refresh.operational_folder(),
        borough=extract.operational_borough(),
        secret=settings.PSEUDONYM_KEY.encode(),
    )
    Introduction.objects.filter(pk=history["intros"][1].pk).update(status=IntroductionStatus.CLOSED)

    run = refresh.refresh()

    assert reads[-1] is None
    assert run.rows["introductions"] == 1


@pytest.mark.django_db
def test_an_extract_of_the_old_schema_is_replaced_whole(history):
    refresh.refresh()
    manifest = store.manifest_path(refresh.operational_folder())
    manifest.write_text(
        manifest.read_text().replace(
            f'"schema_version": {SCHEMA_VERSION}', f'"schema_version": {SCHEMA_VERSION - 1}'
        )
    )

    run = refresh.refresh()

    assert run.full
    assert run.batch == 1


@pytest.mark.django_db
def test_writes_ask_for_nothing_while_the_setting_is_off(
    settings, history, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        factories.introduction(history["people"][0])
    assert callbacks == []
    settings.EXTRACT_REFRESH_ON_WRITE = True
    with django_capture_on_commit_callbacks() as callbacks:
        factories.introduction(history["people"][0])
    assert callbacks == [tasks._request_after_commit]


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_writes_queues_one_refresh_a_minute_later(settings, monkeypatch, hub_worker):
    settings.EXTRACT_REFRESH_ON_WRITE = True
    settings.TASKS = DUMMY_TASKS
    asked: list[int] = []
    real = tasks.request_refresh

    def counted() -> bool:
        asked.append(1)
        return real()

    monkeypatch.setattr(tasks, "request_refresh", counted)
    people = [factories.person() for _ in range(3)]  # each write its own transaction
    assert len(queued()) == 1
    assert len(asked) >= 2
    now = timezone.now()

    with transaction.atomic():
        intros = [factories.introduction(person) for person in people]
        Introduction.objects.filter(pk=intros[0].pk).update(status=IntroductionStatus.CLOSED)
    ContactAttempt.objects.create(
        introduction=intros[1], at=now, method="phone", outcome="spoke", by=hub_worker
    )

    # One request for the transaction, however many writes it made, and one job for them all.
    assert len(asked) <= 6
    [job] = queued()
    assert job.task.run_after is not None
    assert job.task.run_after - now <= dt.timedelta(seconds=60)
    assert refresh.freshness().pending

    result = tasks.refresh_extract.call()  # as the worker runs it, a minute later

    assert result["batch"] == 1
    assert RefreshState.objects.get().requested_at is None
    assert not refresh.freshness().pending
    factories.introduction(people[0])
    tasks.ask_for_autocommitted_writes()  # as the end of a web request does
    assert len(queued()) == 2  # the next write queues the next refresh


@pytest.mark.django_db
def test_a_refresh_the_lock_refuses_queues_another(settings, history):
    settings.TASKS = DUMMY_TASKS
    folder = refresh.operational_folder()
    with open(extract.lock_path(folder), "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a run in another process
        assert tasks.refresh_extract.call() == {"busy": True}
        fcntl.flock(held, fcntl.LOCK_UN)
    assert len(queued()) == 1
    assert RefreshState.objects.get().requested_at is not None


@pytest.mark.django_db
def test_a_lost_request_is_taken_over(settings, history):
    settings.TASKS = DUMMY_TASKS
    now = timezone.now()
    assert tasks.request_refresh(now)
    assert not tasks.request_refresh(now + dt.timedelta(minutes=5))  # still queued
    assert tasks.request_refresh(now + dt.timedelta(minutes=12))  # its worker never ran it
    assert len(queued()) == 2


@pytest.mark.django_db
def test_freshness_says_when_the_figures_were_last_up_to_date(history):
    assert refresh.freshness() == refresh.Freshness(None, None, True)  # no extract; writes waiting
    when = timezone.now()
    refresh.refresh(now=when)
    assert refresh.freshness() == refresh.Freshness(when, when, False)
    later = when + dt.timedelta(minutes=3)
    refresh.refresh(now=later)  # nothing changed: no batch, but checked
    assert refresh.freshness().as_of == later
    factories.introduction(history["people"][0])
    assert refresh.freshness().pending


def test_it_finds_the_table_a_statement_writes():
    assert (
        tasks._table_written('INSERT INTO "access_introduction" ("x") VALUES (%s)') == "access_introduction"
    )
    assert tasks._table_written('UPDATE "support_episode" SET "status" = %s') == "support_episode"
    assert tasks._table_written('DELETE FROM "access_responsestandard" WHERE 1') == "access_responsestandard"
    assert tasks._table_written('SELECT * FROM "access_introduction"') == ""
