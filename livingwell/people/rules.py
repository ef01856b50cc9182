"""Who may see a person's record, and the one access helper every view uses to get it."""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from livingwell.accounts.rules import is_hub_staff, is_partner_practitioner
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.people.models import Person


@rules.predicate
def is_supported_by_users_organisation(user: Any, person: Person) -> bool:
    """The person agreed to share with partners and was introduced to a service the user's organisation runs."""
    if not person.consent_share_alliance:
        return False
    organisations = user.organisation_ids(role="partner_practitioner")
    return person.service_introductions.filter(service__organisation_id__in=organisations).exists()


rules.add_perm(
    "people.view_person", is_hub_staff | (is_partner_practitioner & is_supported_by_users_organisation)
)
rules.add_perm("people.change_person", is_hub_staff)


def get_person_for_user(request: HttpRequest, pk: int, *, purpose: str = "view") -> Person:
    """Return the person if the signed-in user may see them, recording the look; else 404/403."""
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise Http404("No such person")
    if not request.user.has_perm("people.view_person", person):
        raise PermissionDenied
    record(request, AuditAction.VIEW, person, person_id=person.pk, detail={"purpose": purpose})
    return person
