"""Who may use the pathway model: commissioners and hub leads. It shows aggregates only."""

from __future__ import annotations

from enum import StrEnum

import rules

from livingwell.accounts.rules import is_commissioner, is_hub_lead


class Permission(StrEnum):
    """What the pathway app's rules decide (docs/access-matrix.md)."""

    USE_MODEL = "pathway.use_model"
    CALIBRATE = "pathway.calibrate"  # start a calibration from the records (a background task)


rules.add_perm(Permission.USE_MODEL, is_commissioner | is_hub_lead)
# The hub lead answers for the records the calibration reads; commissioners read its result.
rules.add_perm(Permission.CALIBRATE, is_hub_lead)
