"""Who may see and change a carer's record, and the access helpers every hub page uses to get one.

The hub keeps carers' records: hub workers and leads read and change them. Nobody else on staff
is told a carer's record exists (404). A carer reads their own view by signing in with a one-time
code (carers.my_views), which asks no rule here: a carer may only ever see what is theirs.
"""

from __future__ import annotations

from enum import StrEnum

import rules
from django.http import HttpRequest

from livingwell.accounts.objects import get_for_user
from livingwell.accounts.rules import is_hub_staff
from livingwell.carers.models import Carer, CaringFor


class Permission(StrEnum):
    """What the carers app's rules decide (docs/access-matrix.md)."""

    VIEW_CARER = "carers.view_carer"
    CHANGE_CARER = "carers.change_carer"


rules.add_perm(Permission.VIEW_CARER, is_hub_staff)
rules.add_perm(Permission.CHANGE_CARER, is_hub_staff)


def get_carer_for_user(
    request: HttpRequest, pk: int, *, perm: Permission = Permission.VIEW_CARER, purpose: str = "view"
) -> Carer:
    """Return the carer if the signed-in user holds `perm`, recording the look; else 404 (or 403 for the hub)."""
    return get_for_user(
        request,
        Carer,
        pk,
        perm=perm,
        related=is_hub_staff,
        person=lambda carer: carer.person_id,
        purpose=purpose,
    )


def get_caring_for_user(
    request: HttpRequest, pk: int, *, perm: Permission = Permission.CHANGE_CARER, purpose: str = "change"
) -> CaringFor:
    """Return a carer's link to a person if the user holds `perm` on the carer, recorded against the person."""
    return get_for_user(
        request,
        CaringFor.objects.select_related("carer", "person"),
        pk,
        perm=perm,
        related=is_hub_staff,
        checked_on=lambda link: link.carer,
        person=lambda link: link.person_id,
        purpose=purpose,
    )
