"""Who may do what: role predicates, and the check every app's rules and access helpers build on.

Each app registers its own permissions, as a `Permission` StrEnum in its own rules.py; accounts
has none of its own (the admin site uses Django's model permissions, accounts.administrators).

The access matrix these follow is written down in docs/access-matrix.md; change both together.
"""

from __future__ import annotations

from enum import StrEnum
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
is_referrer = _has_role(Role.REFERRER)
is_directory_editor = _has_role(Role.DIRECTORY_EDITOR)
# Anyone who works in the network (administrators keep to the admin site): the staff directory of
# services and their waits is for all of them.
is_network_staff = _has_role(*(role for role in Role.values if role != Role.ADMINISTRATOR))


def can(user: Any, perm: StrEnum, obj: Any = None) -> bool:
    """Say whether the user holds `perm` (on `obj`) by the access matrix's rules alone.

    `perm` is a member of an app's `Permission` (its rules.py registers it), never a bare string,
    so a misspelt permission fails the type check instead of quietly refusing everyone.
    """
    # Never user.has_perm: that is true of everything for a superuser, and true of any model
    # permission granted for the admin site, and neither may open a person's record outside it.
    return bool(rules.has_perm(perm, user, obj))


def current_user(request: Any) -> User:
    """Return the signed-in member of staff (views behind login_required only)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
