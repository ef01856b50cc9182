"""Keeping the decision and action log, and the co-production log: each create idempotent by its key."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from livingwell.accounts.models import User
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.together.models import Action, BreakfastPack, CoProduction, Decision


def record_decision(request: HttpRequest | None, by: User, data: dict[str, Any]) -> Decision:
    """Record a decision (DecisionForm's data); the same submission key returns the first."""
    key: uuid.UUID = data["submission_key"]
    fields = {k: data[k] for k in ("title", "decided", "decided_on", "forum", "taken_part")}
    return _create(request, Decision, key, recorded_by=by, **fields)


def record_action(
    request: HttpRequest | None,
    by: User,
    data: dict[str, Any],
    *,
    decision: Decision | None = None,
    pack: BreakfastPack | None = None,
) -> Action:
    """Record an action (ActionForm's data), from a decision or a breakfast meeting if given."""
    return _create(
        request,
        Action,
        data["submission_key"],
        recorded_by=by,
        what=data["what"],
        owner_user=data.get("owner_user"),
        owner_name=data.get("owner_name", ""),
        due=data["due"],
        decision=decision,
        breakfast_pack=pack,
    )


def mark_done(request: HttpRequest | None, action: Action, *, at: dt.datetime | None = None) -> Action:
    """Mark the action done now, or `at` (done once: a second press keeps the first time)."""
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        if locked.done_at is None:
            locked.done_at = at or timezone.now()
            locked.save(update_fields=["done_at"])
            record(request, AuditAction.UPDATE, locked, detail={"done": True})
    return locked


def record_coproduction(request: HttpRequest | None, by: User, data: dict[str, Any]) -> CoProduction:
    """Record someone's part in designing or deciding (CoProductionForm's data)."""
    fields = {
        k: data[k]
        for k in (
            "participant",
            "perspective",
            "meeting",
            "took_part_on",
            "hours",
            "recognition",
            "decision",
            "shaped",
        )
    }
    return _create(request, CoProduction, data["submission_key"], recorded_by=by, **fields)


def _create(request: HttpRequest | None, model: Any, key: uuid.UUID, **fields: Any) -> Any:
    existing = model.objects.filter(submission_key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            made = model.objects.create(submission_key=key, **fields)
            # The record says what kind of thing was made, never what a participant is called.
            record(request, AuditAction.CREATE, made)
    except IntegrityError:  # the same form sent twice at once: the other request made it
        return model.objects.get(submission_key=key)
    return made
