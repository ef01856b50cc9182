"""The Making Data Count icons: variation and assurance, as small inline SVGs with their words.

NHS England's Making Data Count summary tables give each measure two icons: what its latest point
shows (variation) and whether its target will be met (assurance). The colours are the programme's
(DOMAIN.md §4). Colour is never the only cue: every icon carries a letter (H, L, P, F, ?), an arrow
or a shape, and words that say what it means, shown beside it or read to screen readers only. The
drawing itself is hidden from assistive technology, so nothing is said twice.

Pure: no Django. `markupsafe` marks the output as safe to embed; every text in it is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from livingwell.statistics.spc import Assurance, Improvement, PointType, SPCResult
from livingwell.statistics.spc.rules import (
    ABOVE_UCL,
    BELOW_LCL,
    SHIFT_ABOVE,
    SHIFT_BELOW,
    TREND_DOWN,
    TREND_UP,
    TWO_IN_THREE_ABOVE,
    TWO_IN_THREE_BELOW,
)

GREY, BLUE, ORANGE, PURPLE = "#a6a6a6", "#00b0f0", "#e46c0a", "#490092"
# Letters are drawn in the NHS.UK text colour: a pale blue or grey letter would be hard to read,
# and the ring and arrow carry the colour.
INK = "#212b32"
SIZE = 40


@dataclass(frozen=True)
class Icon:
    """One Making Data Count icon: how it is drawn and what it says."""

    key: str  # names the icon in class names and tests, e.g. "improvement-high"
    label: str  # what it shows, in a few words
    meaning: str  # what it means, for the key beside the summary table
    colour: str
    letter: str = ""
    arrow: str = ""  # "up", "down" or "" (none)

    def svg(self) -> Markup:
        """Draw the icon as an inline SVG that assistive technology skips (its words say it)."""
        parts = [
            f'<svg class="lw-mdc-icon__svg" viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" height="{SIZE}" '
            'aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">',
            f'<circle cx="20" cy="20" r="17" fill="#ffffff" stroke="{self.colour}" stroke-width="4"/>',
        ]
        letter_x = 15 if self.arrow else 20
        if self.letter:
            parts.append(
                f'<text x="{letter_x}" y="26" text-anchor="middle" font-family="Arial, sans-serif" '
                f'font-size="17" font-weight="bold" fill="{INK}">{escape(self.letter)}</text>'
            )
        if self.arrow == "up":
            parts.append(
                f'<path d="M28 10 L34 18 L30 18 L30 28 L26 28 L26 18 L22 18 Z" fill="{self.colour}"/>'
            )
        elif self.arrow == "down":
            parts.append(
                f'<path d="M28 30 L34 22 L30 22 L30 12 L26 12 L26 22 L22 22 Z" fill="{self.colour}"/>'
            )
        if not self.letter and not self.arrow:
            # Common cause: points wandering about a level, the shape of ordinary variation.
            parts.append(
                '<polyline points="9,22 13,17 17,23 21,16 25,22 29,18 32,21" fill="none" '
                f'stroke="{INK}" stroke-width="2" stroke-linejoin="round"/>'
            )
        parts.append("</svg>")
        return Markup("".join(parts))  # noqa: S704 - constants, numbers and escaped text only

    def html(self, *, visible: bool = True) -> Markup:
        """Give the icon with its words: beside it, or for screen readers only."""
        hidden = "" if visible else " nhsuk-u-visually-hidden"
        return Markup(  # noqa: S704 - the label is escaped
            f'<span class="lw-mdc-icon lw-mdc-icon--{self.key}">{self.svg()}'
            f'<span class="lw-mdc-icon__label{hidden}">{escape(self.label)}</span></span>'
        )


COMMON_CAUSE = Icon(
    "common-cause",
    "Common cause variation",
    "Nothing unusual: the latest month is within the ordinary ups and downs of the process.",
    GREY,
)
IMPROVEMENT_HIGH = Icon(
    "improvement-high",
    "Special cause improvement: high",
    "Improving: the latest month is unusually high, and higher is better.",
    BLUE,
    "H",
    "up",
)
IMPROVEMENT_LOW = Icon(
    "improvement-low",
    "Special cause improvement: low",
    "Improving: the latest month is unusually low, and lower is better.",
    BLUE,
    "L",
    "down",
)
CONCERN_HIGH = Icon(
    "concern-high",
    "Special cause concern: high",
    "Of concern: the latest month is unusually high, and lower is better.",
    ORANGE,
    "H",
    "up",
)
CONCERN_LOW = Icon(
    "concern-low",
    "Special cause concern: low",
    "Of concern: the latest month is unusually low, and higher is better.",
    ORANGE,
    "L",
    "down",
)
NEUTRAL_HIGH = Icon(
    "neutral-high",
    "Special cause variation: high",
    "Unusually high, where neither direction is better: worth asking why.",
    PURPLE,
    "H",
    "up",
)
NEUTRAL_LOW = Icon(
    "neutral-low",
    "Special cause variation: low",
    "Unusually low, where neither direction is better: worth asking why.",
    PURPLE,
    "L",
    "down",
)
CONSISTENT_PASS = Icon(
    "pass",
    "Consistently passing the target",
    "The target lies beyond the process limits on the good side: it will be met month after month "
    "unless the process changes.",
    BLUE,
    "P",
)
CONSISTENT_FAIL = Icon(
    "fail",
    "Consistently failing the target",
    "The target lies beyond the process limits on the bad side: it will not be met unless the process "
    "changes.",
    ORANGE,
    "F",
)
HIT_AND_MISS = Icon(
    "hit-and-miss",
    "Hit and miss against the target",
    "The target lies within the process limits: some months will meet it and some will not.",
    GREY,
    "?",
)

VARIATION_ICONS = (
    COMMON_CAUSE,
    IMPROVEMENT_HIGH,
    IMPROVEMENT_LOW,
    CONCERN_HIGH,
    CONCERN_LOW,
    NEUTRAL_HIGH,
    NEUTRAL_LOW,
)
ASSURANCE_ICONS = (CONSISTENT_PASS, CONSISTENT_FAIL, HIT_AND_MISS)
_ASSURANCE = {
    Assurance.CONSISTENT_PASS: CONSISTENT_PASS,
    Assurance.CONSISTENT_FAIL: CONSISTENT_FAIL,
    Assurance.INCONSISTENT: HIT_AND_MISS,
}

# The package's special cause labels (spc_rules) in the words a board reads.
RULE_WORDS = {
    ABOVE_UCL: "above the upper process limit",
    BELOW_LCL: "below the lower process limit",
    TREND_UP: "one of 7 or more months rising in a row",
    TREND_DOWN: "one of 7 or more months falling in a row",
    TWO_IN_THREE_ABOVE: "2 of 3 months close to the upper limit",
    TWO_IN_THREE_BELOW: "2 of 3 months close to the lower limit",
    SHIFT_ABOVE: "one of 7 or more months above the mean",
    SHIFT_BELOW: "one of 7 or more months below the mean",
}


def point_icon(point_type: PointType, improvement: Improvement) -> Icon:
    """Return the icon for a point of a chart whose improvement direction is given."""
    if point_type is PointType.SPECIAL_CAUSE_NEUTRAL_HIGH:
        return NEUTRAL_HIGH
    if point_type is PointType.SPECIAL_CAUSE_NEUTRAL_LOW:
        return NEUTRAL_LOW
    higher_is_better = improvement is Improvement.INCREASE
    if point_type is PointType.SPECIAL_CAUSE_IMPROVEMENT:
        return IMPROVEMENT_HIGH if higher_is_better else IMPROVEMENT_LOW
    if point_type is PointType.SPECIAL_CAUSE_CONCERN:
        return CONCERN_LOW if higher_is_better else CONCERN_HIGH
    return COMMON_CAUSE


def variation_icon(result: SPCResult) -> Icon:
    """Return the variation icon of a chart: what its latest point shows."""
    return point_icon(result.variation, result.improvement)


def assurance_icon(result: SPCResult) -> Icon | None:
    """Return the assurance icon of a chart, or None when it has no target to assure."""
    return _ASSURANCE[result.assurance] if result.assurance is not None else None


def rule_words(special_cause_type: str) -> str:
    """Say in plain words which rule a point broke ('' for common cause)."""
    return RULE_WORDS.get(special_cause_type, "")
