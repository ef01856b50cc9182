"""Read a service's ended episodes for one month into the flat records ``summary`` counts.

Four queries whatever the size of the month: episodes with their people, completed responses,
and attended treatment sessions counted per episode.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.utils import timezone

from livingwell.lib.ages import age_band
from livingwell.network.models import Service
from livingwell.outcomes.models import QuestionnaireResponse, ResponseStatus
from livingwell.outcomes.summary import EpisodeRecord
from livingwell.people.codes import ETHNIC_GROUP, Sex
from livingwell.support.models import Episode, Session, SessionAttendance, SessionKind

LONDON = ZoneInfo("Europe/London")


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Return the start of ``month`` and of the next month, in London time."""
    start = dt.datetime(month.year, month.month, 1, tzinfo=LONDON)
    following = dt.datetime(month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=LONDON)
    return start, following


def ended_episode_records(service: Service, month: dt.date) -> list[EpisodeRecord]:
    """Return the records of the service's episodes discharged in ``month``."""
    start, end = month_bounds(month)
    episodes = list(
        Episode.objects.filter(
            service=service, discharged_at__gte=start, discharged_at__lt=end
        ).select_related("person")
    )
    ids = [e.pk for e in episodes]
    values: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for episode_id, instrument, value in (
        QuestionnaireResponse.objects.filter(
            episode_id__in=ids, status=ResponseStatus.COMPLETED, goal__isnull=True
        )
        .order_by("completed_at", "id")
        .values_list("episode_id", "instrument", "value")
    ):
        if value is not None:  # always set on completion; the check satisfies the type
            values[episode_id][instrument].append(value)
    sessions = dict(
        Session.objects.filter(
            episode_id__in=ids, kind=SessionKind.TREATMENT, attendance=SessionAttendance.ATTENDED
        )
        .values("episode_id")
        .annotate(n=Count("id"))
        .values_list("episode_id", "n")
    )
    sexes = dict(Sex.choices)
    return [
        EpisodeRecord(
            episode_id=e.pk,
            service_kind=service.kind,
            ethnic_group=ETHNIC_GROUP.get(e.person.ethnicity, "Not stated or not known"),
            sex=str(sexes.get(e.person.sex, "Not known")).split(" (")[0],
            age_band=age_band(e.person.date_of_birth, timezone.localdate(e.accepted_at)),
            treatment_sessions=sessions.get(e.pk, 0),
            values={code: list(series) for code, series in values.get(e.pk, {}).items()},
        )
        for e in episodes
    ]
