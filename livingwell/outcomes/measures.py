"""The outcomes summary's measures: defined once, in the measure catalogue (``livingwell.insight.measures``).

Computed by ``livingwell.outcomes.summary`` (rules in its docstring); re-exported here for it.
"""

from __future__ import annotations

from livingwell.insight.measures import (
    OUTCOME_MEASURES,
    PAIRED_SCORES,
    RECOVERY,
    RELIABLE_IMPROVEMENT,
    WELLBEING_CHANGE,
)

__all__ = ["OUTCOME_MEASURES", "PAIRED_SCORES", "RECOVERY", "RELIABLE_IMPROVEMENT", "WELLBEING_CHANGE"]
