"""Introductions to services: made by the hub, answered by the service; accepting one opens an episode."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from livingwell.accounts.models import User
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.network import signals
from livingwell.network.models import DeclineReason, Service, ServiceIntroduction, ServiceIntroductionStatus
from livingwell.support import services as support
from livingwell.support.models import Episode


class AlreadyAnswered(Exception):
    """The service has already accepted or declined this introduction."""


def introduce(
    request: HttpRequest,
    *,
    introduction_id: int,
    person_id: int,
    services: Sequence[Service],
    note: str,
    by: User,
) -> list[ServiceIntroduction]:
    """Introduce the person on from the hub's introduction to each service, waiting for its answer."""
    # Ids, not the hub's objects: the hub (access) calls this, and the network sits below it.
    with transaction.atomic():
        onward = [
            ServiceIntroduction.objects.create(
                introduction_id=introduction_id, service=service, person_id=person_id, note=note, made_by=by
            )
            for service in services
        ]
        for item in onward:
            record(
                request, AuditAction.CREATE, item, person_id=person_id, detail={"service": item.service_id}
            )
    return onward


def accept(
    request: HttpRequest,
    item: ServiceIntroduction,
    *,
    by: User,
    first_appointment_at: dt.datetime | None = None,
) -> Episode:
    """Accept the introduction and open the person's episode of support with the service.

    Of two practitioners accepting at once, one wins: the update is conditional on the
    introduction still waiting, and the other is told it has been answered.
    """
    with transaction.atomic():
        updated = ServiceIntroduction.objects.filter(
            pk=item.pk, status=ServiceIntroductionStatus.PENDING
        ).update(
            status=ServiceIntroductionStatus.ACCEPTED,
            responded_by=by,
            responded_at=timezone.now(),
            first_appointment_at=first_appointment_at,
        )
        if not updated:
            raise AlreadyAnswered("This introduction has already been answered.")
        item.refresh_from_db()
        record(request, AuditAction.UPDATE, item, person_id=item.person_id, detail={"status": "accepted"})
        episode = support.open_episode(
            request,
            person_id=item.person_id,
            service_id=item.service_id,
            service_introduction_id=item.pk,
            accepted_at=item.responded_at or timezone.now(),
        )
        transaction.on_commit(lambda: signals.accepted.send(sender=ServiceIntroduction, item=item))
    return episode


def decline(request: HttpRequest, item: ServiceIntroduction, *, by: User, code: str, note: str) -> None:
    """Decline the introduction with a coded reason and a note: the person goes back to who introduced them."""
    if code not in DeclineReason.values:
        raise ValueError(f"Not a reason for declining: {code!r}")
    with transaction.atomic():
        updated = ServiceIntroduction.objects.filter(
            pk=item.pk, status=ServiceIntroductionStatus.PENDING
        ).update(
            status=ServiceIntroductionStatus.DECLINED,
            responded_by=by,
            responded_at=timezone.now(),
            decline_code=code,
            decline_reason=note,
        )
        if not updated:
            raise AlreadyAnswered("This introduction has already been answered.")
        item.refresh_from_db()
        record(request, AuditAction.UPDATE, item, person_id=item.person_id, detail={"status": "declined"})


class NoConsent(Exception):
    """The person has not agreed to share their details with alliance partners."""


def introduce_directly(
    request: HttpRequest,
    *,
    person_id: int,
    consented: bool,
    service: Service,
    note: str,
    by: User,
    from_organisation_id: int,
) -> ServiceIntroduction:
    """A partner introducing a person it supports straight to another partner's service.

    The same loop as the hub's: the service accepts or declines, and the introducing partner sees
    each step. It needs the person's consent to share with alliance partners, as the hub's does.
    """
    if not consented:
        raise NoConsent(
            "The person has not agreed to share their details with alliance partners, so they cannot be "
            "introduced to another partner's service. They can contact it themselves."
        )
    if not service.accepts_introductions or service.organisation_id is None:
        raise ValueError(f"{service.name} does not take introductions")
    with transaction.atomic():
        item = ServiceIntroduction.objects.create(
            service=service,
            person_id=person_id,
            note=note,
            made_by=by,
            introduced_by_organisation_id=from_organisation_id,
        )
        record(
            request,
            AuditAction.CREATE,
            item,
            person_id=person_id,
            detail={"service": service.pk, "direct": True},
        )
    return item
