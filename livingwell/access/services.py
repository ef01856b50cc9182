"""Every change at the front door: new introductions, allocation, contacts, conversations, decisions."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from livingwell.access import submitted, waiting
from livingwell.access.came_back import has_come_back
from livingwell.access.codes import OPEN_STATUSES, CloseReason, ContactOutcome, IntroductionStatus
from livingwell.access.models import (
    ContactAttempt,
    Conversation,
    Introduction,
    MatchOutcome,
    ResponseStandard,
)
from livingwell.accounts.models import User
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.codes import Source, Urgency
from livingwell.network import services as network
from livingwell.network.models import Service, ServiceIntroduction
from livingwell.people import services as people
from livingwell.people.matching import find_match
from livingwell.people.models import Person
from livingwell.support import holder_alerts

# No 0/O, 1/I/L: a reference read over the phone must not be misheard.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class IntroductionConflict(Exception):
    """Someone else changed the introduction first (optimistic locking)."""


class DecisionNotAllowed(Exception):
    """The decision cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class PersonDetails:
    given_name: str
    family_name: str
    date_of_birth: dt.date
    nhs_number: str = ""
    postcode: str = ""
    email: str = ""
    phone: str = ""
    preferred_contact: str = "phone"
    contact_times: str = ""
    language: str = "English"
    interpreter_needed: bool = False
    sex: str = "X"
    ethnicity: str = "99"
    consent_share_alliance: bool = False
    consent_share_gp: bool = False


@dataclass(frozen=True)
class IntroductionRequest:
    person: PersonDetails
    source: str
    submission_key: str
    at_risk_now: bool = False
    urgency: str = Urgency.ROUTINE
    whats_going_on: str = ""
    life_areas: Sequence[str] = field(default_factory=tuple)
    referrer_name: str = ""
    referrer_organisation_id: int | None = None
    # Professional introductions only (the referrer's form and the API).
    referred_by_id: int | None = None
    referrer_contact: str = ""
    referrer_risk: str = ""
    consent_obtained: bool | None = None


def new_reference() -> str:
    """Make a reference people can read over the phone, like LW-7K3M9Q."""
    return "LW-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))


def _person_for(
    request: HttpRequest | None, details: PersonDetails, now: dt.datetime
) -> tuple[Person, str, Person | None]:
    """Return the record for the introduction, how it was matched, and any possible match."""
    match = find_match(
        nhs_number=details.nhs_number,
        given_name=details.given_name,
        family_name=details.family_name,
        date_of_birth=details.date_of_birth,
        postcode=details.postcode,
    )
    if match.person is not None and match.confident:
        # Nothing sent from outside is written on to a record that exists: whoever sent it may not
        # be the person. What was sent is kept on the introduction for the hub (access.submitted).
        return match.person, MatchOutcome.MATCHED, None
    person = people.add_person(request, details.__dict__, answered_at=now)
    if match.person is not None:
        return person, MatchOutcome.POSSIBLE, match.person
    return person, MatchOutcome.NEW, None


def introduce(request: HttpRequest | None, ask: IntroductionRequest) -> tuple[Introduction, bool]:
    """Record an introduction once per submission key; return it and whether it is new."""
    existing = Introduction.objects.filter(submission_key=ask.submission_key).first()
    if existing is not None:
        return existing, False
    now = timezone.now()
    urgency = Urgency.CRISIS if ask.at_risk_now else ask.urgency
    try:
        with transaction.atomic():
            person, outcome, possible = _person_for(request, ask.person, now)
            introduction = Introduction.objects.create(
                reference=_unique_reference(),
                person=person,
                source=ask.source,
                urgency=urgency,
                at_risk_now=ask.at_risk_now,
                whats_going_on=ask.whats_going_on,
                life_areas=list(ask.life_areas),
                received_at=now,
                submission_key=ask.submission_key,
                referrer_name=ask.referrer_name,
                referrer_organisation_id=ask.referrer_organisation_id,
                referred_by_id=ask.referred_by_id,
                referrer_contact=ask.referrer_contact,
                referrer_risk=ask.referrer_risk,
                consent_obtained=ask.consent_obtained,
            )
            submitted.keep(introduction, ask.person, outcome, possible)
            detail: dict[str, object] = {"source": ask.source, "match": outcome}
            if possible is not None:
                detail["possible_match"] = possible.pk
            record(request, AuditAction.CREATE, introduction, person_id=person.pk, detail=detail)
            if urgency == Urgency.CRISIS:
                holder_alerts.alert_holder(person.pk, "crisis", f"crisis-{introduction.reference}")
    except IntegrityError:
        # A concurrent retry of the same submission won the race: return what it committed.
        existing = Introduction.objects.filter(submission_key=ask.submission_key).first()
        if existing is None:
            raise
        return existing, False
    return introduction, True


def _unique_reference() -> str:
    for _ in range(20):
        reference = new_reference()
        if not Introduction.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("could not find a free reference")  # 31^6 ≈ 887 million: not in practice


def _bump(introduction: Introduction, version: int, **changes: object) -> None:
    """Apply changes only if nobody else has changed the introduction since `version` was read."""
    updated = Introduction.objects.filter(pk=introduction.pk, version=version).update(
        version=F("version") + 1, **changes
    )
    if not updated:
        raise IntroductionConflict("Someone else has changed this introduction. Check it and try again.")
    introduction.refresh_from_db()


def allocate(request: HttpRequest, introduction: Introduction, *, to: User, version: int) -> None:
    """Give an unallocated introduction to a worker; a second taker gets IntroductionConflict."""
    with transaction.atomic():
        updated = Introduction.objects.filter(
            pk=introduction.pk, version=version, allocated_to__isnull=True
        ).update(allocated_to=to, version=F("version") + 1)
        if not updated:
            raise IntroductionConflict("Someone else has just taken this introduction.")
        introduction.refresh_from_db()
        record(
            request,
            AuditAction.UPDATE,
            introduction,
            person_id=introduction.person_id,
            detail={"allocated_to": to.pk},
        )


def reallocate(request: HttpRequest, introduction: Introduction, *, to: User | None, version: int) -> None:
    """Move an introduction to another worker, or back to the queue (hub leads only)."""
    with transaction.atomic():
        _bump(introduction, version, allocated_to=to)
        record(
            request, AuditAction.UPDATE, introduction, person_id=introduction.person_id,
            detail={"reallocated_to": to.pk if to else None},
        )  # fmt: skip


def record_contact_attempt(
    request: HttpRequest,
    introduction: Introduction,
    *,
    by: User,
    at: dt.datetime,
    method: str,
    outcome: str,
    note: str,
) -> ContactAttempt:
    """Record an attempt to reach the person; the first conversation starts the conversation stage."""
    with transaction.atomic():
        attempt = ContactAttempt.objects.create(
            introduction=introduction, at=at, method=method, outcome=outcome, note=note, by=by
        )
        if outcome == ContactOutcome.SPOKE and introduction.status == IntroductionStatus.AWAITING_CONTACT:
            Introduction.objects.filter(pk=introduction.pk).update(
                status=IntroductionStatus.IN_CONVERSATION, version=F("version") + 1
            )
            introduction.refresh_from_db()
        record(
            request,
            AuditAction.CREATE,
            attempt,
            person_id=introduction.person_id,
            detail={"outcome": outcome},
        )
    return attempt


@dataclass(frozen=True)
class ConversationNotes:
    needs: dict[str, str]
    strengths: str
    what_matters: str
    risk_summary: str
    risk_level: str
    consent_share_alliance: bool | None = None
    risk_level_reason: str = ""  # why lower than high, for a person at risk now or in crisis
    spoke_by: str = ""  # how the hub spoke with them, when no contact was recorded before (ContactMethodUsed)


def record_conversation(
    request: HttpRequest, introduction: Introduction, *, by: User, notes: ConversationNotes
) -> Conversation:
    """Create or update the conversation; consent confirmed in it is saved on the person, dated."""
    with transaction.atomic():
        conversation, created = Conversation.objects.update_or_create(
            introduction=introduction,
            defaults={
                "needs": notes.needs,
                "strengths": notes.strengths,
                "what_matters": notes.what_matters,
                "risk_summary": notes.risk_summary,
                "risk_level": notes.risk_level,
                "risk_level_reason": notes.risk_level_reason,
                "recorded_by": by,
                "recorded_at": timezone.now(),
            },
        )
        person = introduction.person
        if notes.spoke_by and waiting.first_contact_at(introduction) is None:
            attempt = ContactAttempt.objects.create(
                introduction=introduction,
                at=conversation.recorded_at,
                method=notes.spoke_by,
                outcome=ContactOutcome.SPOKE,
                note="Recorded with the conversation",
                by=by,
            )
            record(
                request, AuditAction.CREATE, attempt, person_id=person.pk, detail={"outcome": attempt.outcome}
            )
        if notes.consent_share_alliance is not None:
            # Saved (dated, audited) only if it changed.
            people.apply_details(
                request,
                person,
                {"consent_share_alliance": notes.consent_share_alliance},
                because={"consent_share_alliance": notes.consent_share_alliance},
            )
        if introduction.status == IntroductionStatus.AWAITING_CONTACT:
            # Bumped like every other change, so a decision form read before it is refused.
            Introduction.objects.filter(pk=introduction.pk).update(
                status=IntroductionStatus.IN_CONVERSATION, version=F("version") + 1
            )
            introduction.refresh_from_db()
        record(
            request, AuditAction.CREATE if created else AuditAction.UPDATE, conversation, person_id=person.pk
        )
    return conversation


def introduce_on(
    request: HttpRequest,
    introduction: Introduction,
    *,
    by: User,
    services: Sequence[Service],
    note: str,
    version: int,
) -> list[ServiceIntroduction]:
    """Introduce the person on to services; needs their consent to share with alliance partners."""
    if not services:
        raise DecisionNotAllowed("Choose at least one service")
    if not introduction.person.consent_share_alliance:
        raise DecisionNotAllowed(
            "The person has not agreed to share their details with alliance partners. "
            "Record their consent in the conversation first, or signpost them instead."
        )
    _may_decide(introduction)
    again = ServiceIntroduction.objects.filter(
        introduction=introduction, service__in=services
    ).select_related("service")
    if again:
        names = ", ".join(sorted(item.service.name for item in again))
        raise DecisionNotAllowed(f"This introduction has already been to {names}: choose another service")
    with transaction.atomic():
        _bump(
            introduction,
            version,
            status=IntroductionStatus.INTRODUCED_ON,
            decided_at=timezone.now(),
            decision_note=note,
        )
        onward = network.introduce(
            request,
            introduction_id=introduction.pk,
            person_id=introduction.person_id,
            services=services,
            note=note,
            by=by,
        )
    return onward


def _may_decide(introduction: Introduction) -> None:
    """A decision is made once, and again only when the person came back (every service declined)."""
    if introduction.status not in OPEN_STATUSES and not has_come_back(introduction):
        raise DecisionNotAllowed("A decision has already been made on this introduction")


def signpost(request: HttpRequest, introduction: Introduction, *, note: str, version: int) -> None:
    """Close the introduction having pointed the person to help outside the network."""
    _decide(request, introduction, IntroductionStatus.SIGNPOSTED, note=note, version=version)


def close(request: HttpRequest, introduction: Introduction, *, reason: str, note: str, version: int) -> None:
    """Close the introduction with a reason."""
    if reason not in CloseReason.values:
        raise DecisionNotAllowed("Choose a reason for closing")
    _decide(request, introduction, IntroductionStatus.CLOSED, note=note, version=version, close_reason=reason)


def _decide(
    request: HttpRequest,
    introduction: Introduction,
    status: str,
    *,
    note: str,
    version: int,
    close_reason: str = "",
) -> None:
    _may_decide(introduction)
    with transaction.atomic():
        _bump(
            introduction,
            version,
            status=status,
            decided_at=timezone.now(),
            decision_note=note,
            close_reason=close_reason,
        )
        record(
            request,
            AuditAction.UPDATE,
            introduction,
            person_id=introduction.person_id,
            detail={"status": status},
        )


def is_self_source(source: str) -> bool:
    """Say whether the person (or their carer) made the introduction themselves."""
    return source in {Source.SELF, Source.CARER}


def set_response_standards(request: HttpRequest, hours: dict[str, int]) -> None:
    """Save the hours to first contact for each urgency (hub leads)."""
    with transaction.atomic():
        for urgency, value in hours.items():
            standard, _ = ResponseStandard.objects.update_or_create(
                urgency=urgency, defaults={"hours": value}
            )
            record(request, AuditAction.UPDATE, standard, detail={"urgency": urgency, "hours": value})
