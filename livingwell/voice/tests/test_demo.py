"""The demo's voice: feedback at the alliance's services, and stories at every step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from livingwell.demo import history
from livingwell.lib.clocks import LONDON
from livingwell.voice.models import Feedback, Story, StoryStatus
from livingwell.voice.texts import unanswered_stories

pytestmark = pytest.mark.django_db


def test_the_demo_has_feedback_and_stories_published_answered_and_waiting():
    with transaction.atomic():
        history.seed(months=3, seed_value=7, now=dt.datetime(2026, 3, 2, 10, tzinfo=LONDON), scale=0.04)
        assert Feedback.objects.exclude(service=None).exists()
        assert Story.objects.filter(status=StoryStatus.PUBLISHED, answers__isnull=False).exists()
        assert unanswered_stories().exists()
        waiting = Story.objects.get(status=StoryStatus.AWAITING_MODERATION)
        assert "[phone number]" in waiting.text_redacted
        assert waiting.found
        transaction.set_rollback(True)
