"""Which direction of change is an improvement: the one vocabulary of the measures, SPC and the catalogue.

Making Data Count's improvement direction (NHSRplotthedots `improvement_direction`): "increase",
"decrease" or "neutral". A questionnaire whose lower scores are better (PHQ-9) improves by
decreasing; one whose higher scores are better (WEMWBS) by increasing.
"""

from __future__ import annotations

from enum import StrEnum


class Improvement(StrEnum):
    """Which direction of change is an improvement (ptd_spc's improvement_direction)."""

    INCREASE = "increase"
    DECREASE = "decrease"
    NEUTRAL = "neutral"

    @property
    def sign(self) -> int:
        """Return +1, -1 or 0, as ptd_spc.data.frame encodes the direction."""
        return {"increase": 1, "decrease": -1, "neutral": 0}[self.value]

    @property
    def in_words(self) -> str:
        """Say which way is better in plain English, for a chart or a table."""
        return {
            "increase": "Higher is better",
            "decrease": "Lower is better",
            "neutral": "No direction is better",
        }[self.value]
