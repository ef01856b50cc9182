"""Who may do what: role predicates, and the object rules every app's access helpers build on.

The access matrix these follow is written down in docs/access-matrix.md; change both together.
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied

from livingwell.accounts.models import Role, User


def _has_role(*roles: str) -> Any:
    @rules.predicate
    def predicate(user: Any) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        return bool(user.roles() & set(roles))

    predicate.name = "has_role_" + "_or_".join(roles)
    return predicate


is_hub_lead = _has_role(Role.HUB_LEAD)
# Hub leads do everything hub workers do, and more.
is_hub_staff = _has_role(Role.HUB_WORKER, Role.HUB_LEAD)
is_partner_practitioner = _has_role(Role.PARTNER_PRACTITIONER)
is_commissioner = _has_role(Role.COMMISSIONER)
is_administrator = _has_role(Role.ADMINISTRATOR)

# Aggregates only: the hub's numbers with small cells suppressed.
rules.add_perm("access.view_aggregates", is_hub_lead | is_commissioner)
rules.add_perm("access.view_queue", is_hub_staff)
rules.add_perm("access.change_response_standards", is_hub_lead)
rules.add_perm("access.reallocate_introduction", is_hub_lead)
rules.add_perm("people.merge_person", is_hub_lead)


def can(user: Any, perm: str, obj: Any = None) -> bool:
    """Say whether the user holds `perm` (on `obj`) by the access matrix's rules alone."""
    # Never user.has_perm: that is true of everything for a superuser, and true of any model
    # permission granted for the admin site, and neither may open a person's record outside it.
    return bool(rules.has_perm(perm, user, obj))


def current_user(request: Any) -> User:
    """Return the signed-in member of staff (views behind login_required only)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
