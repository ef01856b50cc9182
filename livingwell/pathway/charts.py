"""Server-rendered SVG charts for comparisons: intervals side by side, and queues over time.

Pure string output built with ElementTree (text escaped), no scripts or external resources; every
chart has a <title> and <desc> and sits beside a table with the same numbers.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from livingwell.pathway.engine import SummaryRow

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


def intervals(title: str, labels: Sequence[str], rows: Sequence[SummaryRow], chart_id: str) -> str:
    """Draw each scenario's mean as a dot with its 95% interval as a bar, one line per scenario."""
    width, left, right, line = 640.0, 190.0, 30.0, 34.0
    top = 8.0
    height = top + line * len(rows) + 24
    points = [v for r in rows for v in (r.mean, r.ci_low, r.ci_high) if v is not None]
    low, high = (min([*points, 0.0]), max([*points, 0.0])) if points else (0.0, 1.0)
    if high == low:
        high = low + 1
    span = high - low

    def x(value: float) -> float:
        return left + (value - low) / span * (width - left - right)

    described = "; ".join(
        f"{label}: mean {_number(r.mean)}"
        + (
            f", 95% interval {_number(r.ci_low)} to {_number(r.ci_high)}"
            if r.ci_low is not None and r.ci_high is not None
            else ""
        )
        for label, r in zip(labels, rows, strict=True)
        if r.mean is not None
    )
    svg = _svg(width, height, title, described)
    svg.set("aria-labelledby", f"{chart_id}-t {chart_id}-d")
    svg[0].set("id", f"{chart_id}-t")
    svg[1].set("id", f"{chart_id}-d")
    axis_y = height - 24
    ET.SubElement(
        svg,
        "line",
        {"x1": f"{left}", "x2": f"{width - right}", "y1": f"{axis_y}", "y2": f"{axis_y}", "stroke": GRID},
    )
    for tick in (low, low + span / 2, high):
        _text(svg, x(tick), axis_y + 18, _number(tick), "middle")
    if low < 0 < high:
        ET.SubElement(
            svg,
            "line",
            {"x1": f"{x(0):.1f}", "x2": f"{x(0):.1f}", "y1": f"{top}", "y2": f"{axis_y}", "stroke": GRID},
        )
    for i, (label, row) in enumerate(zip(labels, rows, strict=True)):
        y = top + line * i + line / 2
        colour = COLOURS[i % len(COLOURS)]
        _text(svg, 8, y + 4, label)
        if row.mean is None:
            continue
        if row.ci_low is not None and row.ci_high is not None:
            ET.SubElement(
                svg,
                "line",
                {
                    "x1": f"{x(row.ci_low):.1f}",
                    "x2": f"{x(row.ci_high):.1f}",
                    "y1": f"{y:.1f}",
                    "y2": f"{y:.1f}",
                    "stroke": colour,
                    "stroke-width": "4",
                },
            )
        ET.SubElement(svg, "circle", {"cx": f"{x(row.mean):.1f}", "cy": f"{y:.1f}", "r": "6", "fill": colour})
    return ET.tostring(svg, encoding="unicode")


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
