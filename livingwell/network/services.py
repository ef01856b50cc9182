"""Introductions to services: made by the hub, answered by the service; accepting one opens an episode."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from livingwell.accounts.models import User
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.network.models import Service, ServiceIntroduction, ServiceIntroductionStatus
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


def accept(request: HttpRequest, item: ServiceIntroduction, *, by: User) -> Episode:
    """Accept the introduction and open the person's episode of support with the service."""
    with transaction.atomic():
        updated = ServiceIntroduction.objects.filter(
            pk=item.pk, status=ServiceIntroductionStatus.PENDING
        ).update(status=ServiceIntroductionStatus.ACCEPTED, responded_by=by, responded_at=timezone.now())
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
    return episode


def decline(request: HttpRequest, item: ServiceIntroduction, *, by: User, reason: str) -> None:
    """Decline the introduction with a reason the hub can act on."""
    with transaction.atomic():
        updated = ServiceIntroduction.objects.filter(
            pk=item.pk, status=ServiceIntroductionStatus.PENDING
        ).update(
            status=ServiceIntroductionStatus.DECLINED,
            responded_by=by,
            responded_at=timezone.now(),
            decline_reason=reason,
        )
        if not updated:
            raise AlreadyAnswered("This introduction has already been answered.")
        item.refresh_from_db()
        record(request, AuditAction.UPDATE, item, person_id=item.person_id, detail={"status": "declined"})
