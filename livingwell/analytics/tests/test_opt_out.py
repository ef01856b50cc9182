"""People who asked to be left out of the planning extract are, with every row about them.

docs/opting-out.md: an opt-out (`Person.extract_opt_out`) leaves the person out of every table of
the next extract, even if they were in the earlier ones, and the manifest says how many are left out.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from django.utils import timezone

from livingwell.access.models import ContactAttempt
from livingwell.analytics import extract, refresh
from livingwell.analytics.kpis import store
from livingwell.analytics.kpis.pseudonym import pseudonym
from livingwell.analytics.kpis.schema import TABLES
from livingwell.outcomes.models import BigOutcome, Goal, QuestionnaireResponse, ResponseSource, ResponseStatus
from livingwell.people.models import Person
from livingwell.people.services import set_extract_opt_out
from livingwell.support.models import Session, SupportPlan
from livingwell.testing import factories
from livingwell.voice.models import Feedback, FeedbackAnswer


def a_life(person: Person, hub_worker, practitioner, n: int) -> dict[str, Any]:
    """Give a person a row in every table the extract reads, and return the records."""
    now = timezone.now()
    intro = factories.introduction(person, received_at=now - dt.timedelta(days=40))
    contact = ContactAttempt.objects.create(
        introduction=intro, at=now - dt.timedelta(days=39), method="phone", outcome="spoke", by=hub_worker
    )
    onward = factories.service_introduction(intro, made_by=hub_worker, status="accepted")
    episode = factories.episode(onward, accepted_at=now - dt.timedelta(days=30))
    session = Session.objects.create(
        episode=episode, at=now - dt.timedelta(days=20), recorded_by=practitioner
    )
    score = QuestionnaireResponse.objects.create(
        episode=episode, person=person, instrument="PHQ-9", status=ResponseStatus.COMPLETED,
        source=ResponseSource.PRACTITIONER, submission_key=f"life-{n}", created_at=now, completed_at=now,
        total=12, value=12,
    )  # fmt: skip
    SupportPlan.objects.create(person=person, settled_accommodation="Y", accommodation_recorded_on=now.date())
    goal = Goal.objects.create(person=person, description="Swim", big_outcome=BigOutcome.RECOVER)
    # Named on the feedback, and through the episode only.
    named = Feedback.objects.create(
        service=onward.service,
        person=person,
        answer=FeedbackAnswer.GOOD,
        received_at=now,
        channel="signed_in",
    )
    by_episode = Feedback.objects.create(
        service=onward.service, episode=episode, answer=FeedbackAnswer.POOR, received_at=now, channel="link"
    )
    return {
        "person": person, "introduction": intro, "contact": contact, "service_introduction": onward,
        "episode": episode, "session": session, "score": score, "goal": goal, "named": named,
        "by_episode": by_episode,
    }  # fmt: skip


def keys_of(life: dict[str, Any], secret: bytes) -> set[int]:
    """Every key the person's rows carry."""
    spaces = {"named": "feedback", "by_episode": "feedback"}
    return {pseudonym(secret, spaces.get(name, name), record.pk) for name, record in life.items()}


def every_key_on_disk(folder: Path) -> set[int]:
    """Every value of every key column in every batch file of the extract, old batches included."""
    found: set[int] = set()
    for path in folder.rglob("*.parquet"):
        table = pq.read_table(path)
        for name in table.column_names:
            if name.endswith("_key"):
                found.update(v for v in table.column(name).to_pylist() if v is not None)
    return found


@pytest.fixture
def two_lives(hub_worker, practitioner):
    return [a_life(factories.person(), hub_worker, practitioner, n) for n in range(2)]


def secret(settings) -> bytes:
    return settings.PSEUDONYM_KEY.encode()


@pytest.mark.django_db
def test_someone_who_asked_is_left_out_of_every_table_and_counted(settings, two_lives):
    staying, leaving = two_lives
    set_extract_opt_out(None, leaving["person"], opt_out=True, how="asked the hub")

    run = refresh.refresh()

    folder = refresh.operational_folder()
    on_disk = every_key_on_disk(folder)
    assert keys_of(staying, secret(settings)) <= on_disk  # the search finds what is there
    assert not keys_of(leaving, secret(settings)) & on_disk
    rows = store.latest_rows(settings.EXTRACT_DIR, settings.BOROUGH_ONS_CODE)
    assert all(rows[table] for table in TABLES), "every table has the other person's rows"
    assert run.rows["feedback"] == 2  # the other person's two answers only
    manifest = store.read_manifest(folder)
    assert manifest["left_out"]["people"] == 1


@pytest.mark.django_db
def test_asking_after_being_extracted_takes_them_out_of_the_next_extract(settings, two_lives):
    staying, leaving = two_lives
    first = refresh.refresh()
    folder = refresh.operational_folder()
    assert keys_of(leaving, secret(settings)) <= every_key_on_disk(folder)
    assert store.read_manifest(folder)["left_out"]["people"] == 0

    set_extract_opt_out(None, leaving["person"], opt_out=True, how="signed in")
    second = refresh.refresh()

    assert (first.batch, second.batch, second.full) == (1, 1, True)  # written afresh, not added to
    assert not keys_of(leaving, secret(settings)) & every_key_on_disk(folder)
    assert keys_of(staying, secret(settings)) <= every_key_on_disk(folder)
    assert store.read_manifest(folder)["left_out"]["people"] == 1
    # Nothing changed since: the next refresh adds nothing.
    assert refresh.refresh().batch is None


@pytest.mark.django_db
def test_opting_back_in_brings_them_back(settings, two_lives):
    _, leaving = two_lives
    set_extract_opt_out(None, leaving["person"], opt_out=True, how="signed in")
    refresh.refresh()
    person = Person.objects.get(pk=leaving["person"].pk)

    set_extract_opt_out(None, person, opt_out=False, how="signed in")
    refresh.refresh()

    rows = store.latest_rows(settings.EXTRACT_DIR, settings.BOROUGH_ONS_CODE)
    assert pseudonym(secret(settings), "person", person.pk) in {r["person_key"] for r in rows["people"]}
    assert store.read_manifest(refresh.operational_folder())["left_out"]["people"] == 0


@pytest.mark.django_db
def test_a_merged_record_goes_with_the_person_who_asked(settings, two_lives, hub_worker, practitioner):
    _, leaving = two_lives
    duplicate = factories.person(merged_into=leaving["person"])
    extra = factories.introduction(duplicate, received_at=timezone.now())
    set_extract_opt_out(None, leaving["person"], opt_out=True, how="signed in")

    refresh.refresh()

    on_disk = every_key_on_disk(refresh.operational_folder())
    assert pseudonym(secret(settings), "introduction", extra.pk) not in on_disk
    assert pseudonym(secret(settings), "person", duplicate.pk) not in on_disk
    # One person asked, however many records they had.
    assert store.read_manifest(refresh.operational_folder())["left_out"]["people"] == 1


@pytest.mark.django_db
def test_the_count_is_of_people_and_the_digest_says_nothing_of_ids(settings, hub_worker, practitioner):
    people = [factories.person() for _ in range(3)]
    for person in people:
        set_extract_opt_out(None, person, opt_out=True, how="signed in")

    leaving = extract.left_out()

    assert leaving.people == {p.pk for p in people}
    manifest = leaving.manifest(secret(settings))
    assert manifest["people"] == 3
    assert len(manifest["check"]) == 64  # a SHA-256 of keyed pseudonyms, no id
    assert leaving.check(secret(settings)) != leaving.check(b"another key")
