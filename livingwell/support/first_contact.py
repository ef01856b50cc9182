"""When a service first saw the person: the first session of the episode they attended.

The one place support computes it. Sessions the person did not attend, or that were cancelled, do
not count; an episode with no attended session has had no first contact yet.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Min, OuterRef, QuerySet, Subquery

from livingwell.support.models import Episode, Session, SessionAttendance

SEEN_AT = "first_seen_at"


def _attended(episode: Any) -> QuerySet[Session, dt.datetime]:
    return (
        Session.objects.filter(episode=episode, attendance=SessionAttendance.ATTENDED)
        .order_by("at")
        .values_list("at", flat=True)
    )


def with_first_seen(episodes: QuerySet[Episode]) -> QuerySet[Episode]:
    """Annotate each episode with `first_seen_at` (None until the person has attended a session)."""
    return episodes.annotate(**{SEEN_AT: Subquery(_attended(OuterRef("pk"))[:1])})


def first_seen_at(episode: Episode) -> dt.datetime | None:
    """The episode's first attended session, from the annotation where it was fetched with one."""
    if hasattr(episode, SEEN_AT):
        value: dt.datetime | None = getattr(episode, SEEN_AT)
        return value
    return Session.objects.filter(episode=episode, attendance=SessionAttendance.ATTENDED).aggregate(
        at=Min("at")
    )["at"]
