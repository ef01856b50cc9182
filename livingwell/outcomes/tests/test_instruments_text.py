"""Loaded item wording is checked against the definition; neutral labels need no wording."""

from typing import Any

import pytest

from livingwell.outcomes import InstrumentTextError, parse_instrument_text, question_label


def content(**overrides: Any) -> dict[str, Any]:
    # Placeholder wording only: the repository holds no licensed item text.
    data: dict[str, Any] = {
        "instrument": "PHQ-9",
        "licence": "Placeholder licence note for tests",
        "items": [f"Placeholder item {n}" for n in range(1, 10)],
        "answers": ["answer 0", "answer 1", "answer 2", "answer 3"],
    }
    data.update(overrides)
    return data


def test_a_matching_content_file_is_accepted() -> None:
    text = parse_instrument_text(content(instrument="phq-9"))
    assert text.instrument == "PHQ-9"
    assert len(text.items) == 9
    assert text.answer_label(0) == "answer 0"
    assert text.answer_label(3) == "answer 3"


def test_answer_labels_follow_the_instruments_own_scale() -> None:
    text = parse_instrument_text(
        content(
            instrument="SWEMWBS",
            items=[f"Item {n}" for n in range(1, 8)],
            answers=["one", "two", "three", "four", "five"],
        )
    )
    assert text.answer_label(1) == "one"
    assert text.answer_label(5) == "five"
    with pytest.raises(InstrumentTextError, match="outside 1-5"):
        text.answer_label(0)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"items": ["only one"]}, "9 items but the content has 1"),
        ({"answers": ["a", "b", "c"]}, "4 labels\\) but the content has 3"),
        ({"instrument": "PHQ-8"}, "Unknown instrument"),
        ({"licence": "  "}, "'licence' must be non-empty text"),
        ({"items": "all in one string"}, "'items' must be a list"),
        ({"answers": ["a", "b", 3, "d"]}, "'answers\\[2\\]' must be non-empty text"),
        ({"wording": "extra"}, "Unknown field"),
    ],
)
def test_content_that_does_not_fit_the_instrument_is_refused(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(InstrumentTextError, match=message):
        parse_instrument_text(content(**overrides))


def test_a_missing_field_is_refused() -> None:
    data = content()
    del data["licence"]
    with pytest.raises(InstrumentTextError, match="Missing field\\(s\\) in content: licence"):
        parse_instrument_text(data)


def test_content_must_be_an_object() -> None:
    with pytest.raises(InstrumentTextError, match="JSON object"):
        parse_instrument_text(["PHQ-9"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "number", "label"),
    [
        ("PHQ-9", 3, "Question 3 of 9"),
        ("PHQ-9", 1, "Question 1 of 9"),
        ("DIALOG", 11, "Question 11 of 11"),
    ],
)
def test_question_label(code: str, number: int, label: str) -> None:
    assert question_label(code, number) == label


@pytest.mark.parametrize("number", [0, 10, -1, True])
def test_question_label_refuses_numbers_outside_the_instrument(number: int) -> None:
    with pytest.raises(InstrumentTextError):
        question_label("PHQ-9", number)
