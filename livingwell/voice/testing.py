"""Stories and feedback for tests (the access matrix's world, the voice app's own tests)."""

from __future__ import annotations

import uuid
from typing import Any

from livingwell.network.models import Service
from livingwell.voice import stories
from livingwell.voice.models import Story


def awaiting_story(service: Service | None = None, **fields: Any) -> Story:
    """A story as the public form leaves it: redacted, waiting for a moderator."""
    values: dict[str, Any] = {
        "title": "The wait was long",
        "text": "I waited six weeks. Call me on 07700 900982. The group helped a lot.",
        "told_by": "person",
        "service": service,
        "submission_key": str(uuid.uuid4()),
    }
    values.update(fields)
    return stories.tell_story(None, **values)


def published_story(service: Service | None, by: Any, **fields: Any) -> Story:
    """A story a moderator has published as it was."""
    story = awaiting_story(service, **fields)
    return stories.publish(None, story, by=by, title=story.title, text=story.text_redacted)


def voice_world(service: Service, moderator: Any) -> dict[str, Story]:
    """The access matrix's stories: one waiting for moderation, one published, about `service`."""
    return {
        "story": awaiting_story(service, title="Waiting story"),
        "published_story": published_story(service, moderator, title="Published story"),
    }
