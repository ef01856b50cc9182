"""Geometry for one measure over time, drawn as server-rendered SVG by ``outcomes/_chart.jinja``.

The chart shows the clinical cut-off (where one is published) and the reliable-change band: the
range around the first score within which a later score is not a reliable change. Points are
spaced evenly in time order; the table beside the chart gives the dates and exact values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from livingwell.outcomes.instruments import get_instrument

WIDTH, HEIGHT = 600, 260
# People read "≥", not ">=".
SYMBOL = {">=": "≥", ">": ">", "<": "<"}
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 32


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    value: float
    on: dt.date


@dataclass(frozen=True)
class Chart:
    code: str
    points: tuple[ChartPoint, ...]
    ticks: tuple[tuple[float, float], ...]
    cutoff_y: float | None
    cutoff_text: str
    band: tuple[float, float] | None
    band_text: str
    better_text: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def build_chart(code: str, series: Sequence[tuple[dt.date, float]]) -> Chart:
    """Lay out ``series`` (date, reported value), oldest first, on the instrument's full range."""
    definition = get_instrument(code)
    low, high = float(definition.value_min), float(definition.value_max)

    def y(value: float) -> float:
        return TOP + (high - value) / (high - low) * (HEIGHT - TOP - BOTTOM)

    span = WIDTH - LEFT - RIGHT
    count = len(series)
    points = tuple(
        ChartPoint(LEFT + (span * i / (count - 1) if count > 1 else span / 2), y(value), value, on)
        for i, (on, value) in enumerate(series)
    )
    ticks = tuple((y(low + (high - low) * k / 4), round(low + (high - low) * k / 4, 1)) for k in range(5))
    cutoff = definition.cutoff
    rule = definition.reliable_change
    band = None
    band_text = definition.no_reliable_change_reason and "Change on this measure is not classified."
    if rule is not None and points:
        first = points[0].value
        top, bottom = min(high, first + rule.threshold), max(low, first - rule.threshold)
        band = (y(top), y(bottom))
        band_text = (
            f"Shaded: within {rule.threshold:g} of the first score, change is not reliable "
            f"(reliable change {SYMBOL[rule.comparison.value]} {rule.threshold:g})."
        )
    return Chart(
        code=definition.code,
        points=points,
        ticks=ticks,
        cutoff_y=y(cutoff.threshold) if cutoff else None,
        cutoff_text=f"Clinical cut-off: a case is {SYMBOL[cutoff.comparison.value]} {cutoff.threshold:g}"
        if cutoff
        else "",
        band=band,
        band_text=band_text,
        better_text=definition.improvement.in_words,
    )
