"""Render a funnel plot as an accessible, standalone SVG (no scripts, fonts or external links).

Pure: takes a `FunnelResult` and returns text, so the CLI and the Django pages draw the same
picture. Outliers are told apart by shape (diamond, not circle), a text label and the point's
`<title>`, never by colour alone; limit levels by dash pattern as well as colour.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape, quoteattr

from livingwell.statistics.funnel import FunnelGroup, FunnelResult, limit_curves

WIDTH = 820
HEIGHT = 480
PLOT_LEFT = 72
PLOT_RIGHT = 560
PLOT_TOP = 56
PLOT_BOTTOM = 420

# FunnelPlotR 0.6.0 funnel_plot() default plot_cols, chosen there to avoid red/green judgements:
# 95%, 99.8%, 95% overdispersed, 99.8% overdispersed.
LIMIT_COLOURS = {
    (95.0, False): "#FF7F0E",
    (99.8, False): "#1F77B4",
    (95.0, True): "#9467BD",
    (99.8, True): "#2CA02C",
}
# Dash patterns carry the level for readers who cannot tell the colours apart.
LIMIT_DASHES = {95.0: "6 4", 99.8: "none"}
POINT_COLOUR = "#425563"
OUTLIER_COLOUR = "#212B32"
TARGET_COLOUR = "#212B32"
OWN_COLOUR = "#005EB8"  # NHS blue

Scale = Callable[[float], float]

Y_LABELS = {"sr": "Standardised ratio", "proportion": "Proportion", "ratio": "Ratio"}
X_LABELS = {"sr": "Expected", "proportion": "Denominator", "ratio": "Denominator"}


def render_funnel_svg(
    result: FunnelResult,
    *,
    title: str = "Funnel plot",
    x_label: str | None = None,
    y_label: str | None = None,
    id_prefix: str = "funnel",
    centre_label: str = "Target",
    highlight: str | None = None,
    label_every_point: bool = False,
    fit_limits: bool = False,
) -> str:
    """Render a funnel plot as a standalone SVG document.

    `centre_label` names the centre line (for boroughs compared, the pooled "London average", not a
    target anyone set); `highlight` marks one group (our own borough); `label_every_point` names
    every point, not only outliers; `fit_limits` widens the y range to hold every group's limits,
    so that no limit line leaves the chart where there are groups to judge.
    """
    x_label = x_label or X_LABELS[result.kind]
    y_label = y_label or Y_LABELS[result.kind]
    max_x, min_y, max_y = _ranges(result)
    if fit_limits:
        bounds = [
            b for g in result.groups for lim in g.limits for b in (lim.lower, lim.upper) if math.isfinite(b)
        ]
        min_y, max_y = min([min_y, *bounds]), max([max_y, *bounds])
        pad = (max_y - min_y) * 0.04
        min_y, max_y = max(min_y - pad, 0.0) if min_y >= 0 else min_y - pad, max_y + pad

    def sx(x: float) -> float:
        return PLOT_LEFT + (x / max_x) * (PLOT_RIGHT - PLOT_LEFT)

    def sy(y: float) -> float:
        return PLOT_BOTTOM - (y - min_y) / (max_y - min_y) * (PLOT_BOTTOM - PLOT_TOP)

    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="Arial, sans-serif" font-size="12">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(describe(result))}</desc>',
        '<rect width="100%" height="100%" fill="#FFFFFF"/>',
        f'<text x="{PLOT_LEFT}" y="28" font-size="16" font-weight="bold">{escape(title)}</text>',
    ]
    parts += _axes(max_x, min_y, max_y, sx, sy, x_label, y_label)
    ty = sy(result.target)
    parts.append(
        f'<line class="target" x1="{PLOT_LEFT}" y1="{ty:.2f}" x2="{PLOT_RIGHT}" y2="{ty:.2f}" '
        f'stroke="{TARGET_COLOUR}" stroke-width="1.5"/>'
    )
    for curve in limit_curves(result):
        colour = LIMIT_COLOURS[(curve.level, curve.adjusted)]
        dash = LIMIT_DASHES[curve.level]
        for bound in (curve.lower, curve.upper):
            path = _path(curve.denominators, bound, max_x, min_y, max_y, sx, sy)
            if path:
                parts.append(
                    f'<path class="limit" data-level="{curve.level:g}" d="{path}" fill="none" '
                    f'stroke="{colour}" stroke-width="1.5" stroke-dasharray="{dash}"/>'
                )
    for group in result.groups:
        x, y = sx(group.denominator), sy(group.value)
        parts.append(_point(group, result, x, y, own=group.group == highlight))
        if label_every_point and not group.outlier:
            weight = ' font-weight="bold"' if group.group == highlight else ""
            parts.append(
                f'<text class="point-label" x="{x + 7:.2f}" y="{y + 4:.2f}"{weight}>{escape(group.group)}</text>'
            )
    parts += _legend(result, centre_label, highlight)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def describe(result: FunnelResult) -> str:
    """Summarise a funnel plot in one paragraph for screen readers and the `<desc>`."""
    levels = " and ".join(f"{level:g}%" for level in result.levels)
    text = (
        f"{len(result.groups)} groups plotted against {X_LABELS[result.kind].lower()}, "
        f"with a target of {result.target:.4g} and {levels} control limits"
    )
    if result.adjusted and result.phi is not None and result.tau2 is not None:
        text += (
            f" adjusted for overdispersion ({result.overdispersion.upper()} method, "
            f"φ = {result.phi:.3g}, τ² = {result.tau2:.3g})"
        )
    elif result.phi is not None:
        text += f" (no overdispersion detected, φ = {result.phi:.3g})"
    outliers = result.outliers
    if not outliers:
        return text + f". No group is outside the {result.outlier_level:g}% limits."
    listed = ", ".join(f"{group.group} ({_side(group, result)})" for group in outliers)
    return text + f". Outside the {result.outlier_level:g}% limits: {listed}."


def _side(group: FunnelGroup, result: FunnelResult) -> str:
    return "above" if group.value > result.target else "below"


def _ranges(result: FunnelResult) -> tuple[float, float, float]:
    # FunnelPlotR funnel_plot.R "auto" ranges: x up to ceiling(max denominator); y from
    # min(0.7·target, 0.9·min ratio) to max(1.3·target, 1.1·max ratio), on the multiplied scale.
    ratios = [g.numerator / g.denominator * result.multiplier for g in result.groups]
    max_x = float(math.ceil(max(g.denominator for g in result.groups)))
    max_y = max(1.3 * result.target, 1.1 * max(ratios))
    min_y = min(0.7 * result.target, 0.9 * min(ratios))
    if max_y <= min_y:
        max_y = min_y + 1.0
    return max_x, min_y, max_y


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.ceil(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _axes(
    max_x: float,
    min_y: float,
    max_y: float,
    sx: Scale,
    sy: Scale,
    x_label: str,
    y_label: str,
) -> list[str]:
    parts = [
        f'<g class="axes" stroke="#4C6272" fill="none">'
        f'<line x1="{PLOT_LEFT}" y1="{PLOT_BOTTOM}" x2="{PLOT_RIGHT}" y2="{PLOT_BOTTOM}"/>'
        f'<line x1="{PLOT_LEFT}" y1="{PLOT_TOP}" x2="{PLOT_LEFT}" y2="{PLOT_BOTTOM}"/></g>'
    ]
    for tick in _nice_ticks(0.0, max_x):
        x = sx(tick)
        parts.append(
            f'<line x1="{x:.2f}" y1="{PLOT_BOTTOM}" x2="{x:.2f}" y2="{PLOT_BOTTOM + 5}" '
            f'stroke="#4C6272"/><text x="{x:.2f}" y="{PLOT_BOTTOM + 18}" '
            f'text-anchor="middle">{tick:g}</text>'
        )
    for tick in _nice_ticks(min_y, max_y):
        y = sy(tick)
        parts.append(
            f'<line x1="{PLOT_LEFT - 5}" y1="{y:.2f}" x2="{PLOT_LEFT}" y2="{y:.2f}" '
            f'stroke="#4C6272"/><text x="{PLOT_LEFT - 8}" y="{y + 4:.2f}" '
            f'text-anchor="end">{tick:g}</text>'
        )
    middle_x = (PLOT_LEFT + PLOT_RIGHT) / 2
    middle_y = (PLOT_TOP + PLOT_BOTTOM) / 2
    parts.append(
        f'<text x="{middle_x:.0f}" y="{PLOT_BOTTOM + 40}" text-anchor="middle">{escape(x_label)}</text>'
    )
    parts.append(
        f'<text x="18" y="{middle_y:.0f}" text-anchor="middle" '
        f'transform="rotate(-90 18 {middle_y:.0f})">{escape(y_label)}</text>'
    )
    return parts


def _path(
    xs: Sequence[float],
    ys: Sequence[float],
    max_x: float,
    min_y: float,
    max_y: float,
    sx: Scale,
    sy: Scale,
) -> str:
    # Points outside the plotting box are left out and the line restarts where it comes back,
    # so an upper limit heading to infinity at small denominators is not drawn along the edge.
    commands = []
    pen_down = False
    for x, y in zip(xs, ys, strict=True):
        if not (math.isfinite(y) and min_y <= y <= max_y and 0 <= x <= max_x):
            pen_down = False
            continue
        commands.append(f"{'L' if pen_down else 'M'}{sx(x):.2f},{sy(y):.2f}")
        pen_down = True
    return " ".join(commands)


def _point(group: FunnelGroup, result: FunnelResult, x: float, y: float, *, own: bool = False) -> str:
    status = (
        f"outside the {result.outlier_level:g}% limits, {_side(group, result)}"
        if group.outlier
        else f"within the {result.outlier_level:g}% limits"
    )
    label = f"{group.group}{' (this borough)' if own else ''}: {group.value:.4g} at {group.denominator:g}, {status}"
    if own and not group.outlier:
        # Our own borough: a larger square, told apart by shape as well as colour.
        shape = (
            f'<rect x="{x - 6:.2f}" y="{y - 6:.2f}" width="12" height="12" fill="{OWN_COLOUR}" '
            'stroke="#FFFFFF" stroke-width="1"/>'
        )
        return f'<g class="group own">\n<title>{escape(label)}</title>{shape}</g>'
    if not group.outlier:
        shape = (
            f'<circle cx="{x:.2f}" cy="{y:.2f}" r="4" fill="{POINT_COLOUR}" '
            f'fill-opacity="0.6" stroke="{POINT_COLOUR}"/>'
        )
        return f'<g class="group">\n<title>{escape(label)}</title>{shape}</g>'
    r = 7
    shape = (
        f'<path d="M{x:.2f},{y - r:.2f} L{x + r:.2f},{y:.2f} L{x:.2f},{y + r:.2f} '
        f'L{x - r:.2f},{y:.2f} Z" fill="{OUTLIER_COLOUR}" stroke="#FFFFFF" stroke-width="1"/>'
        f'<text x="{x + r + 3:.2f}" y="{y + 4:.2f}" font-weight="bold">{escape(group.group)}</text>'
    )
    return (
        f'<g class="group outlier{" own" if own else ""}" data-group={quoteattr(group.group)}>\n'
        f"<title>{escape(label)}</title>{shape}</g>"
    )


def _legend(result: FunnelResult, centre_label: str = "Target", highlight: str | None = None) -> list[str]:
    x = PLOT_RIGHT + 20
    y = PLOT_TOP + 6
    parts = ['<g class="legend">']
    parts.append(
        f'<line x1="{x}" y1="{y}" x2="{x + 28}" y2="{y}" stroke="{TARGET_COLOUR}" '
        f'stroke-width="1.5"/><text x="{x + 34}" y="{y + 4}">{escape(centre_label)}</text>'
    )
    for level in result.levels:
        y += 22
        colour = LIMIT_COLOURS[(level, result.adjusted)]
        parts.append(
            f'<line x1="{x}" y1="{y}" x2="{x + 28}" y2="{y}" stroke="{colour}" stroke-width="1.5" '
            f'stroke-dasharray="{LIMIT_DASHES[level]}"/>'
            f'<text x="{x + 34}" y="{y + 4}">{level:g}% limits</text>'
        )
    if result.adjusted:
        y += 22
        parts.append(f'<text x="{x}" y="{y + 4}">Limits adjusted for overdispersion</text>')
    y += 22
    parts.append(
        f'<circle cx="{x + 14}" cy="{y}" r="4" fill="{POINT_COLOUR}" fill-opacity="0.6" '
        f'stroke="{POINT_COLOUR}"/><text x="{x + 34}" y="{y + 4}">Group</text>'
    )
    y += 22
    parts.append(
        f'<path d="M{x + 14},{y - 7} L{x + 21},{y} L{x + 14},{y + 7} L{x + 7},{y} Z" '
        f'fill="{OUTLIER_COLOUR}"/><text x="{x + 34}" y="{y + 4}">'
        f"Outside {result.outlier_level:g}% limits (labelled)</text>"
    )
    if highlight is not None:
        y += 22
        parts.append(
            f'<rect x="{x + 8}" y="{y - 6}" width="12" height="12" fill="{OWN_COLOUR}"/>'
            f'<text x="{x + 34}" y="{y + 4}">{escape(highlight)} (this borough)</text>'
        )
    parts.append("</g>")
    return parts
