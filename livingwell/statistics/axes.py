"""Round axis steps for charts: 1, 2 or 5 times a power of ten, so that ticks read 50, 100, 150.

One home for the rule the SPC charts, the hub's charts and the pathway's charts share (ticks such
as 62, 125, 188 were hard to read: issue 13).
"""

from __future__ import annotations

import math


def nice_step(span: float, ticks: int = 4) -> float:
    """Return a round step (1, 2 or 5 × 10ⁿ) that covers `span` in about `ticks` steps (1 for none)."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Return round ticks from `low` to `high`, about `count` steps apart (see `nice_step`)."""
    step = nice_step(high - low, count)
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step + 1e-9) + 1)]
