"""Outcomes: standard questionnaires, their collection and the change they show.

The public scoring API is re-exported here from ``livingwell.outcomes.instruments``, a pure core
that imports nothing from Django, so ``import livingwell.outcomes`` works without settings.
"""

from livingwell.outcomes.instruments import (
    INSTRUMENTS,
    AnswerNotIntegerError,
    AnswerOutOfRangeError,
    ChangeClassification,
    InstrumentDefinition,
    InstrumentError,
    InstrumentText,
    InstrumentTextError,
    MissingAnswerError,
    Score,
    ScoreMismatchError,
    TalkingTherapiesOutcome,
    UnknownInstrumentError,
    WrongAnswerCountError,
    classify_change,
    classify_goal_changes,
    get_instrument,
    parse_instrument_text,
    question_label,
    score,
    talking_therapies_outcome,
)

__all__ = [
    "INSTRUMENTS",
    "AnswerNotIntegerError",
    "AnswerOutOfRangeError",
    "ChangeClassification",
    "InstrumentDefinition",
    "InstrumentError",
    "InstrumentText",
    "InstrumentTextError",
    "MissingAnswerError",
    "Score",
    "ScoreMismatchError",
    "TalkingTherapiesOutcome",
    "UnknownInstrumentError",
    "WrongAnswerCountError",
    "classify_change",
    "classify_goal_changes",
    "get_instrument",
    "parse_instrument_text",
    "question_label",
    "score",
    "talking_therapies_outcome",
]
