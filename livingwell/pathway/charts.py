"""Server-rendered SVG charts for comparisons: the paired differences with their intervals, and
queues over time.

Pure string output built with ElementTree (text escaped), no scripts or external resources; every
chart has a <title> and <desc> and sits beside a table with the same numbers.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from livingwell.pathway.engine import SummaryRow
from livingwell.statistics.axes import nice_step

# NHS.UK palette: blue for the baseline, dark pink for the changed scenario; both also labelled.
COLOURS = ("#005eb8", "#ae2573")
GRID = "#d8dde0"
TEXT = "#212b32"


def _svg(width: float, height: float, title: str, description: str) -> ET.Element:
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {width:g} {height:g}",
            "role": "img",
            "class": "lw-chart",
            "aria-labelledby": "t d",
        },
    )
    ET.SubElement(svg, "title").text = title
    ET.SubElement(svg, "desc").text = description
    return svg


def _text(parent: ET.Element, x: float, y: float, text: str, anchor: str = "start") -> None:
    node = ET.SubElement(
        parent,
        "text",
        {"x": f"{x:.1f}", "y": f"{y:.1f}", "font-size": "13", "fill": TEXT, "text-anchor": anchor},
    )
    node.text = text


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


@dataclass(frozen=True)
class Difference:
    """One measure's paired difference (changed − baseline) as the chart draws it."""

    label: str  # the measure, in plain words
    text: str  # the difference and its interval in the measure's own units, as the table writes them
    baseline_mean: float | None
    difference: SummaryRow


def _percent(value: float, base: float) -> float:
    return 100 * value / abs(base)


def differences(title: str, rows: Sequence[Difference], chart_id: str) -> str:
    """Draw each measure's paired difference as a share of its baseline mean, with its 95% interval.

    A forest plot: one line a measure, a dot at the mean difference and a bar for its interval,
    on one axis in per cent of the baseline (measures in people, days and pounds side by side),
    centred on no change so that a bar crossing the line is a change the model cannot tell from
    none. Each line is labelled with the difference in its own units. A measure whose baseline
    mean is under 1 (a wait of hours, say) has no meaningful percentage and is written, not drawn:
    a wait from 0.01 to 0.02 days would be +100% and squash every other line to the middle. The
    axis holds every dot; an interval more than three times as wide as the biggest change runs off
    the edge, marked with an arrow.
    """
    percents: dict[int, tuple[float, float, float]] = {}
    for i, r in enumerate(rows):
        d, base = r.difference, r.baseline_mean
        if base and abs(base) >= 1 and d.mean is not None and d.ci_low is not None and d.ci_high is not None:
            percents[i] = (_percent(d.mean, base), _percent(d.ci_low, base), _percent(d.ci_high, base))
    # A round half-width (1, 2 or 5 × 10ⁿ per cent, at least 1%) holding every dot, and every bar
    # up to three times the biggest change.
    biggest = max((abs(mean) for mean, _, _ in percents.values()), default=0.0)
    cap = 3 * max(biggest, 1.0)
    reach = max((min(abs(v), cap) for values in percents.values() for v in values), default=0.0)
    half = max(nice_step(reach, 1), 1.0)
    width, left, right, line, top = 640.0, 210.0, 24.0, 46.0, 8.0
    height = top + line * len(rows) + 30

    def x(percent: float) -> float:
        return left + (percent + half) / (2 * half) * (width - left - right)

    described = "; ".join(
        f"{r.label}: {r.text}" + (f" ({_signed(percents[i][0])}% of the baseline)" if i in percents else "")
        for i, r in enumerate(rows)
    )
    svg = _svg(width, height, title, f"Change from the baseline, with 95% intervals. {described}")
    svg.set("aria-labelledby", f"{chart_id}-t {chart_id}-d")
    svg[0].set("id", f"{chart_id}-t")
    svg[1].set("id", f"{chart_id}-d")
    axis_y = height - 30
    ET.SubElement(
        svg,
        "line",
        {"x1": f"{left}", "x2": f"{width - right}", "y1": f"{axis_y}", "y2": f"{axis_y}", "stroke": GRID},
    )
    for tick in (-half, 0.0, half):
        _text(svg, x(tick), axis_y + 18, f"{_signed(tick)}%" if tick else "no change", "middle")
    ET.SubElement(
        svg,
        "line",
        {"x1": f"{x(0):.1f}", "x2": f"{x(0):.1f}", "y1": f"{top}", "y2": f"{axis_y}", "stroke": TEXT},
    )
    for i, row in enumerate(rows):
        y = top + line * i + line / 2
        _text(svg, 8, y - 2, row.label)
        _text(svg, 8, y + 14, row.text)
        if i not in percents:
            continue
        mean, low, high = percents[i]
        for end, beyond in ((-half, low < -half), (half, high > half)):
            if beyond:  # the interval runs off the axis: an arrow at the edge says so
                tip, back = x(end), x(end) + (-8 if end > 0 else 8)
                ET.SubElement(
                    svg,
                    "polygon",
                    {
                        "points": f"{tip:.1f},{y:.1f} {back:.1f},{y - 6:.1f} {back:.1f},{y + 6:.1f}",
                        "fill": COLOURS[1],
                    },
                )
        low, high = max(low, -half), min(high, half)
        ET.SubElement(
            svg,
            "line",
            {
                "x1": f"{x(low):.1f}",
                "x2": f"{x(high):.1f}",
                "y1": f"{y:.1f}",
                "y2": f"{y:.1f}",
                "stroke": COLOURS[1],
                "stroke-width": "4",
            },
        )
        ET.SubElement(svg, "circle", {"cx": f"{x(mean):.1f}", "cy": f"{y:.1f}", "r": "6", "fill": COLOURS[1]})
    return ET.tostring(svg, encoding="unicode")


def _signed(value: float) -> str:
    # With the minus sign (U+2212), as the table's figures are written.
    text = f"{value:+,.0f}" if abs(value) >= 10 or value == int(value) else f"{value:+,.1f}"
    return text.replace("-", "−")


def queues(title: str, series: Sequence[tuple[str, Sequence[float]]], warm_up: int, chart_id: str) -> str:
    """Draw the mean queue by month for each scenario (the warm-up shaded)."""
    width, height, left, right, top, bottom = 640.0, 260.0, 56.0, 16.0, 36.0, 40.0
    months = max((len(values) for _, values in series), default=1)
    peak = max((max(values, default=0.0) for _, values in series), default=0.0) or 1.0

    def x(month: float) -> float:
        return left + month / max(months - 1, 1) * (width - left - right)

    def y(value: float) -> float:
        return top + (1 - value / peak) * (height - top - bottom)

    described = "; ".join(
        f"{label}: highest monthly mean queue {_number(max(values, default=0.0))}, last month {_number(values[-1]) if values else '0'}"
        for label, values in series
    )
    svg = _svg(
        width,
        height,
        title,
        f"Mean number waiting each month, after a {warm_up}-month warm-up (shaded). {described}",
    )
    svg.set("aria-labelledby", f"{chart_id}-t {chart_id}-d")
    svg[0].set("id", f"{chart_id}-t")
    svg[1].set("id", f"{chart_id}-d")
    if warm_up:
        ET.SubElement(
            svg,
            "rect",
            {
                "x": f"{left}",
                "y": f"{top}",
                "width": f"{x(warm_up) - left:.1f}",
                "height": f"{height - top - bottom}",
                "fill": "#f0f4f5",
            },
        )
    base = height - bottom
    ET.SubElement(
        svg,
        "line",
        {"x1": f"{left}", "x2": f"{width - right}", "y1": f"{base}", "y2": f"{base}", "stroke": GRID},
    )
    _text(svg, left - 6, y(peak) + 4, _number(peak), "end")
    _text(svg, left - 6, base + 4, "0", "end")
    _text(svg, left, base + 26, "month 0")
    _text(svg, width - right, base + 26, f"month {months}", "end")
    for i, (label, values) in enumerate(series):
        colour = COLOURS[i % len(COLOURS)]
        path = " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v in enumerate(values))
        dash = {} if i == 0 else {"stroke-dasharray": "6 3"}
        ET.SubElement(
            svg, "polyline", {"points": path, "fill": "none", "stroke": colour, "stroke-width": "2", **dash}
        )
        _text(svg, left + 8 + 240 * i, 20, f"{'—' if i == 0 else '- -'} {label}")
    return ET.tostring(svg, encoding="unicode")
