"""XmR charts read the Making Data Count way (NHSRplotthedots 0.2.2): `spc`, `spc_many` and their results.

`core` charts the series, `rules` holds the published constants and special-cause rules, `input`
validates what callers pass, `vectorised` classifies many series at once, `svg` draws the chart,
`icons` draws the variation and assurance icons, and `cli` is `livingwell spc`.
"""

from livingwell.statistics.spc.core import (
    ASSURANCE_TYPES,
    POINT_TYPES,
    SHORT_GROUP_THRESHOLD,
    Assurance,
    Improvement,
    PointType,
    SPCGroup,
    SPCInputError,
    SPCManyResult,
    SPCPoint,
    SPCRebaseWarning,
    SPCResult,
    SPCShortGroupWarning,
    spc,
    spc_many,
)

__all__ = [
    "ASSURANCE_TYPES",
    "POINT_TYPES",
    "SHORT_GROUP_THRESHOLD",
    "Assurance",
    "Improvement",
    "PointType",
    "SPCGroup",
    "SPCInputError",
    "SPCManyResult",
    "SPCPoint",
    "SPCRebaseWarning",
    "SPCResult",
    "SPCShortGroupWarning",
    "spc",
    "spc_many",
]
