"""Scoring: totals, bands, cut-offs on both sides, reverse scoring, risk items, prorating."""

import pytest

from livingwell.outcomes import INSTRUMENTS, MissingAnswerError, score
from livingwell.outcomes.instruments import InstrumentDefinition, get_instrument, reverse_answer


@pytest.mark.parametrize(
    ("total", "band", "is_case"),
    [
        (0, "minimal", False),
        (4, "minimal", False),
        (5, "mild", False),
        (9, "mild", False),
        (10, "moderate", True),
        (14, "moderate", True),
        (15, "moderately severe", True),
        (19, "moderately severe", True),
        (20, "severe", True),
        (27, "severe", True),
    ],
)
def test_phq9_bands_and_caseness_at_every_boundary(total: int, band: str, is_case: bool) -> None:
    result = score("PHQ-9", answers_for_total("PHQ-9", total))
    assert (result.total, result.value, result.band, result.is_case) == (
        total,
        total,
        band,
        is_case,
    )


@pytest.mark.parametrize(
    ("total", "band", "is_case"),
    [
        (0, "minimal", False),
        (4, "minimal", False),
        (5, "mild", False),
        (7, "mild", False),
        (8, "mild", True),
        (9, "mild", True),
        (10, "moderate", True),
        (14, "moderate", True),
        (15, "severe", True),
        (21, "severe", True),
    ],
)
def test_gad7_bands_and_caseness_at_every_boundary(total: int, band: str, is_case: bool) -> None:
    result = score("GAD-7", answers_for_total("GAD-7", total))
    assert (result.total, result.band, result.is_case) == (total, band, is_case)


@pytest.mark.parametrize(
    ("total", "band", "is_case"),
    [
        (0, "healthy or low-level problems", False),
        (10, "healthy or low-level problems", False),
        (11, "mild psychological distress", True),
        (14, "mild psychological distress", True),
        (15, "moderate psychological distress", True),
        (19, "moderate psychological distress", True),
        (20, "moderate-to-severe psychological distress", True),
        (24, "moderate-to-severe psychological distress", True),
        (25, "severe psychological distress", True),
        (40, "severe psychological distress", True),
    ],
)
def test_core10_bands_and_cutoff_at_every_boundary(total: int, band: str, is_case: bool) -> None:
    result = score("CORE-10", answers_for_total("CORE-10", total))
    assert (result.total, result.band, result.is_case) == (total, band, is_case)


def test_core10_reverses_items_2_and_3_only() -> None:
    # "Not at all" everywhere: items 2 and 3 are positively worded, so they score 4 each.
    result = score("CORE-10", [0] * 10)
    assert result.item_scores == (0, 4, 4, 0, 0, 0, 0, 0, 0, 0)
    assert result.total == 8
    assert score("CORE-10", [4] * 10).total == 32


@pytest.mark.parametrize(
    ("total", "band", "is_case"),
    [
        (0, "clinical range", True),
        (23, "clinical range", True),
        (24, "general population range", False),
        (40, "general population range", False),
    ],
)
def test_reqol10_clinical_range_is_below_24(total: int, band: str, is_case: bool) -> None:
    result = score("ReQoL-10", answers_for_total("ReQoL-10", total))
    assert (result.total, result.band, result.is_case) == (total, band, is_case)


def test_reqol10_answers_are_taken_as_keyed_item_scores() -> None:
    answers = [0, 4, 1, 3, 2, 2, 3, 1, 4, 0]
    assert score("ReQoL-10", answers).item_scores == tuple(answers)


@pytest.mark.parametrize("total", [14, 42, 70])
def test_wemwbs_is_a_plain_sum_with_no_cutoff(total: int) -> None:
    result = score("WEMWBS", answers_for_total("WEMWBS", total))
    assert (result.total, result.value, result.band, result.is_case) == (total, total, None, None)


def test_dialog_reports_quality_of_life_and_treatment_satisfaction_means() -> None:
    result = score("DIALOG", [1, 2, 3, 4, 5, 6, 7, 7, 2, 3, 7])
    assert result.value == pytest.approx(35 / 8)
    assert result.total == 35
    assert result.subscores["quality_of_life"] == pytest.approx(35 / 8)
    assert result.subscores["treatment_satisfaction"] == pytest.approx(4.0)
    assert result.is_case is None


@pytest.mark.parametrize("rating", [0, 5, 10])
def test_gbo_reports_the_goal_rating(rating: int) -> None:
    result = score("GBO", [rating])
    assert (result.total, result.value, result.is_case) == (rating, rating, None)


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_any_phq9_item9_answer_needs_urgent_help_whatever_the_total(item9: int) -> None:
    result = score("PHQ-9", [0, 0, 0, 0, 0, 0, 0, 0, item9])
    assert result.is_case is False
    assert result.needs_urgent_help
    assert result.risk_flags == ("phq9_item9_self_harm_thoughts",)


def test_phq9_item9_at_zero_raises_no_flag_even_at_a_high_total() -> None:
    result = score("PHQ-9", [3, 3, 3, 3, 3, 3, 3, 3, 0])
    assert result.total == 24
    assert not result.needs_urgent_help
    assert result.risk_flags == ()


def test_core10_item6_plans_to_end_life_is_flagged() -> None:
    answers = [0, 4, 4, 0, 0, 1, 0, 0, 0, 0]
    result = score("CORE-10", answers)
    assert result.total == 1
    assert result.risk_flags == ("core10_item6_plans_to_end_life",)
    answers[5] = 0
    assert not score("CORE-10", answers).needs_urgent_help


def test_core10_prorates_one_missing_item_as_the_item_mean_times_ten() -> None:
    result = score("CORE-10", [None, 0, 0, 1, 1, 0, 1, 1, 1, 1])
    # Nine answered item scores: 4 + 4 + 6 x 1 + 0 = 14; 14 / 9 x 10 = 15.56.
    assert result.prorated
    assert result.total == pytest.approx(140 / 9)
    assert result.value == pytest.approx(140 / 9)
    assert result.band == "moderate psychological distress"
    assert result.is_case is True


def test_a_complete_score_is_not_marked_prorated() -> None:
    assert not score("CORE-10", [1] * 10).prorated


def test_core10_prorated_value_just_below_the_cutoff_is_not_a_case() -> None:
    # Item scores 4 + 4 + 1 + 0 ... = 9 over nine items: 10.0 < 11.
    result = score("CORE-10", [0, 0, 0, 1, 0, 0, 0, 0, 0, None])
    assert result.value == pytest.approx(10.0)
    assert result.is_case is False


def test_core10_refuses_two_missing_items() -> None:
    with pytest.raises(MissingAnswerError, match="at most 1"):
        score("CORE-10", [None, None, 0, 1, 1, 0, 1, 1, 1, 1])


def test_core10_never_prorates_the_risk_item() -> None:
    with pytest.raises(MissingAnswerError, match="risk item"):
        score("CORE-10", [0, 0, 0, 1, 1, None, 1, 1, 1, 1])


@pytest.mark.parametrize("code", [code for code in INSTRUMENTS if code != "CORE-10"])
def test_other_instruments_refuse_any_missing_item(code: str) -> None:
    definition = INSTRUMENTS[code]
    answers: list[int | None] = [definition.answer_min] * definition.item_count
    answers[0] = None
    with pytest.raises(MissingAnswerError, match="every item must be answered"):
        score(code, answers)


def test_instrument_codes_are_matched_case_insensitively() -> None:
    assert score("phq-9", [0] * 9).code == "PHQ-9"
    assert score(" reqol-10 ", [0] * 10).code == "ReQoL-10"


def answers_for_total(code: str, total: int) -> list[int | None]:
    """Return answers whose item scores (after reverse scoring) sum to ``total``."""
    definition = get_instrument(code)
    item_scores = _spread(definition, total)
    return [
        reverse_answer(definition, item) if number in definition.reverse_items else item
        for number, item in enumerate(item_scores, start=1)
    ]


def _spread(definition: InstrumentDefinition, total: int) -> list[int]:
    # Start every item at its minimum and fill from the first item up, so the last items
    # (PHQ-9 item 9, the risk item) stay at their minimum unless the total needs them.
    items = [definition.answer_min] * definition.item_count
    remaining = total - definition.answer_min * definition.item_count
    assert remaining >= 0, "total below the instrument's minimum"
    for index in range(definition.item_count):
        step = min(remaining, definition.answer_max - definition.answer_min)
        items[index] += step
        remaining -= step
    assert remaining == 0, "total above the instrument's maximum"
    return items
