"""Introductions through the API: made once per Idempotency-Key, read back by their organisation."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from livingwell.access import services as access_services
from livingwell.access.models import Introduction
from livingwell.access.referrer_rules import history_for_referrer, status_for_referrer, with_status_data
from livingwell.api.errors import ApiProblem
from livingwell.api.models import ApiToken, IdempotencyRecord
from livingwell.api.schemas import EventOut, HistoryOut, IntroductionIn, IntroductionOut, StatusOut
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record


@dataclass(frozen=True)
class Outcome:
    status: int
    body: dict[str, Any]
    replayed: bool


def request_hash(payload: IntroductionIn) -> str:
    """Hash the validated body canonically, so key order and whitespace do not make it 'different'."""
    canonical = json.dumps(payload.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _ask(
    token: ApiToken, key: str, body_hash: str, payload: IntroductionIn
) -> access_services.IntroductionRequest:
    person = payload.person
    # A key is the token's, not global: two organisations may both send key "1".
    submission_key = "api:" + hashlib.sha256(f"{token.pk}\n{key}\n{body_hash}".encode()).hexdigest()[:60]
    return access_services.IntroductionRequest(
        person=access_services.PersonDetails(
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
            nhs_number=person.nhs_number or "",
            postcode=person.postcode,
            email=person.email,
            phone=person.phone,
            preferred_contact=person.preferred_contact,
            language=person.language,
            interpreter_needed=person.interpreter_needed,
            consent_share_alliance=payload.consent_obtained,
            consent_share_gp=payload.consent_share_gp,
        ),
        source=payload.source.value,
        submission_key=submission_key,
        at_risk_now=payload.at_risk_now,
        urgency=payload.urgency,
        whats_going_on=payload.reason,
        life_areas=[area.value for area in payload.life_areas],
        referrer_name=payload.referrer.name,
        referrer_organisation_id=token.organisation_id,
        referrer_contact=payload.referrer.contact,
        referrer_risk=payload.risk,
        consent_obtained=payload.consent_obtained,
    )


def status_out(introduction: Introduction) -> StatusOut:
    status = status_for_referrer(introduction)
    return StatusOut(code=status.code, text=status.text, service_kinds=list(status.service_kinds))  # type: ignore[arg-type]


def introduction_out(introduction: Introduction) -> dict[str, Any]:
    body = IntroductionOut(
        reference=introduction.reference,
        received_at=introduction.received_at,
        urgency=introduction.urgency,  # type: ignore[arg-type]
        status=status_out(introduction),
    )
    return body.model_dump(mode="json")


def history_out(introduction: Introduction) -> dict[str, Any]:
    events = [EventOut(at=e.at, code=e.code, text=e.text) for e in history_for_referrer(introduction)]  # type: ignore[arg-type]
    return HistoryOut(
        reference=introduction.reference, status=status_out(introduction), events=events
    ).model_dump(mode="json")


def audit_call(request: HttpRequest, token: ApiToken, obj: Any, action: str, **detail: Any) -> None:
    """Record an API call against the object it touched, naming the token and its organisation."""
    record(
        request, action, obj, person_id=getattr(obj, "person_id", None),
        detail={"api_token": token.prefix, "organisation": token.organisation_id, **detail},
    )  # fmt: skip


def create_once(request: HttpRequest, token: ApiToken, key: str, payload: IntroductionIn) -> Outcome:
    """Make the introduction once per (token, key); a retry gets the first response back."""
    body_hash = request_hash(payload)
    with transaction.atomic():
        try:
            # A concurrent request with the same key waits here (unique index) until this commits.
            with transaction.atomic():
                held = IdempotencyRecord.objects.create(
                    token=token, key=key, request_hash=body_hash, created_at=timezone.now()
                )
        except IntegrityError:
            held = None
        if held is not None:
            introduction, _ = access_services.introduce(request, _ask(token, key, body_hash, payload))
            body = introduction_out(introduction)
            held.response_status, held.response_body, held.introduction = 201, body, introduction
            held.save(update_fields=["response_status", "response_body", "introduction"])
            audit_call(request, token, introduction, AuditAction.CREATE, idempotency_key=key)
            # Returning here commits first: the 201 is sent only for what is saved.
            return Outcome(201, body, replayed=False)
    first = IdempotencyRecord.objects.get(token=token, key=key)
    if first.request_hash != body_hash:
        audit_call(
            request, token, token, AuditAction.VIEW, refused="idempotency_key_reused", idempotency_key=key
        )
        raise ApiProblem(
            422, "Idempotency-Key", "idempotency_key_reused",
            "Idempotency-Key: this key was already used with a different body. Use a new key for a new introduction.",
        )  # fmt: skip
    if first.introduction is not None:
        audit_call(request, token, first.introduction, AuditAction.VIEW, replayed=True, idempotency_key=key)
    return Outcome(first.response_status or 201, first.response_body or {}, replayed=True)


def organisations_introductions(token: ApiToken) -> QuerySet[Introduction]:
    """Return the introductions the token's organisation made (by any route)."""
    return with_status_data(Introduction.objects.filter(referrer_organisation_id=token.organisation_id))


def get_for_token(request: HttpRequest, token: ApiToken, reference: str) -> Introduction:
    """Return one of the organisation's introductions, audited; 404 in the error shape otherwise."""
    introduction = organisations_introductions(token).filter(reference=reference).first()
    if introduction is None:
        raise ApiProblem(
            404,
            "reference",
            "not_found",
            "reference: no introduction with this reference was made by your organisation",
        )
    audit_call(request, token, introduction, AuditAction.VIEW)
    return introduction
