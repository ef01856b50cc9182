"""Server-rendered SVG line charts of monthly series; the table beside each chart carries the numbers.

The chart is decorative for screen readers (`aria-hidden`): the data table next to it is the
accessible version, so nothing is said twice. Hidden (suppressed) values leave a gap in the line.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from livingwell.statistics.axes import nice_step

# NHS.UK colours with enough contrast against white, one per series.
COLOURS = ["#005eb8", "#d5281b", "#007f3b", "#330072", "#ffb81c", "#7c2855", "#425563", "#00a499", "#ed8b00", "#768692", "#212b32"]  # fmt: skip
WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 40


def line_chart(
    months: Sequence[dt.date],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    marker: tuple[int, str] | None = None,
    last_incomplete: bool = False,
) -> Markup:
    """Draw monthly series as lines with a y axis from zero and a key; `marker` labels one month.

    `last_incomplete` says the last month is still going: its segment is dashed and labelled "so
    far", so that a part-month does not read as a fall.
    """
    peak = max((v for _, values in series for v in values if v is not None), default=0)
    step_y = nice_step(peak)
    # Whole-number steps for counts: a tick at 62.5 would read "62".
    step_y = max(step_y, 1.0)
    top = step_y * max(math.ceil(peak / step_y), 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(months) - 1, 1)

    def x(i: int) -> float:
        return LEFT + i * step

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    parts = [
        f'<svg class="lw-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" aria-hidden="true" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg" font-family="Arial, sans-serif" font-size="12">'
    ]
    for k in range(round(top / step_y) + 1):
        v = step_y * k
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#d8dde0"/>'
            f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="#4c6272">{v:,.0f}</text>'
        )
    for i, month in enumerate(months):
        # January and July, and the first month unless a January or July label is about to crowd it.
        if month.month in (1, 7) or (i == 0 and month.month not in (5, 6, 11, 12)):
            label = month.strftime("%b %Y")
            parts.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" fill="#4c6272">{label}</text>'
            )
    if marker is not None:
        # A change in the system (the hub opening) drawn where it happened, so that the eye reads
        # the before and after without being told.
        index, text = marker
        parts.append(
            f'<line x1="{x(index):.1f}" x2="{x(index):.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" '
            'stroke="#212b32" stroke-dasharray="4 4"/>'
            f'<text x="{x(index) + 4:.1f}" y="{TOP + 12}" fill="#212b32">{escape(text)}</text>'
        )
    for n, (_, values) in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        path, pen_down = [], False
        for i, value in enumerate(values):
            if value is None:
                pen_down = False
                continue
            if last_incomplete and i == len(values) - 1 and pen_down:
                # The part-month: a dashed segment of its own.
                parts.append(
                    f'<path d="M{x(i - 1):.1f},{y(values[i - 1] or 0):.1f} L{x(i):.1f},{y(value):.1f}" '
                    f'fill="none" stroke="{colour}" stroke-width="2.5" stroke-dasharray="4 4"/>'
                )
                continue
            path.append(f"{'L' if pen_down else 'M'}{x(i):.1f},{y(value):.1f}")
            pen_down = True
        if path:
            parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
    if last_incomplete and months:
        parts.append(
            f'<text x="{x(len(months) - 1):.1f}" y="{TOP + 12}" text-anchor="end" fill="#212b32">so far</text>'
        )
    parts.append("</svg>")
    # The key is HTML, so that it wraps on a narrow screen; the table beside says it all again.
    parts.append('<ul class="nhsuk-list lw-chart-key" aria-hidden="true">')
    for n, (label, _) in enumerate(series):
        parts.append(
            f'<li><svg width="14" height="14" focusable="false"><rect width="14" height="14" '
            f'fill="{COLOURS[n % len(COLOURS)]}"/></svg> {escape(label)}</li>'
        )
    parts.append("</ul>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped or a number
