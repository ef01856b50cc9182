"""`livingwell seed-outcome-history --seed N [--now T]`: give the demo's episodes questionnaire histories.

Written against the models (Episode, Session, Person), not the demo's internals: every episode
with no questionnaires yet gets completions at first contact, at each review point of its
service's schedule and at discharge, bulk-created, none after `--now` (the instant the demo's
history ends; by default the clock's). The same seed and --now give the same history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from livingwell.network.models import ServiceKind
from livingwell.outcomes.instruments import score
from livingwell.outcomes.models import ItemAnswer, QuestionnaireResponse, ResponseSource, Schedule
from livingwell.outcomes.services import apply_score
from livingwell.outcomes.synthetic import PersonProfile, item_answers, responds, symptom_pair, wellbeing_pair
from livingwell.people.codes import ETHNIC_GROUP
from livingwell.support.models import Episode, Session, SessionAttendance

# What each kind of service asks, and how often (weeks), for the schedules the demo starts with.
SCHEDULES = {ServiceKind.TALKING_THERAPIES: (("PHQ-9", "GAD-7"), 2)}
DEFAULT_SCHEDULE = (("SWEMWBS", "CORE-10"), 6)


def _service_effect(seed: int, name: str) -> float:
    # Stable per service and seed, whatever order services come in: real variation between them.
    digest = hashlib.sha256(f"{seed}:{name}".encode()).digest()
    return float(np.random.default_rng(int.from_bytes(digest[:8], "big")).normal(0, 0.07))


def _insert_answers(responses: list[QuestionnaireResponse], answers: list[list[int]]) -> None:
    """Insert each response's item answers (about 480,000 for the demo) in plain batched INSERTs.

    `bulk_create` built a model instance and adapted a timestamp for every answer, over half of
    seeding's time; a response's answers share its instant, adapted once.
    """
    meta = ItemAnswer._meta
    quote = connection.ops.quote_name
    column = {f.name: str(f.column) for f in meta.concrete_fields}
    columns = ", ".join(quote(column[f]) for f in ("response", "number", "value", "answered_at"))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES (%s, %s, %s, %s)"  # noqa: S608 - our names
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for response, given in zip(responses, answers, strict=True):
            at = connection.ops.adapt_datetimefield_value(response.created_at)
            rows.extend((response.pk, n, value, at) for n, value in enumerate(given, start=1))
            if len(rows) >= 20_000:
                cursor.executemany(sql, rows)
                rows = []
        if rows:
            cursor.executemany(sql, rows)


class Command(BaseCommand):
    help = "Give every episode without questionnaires a realistic, seeded questionnaire history."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2013)
        parser.add_argument(
            "--now", type=dt.datetime.fromisoformat, default=None, help="ISO 8601, with an offset"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seed: int = options["seed"]
        rng = np.random.default_rng(seed)
        now: dt.datetime = options["now"] or timezone.now()
        if timezone.is_naive(now):
            raise CommandError("--now needs an offset (e.g. 2026-12-01T09:00+00:00)")
        episodes = list(
            Episode.objects.filter(questionnaire_responses__isnull=True)
            .select_related("person", "service")
            .order_by("pk")
        )
        attended: dict[int, list[dt.datetime]] = defaultdict(list)
        for episode_id, at in (
            Session.objects.filter(episode__in=episodes, attendance=SessionAttendance.ATTENDED)
            .order_by("at")
            .values_list("episode_id", "at")
        ):
            attended[episode_id].append(at)
        responses: list[QuestionnaireResponse] = []
        answers: list[list[int]] = []
        services = {e.service_id: e.service for e in episodes}
        for service in services.values():
            codes, weeks = SCHEDULES.get(service.kind, DEFAULT_SCHEDULE)  # type: ignore[call-overload]
            for code in codes:
                Schedule.objects.get_or_create(
                    service=service, instrument=code, defaults={"every_weeks": weeks}
                )
        for episode in episodes:
            codes, weeks = SCHEDULES.get(episode.service.kind, DEFAULT_SCHEDULE)  # type: ignore[call-overload]
            start = attended[episode.pk][0] if attended[episode.pk] else episode.accepted_at
            end = episode.discharged_at or now
            times = [
                start + dt.timedelta(weeks=weeks * k)
                for k in range(0, 52)
                if start + dt.timedelta(weeks=weeks * k) < end
            ]
            times = times[:8] or [start]
            if episode.discharged_at is not None and episode.discharged_at - times[-1] > dt.timedelta(days=3):
                times.append(episode.discharged_at)
            if times[-1] > now:
                continue
            person = episode.person
            age = (episode.accepted_at.date() - person.date_of_birth).days // 365
            profile = PersonProfile(
                ETHNIC_GROUP.get(person.ethnicity, ""), age, _service_effect(seed, episode.service.name)
            )
            improves = responds(rng, profile)
            pair = symptom_pair if codes == ("PHQ-9", "GAD-7") else wellbeing_pair
            first_series, second_series = pair(rng, improves, len(times))
            for k, at in enumerate(times):
                for code, series in zip(codes, (first_series, second_series), strict=True):
                    given = item_answers(rng, code, series[k])
                    response = QuestionnaireResponse(
                        episode=episode,
                        person=person,
                        instrument=code,
                        source=ResponseSource.PRACTITIONER,
                        submission_key=f"seed-{seed}-{episode.pk}-{k}-{code}",
                        created_at=at,
                    )
                    apply_score(response, score(code, given), at=at)
                    if response.risk_flagged_at is not None:
                        # A demo history's old flags were reviewed at the time.
                        response.risk_reviewed_at = at
                    responses.append(response)
                    answers.append(given)
        with transaction.atomic():
            created = QuestionnaireResponse.objects.bulk_create(responses, batch_size=2000)
            _insert_answers(created, answers)
        self.stdout.write(
            f"Seeded {len(created)} questionnaires in {len({r.episode_id for r in created})} episodes."
        )
