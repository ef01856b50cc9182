"""A PHQ-9 question-9 answer or a crisis introduction is pushed to whoever holds the person's plan."""

from __future__ import annotations

import random

import pytest
from django.test import TestCase

from livingwell import notify
from livingwell.access import services as access_services
from livingwell.codes import Urgency
from livingwell.demo.borough import draw_test_nhs_number
from livingwell.outcomes.services import record_questionnaire
from livingwell.support import plan_services
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings):
    settings.NOTIFY_BACKEND = "memory"
    notify.memory_outbox().clear()
    return notify.memory_outbox()


@pytest.fixture
def held(practitioner, short_term_support):
    practitioner.email = "ade@example.org"
    practitioner.save()
    episode = factories.episode(factories.service_introduction(service_=short_term_support))
    plan_services.plan_for(None, episode.person_id, by=practitioner)
    return episode


@pytest.mark.parametrize(("item_9", "alerts"), [(0, 0), (1, 1)])
def test_question_9_answered_above_0_alerts_the_holder(held, practitioner, outbox, item_9, alerts):
    with TestCase.captureOnCommitCallbacks(execute=True):
        record_questionnaire(
            None,
            held,
            instrument="PHQ-9",
            answers=[1] * 8 + [item_9],
            by=practitioner,
            submission_key=f"k{item_9}",
        )
    assert len(outbox) == alerts
    if alerts:
        assert outbox[0].to == "ade@example.org"
        assert held.person.family_name not in outbox[0].text
        assert f"/people/{held.person_id}/" in outbox[0].text


def test_a_crisis_introduction_alerts_the_holder_and_nobody_without_a_plan(held, outbox):
    person = held.person
    # Matched with confidence (NHS number, date of birth and family name), as the hub's front door does.
    person.nhs_number = draw_test_nhs_number(random.Random(7))
    person.save()
    ask = factories.introduction_request(
        factories.person_details(
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
            nhs_number=person.nhs_number,
        ),
        urgency=Urgency.CRISIS,
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        introduction, _ = access_services.introduce(None, ask)
    assert introduction.person_id == person.pk  # matched to the record the plan is on
    assert [m.subject for m in outbox] == ["Urgent: someone you support needs a check today"]
    outbox.clear()
    stranger = factories.introduction_request(urgency=Urgency.CRISIS)
    with TestCase.captureOnCommitCallbacks(execute=True):
        access_services.introduce(None, stranger)
    assert outbox == []
