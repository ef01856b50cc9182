"""Who may see and answer an introduction to a service, and the access helper that checks it."""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from livingwell.accounts.rules import is_hub_staff, is_partner_practitioner
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.network.models import ServiceIntroduction


@rules.predicate
def is_at_service_organisation(user: Any, item: ServiceIntroduction) -> bool:
    return item.service.organisation_id in user.organisation_ids(role="partner_practitioner")


rules.add_perm("network.view_service_introductions", is_partner_practitioner)
rules.add_perm(
    "network.view_serviceintroduction", is_hub_staff | (is_partner_practitioner & is_at_service_organisation)
)
rules.add_perm("network.respond_serviceintroduction", is_partner_practitioner & is_at_service_organisation)


def get_service_introduction_for_user(
    request: HttpRequest, pk: int, *, perm: str = "network.view_serviceintroduction"
) -> ServiceIntroduction:
    """Return the introduction to a service if the user holds `perm` on it, recording the access."""
    item = (
        ServiceIntroduction.objects.select_related("service", "person", "introduction").filter(pk=pk).first()
    )
    if item is None:
        raise Http404("No such introduction")
    if not request.user.has_perm(perm, item):
        raise PermissionDenied
    record(request, AuditAction.VIEW, item, person_id=item.person_id, detail={"perm": perm})
    return item
