"""NHS Talking Therapies paired PHQ-9 / GAD-7 rules, including mixed change."""

import pytest

from livingwell.outcomes import score, talking_therapies_outcome


@pytest.mark.parametrize(
    ("phq9", "gad7", "case"),
    [(10, 0, True), (9, 7, False), (0, 8, True), (9, 8, True), (27, 21, True), (0, 0, False)],
)
def test_a_case_is_phq9_at_least_10_or_gad7_at_least_8(phq9: int, gad7: int, case: bool) -> None:
    outcome = talking_therapies_outcome(phq9, gad7, 0, 0)
    assert outcome.case_at_start is case
    assert outcome.counts_towards_recovery_rate is case
    assert talking_therapies_outcome(0, 0, phq9, gad7).case_at_end is case


def test_recovered_and_reliably_recovered() -> None:
    outcome = talking_therapies_outcome(16, 10, 9, 5)
    assert outcome.recovered
    assert outcome.reliable_improvement
    assert outcome.reliably_recovered


def test_recovered_without_reliable_improvement_is_not_reliable_recovery() -> None:
    outcome = talking_therapies_outcome(12, 5, 9, 7)
    assert outcome.recovered
    assert not outcome.reliable_improvement
    assert not outcome.reliably_recovered
    assert outcome.no_reliable_change


@pytest.mark.parametrize(("phq9_last", "gad7_last"), [(10, 5), (9, 8)])
def test_not_recovered_while_either_measure_is_a_case_at_the_end(phq9_last: int, gad7_last: int) -> None:
    outcome = talking_therapies_outcome(20, 15, phq9_last, gad7_last)
    assert outcome.case_at_end
    assert not outcome.recovered
    assert not outcome.reliably_recovered
    assert outcome.reliable_improvement


def test_no_recovery_without_caseness_at_the_start() -> None:
    outcome = talking_therapies_outcome(9, 7, 3, 2)
    assert not outcome.case_at_start
    assert not outcome.recovered
    assert not outcome.reliably_recovered
    assert outcome.reliable_improvement


def test_improvement_on_one_measure_with_no_reliable_rise_on_the_other() -> None:
    outcome = talking_therapies_outcome(15, 10, 9, 13)  # PHQ-9 -6; GAD-7 +3 is not reliable
    assert outcome.reliable_improvement
    assert not outcome.reliable_deterioration
    assert not outcome.mixed_reliable_change


def test_deterioration_on_one_measure_with_no_reliable_fall_on_the_other() -> None:
    outcome = talking_therapies_outcome(5, 5, 11, 2)  # PHQ-9 +6; GAD-7 -3 is not reliable
    assert outcome.reliable_deterioration
    assert not outcome.reliable_improvement


@pytest.mark.parametrize(
    ("phq9_first", "gad7_first", "phq9_last", "gad7_last"),
    [(20, 5, 14, 9), (5, 15, 11, 11)],
)
def test_one_measure_reliably_better_and_the_other_reliably_worse_is_mixed(
    phq9_first: int, gad7_first: int, phq9_last: int, gad7_last: int
) -> None:
    outcome = talking_therapies_outcome(phq9_first, gad7_first, phq9_last, gad7_last)
    assert outcome.mixed_reliable_change
    assert not outcome.reliable_improvement
    assert not outcome.reliable_deterioration
    assert not outcome.no_reliable_change
    assert not outcome.reliably_recovered


def test_score_objects_are_accepted_as_well_as_totals() -> None:
    from_scores = talking_therapies_outcome(
        score("PHQ-9", [2] * 9),
        score("GAD-7", [2] * 7),
        score("PHQ-9", [1] * 9),
        score("GAD-7", [0] * 7),
    )
    assert from_scores == talking_therapies_outcome(18, 14, 9, 0)
    assert from_scores.reliably_recovered
