"""Who may use the pathway model: commissioners and hub leads. It shows aggregates only."""

from __future__ import annotations

import rules

from livingwell.accounts.rules import is_commissioner, is_hub_lead

rules.add_perm("pathway.use_model", is_commissioner | is_hub_lead)
