"""The Making Data Count icons: which icon a chart earns, their colours, and their words."""

from __future__ import annotations

import re

import pytest

from livingwell.statistics.spc import Improvement, PointType, spc
from livingwell.statistics.spc import icons as mdc_icons
from livingwell.statistics.spc import rules as spc_rules

STEADY = [10, 11, 10, 12, 11, 10, 11, 12, 10, 11, 10, 11, 11]  # 13: settled limits, no warning


@pytest.mark.parametrize(
    ("point_type", "improvement", "key"),
    [
        (PointType.COMMON_CAUSE, Improvement.INCREASE, "common-cause"),
        (PointType.COMMON_CAUSE, Improvement.NEUTRAL, "common-cause"),
        (PointType.SPECIAL_CAUSE_IMPROVEMENT, Improvement.INCREASE, "improvement-high"),
        (PointType.SPECIAL_CAUSE_IMPROVEMENT, Improvement.DECREASE, "improvement-low"),
        (PointType.SPECIAL_CAUSE_CONCERN, Improvement.INCREASE, "concern-low"),
        (PointType.SPECIAL_CAUSE_CONCERN, Improvement.DECREASE, "concern-high"),
        (PointType.SPECIAL_CAUSE_NEUTRAL_HIGH, Improvement.NEUTRAL, "neutral-high"),
        (PointType.SPECIAL_CAUSE_NEUTRAL_LOW, Improvement.NEUTRAL, "neutral-low"),
    ],
)
def test_each_point_type_and_direction_has_its_icon(
    point_type: PointType, improvement: Improvement, key: str
) -> None:
    assert mdc_icons.point_icon(point_type, improvement).key == key


@pytest.mark.parametrize(
    ("improvement", "key"),
    [("increase", "improvement-high"), ("decrease", "concern-high"), ("neutral", "neutral-high")],
)
def test_a_chart_ending_far_above_its_limits_reads_high(improvement: str, key: str) -> None:
    result = spc([*STEADY, 40], improvement=improvement)
    assert mdc_icons.variation_icon(result).key == key


def test_a_steady_chart_is_common_cause() -> None:
    assert mdc_icons.variation_icon(spc(STEADY)) is mdc_icons.COMMON_CAUSE


@pytest.mark.parametrize(
    ("improvement", "target", "key"),
    [
        ("increase", 50, "fail"),  # above the upper limit, where higher is better
        ("increase", 0, "pass"),
        ("increase", 11, "hit-and-miss"),
        ("decrease", 50, "pass"),
        ("decrease", 0, "fail"),
    ],
)
def test_assurance_reads_where_the_target_lies_against_the_limits(
    improvement: str, target: float, key: str
) -> None:
    icon = mdc_icons.assurance_icon(spc(STEADY, improvement=improvement, target=target))
    assert icon is not None
    assert icon.key == key


def test_no_target_means_no_assurance_icon() -> None:
    assert mdc_icons.assurance_icon(spc(STEADY, improvement="increase")) is None


def test_the_colours_are_making_data_counts() -> None:
    # DOMAIN.md §4: grey #a6a6a6, blue #00b0f0 improvement, orange #e46c0a concern, purple #490092.
    colours = {icon.key: icon.colour for icon in (*mdc_icons.VARIATION_ICONS, *mdc_icons.ASSURANCE_ICONS)}
    assert colours == {
        "common-cause": "#a6a6a6",
        "improvement-high": "#00b0f0",
        "improvement-low": "#00b0f0",
        "concern-high": "#e46c0a",
        "concern-low": "#e46c0a",
        "neutral-high": "#490092",
        "neutral-low": "#490092",
        "pass": "#00b0f0",
        "fail": "#e46c0a",
        "hit-and-miss": "#a6a6a6",
    }


def test_no_icon_relies_on_colour_alone() -> None:
    icons = (*mdc_icons.VARIATION_ICONS, *mdc_icons.ASSURANCE_ICONS)
    assert len({icon.label for icon in icons}) == len(icons)
    for icon in icons:
        svg = str(icon.svg())
        assert 'aria-hidden="true"' in svg
        assert 'focusable="false"' in svg
        # A letter, an arrow or the common-cause line, whatever colour the reader sees.
        assert icon.letter or icon.arrow or "<polyline" in svg
        if icon.letter:
            assert f">{icon.letter}</text>" in svg.replace("&#63;", "?")
        assert "style=" not in svg  # the Content-Security-Policy forbids inline styles
    assert {i.letter for i in mdc_icons.ASSURANCE_ICONS} == {"P", "F", "?"}
    assert {(i.letter, i.arrow) for i in mdc_icons.VARIATION_ICONS if i.key.endswith("-high")} == {
        ("H", "up")
    }
    assert {(i.letter, i.arrow) for i in mdc_icons.VARIATION_ICONS if i.key.endswith("-low")} == {
        ("L", "down")
    }


def test_the_words_are_shown_or_read_to_screen_readers_only() -> None:
    shown = str(mdc_icons.CONCERN_HIGH.html())
    assert '<span class="lw-mdc-icon__label">Special cause concern: high</span>' in shown
    hidden = str(mdc_icons.CONCERN_HIGH.html(visible=False))
    assert (
        '<span class="lw-mdc-icon__label nhsuk-u-visually-hidden">Special cause concern: high</span>'
        in hidden
    )


def test_every_special_cause_rule_has_plain_words() -> None:
    labels = [v for k, v in vars(spc_rules).items() if re.fullmatch(r"[A-Z_]+", k) and isinstance(v, str)]
    special = [label for label in labels if label in mdc_icons.RULE_WORDS]
    assert len(special) == 8
    assert mdc_icons.rule_words(spc_rules.COMMON_CAUSE_LABEL) == ""
    assert mdc_icons.rule_words(spc_rules.BELOW_LCL) == "below the lower process limit"
