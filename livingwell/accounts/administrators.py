"""Administrators: the admin site's model permissions, through one group, and nothing else.

Administrators run organisations, staff and their memberships, services and API tokens in the
admin site. They are not superusers and hold no role that opens a person's record
(docs/access-matrix.md); the access helpers test the rules, never `user.has_perm`, so these model
permissions open the admin site only.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from livingwell.accounts.models import User

ADMINISTRATORS_GROUP = "Administrators"

# (app label, model, actions). No deletions of organisations, staff, services or tokens: deactivate
# or revoke instead, so the audit trail keeps pointing at something. A membership is a role held,
# so removing one is how a role ends.
ADMIN_SITE_PERMISSIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("accounts", "organisation", ("add", "change", "view")),
    ("accounts", "user", ("add", "change", "view")),
    ("accounts", "membership", ("add", "change", "delete", "view")),
    ("network", "service", ("add", "change", "view")),
    ("api", "apitoken", ("add", "change", "view")),
)


def administrators_group() -> Group:
    """Return the Administrators group, holding exactly the admin site's permissions."""
    # Made by migration 0003 too; made again here because `flush` (seed-demo --reset, tests that
    # flush) empties every table and only permissions, not groups, come back by themselves.
    with transaction.atomic():
        group, _ = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
        wanted = Q(pk__in=[])
        for app_label, model, actions in ADMIN_SITE_PERMISSIONS:
            codenames = [f"{action}_{model}" for action in actions]
            wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
        group.permissions.set(Permission.objects.filter(wanted))
    return group


def grant_admin_site(user: User) -> User:
    """Let the user into the admin site as an administrator (staff flag and the group)."""
    with transaction.atomic():
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(administrators_group())
    return user
