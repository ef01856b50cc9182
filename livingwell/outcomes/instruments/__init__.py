"""Standard questionnaires as data plus small scoring functions; no Django, no licensed wording."""

from livingwell.outcomes.instruments.catalogue import INSTRUMENTS, get_instrument
from livingwell.outcomes.instruments.change import (
    ChangeClassification,
    classify_change,
    classify_goal_changes,
)
from livingwell.outcomes.instruments.definitions import (
    Band,
    ClinicalCutoff,
    Comparison,
    Improvement,
    InstrumentDefinition,
    ItemGroup,
    ReliableChange,
    RiskItem,
    Scoring,
)
from livingwell.outcomes.instruments.errors import (
    AnswerNotIntegerError,
    AnswerOutOfRangeError,
    InstrumentError,
    InstrumentTextError,
    MissingAnswerError,
    ScoreMismatchError,
    UnknownInstrumentError,
    WrongAnswerCountError,
)
from livingwell.outcomes.instruments.scoring import Score, reverse_answer, score
from livingwell.outcomes.instruments.swemwbs_table import SWEMWBS_RAW_TO_METRIC
from livingwell.outcomes.instruments.talking_therapies import (
    TalkingTherapiesOutcome,
    talking_therapies_outcome,
)
from livingwell.outcomes.instruments.text import (
    InstrumentText,
    parse_instrument_text,
    question_label,
)

__all__ = [
    "INSTRUMENTS",
    "SWEMWBS_RAW_TO_METRIC",
    "AnswerNotIntegerError",
    "AnswerOutOfRangeError",
    "Band",
    "ChangeClassification",
    "ClinicalCutoff",
    "Comparison",
    "Improvement",
    "InstrumentDefinition",
    "InstrumentError",
    "InstrumentText",
    "InstrumentTextError",
    "ItemGroup",
    "MissingAnswerError",
    "ReliableChange",
    "RiskItem",
    "Score",
    "ScoreMismatchError",
    "Scoring",
    "TalkingTherapiesOutcome",
    "UnknownInstrumentError",
    "WrongAnswerCountError",
    "classify_change",
    "classify_goal_changes",
    "get_instrument",
    "parse_instrument_text",
    "question_label",
    "reverse_answer",
    "score",
    "talking_therapies_outcome",
]
