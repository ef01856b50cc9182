"""What people wrote, after redaction, for the apps above voice (themes, the breakfast pack).

Only what may be read beyond the moderators: published stories, and feedback that has text.
Both are already redacted when stored, so nothing here names anyone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from livingwell.voice.models import Feedback, Story, StoryStatus


@dataclass(frozen=True)
class FreeText:
    kind: str  # "feedback" | "story"
    pk: int
    text: str  # redacted
    service_id: int | None
    at: dt.datetime


def free_texts(since: dt.datetime | None = None) -> list[FreeText]:
    """Published stories and feedback with text (both redacted), oldest first, from `since` if given."""
    stories = Story.objects.filter(status=StoryStatus.PUBLISHED)
    feedback = Feedback.objects.exclude(better="")
    if since is not None:
        stories = stories.filter(published_at__gte=since)
        feedback = feedback.filter(received_at__gte=since)
    texts = [
        FreeText("story", s.pk, s.text_redacted, s.service_id, s.published_at)  # type: ignore[arg-type]
        for s in stories.only("pk", "text_redacted", "service_id", "published_at")
    ]
    texts += [
        FreeText("feedback", f.pk, f.better, f.service_id, f.received_at)
        for f in feedback.only("pk", "better", "service_id", "received_at")
    ]
    return sorted(texts, key=lambda t: (t.at, t.kind, t.pk))


def unanswered_stories() -> QuerySet[Story]:
    """Published stories with no answer from the service yet, oldest first (for the breakfast pack)."""
    return (
        Story.objects.filter(status=StoryStatus.PUBLISHED, answers__isnull=True)
        .select_related("service")
        .order_by("published_at")
    )
