"""A Making Data Count chart of an `SPCResult` as a standalone, accessible SVG document.

Pure string output (built with ElementTree, so text is escaped), no scripts, fonts or external
resources: Django pages embed it inline and the CLI writes it to a file. Points are coloured by
type in the Making Data Count palette; every point also carries a text title, and the chart a
<title> and <desc>, so that nothing is said by colour alone.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from datetime import date

from livingwell.statistics.axes import nice_ticks
from livingwell.statistics.spc import Assurance, PointType, SPCPoint, SPCResult

# Making Data Count palette (NHS England "Making Data Count" icons; NHSRplotthedots 0.2.2 adopted the
# MDC team's colours in its issue #196).
POINT_COLOURS: dict[PointType, str] = {
    PointType.COMMON_CAUSE: "#a6a6a6",
    PointType.SPECIAL_CAUSE_IMPROVEMENT: "#00b0f0",
    PointType.SPECIAL_CAUSE_CONCERN: "#e46c0a",
    PointType.SPECIAL_CAUSE_NEUTRAL_HIGH: "#490092",
    PointType.SPECIAL_CAUSE_NEUTRAL_LOW: "#490092",
}
LINE_COLOUR = "#231f20"
LIMIT_COLOUR = "#7b7d7d"
TARGET_COLOUR = "#de1b1b"  # ptd_spc_colours()' default target colour
GRID_COLOUR = "#e8edee"

POINT_NAMES: dict[PointType, str] = {
    PointType.COMMON_CAUSE: "common cause variation",
    PointType.SPECIAL_CAUSE_IMPROVEMENT: "special cause variation: improvement",
    PointType.SPECIAL_CAUSE_CONCERN: "special cause variation: concern",
    PointType.SPECIAL_CAUSE_NEUTRAL_HIGH: "special cause variation: neutral, high",
    PointType.SPECIAL_CAUSE_NEUTRAL_LOW: "special cause variation: neutral, low",
}
ASSURANCE_NAMES: dict[Assurance, str] = {
    Assurance.CONSISTENT_PASS: "the target will consistently be met",
    Assurance.CONSISTENT_FAIL: "the target will consistently be missed",
    Assurance.INCONSISTENT: "the target will be hit and miss",
}

_LEFT, _RIGHT, _TOP, _BOTTOM = 72.0, 24.0, 64.0, 84.0


def _fmt(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".")


def _label(number: float) -> str:
    return f"{number:,.6g}"


def _when(point: SPCPoint) -> str:
    if isinstance(point.date, date):
        return point.date.isoformat()
    return f"point {point.index + 1}" if point.date is None else str(point.date)


def _axis_label(point: SPCPoint) -> str:
    """A month as the axis reads it ("Jul 2026"): an ISO date there crowds into its neighbour."""
    if isinstance(point.date, date):
        return point.date.strftime("%b %Y")
    return _when(point)


def _describe(result: SPCResult, title: str) -> str:
    points = result.points
    special = [p for p in points if p.special_cause]
    parts = [
        f"{title}: statistical process control chart of {len(points)} points "
        f"from {_when(points[0])} to {_when(points[-1])}.",
        f"Latest point ({_when(points[-1])}, {_label(points[-1].value)}) shows "
        f"{POINT_NAMES[result.variation]}.",
        f"{len(special)} of {len(points)} points show special cause variation.",
    ]
    for group in result.groups:
        if math.isnan(group.upper_limit):
            parts.append(f"Mean {_label(group.mean)}; no process limits could be computed.")
        else:
            parts.append(
                f"Mean {_label(group.mean)}, process limits {_label(group.lower_limit)} to "
                f"{_label(group.upper_limit)}"
                + (f" from {_when(points[group.start])}." if len(result.groups) > 1 else ".")
            )
    if result.target is not None:
        parts.append(f"Target {_label(result.target)}.")
    if result.assurance is not None:
        parts.append(f"Assurance: {ASSURANCE_NAMES[result.assurance]}.")
    return " ".join(parts)


def render_spc_svg(
    result: SPCResult,
    *,
    title: str,
    width: int = 800,
    height: int = 420,
    id_prefix: str = "spc",
) -> str:
    """Render a Making Data Count chart of the result as an SVG document string."""
    points = result.points
    plot_width = width - _LEFT - _RIGHT
    plot_height = height - _TOP - _BOTTOM
    levels = [p.value for p in points]
    levels += [v for g in result.groups for v in (g.lower_limit, g.upper_limit, g.mean)]
    if result.target is not None:
        levels.append(result.target)
    finite = [v for v in levels if math.isfinite(v)]
    low, high = min(finite), max(finite)
    pad = (high - low) * 0.05 or max(abs(high), 1.0) * 0.1
    low, high = low - pad, high + pad

    def x_at(index: float) -> float:
        return _LEFT + plot_width * (index / max(len(points) - 1, 1))

    def y_at(value: float) -> float:
        return _TOP + plot_height * (high - value) / (high - low)

    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {width} {height}",
            "width": str(width),
            "height": str(height),
            "role": "img",
            "aria-labelledby": f"{title_id} {desc_id}",
            "font-family": "Arial, Helvetica, sans-serif",
            "font-size": "12",
        },
    )
    ET.SubElement(svg, "title", {"id": title_id}).text = title
    ET.SubElement(svg, "desc", {"id": desc_id}).text = _describe(result, title)
    ET.SubElement(svg, "rect", {"width": str(width), "height": str(height), "fill": "#ffffff"})
    heading = ET.SubElement(svg, "text", {"x": _fmt(_LEFT), "y": "24", "font-size": "16"})
    heading.set("font-weight", "bold")
    heading.text = title
    summary = f"Variation: {POINT_NAMES[result.variation]}"
    if result.assurance is not None:
        summary += f". Assurance: {ASSURANCE_NAMES[result.assurance]}"
    ET.SubElement(svg, "text", {"x": _fmt(_LEFT), "y": "44", "fill": "#425563"}).text = summary

    axes = ET.SubElement(svg, "g", {"aria-hidden": "true"})
    for tick in nice_ticks(low, high):
        y = _fmt(y_at(tick))
        ET.SubElement(
            axes,
            "line",
            {"x1": _fmt(_LEFT), "x2": _fmt(_LEFT + plot_width), "y1": y, "y2": y},
            stroke=GRID_COLOUR,
        )
        label = ET.SubElement(axes, "text", {"x": _fmt(_LEFT - 8), "y": y, "text-anchor": "end"})
        label.set("dominant-baseline", "middle")
        label.text = _label(tick)
    # At most six labels, evenly spaced back from the latest point, so that the latest is always
    # labelled and no two labels meet.
    step = max(1, math.ceil(len(points) / 6))
    last = len(points) - 1
    for point in points:
        if (last - point.index) % step == 0:
            label = ET.SubElement(
                axes,
                "text",
                {
                    "x": _fmt(x_at(point.index)),
                    "y": _fmt(_TOP + plot_height + 18),
                    "text-anchor": "end" if point.index == last else "middle",
                },
            )
            label.text = _axis_label(point)

    lines = ET.SubElement(svg, "g", {"fill": "none"})
    for number, group in enumerate(result.groups):
        x1, x2 = _fmt(x_at(group.start)), _fmt(x_at(group.stop - 1))
        if number:
            # A rebase: limits restart half way between the groups.
            x_break = _fmt(x_at(group.start - 0.5))
            ET.SubElement(
                lines,
                "line",
                {
                    "x1": x_break,
                    "x2": x_break,
                    "y1": _fmt(_TOP),
                    "y2": _fmt(_TOP + plot_height),
                    "stroke": LIMIT_COLOUR,
                    "stroke-dasharray": "2 3",
                    "class": "rebase",
                },
            )
            ET.SubElement(
                lines,
                "text",
                {"x": x_break, "y": _fmt(_TOP - 6), "text-anchor": "middle", "fill": "#425563"},
            ).text = "Rebased"
        levels_and_styles: list[tuple[float, str, str | None, str]] = [
            (group.mean, LINE_COLOUR, None, "mean")
        ]
        levels_and_styles += [
            (group.lower_limit, LIMIT_COLOUR, "6 4", "lower-limit"),
            (group.upper_limit, LIMIT_COLOUR, "6 4", "upper-limit"),
        ]
        for level, colour, dash, kind in levels_and_styles:
            if not math.isfinite(level):
                continue
            y = _fmt(y_at(level))
            line = ET.SubElement(
                lines,
                "line",
                {"x1": x1, "x2": x2, "y1": y, "y2": y, "stroke": colour, "class": kind},
            )
            if dash:
                line.set("stroke-dasharray", dash)
    if result.target is not None:
        y = _fmt(y_at(result.target))
        ET.SubElement(
            lines,
            "line",
            {
                "x1": _fmt(_LEFT),
                "x2": _fmt(_LEFT + plot_width),
                "y1": y,
                "y2": y,
                "stroke": TARGET_COLOUR,
                "stroke-dasharray": "8 4",
                "class": "target",
            },
        )
    ET.SubElement(
        lines,
        "polyline",
        {
            "points": " ".join(f"{_fmt(x_at(p.index))},{_fmt(y_at(p.value))}" for p in points),
            "stroke": LIMIT_COLOUR,
            "stroke-width": "1.5",
            "class": "values",
        },
    )

    dots = ET.SubElement(svg, "g", {"class": "points"})
    for point in points:
        dot = ET.SubElement(
            dots,
            "circle",
            {
                "cx": _fmt(x_at(point.index)),
                "cy": _fmt(y_at(point.value)),
                "r": "4",
                "fill": POINT_COLOURS[point.point_type],
                "class": point.point_type.value,
            },
        )
        extra = "" if not point.special_cause else f" ({point.special_cause_type})"
        ET.SubElement(
            dot, "title"
        ).text = f"{_when(point)}: {_label(point.value)}, {POINT_NAMES[point.point_type]}{extra}"

    legend = ET.SubElement(svg, "g", {"aria-hidden": "true"})
    shown = [t for t in POINT_COLOURS if any(p.point_type is t for p in points)]
    legend_x = _LEFT
    legend_y = height - 22.0
    for point_type in shown:
        ET.SubElement(
            legend,
            "circle",
            {"cx": _fmt(legend_x + 5), "cy": _fmt(legend_y), "r": "5", "fill": POINT_COLOURS[point_type]},
        )
        text = POINT_NAMES[point_type].replace("special cause variation: ", "")
        ET.SubElement(legend, "text", {"x": _fmt(legend_x + 14), "y": _fmt(legend_y + 4)}).text = text
        legend_x += 24 + 7 * len(text)
    if result.target is not None:
        ET.SubElement(
            legend,
            "line",
            {
                "x1": _fmt(legend_x),
                "x2": _fmt(legend_x + 18),
                "y1": _fmt(legend_y),
                "y2": _fmt(legend_y),
                "stroke": TARGET_COLOUR,
                "stroke-dasharray": "8 4",
            },
        )
        ET.SubElement(legend, "text", {"x": _fmt(legend_x + 24), "y": _fmt(legend_y + 4)}).text = "target"

    return ET.tostring(svg, encoding="unicode") + "\n"
