"""Recording support: sessions within an episode, and discharge."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from livingwell.accounts.models import User
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.support.models import Episode, EpisodeStatus, Session


class EpisodeClosed(Exception):
    """The episode has been discharged; nothing more can be recorded in it."""


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
