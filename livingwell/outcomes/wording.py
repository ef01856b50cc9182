"""The questions as a page shows them: the organisation's licensed wording, or neutral labels."""

from __future__ import annotations

from dataclasses import dataclass

from livingwell.outcomes.instruments import get_instrument, question_label
from livingwell.outcomes.models import LoadedInstrumentText


@dataclass(frozen=True)
class Question:
    number: int
    label: str
    options: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class Wording:
    instrument: str
    loaded: bool
    questions: tuple[Question, ...]

    def question(self, number: int) -> Question:
        return self.questions[number - 1]


def wording_for(code: str, organisation_id: int | None) -> Wording:
    """Return the questions of ``code`` in the organisation's loaded wording, else neutral labels."""
    definition = get_instrument(code)
    text = (
        LoadedInstrumentText.objects.filter(
            organisation_id=organisation_id, instrument=definition.code
        ).first()
        if organisation_id is not None
        else None
    )
    values = range(definition.answer_min, definition.answer_max + 1)
    if text is None:
        # Neutral: the number itself, with the ends of the scale named only by position.
        options = tuple(
            (
                value,
                f"{value} (lowest)"
                if value == definition.answer_min
                else f"{value} (highest)"
                if value == definition.answer_max
                else str(value),
            )
            for value in values
        )
        questions = tuple(
            Question(n, question_label(definition.code, n), options)
            for n in range(1, definition.item_count + 1)
        )
        return Wording(definition.code, False, questions)
    options = tuple(zip(values, text.answers, strict=True))
    questions = tuple(
        Question(n, f"{question_label(definition.code, n)}: {item}", options)
        for n, item in enumerate(text.items, start=1)
    )
    return Wording(definition.code, True, questions)
