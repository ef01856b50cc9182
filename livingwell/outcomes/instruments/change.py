"""Classify change between a first and a last score on one instrument (Jacobson & Truax 1991).

Reliable change: the change is at least the instrument's published reliable change value (or a
Jacobson-Truax value computed from published figures; see each definition's source).
Clinically significant change: reliable change that also crosses the clinical cut-off, which is
what Jacobson & Truax call recovery. Instruments with no reliable change value are not
classified; the result says so (``classifiable=False`` and a reason).
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass

from livingwell.outcomes.instruments.catalogue import get_instrument
from livingwell.outcomes.instruments.definitions import Improvement, InstrumentDefinition
from livingwell.outcomes.instruments.errors import ScoreMismatchError, WrongAnswerCountError
from livingwell.outcomes.instruments.scoring import Score

ScoreOrValue = Score | int | float

# Differences of two-decimal values (SWEMWBS metric scores) carry float noise; rounding well
# below the published precision keeps a change of exactly the threshold on the right side.
_CHANGE_PRECISION = 9


@dataclass(frozen=True)
class ChangeClassification:
    """How a person's reported value moved between two completions of one instrument."""

    code: str
    first: float
    last: float
    # last - first, in the instrument's own units (not "improvement"; see ``reliable_*``).
    change: float
    classifiable: bool
    reason: str
    reliable_improvement: bool
    reliable_deterioration: bool
    no_reliable_change: bool
    # None where the instrument has no clinical cut-off.
    case_at_start: bool | None
    case_at_end: bool | None
    # Jacobson-Truax "recovered": a case at the start, not at the end, reliably improved.
    clinically_significant_improvement: bool
    # The mirror image: not a case at the start, a case at the end, reliably worse.
    clinically_significant_deterioration: bool


def reported_value(definition: InstrumentDefinition, given: ScoreOrValue) -> float:
    """Return the reported value of ``given`` (a Score or a number) on ``definition``, or raise."""
    if isinstance(given, Score):
        if given.code != definition.code:
            raise ScoreMismatchError(f"A {given.code} score was given where {definition.code} was expected.")
        return given.value
    if isinstance(given, bool) or not isinstance(given, numbers.Real):
        raise ScoreMismatchError(
            f"{definition.code}: expected a Score or a number, not {type(given).__name__}."
        )
    if not definition.value_min <= given <= definition.value_max:
        raise ScoreMismatchError(
            f"{definition.code}: value {given} is outside {definition.value_min}-{definition.value_max}."
        )
    return float(given)


def classify_change(code: str, first: ScoreOrValue, last: ScoreOrValue) -> ChangeClassification:
    """Classify the change from ``first`` to ``last`` (Scores or reported values) on ``code``."""
    definition = get_instrument(code)
    start = reported_value(definition, first)
    end = reported_value(definition, last)
    change = round(end - start, _CHANGE_PRECISION)
    cutoff = definition.cutoff
    case_at_start = None if cutoff is None else cutoff.is_case(start)
    case_at_end = None if cutoff is None else cutoff.is_case(end)
    rule = definition.reliable_change
    if rule is None:
        return ChangeClassification(
            code=definition.code,
            first=start,
            last=end,
            change=change,
            classifiable=False,
            reason=definition.no_reliable_change_reason,
            reliable_improvement=False,
            reliable_deterioration=False,
            no_reliable_change=False,
            case_at_start=case_at_start,
            case_at_end=case_at_end,
            clinically_significant_improvement=False,
            clinically_significant_deterioration=False,
        )
    reliable = rule.is_reliable(change)
    better = change < 0 if definition.improvement is Improvement.DECREASE else change > 0
    improvement = reliable and better
    deterioration = reliable and change != 0 and not better
    return ChangeClassification(
        code=definition.code,
        first=start,
        last=end,
        change=change,
        classifiable=True,
        reason=f"Reliable change {rule.comparison.value} {rule.threshold:g} ({rule.source}).",
        reliable_improvement=improvement,
        reliable_deterioration=deterioration,
        no_reliable_change=not reliable,
        case_at_start=case_at_start,
        case_at_end=case_at_end,
        clinically_significant_improvement=bool(improvement and case_at_start and case_at_end is False),
        clinically_significant_deterioration=bool(deterioration and case_at_start is False and case_at_end),
    )


def classify_goal_changes(
    first_ratings: Sequence[ScoreOrValue], last_ratings: Sequence[ScoreOrValue]
) -> tuple[ChangeClassification, ...]:
    """Classify change on each goal (Goal-Based Outcomes), pairing ratings by position."""
    if len(first_ratings) != len(last_ratings):
        raise WrongAnswerCountError(
            f"GBO: {len(first_ratings)} first ratings but {len(last_ratings)} last ratings; "
            "each goal needs both."
        )
    return tuple(
        classify_change("GBO", first, last) for first, last in zip(first_ratings, last_ratings, strict=True)
    )
