"""What a referrer (a GP or another professional) may see: only the introductions they made.

A referrer sees where an introduction has got to, in words that give nothing of the hub's notes
away (docs/access-matrix.md, "Referrer"): received, in conversation with the hub, introduced on to
a kind of service, signposted, or closed (with the reason's label).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import rules
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest

from livingwell.access.codes import IntroductionStatus
from livingwell.access.models import Introduction
from livingwell.access.rules import Permission
from livingwell.access.waiting import first_contact_at, with_first_contact
from livingwell.accounts.objects import get_for_user
from livingwell.accounts.rules import is_referrer as is_referrer  # its permissions: access.rules
from livingwell.audit.services import record_list
from livingwell.network import loop
from livingwell.network.models import ServiceIntroduction, ServiceIntroductionStatus, ServiceKind


@dataclass(frozen=True)
class ReferrerStatus:
    """Where an introduction has got to, as its referrer may see it."""

    code: str  # received | in_conversation | introduced_on | signposted | closed
    text: str
    service_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class HistoryEvent:
    at: dt.datetime
    code: str
    text: str


def _kinds(introduction: Introduction) -> tuple[str, ...]:
    kinds = {item.service.kind for item in introduction.onward.all()}
    return tuple(sorted(kinds))


def status_for_referrer(introduction: Introduction) -> ReferrerStatus:
    """Say where the introduction has got to, without the hub's notes."""
    status = introduction.status
    if status == IntroductionStatus.AWAITING_CONTACT:
        return ReferrerStatus("received", "Received: waiting for the hub to contact the person")
    if status == IntroductionStatus.IN_CONVERSATION:
        return ReferrerStatus("in_conversation", "In conversation with the hub")
    if status == IntroductionStatus.INTRODUCED_ON:
        onward = list(introduction.onward.all())
        if onward and all(item.status == ServiceIntroductionStatus.DECLINED for item in onward):
            # Never "introduced on" once every service declined: the hub is deciding again.
            return ReferrerStatus("in_conversation", "Back with the hub: the service could not take them")
        kinds = _kinds(introduction)
        labels = ", ".join(str(ServiceKind(kind).label) for kind in kinds) or "a service"
        return ReferrerStatus("introduced_on", f"Introduced on to {labels}", kinds)
    if status == IntroductionStatus.SIGNPOSTED:
        return ReferrerStatus("signposted", "Closed: signposted to help outside the network")
    reason = introduction.get_close_reason_display() if introduction.close_reason else "no reason given"
    return ReferrerStatus("closed", f"Closed: {reason}")


def history_for_referrer(introduction: Introduction) -> list[HistoryEvent]:
    """Return the dated steps the introduction has taken: received, first conversation, decision,
    and each service's answer and the end of its support (network.loop), oldest first."""
    events = [HistoryEvent(introduction.received_at, "received", "Received by the hub")]
    first_contact = first_contact_at(introduction)
    if first_contact is not None:
        events.append(HistoryEvent(first_contact, "in_conversation", "The hub spoke with the person"))
    if introduction.decided_at is not None:
        current = status_for_referrer(introduction)
        events.append(HistoryEvent(introduction.decided_at, current.code, current.text))
    for item in introduction.onward.all():
        events += _onward_events(item)
    return sorted(events, key=lambda event: event.at)


def _onward_events(item: ServiceIntroduction) -> list[HistoryEvent]:
    """A service's answer and, once accepted, the end of its support: never its notes."""
    if item.responded_at is None:
        return []
    name = item.service.name
    if item.status == ServiceIntroductionStatus.DECLINED:
        reason = item.get_decline_code_display() if item.decline_code else "no reason given"
        return [
            HistoryEvent(item.responded_at, "declined", f"Declined by {name} ({reason}): back with the hub")
        ]
    events = [HistoryEvent(item.responded_at, "accepted", f"Accepted by {name}")]
    step = loop.step_of(item)
    if step.code == "ended":
        events.append(HistoryEvent(step.at, "ended", step.text.replace(f" at {name}", "")))
    return events


def with_status_data(introductions: QuerySet[Introduction]) -> QuerySet[Introduction]:
    """Fetch what the status and history need in a fixed number of queries, however many rows."""
    # What was sent, never the matched person: a referrer must not learn who an NHS number is.
    return with_first_contact(introductions.select_related("submitted")).prefetch_related(
        Prefetch("onward", queryset=loop.with_steps(ServiceIntroduction.objects.order_by("made_at"))),
    )


def introductions_made_by(user: Any) -> QuerySet[Introduction]:
    """Return the introductions this referrer made themselves (never their colleagues')."""
    return with_status_data(Introduction.objects.filter(referred_by=user)).order_by("-received_at")


def get_referrers_introduction(request: HttpRequest, reference: str) -> Introduction:
    """Return one introduction this referrer made, recording the access; 404 for any other."""
    # 404, never 403, even for a colleague's: a referrer must not learn which references exist.
    return get_for_user(
        request,
        with_status_data(Introduction.objects.all()),
        reference,
        field="reference",
        perm=Permission.VIEW_OWN_INTRODUCTION,
        related=rules.always_false,
        purpose="referrer",
    )


def audit_list(request: HttpRequest, introductions: Iterable[Introduction]) -> None:
    """Record, in one write, that the referrer saw these people in their list."""
    record_list(
        request,
        "access.referrer_introductions",
        [i.person_id for i in introductions],
        detail={"as": "referrer"},
    )
