"""Every kind of bad input raises its own InstrumentError, with a message that says what."""

import pytest

from livingwell.outcomes import (
    AnswerNotIntegerError,
    AnswerOutOfRangeError,
    InstrumentError,
    MissingAnswerError,
    ScoreMismatchError,
    UnknownInstrumentError,
    WrongAnswerCountError,
    classify_change,
    score,
)


def test_errors_share_one_base_that_is_a_value_error() -> None:
    for error in (
        AnswerNotIntegerError,
        AnswerOutOfRangeError,
        MissingAnswerError,
        ScoreMismatchError,
        UnknownInstrumentError,
        WrongAnswerCountError,
    ):
        assert issubclass(error, InstrumentError)
    assert issubclass(InstrumentError, ValueError)


@pytest.mark.parametrize("code", ["PHQ-8", "", "CORE-OM"])
def test_unknown_instrument(code: str) -> None:
    with pytest.raises(UnknownInstrumentError, match="known instruments: PHQ-9"):
        score(code, [0] * 9)


@pytest.mark.parametrize("count", [0, 8, 10])
def test_wrong_number_of_answers(count: int) -> None:
    with pytest.raises(WrongAnswerCountError, match=f"9 items but {count} answers"):
        score("PHQ-9", [0] * count)


@pytest.mark.parametrize("bad", [1.0, "1", True, False, 0.5])
def test_answers_that_are_not_whole_numbers(bad: object) -> None:
    answers: list[object] = [0] * 9
    answers[4] = bad
    with pytest.raises(AnswerNotIntegerError, match="item 5"):
        score("PHQ-9", answers)  # type: ignore[arg-type]


def test_a_string_is_not_a_list_of_answers() -> None:
    with pytest.raises(AnswerNotIntegerError):
        score("PHQ-9", "000000000")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "bad"),
    [("PHQ-9", -1), ("PHQ-9", 4), ("CORE-10", 5), ("WEMWBS", 0), ("WEMWBS", 6), ("DIALOG", 8)],
)
def test_answers_out_of_range(code: str, bad: int) -> None:
    definition_items = {"PHQ-9": 9, "CORE-10": 10, "WEMWBS": 14, "DIALOG": 11}[code]
    minimum = 1 if code in {"WEMWBS", "DIALOG"} else 0
    answers = [minimum] * definition_items
    answers[-1] = bad
    with pytest.raises(AnswerOutOfRangeError, match=f"item {definition_items}: answer {bad}"):
        score(code, answers)


def test_a_missing_phq9_answer_is_not_prorated() -> None:
    with pytest.raises(MissingAnswerError, match="item\\(s\\) 3 unanswered"):
        score("PHQ-9", [0, 0, None, 0, 0, 0, 0, 0, 0])


def test_change_refuses_a_score_from_another_instrument() -> None:
    with pytest.raises(ScoreMismatchError, match="GAD-7 score was given where PHQ-9"):
        classify_change("PHQ-9", score("GAD-7", [0] * 7), 5)


@pytest.mark.parametrize("bad", [-1, 28, 27.5, True, "12", None])
def test_change_refuses_values_outside_the_range_or_not_numbers(bad: object) -> None:
    with pytest.raises(ScoreMismatchError):
        classify_change("PHQ-9", bad, 5)  # type: ignore[arg-type]
