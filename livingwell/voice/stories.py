"""Telling, moderating, publishing and answering stories; "I've experienced this too".

Nothing is public until a moderator publishes it: every public query asks for
status=published, and publishing re-runs redaction on the moderator's edited text, so an edit
cannot bring back what was removed. What redaction found is kept for the moderator only until
they decide, then cleared.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict

from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from livingwell.accounts.models import Organisation, User
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.lib.redaction import redact
from livingwell.network.models import Service
from livingwell.people.models import Person
from livingwell.voice.models import Story, StoryAnswer, StoryMeToo, StoryStatus
from livingwell.voice.names import known_names


class AlreadyDecided(Exception):
    """A moderator has already published or rejected the story."""


def tell_story(
    request: HttpRequest | None,
    *,
    title: str,
    text: str,
    told_by: str,
    service: Service | None = None,
    person: Person | None = None,
    carer_id: int | None = None,
    submission_key: str | None = None,
) -> Story:
    """Keep a story (its teller consented to publication) redacted, waiting for a moderator."""
    if submission_key:
        existing = Story.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    known = known_names(person, carer_id=carer_id)
    redacted_title = redact(title.strip(), known=known)
    redacted = redact(text.strip(), known=known)
    now = timezone.now()
    try:
        with transaction.atomic():
            story = Story.objects.create(
                title=redacted_title.text,
                text_redacted=redacted.text,
                service=service,
                told_by=told_by,
                person=person,
                carer_id=carer_id,
                consent_to_publish_at=now,
                submitted_at=now,
                status=StoryStatus.AWAITING_MODERATION,
                found=[asdict(f) for f in (*redacted_title.found, *redacted.found)],
                submission_key=submission_key or None,
            )
            if person is not None:
                record(request, AuditAction.CREATE, story, person_id=person.pk)
    except IntegrityError:  # the same form sent twice at once
        return Story.objects.get(submission_key=submission_key)
    return story


def awaiting_moderation() -> QuerySet[Story]:
    """Stories waiting for a moderator, oldest first."""
    return Story.objects.filter(status=StoryStatus.AWAITING_MODERATION).order_by("submitted_at")


def _decide(story: Story, by: User, **changes: object) -> None:
    updated = Story.objects.filter(pk=story.pk, status=StoryStatus.AWAITING_MODERATION).update(
        moderated_by=by, moderated_at=timezone.now(), found=[], **changes
    )
    if not updated:
        raise AlreadyDecided("Someone has already decided about this story.")
    story.refresh_from_db()


def publish(request: HttpRequest | None, story: Story, *, by: User, title: str, text: str) -> Story:
    """Publish the story as the moderator edited it (redacted once more), now."""
    known = known_names(story.person, carer_id=story.carer_id)
    with transaction.atomic():
        _decide(
            story,
            by,
            status=StoryStatus.PUBLISHED,
            published_at=timezone.now(),
            title=redact(title.strip(), known=known).text,
            text_redacted=redact(text.strip(), known=known).text,
        )
        record(request, AuditAction.UPDATE, story, person_id=story.person_id, detail={"published": True})
    return story


def reject(request: HttpRequest | None, story: Story, *, by: User, reason: str) -> Story:
    """Reject the story: it is never published; the reason stays for the hub."""
    with transaction.atomic():
        _decide(story, by, status=StoryStatus.REJECTED, rejected_reason=reason.strip()[:300])
        record(request, AuditAction.UPDATE, story, person_id=story.person_id, detail={"published": False})
    return story


def answer(
    request: HttpRequest | None, story: Story, *, by: User, organisation: Organisation, text: str
) -> StoryAnswer:
    """Answer a published story publicly for the organisation (redacted, as the story was)."""
    known = known_names(story.person, carer_id=story.carer_id)
    with transaction.atomic():
        reply = StoryAnswer.objects.create(
            story=story,
            text=redact(text.strip(), known=known).text,
            answered_by=by,
            organisation=organisation,
            answered_at=timezone.now(),
        )
        record(request, AuditAction.CREATE, reply, person_id=story.person_id)
    return reply


def published() -> QuerySet[Story]:
    """Published stories, newest first, with their answers and their "me too" counts."""
    return (
        Story.objects.filter(status=StoryStatus.PUBLISHED)
        .select_related("service")
        .prefetch_related("answers__organisation")
        .annotate(me_too_count=Count("me_toos", distinct=True))
        .order_by("-published_at", "-pk")
    )


def _session_hash(request: HttpRequest) -> str:
    if not request.session.session_key:
        request.session.save()
    key = request.session.session_key or ""
    return hashlib.sha256(f"me-too:{key}".encode()).hexdigest()


def me_too(request: HttpRequest, story: Story) -> bool:
    """Count the browser session's "I've experienced this too" once; say whether it was new."""
    try:
        with transaction.atomic():
            StoryMeToo.objects.create(story=story, session_hash=_session_hash(request), at=timezone.now())
    except IntegrityError:
        return False
    request.session[f"voice-me-too-{story.pk}"] = True
    return True


def said_me_too(request: HttpRequest, story: Story) -> bool:
    """Say whether this browser session has already said "me too" to the story."""
    return bool(request.session.get(f"voice-me-too-{story.pk}"))
