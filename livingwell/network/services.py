"""Services answering introductions: accepting one opens an episode of support."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from livingwell.accounts.models import User
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.network.models import ServiceIntroduction, ServiceIntroductionStatus
from livingwell.support.models import Episode


class AlreadyAnswered(Exception):
    """The service has already accepted or declined this introduction."""


def accept(request: HttpRequest, item: ServiceIntroduction, *, by: User) -> Episode:
    """Accept the introduction and open the person's episode of support with the service."""
    with transaction.atomic():
        updated = ServiceIntroduction.objects.filter(
            pk=item.pk, status=ServiceIntroductionStatus.PENDING
        ).update(status=ServiceIntroductionStatus.ACCEPTED, responded_by=by, responded_at=timezone.now())
        if not updated:
            raise AlreadyAnswered("This introduction has already been answered.")
        item.refresh_from_db()
        episode = Episode.objects.create(
            person_id=item.person_id,
            service_id=item.service_id,
            service_introduction=item,
            accepted_at=item.responded_at or timezone.now(),
        )
        record(request, AuditAction.UPDATE, item, person_id=item.person_id, detail={"status": "accepted"})
        record(request, AuditAction.CREATE, episode, person_id=item.person_id)
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
