"""Funnel plots as FunnelPlotR 0.6.0 draws them: `funnel` and its result.

`core` places each group against its limits, `limits` holds the published limit formulas,
`overdispersion` the SHMI and CQC adjustments, `svg` draws the plot and `cli` is `livingwell funnel`.
"""

from livingwell.statistics.funnel.core import (
    KINDS,
    LEVELS,
    OVERDISPERSION_METHODS,
    FunnelGroup,
    FunnelInputError,
    FunnelResult,
    GroupLimit,
    Kind,
    LimitCurve,
    OverdispersionMethod,
    funnel,
    limit_curves,
)

__all__ = [
    "KINDS",
    "LEVELS",
    "OVERDISPERSION_METHODS",
    "FunnelGroup",
    "FunnelInputError",
    "FunnelResult",
    "GroupLimit",
    "Kind",
    "LimitCurve",
    "OverdispersionMethod",
    "funnel",
    "limit_curves",
]
