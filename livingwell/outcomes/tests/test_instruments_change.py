"""Change on one instrument, in Jacobson-Truax terms, on both sides of every threshold."""

import pytest

from livingwell.outcomes import classify_change, classify_goal_changes, score
from livingwell.outcomes.instruments import WrongAnswerCountError


@pytest.mark.parametrize(
    ("code", "first", "last", "improved", "deteriorated"),
    [
        # PHQ-9: reliable change is a change of 6 or more; lower is better.
        ("PHQ-9", 20, 14, True, False),
        ("PHQ-9", 20, 15, False, False),
        ("PHQ-9", 10, 16, False, True),
        ("PHQ-9", 10, 15, False, False),
        # GAD-7: 4 or more.
        ("GAD-7", 15, 11, True, False),
        ("GAD-7", 15, 12, False, False),
        ("GAD-7", 5, 9, False, True),
        ("GAD-7", 5, 8, False, False),
        # CORE-10: 6 or more (Barkham et al. 2013).
        ("CORE-10", 20, 14, True, False),
        ("CORE-10", 20, 15, False, False),
        ("CORE-10", 10, 16, False, True),
        ("CORE-10", 10, 15, False, False),
        # WEMWBS: 2.77 x SEM 3.1 = 8.587, so 9 or more; higher is better.
        ("WEMWBS", 40, 49, True, False),
        ("WEMWBS", 40, 48, False, False),
        ("WEMWBS", 49, 40, False, True),
        ("WEMWBS", 48, 40, False, False),
        # SWEMWBS metric score: 2.87 or more.
        ("SWEMWBS", 15.32, 18.19, True, False),
        ("SWEMWBS", 15.32, 18.18, False, False),
        ("SWEMWBS", 18.19, 15.32, False, True),
        ("SWEMWBS", 18.18, 15.32, False, False),
        # GBO: 2.45 or more, i.e. 3 or more on whole-number ratings.
        ("GBO", 2, 5, True, False),
        ("GBO", 2, 4, False, False),
        ("GBO", 5, 2, False, True),
    ],
)
def test_reliable_change_on_both_sides_of_the_threshold(
    code: str, first: float, last: float, improved: bool, deteriorated: bool
) -> None:
    result = classify_change(code, first, last)
    assert result.classifiable
    assert result.reliable_improvement is improved
    assert result.reliable_deterioration is deteriorated
    assert result.no_reliable_change is (not improved and not deteriorated)


def test_swemwbs_change_between_table_values_either_side_of_the_threshold() -> None:
    # 19.25 - 16.36 = 2.89 (raw 21 against 16): reliable; 2.83 is the nearest below.
    assert classify_change("SWEMWBS", score("SWEMWBS", [3] * 7), 16.36).reliable_deterioration
    assert not classify_change("SWEMWBS", 16.36, 19.19).reliable_improvement


def test_no_change_is_no_reliable_change() -> None:
    result = classify_change("PHQ-9", 12, 12)
    assert (result.change, result.no_reliable_change) == (0, True)
    assert not result.reliable_improvement
    assert not result.reliable_deterioration


@pytest.mark.parametrize(
    ("first", "last", "recovered"),
    [
        (16, 10, True),  # case (>= 11) to not a case, a fall of 6
        (17, 11, False),  # still a case at the end
        (15, 10, False),  # crossed the cut-off but a fall of only 5
        (10, 4, False),  # reliable fall, but not a case at the start
    ],
)
def test_core10_clinically_significant_improvement_needs_both_conditions(
    first: int, last: int, recovered: bool
) -> None:
    assert classify_change("CORE-10", first, last).clinically_significant_improvement is recovered


def test_clinically_significant_deterioration_is_the_mirror_image() -> None:
    assert classify_change("CORE-10", 10, 16).clinically_significant_deterioration
    assert not classify_change("CORE-10", 11, 17).clinically_significant_deterioration


def test_reqol10_is_not_classified_but_still_reports_the_clinical_range() -> None:
    result = classify_change("ReQoL-10", 10, 35)
    assert not result.classifiable
    assert "not classified" in result.reason
    assert not result.reliable_improvement
    assert not result.reliable_deterioration
    assert not result.no_reliable_change
    assert not result.clinically_significant_improvement
    assert (result.case_at_start, result.case_at_end) == (True, False)


def test_dialog_change_is_not_classified() -> None:
    result = classify_change("DIALOG", score("DIALOG", [2] * 11), score("DIALOG", [6] * 11))
    assert not result.classifiable
    assert result.change == pytest.approx(4.0)
    assert (result.case_at_start, result.case_at_end) == (None, None)


def test_a_classified_result_cites_its_threshold() -> None:
    assert classify_change("PHQ-9", 10, 4).reason.startswith("Reliable change >= 6")


def test_scores_and_totals_give_the_same_classification() -> None:
    from_scores = classify_change("PHQ-9", score("PHQ-9", [2] * 9), score("PHQ-9", [1] * 9))
    from_totals = classify_change("PHQ-9", 18, 9)
    assert from_scores == from_totals


def test_goal_changes_are_classified_per_goal() -> None:
    results = classify_goal_changes([2, 6, 8], [7, 7, 4])
    assert [r.reliable_improvement for r in results] == [True, False, False]
    assert [r.reliable_deterioration for r in results] == [False, False, True]


def test_goal_changes_need_a_last_rating_for_every_goal() -> None:
    with pytest.raises(WrongAnswerCountError, match="2 first ratings but 1 last"):
        classify_goal_changes([2, 6], [7])
