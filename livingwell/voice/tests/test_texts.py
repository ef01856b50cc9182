"""What voice gives the apps above it: redacted free text, and stories not yet answered."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from livingwell.testing import factories
from livingwell.voice import stories
from livingwell.voice.models import Feedback
from livingwell.voice.testing import awaiting_story, published_story
from livingwell.voice.texts import free_texts, unanswered_stories

pytestmark = pytest.mark.django_db


def test_free_texts_are_published_stories_and_feedback_with_text_only(hub_lead, short_term_support):
    waiting = awaiting_story(short_term_support)
    shown = published_story(short_term_support, hub_lead)
    with_text = Feedback.objects.create(
        answer=1,
        better="Shorter waits",
        received_at=timezone.now(),
        channel="link",
        service=short_term_support,
    )
    Feedback.objects.create(answer=2, better="", received_at=timezone.now(), channel="link")
    texts = free_texts()
    assert {(t.kind, t.pk) for t in texts} == {("story", shown.pk), ("feedback", with_text.pk)}
    assert waiting.pk not in {t.pk for t in texts if t.kind == "story"}
    story_text = next(t for t in texts if t.kind == "story")
    assert "[phone number]" in story_text.text
    assert story_text.service_id == short_term_support.pk
    assert free_texts(since=timezone.now() + dt.timedelta(days=1)) == []


def test_unanswered_stories_are_published_and_have_no_answer(hub_lead, practitioner, short_term_support):
    answered = published_story(short_term_support, hub_lead)
    open_one = published_story(short_term_support, hub_lead)
    awaiting_story(short_term_support)
    stories.answer(
        None, answered, by=practitioner, organisation=short_term_support.organisation, text="Thanks"
    )
    assert list(unanswered_stories()) == [open_one]


def test_an_answer_is_redacted_with_the_tellers_names(practitioner, hub_lead, short_term_support):
    person = factories.person(given_name="Ines", family_name="Marlowe")
    story = published_story(short_term_support, hub_lead, person=person)
    reply = stories.answer(
        None, story, by=practitioner, organisation=short_term_support.organisation, text="Sorry, Ines."
    )
    assert reply.text == "Sorry, [name]."
