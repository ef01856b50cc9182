"""Who may read and keep the alliance's record of working together (docs/access-matrix.md).

Hub leads and commissioners run the collaborative's meetings with the people who use services:
both read and keep the decision and action log, the themes and the breakfast packs. None of it
is about one person, except the co-production log's names, which only the hub lead reads (to pay
or credit the people named); everyone else sees its counts and hours. The public reads "you said,
we did", which names no one.
"""

from __future__ import annotations

from enum import StrEnum

import rules

from livingwell.accounts.rules import is_commissioner, is_hub_lead


class Permission(StrEnum):
    """What the together app's rules decide."""

    VIEW_LOG = "together.view_log"
    RECORD_LOG = "together.record_log"
    VIEW_COPRODUCTION = "together.view_coproduction"
    RECORD_COPRODUCTION = "together.record_coproduction"
    VIEW_COPRODUCTION_NAMES = "together.view_coproduction_names"
    VIEW_THEMES = "together.view_themes"
    CHANGE_THEMES = "together.change_themes"
    VIEW_BREAKFAST_PACK = "together.view_breakfast_pack"
    MAKE_BREAKFAST_PACK = "together.make_breakfast_pack"


collaborative = is_hub_lead | is_commissioner

rules.add_perm(Permission.VIEW_LOG, collaborative)
rules.add_perm(Permission.RECORD_LOG, collaborative)
rules.add_perm(Permission.VIEW_COPRODUCTION, collaborative)
rules.add_perm(Permission.RECORD_COPRODUCTION, collaborative)
rules.add_perm(Permission.VIEW_THEMES, collaborative)
rules.add_perm(Permission.CHANGE_THEMES, collaborative)
rules.add_perm(Permission.VIEW_BREAKFAST_PACK, collaborative)
rules.add_perm(Permission.MAKE_BREAKFAST_PACK, collaborative)
rules.add_perm(Permission.VIEW_COPRODUCTION_NAMES, is_hub_lead)
