"""Who may see a person's record, and the one access helper every view uses to get it."""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest

from livingwell.accounts.rules import can, is_hub_staff, is_partner_practitioner
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.network.rules import live_relationship
from livingwell.people.models import Person


@rules.predicate
def is_supported_by_users_organisation(user: Any, person: Person) -> bool:
    """The person agreed to share with partners and is in a live relationship with the user's organisation."""
    if not person.consent_share_alliance:
        return False
    organisations = user.organisation_ids(role="partner_practitioner")
    # Live: pending, or accepted and not ended more than PARTNER_ACCESS_DAYS_AFTER_EPISODE ago.
    return (
        person.service_introductions.filter(service__organisation_id__in=organisations)
        .filter(live_relationship())
        .exists()
    )


rules.add_perm(
    "people.view_person", is_hub_staff | (is_partner_practitioner & is_supported_by_users_organisation)
)
rules.add_perm("people.change_person", is_hub_staff)


def get_person_for_user(request: HttpRequest, pk: int, *, purpose: str = "view") -> Person:
    """Return the person if the signed-in user may see them, recording the look; else 404/403."""
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise Http404("No such person")
    if not can(request.user, "people.view_person", person):
        raise PermissionDenied
    record(request, AuditAction.VIEW, person, person_id=person.pk, detail={"purpose": purpose})
    return person


def services_in_view(user: Any) -> Q:
    """Match the introductions to services and episodes of a person's history the user may see."""
    # The hub sees the whole history; a partner sees only its own organisation's part of it, never
    # where else the person was introduced, nor why other services discharged them.
    if is_hub_staff(user):
        return Q()
    return Q(service__organisation_id__in=user.organisation_ids(role="partner_practitioner"))
