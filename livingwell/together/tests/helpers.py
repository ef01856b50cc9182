"""Making what the together tests need: free text in voice's tables, and forms' data."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

from django.utils import timezone

from livingwell.voice.models import Feedback, FeedbackAnswer, Story, StoryStatus

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "feedback.json"


def sample_rows() -> list[dict[str, str]]:
    return json.loads(SAMPLE.read_text())["texts"]


def feedback(text: str, at: dt.datetime | None = None, **fields: Any) -> Feedback:
    return Feedback.objects.create(
        answer=FeedbackAnswer.POOR, better=text, received_at=at or timezone.now(), channel="link", **fields
    )


def story(
    text: str, *, status: str = StoryStatus.PUBLISHED, at: dt.datetime | None = None, **fields: Any
) -> Story:
    at = at or timezone.now()
    return Story.objects.create(
        title=fields.pop("title", "My story"),
        text_redacted=text,
        told_by="person",
        consent_to_publish_at=at,
        status=status,
        submitted_at=at,
        published_at=at if status == StoryStatus.PUBLISHED else None,
        **fields,
    )


def seed_sample(now: dt.datetime) -> None:
    """The shipped sample as feedback, its months counted back from `now` (the latest this month)."""
    months = sorted({r["month"] for r in sample_rows()})
    for row in sample_rows():
        back = len(months) - 1 - months.index(row["month"])
        feedback(row["text"], now - dt.timedelta(days=30 * back + 1))


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def decision_form(**fields: Any) -> dict[str, Any]:
    data = {
        "title": "Phone lines answered by a person",
        "decided": "The hub answers its phone from 8am to 8pm.",
        "forum": "Breakfast meeting",
        "taken_part": "The hub, the trust, two charities, the commissioner, three people who use services",
        "submission_key": str(uuid.uuid4()),
        **date_fields("decided_on", timezone.localdate()),
    }
    data.update(fields)
    return data


def action_form(**fields: Any) -> dict[str, Any]:
    data = {
        "what": "Put a second person on the phones at lunch",
        "owner_user": "",
        "owner_name": "Lambeth charity",
        "submission_key": str(uuid.uuid4()),
        **date_fields("due", timezone.localdate() + dt.timedelta(days=14)),
    }
    data.update(fields)
    return data
