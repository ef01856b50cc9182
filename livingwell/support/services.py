"""Recording support: opening an episode, sessions within it, and discharge."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from livingwell.accounts.models import User
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.support import signals
from livingwell.support.models import Episode, EpisodeStatus, Session


class EpisodeClosed(Exception):
    """The episode has been discharged; nothing more can be recorded in it."""


def open_episode(
    request: HttpRequest | None,
    *,
    person_id: int,
    service_id: int,
    accepted_at: dt.datetime,
    service_introduction_id: int | None = None,
) -> Episode:
    """Open the person's episode of support with the service, from the introduction it accepted (if any)."""
    # Ids, not the network's objects: the network calls this when a service accepts, and support
    # sits below the network in the layers (pyproject.toml, [tool.importlinter]).
    with transaction.atomic():
        episode = Episode.objects.create(
            person_id=person_id,
            service_id=service_id,
            service_introduction_id=service_introduction_id,
            accepted_at=accepted_at,
        )
        record(request, AuditAction.CREATE, episode, person_id=person_id)
    return episode


def record_session(
    request: HttpRequest,
    episode: Episode,
    *,
    by: User,
    at: dt.datetime,
    kind: str,
    attendance: str,
    note: str,
) -> Session:
    """Record a session (contact) in an open episode."""
    if episode.status != EpisodeStatus.OPEN:
        raise EpisodeClosed("This episode has been discharged.")
    with transaction.atomic():
        session = Session.objects.create(
            episode=episode, at=at, kind=kind, attendance=attendance, note=note, recorded_by=by
        )
        record(request, AuditAction.CREATE, session, person_id=episode.person_id)
    return session


def discharge(request: HttpRequest, episode: Episode, *, reason: str) -> None:
    """Discharge the person from the episode with a reason."""
    with transaction.atomic():
        updated = Episode.objects.filter(pk=episode.pk, status=EpisodeStatus.OPEN).update(
            status=EpisodeStatus.DISCHARGED, discharged_at=timezone.now(), discharge_reason=reason
        )
        if not updated:
            raise EpisodeClosed("This episode has already been discharged.")
        episode.refresh_from_db()
        record(
            request, AuditAction.UPDATE, episode, person_id=episode.person_id, detail={"discharged": reason}
        )
        transaction.on_commit(lambda: signals.ended.send(sender=Episode, episode=episode))
