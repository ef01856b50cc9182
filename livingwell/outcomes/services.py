"""Recording outcomes: questionnaires, goals, risk flags and loaded wording. Every write is atomic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from livingwell.accounts.models import Organisation, User
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.outcomes.instruments import Score, get_instrument, parse_instrument_text, score
from livingwell.outcomes.models import (
    BigOutcome,
    Goal,
    ItemAnswer,
    LoadedInstrumentText,
    QuestionnaireResponse,
    ResponseSource,
    ResponseStatus,
)
from livingwell.support import holder_alerts
from livingwell.support.models import Episode


def apply_score(response: QuestionnaireResponse, result: Score, *, at: dt.datetime) -> None:
    """Copy the core's score onto the response and mark it completed (the caller saves it)."""
    response.status = ResponseStatus.COMPLETED
    response.completed_at = at
    response.total = float(result.total)
    response.value = float(result.value)
    response.band = result.band or ""
    response.is_case = result.is_case
    response.prorated = result.prorated
    if result.needs_urgent_help and response.risk_flagged_at is None:
        response.risk_flagged_at = at
        # Pushed to whoever holds the person's plan, not only shown on their next page.
        holder_alerts.alert_holder(
            response.person_id, "phq9_item9", f"risk-{response.pk or 'new'}-{at:%Y%m%d%H%M%S}"
        )


def record_questionnaire(
    request: HttpRequest | None,
    episode: Episode,
    *,
    instrument: str,
    answers: Sequence[int | None],
    by: User | None,
    submission_key: str,
    at: dt.datetime | None = None,
    goal: Goal | None = None,
    source: str = ResponseSource.PRACTITIONER,
) -> QuestionnaireResponse:
    """Score and store a completed questionnaire; sending the same submission key again returns it."""
    existing = QuestionnaireResponse.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    definition = get_instrument(instrument)
    result = score(definition.code, answers)  # raises an InstrumentError with a clear message
    when = at or timezone.now()
    try:
        with transaction.atomic():
            response = QuestionnaireResponse(
                episode=episode,
                person_id=episode.person_id,
                instrument=definition.code,
                goal=goal,
                source=source,
                submission_key=submission_key,
                created_at=when,
                created_by=by,
            )
            apply_score(response, result, at=when)
            response.save()
            ItemAnswer.objects.bulk_create(
                ItemAnswer(response=response, number=n, value=value, answered_at=when)
                for n, value in enumerate(result.answers, start=1)
                if value is not None
            )
            record(
                request,
                AuditAction.CREATE,
                response,
                person_id=episode.person_id,
                detail={"instrument": definition.code, "risk": bool(result.risk_flags)},
            )
    except IntegrityError:
        # Two identical submissions raced; the first one's response is the answer.
        return QuestionnaireResponse.objects.get(submission_key=submission_key)
    return response


def add_goal(
    request: HttpRequest,
    episode: Episode,
    *,
    description: str,
    big_outcome: str,
    rating: int,
    by: User,
    submission_key: str,
) -> Goal:
    """Add a personal goal with its first Goal-Based Outcome rating; idempotent by submission key."""
    existing = (
        QuestionnaireResponse.objects.filter(submission_key=submission_key).select_related("goal").first()
    )
    if existing is not None and existing.goal is not None:
        return existing.goal
    score("GBO", [rating])
    with transaction.atomic():
        goal = Goal.objects.create(
            episode=episode, person_id=episode.person_id, description=description, big_outcome=big_outcome
        )
        record(request, AuditAction.CREATE, goal, person_id=episode.person_id)
        record_questionnaire(
            request,
            episode,
            instrument="GBO",
            answers=[rating],
            by=by,
            submission_key=submission_key,
            goal=goal,
        )
    return goal


def acknowledge_risk(request: HttpRequest, response: QuestionnaireResponse, *, by: User) -> bool:
    """Record that a practitioner has seen a risk flag and acted on it; False if already done."""
    with transaction.atomic():
        updated = QuestionnaireResponse.objects.filter(
            pk=response.pk, risk_flagged_at__isnull=False, risk_reviewed_at__isnull=True
        ).update(risk_reviewed_at=timezone.now(), risk_reviewed_by=by)
        if updated:
            record(
                request,
                AuditAction.UPDATE,
                response,
                person_id=response.person_id,
                detail={"risk_reviewed": True},
            )
    return bool(updated)


def load_instrument_text(organisation: Organisation, data: Any) -> tuple[LoadedInstrumentText, bool]:
    """Check a content file's data and store it as the organisation's wording; True when new."""
    text = parse_instrument_text(data)
    with transaction.atomic():
        loaded, created = LoadedInstrumentText.objects.update_or_create(
            organisation=organisation,
            instrument=text.instrument,
            defaults={
                "licence": text.licence,
                "items": list(text.items),
                "answers": list(text.answers),
                "loaded_at": timezone.now(),
            },
        )
    return loaded, created


def add_plan_goal(request: HttpRequest | None, *, person_id: int, description: str, big_outcome: str) -> Goal:
    """A goal set on the person's support plan, in their words, outside any episode (rated in none)."""
    if big_outcome not in BigOutcome.values:
        raise ValueError(big_outcome)
    with transaction.atomic():
        goal = Goal.objects.create(person_id=person_id, description=description, big_outcome=big_outcome)
        record(request, AuditAction.CREATE, goal, person_id=person_id, detail={"on": "the support plan"})
    return goal


def mark_goal_achieved(request: HttpRequest | None, goal: Goal, *, by: User) -> bool:
    """Date the goal achieved; False if it already was (a second mark changes nothing)."""
    with transaction.atomic():
        updated = Goal.objects.filter(pk=goal.pk, achieved_at__isnull=True).update(
            achieved_at=timezone.now(), achieved_recorded_by=by
        )
        if updated:
            record(request, AuditAction.UPDATE, goal, person_id=goal.person_id, detail={"achieved": True})
    goal.refresh_from_db()
    return bool(updated)
