"""Who may work on what people ask of the hub from their own view (docs/access-matrix.md)."""

from __future__ import annotations

from enum import StrEnum

import rules

from livingwell.accounts.rules import is_hub_staff


class Permission(StrEnum):
    """What the own view's rules decide. The person's own pages need none: they see only themselves."""

    # A person's request to put their record right is a task for the hub, which checks it with them.
    HANDLE_CORRECTIONS = "mine.handle_corrections"


rules.add_perm(Permission.HANDLE_CORRECTIONS, is_hub_staff)
