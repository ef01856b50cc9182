"""Who may moderate stories and who may answer them, and the access helpers that check it.

Moderators are the hub leads (docs/voice.md): they already see every record, so seeing what
redaction found in a story gives them nothing new. A published story is answered by a partner
practitioner of the organisation that runs the story's service.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import rules
from django.http import HttpRequest

from livingwell.accounts.objects import get_for_user
from livingwell.accounts.rules import is_hub_lead, is_partner_practitioner
from livingwell.voice.models import Story, StoryStatus


class Permission(StrEnum):
    """What the voice app's rules decide (docs/access-matrix.md)."""

    MODERATE_STORIES = "voice.moderate_stories"
    ANSWER_STORY = "voice.answer_story"


@rules.predicate
def runs_storys_service(user: Any, story: Story) -> bool:
    """The story is about a service of the user's organisation (as a partner practitioner)."""
    service = story.service
    return service is not None and service.organisation_id in user.organisation_ids(
        role="partner_practitioner"
    )


is_moderator = is_hub_lead

rules.add_perm(Permission.MODERATE_STORIES, is_moderator)
rules.add_perm(Permission.ANSWER_STORY, is_partner_practitioner & runs_storys_service)


@rules.predicate
def _anyone(user: Any, story: Story) -> bool:
    return True


def get_story_to_moderate(request: HttpRequest, pk: int) -> Story:
    """Return any story for a moderator, recording the look; anyone else is told there is none (404)."""
    # Before publication only moderators may know a story exists: even its service may not.
    return get_for_user(
        request,
        Story.objects.select_related("service"),
        pk,
        perm=Permission.MODERATE_STORIES,
        related=is_moderator,
    )


def get_story_to_answer(request: HttpRequest, pk: int) -> Story:
    """Return a published story to its service's organisation; 403 to others, 404 if unpublished."""
    # A published story is public, so anyone may know it exists: 403 says why they cannot answer.
    return get_for_user(
        request,
        Story.objects.filter(status=StoryStatus.PUBLISHED).select_related("service__organisation"),
        pk,
        perm=Permission.ANSWER_STORY,
        related=_anyone,
    )
