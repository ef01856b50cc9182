"""Who may see and work on an introduction to the hub, and the access helper that checks it."""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from livingwell.access.models import Introduction
from livingwell.accounts.rules import can, is_hub_lead, is_hub_staff
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record


@rules.predicate
def is_allocated_to_user(user: Any, introduction: Introduction) -> bool:
    return introduction.allocated_to_id == user.pk


rules.add_perm("access.view_introduction", is_hub_staff)
# Workers act on what they have taken; leads on anything in the hub.
rules.add_perm("access.work_introduction", is_hub_lead | (is_hub_staff & is_allocated_to_user))
rules.add_perm("access.allocate_introduction", is_hub_staff)


def get_introduction_for_user(
    request: HttpRequest, reference: str, *, perm: str = "access.view_introduction"
) -> Introduction:
    """Return the introduction if the user holds `perm` on it, recording the access; else 404/403."""
    introduction = (
        Introduction.objects.select_related("person", "allocated_to").filter(reference=reference).first()
    )
    if introduction is None:
        raise Http404("No such introduction")
    if not can(request.user, perm, introduction):
        raise PermissionDenied
    record(request, AuditAction.VIEW, introduction, person_id=introduction.person_id, detail={"perm": perm})
    return introduction
