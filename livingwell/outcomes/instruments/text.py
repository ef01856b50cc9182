"""Item wording loaded by an organisation, and neutral labels when there is none.

The repository holds structure and scoring only. An organisation loads the wording it is licensed
to use from a JSON content file shaped like::

    {"instrument": "PHQ-9", "licence": "...", "items": ["...", ...], "answers": ["...", ...]}

``items`` has one entry per item in order; ``answers`` one label per answer value from the
lowest to the highest (e.g. four labels for 0-3). This module only checks that such a file fits
the instrument's definition; storing it is the Django side's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from livingwell.outcomes.instruments.catalogue import get_instrument
from livingwell.outcomes.instruments.errors import InstrumentTextError, UnknownInstrumentError

_FIELDS = frozenset({"instrument", "licence", "items", "answers"})


@dataclass(frozen=True)
class InstrumentText:
    """The wording of one instrument, as loaded under a licence."""

    instrument: str
    licence: str
    items: tuple[str, ...]
    answers: tuple[str, ...]

    def answer_label(self, value: int) -> str:
        """Return the label for the answer ``value`` (on the instrument's own scale)."""
        definition = get_instrument(self.instrument)
        if not definition.answer_min <= value <= definition.answer_max:
            raise InstrumentTextError(
                f"{self.instrument}: answer {value} is outside "
                f"{definition.answer_min}-{definition.answer_max}."
            )
        return self.answers[value - definition.answer_min]


def parse_instrument_text(data: Mapping[str, Any]) -> InstrumentText:
    """Check a content file's data against its instrument and return it, or raise."""
    if not isinstance(data, Mapping):
        raise InstrumentTextError(f"Content must be a JSON object, not {type(data).__name__}.")
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise InstrumentTextError(f"Unknown field(s) in content: {', '.join(map(str, unknown))}.")
    missing = sorted(_FIELDS - set(data))
    if missing:
        raise InstrumentTextError(f"Missing field(s) in content: {', '.join(missing)}.")
    try:
        definition = get_instrument(data["instrument"])
    except UnknownInstrumentError as error:
        raise InstrumentTextError(str(error)) from error
    licence = _text(data["licence"], "licence")
    items = _texts(data["items"], "items")
    answers = _texts(data["answers"], "answers")
    if len(items) != definition.item_count:
        raise InstrumentTextError(
            f"{definition.code} has {definition.item_count} items but the content has {len(items)}."
        )
    if len(answers) != definition.answer_count:
        raise InstrumentTextError(
            f"{definition.code} answers run {definition.answer_min}-{definition.answer_max} "
            f"({definition.answer_count} labels) but the content has {len(answers)}."
        )
    return InstrumentText(instrument=definition.code, licence=licence, items=items, answers=answers)


def _text(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InstrumentTextError(f"'{field}' must be non-empty text.")
    return value.strip()


def _texts(value: object, field: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InstrumentTextError(f"'{field}' must be a list of text.")
    return tuple(_text(entry, f"{field}[{index}]") for index, entry in enumerate(value))


def question_label(code: str, number: int) -> str:
    """Return a neutral label for item ``number`` (1-based), e.g. "Question 3 of 9"."""
    definition = get_instrument(code)
    if isinstance(number, bool) or not isinstance(number, int):
        raise InstrumentTextError(f"Question number must be a whole number, not {number!r}.")
    if not 1 <= number <= definition.item_count:
        raise InstrumentTextError(
            f"{definition.code} has questions 1-{definition.item_count}; there is no question {number}."
        )
    return f"Question {number} of {definition.item_count}"
