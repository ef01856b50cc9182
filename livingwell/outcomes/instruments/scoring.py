"""Turn one person's answers to one instrument into a ``Score``."""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from livingwell.outcomes.instruments.catalogue import get_instrument
from livingwell.outcomes.instruments.definitions import InstrumentDefinition, Scoring
from livingwell.outcomes.instruments.errors import (
    AnswerNotIntegerError,
    AnswerOutOfRangeError,
    MissingAnswerError,
    WrongAnswerCountError,
)
from livingwell.outcomes.instruments.swemwbs_table import SWEMWBS_RAW_TO_METRIC

Answer = int | None


@dataclass(frozen=True)
class Score:
    """One completed instrument, scored.

    ``total`` is the sum of the item scores after reverse scoring (for a prorated CORE-10, the
    mean of the answered items times the number of items; for DIALOG, the sum of the eight life
    domains). ``value`` is what is reported: the total for most instruments, the metric score
    for SWEMWBS, the quality-of-life mean for DIALOG, the rating for a goal.
    """

    code: str
    answers: tuple[Answer, ...]
    item_scores: tuple[Answer, ...]
    total: int | float
    value: int | float
    band: str | None
    # None where the instrument has no clinical cut-off.
    is_case: bool | None
    prorated: bool = False
    risk_flags: tuple[str, ...] = ()
    subscores: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def needs_urgent_help(self) -> bool:
        """Return whether a risk item was answered above zero, whatever the total."""
        return bool(self.risk_flags)


def reverse_answer(definition: InstrumentDefinition, answer: int) -> int:
    """Return the reverse-scored value of ``answer`` on the instrument's answer range."""
    return definition.answer_min + definition.answer_max - answer


def validate_answers(definition: InstrumentDefinition, answers: Sequence[Answer]) -> tuple[Answer, ...]:
    """Check ``answers`` against the definition and return them as a tuple, or raise."""
    if isinstance(answers, str | bytes) or not isinstance(answers, Sequence):
        raise AnswerNotIntegerError(
            f"{definition.code} answers must be a list of whole numbers, not {type(answers).__name__}."
        )
    if len(answers) != definition.item_count:
        raise WrongAnswerCountError(
            f"{definition.code} has {definition.item_count} items but {len(answers)} answers were given."
        )
    missing: list[int] = []
    for number, answer in enumerate(answers, start=1):
        if answer is None:
            missing.append(number)
            continue
        # bool is an int in Python; True as an answer is a bug upstream, not a 1.
        if isinstance(answer, bool) or not isinstance(answer, numbers.Integral):
            raise AnswerNotIntegerError(
                f"{definition.code} item {number}: answer {answer!r} is not a whole number."
            )
        if not definition.answer_min <= answer <= definition.answer_max:
            raise AnswerOutOfRangeError(
                f"{definition.code} item {number}: answer {answer} is outside "
                f"{definition.answer_min}-{definition.answer_max}."
            )
    _check_missing(definition, missing)
    return tuple(None if answer is None else int(answer) for answer in answers)


def _check_missing(definition: InstrumentDefinition, missing: list[int]) -> None:
    if not missing:
        return
    items = ", ".join(str(number) for number in missing)
    if len(missing) > definition.max_prorated_items:
        allowance = (
            f"at most {definition.max_prorated_items} may be left unanswered"
            if definition.max_prorated_items
            else "every item must be answered"
        )
        raise MissingAnswerError(f"{definition.code}: item(s) {items} unanswered; {allowance}.")
    # Stricter than the publisher on purpose: a risk item's answer decides whether the person is
    # shown urgent help, so it is never filled in by prorating.
    risk_numbers = {risk.number for risk in definition.risk_items}
    unanswered_risk = sorted(risk_numbers.intersection(missing))
    if unanswered_risk:
        raise MissingAnswerError(
            f"{definition.code}: item {unanswered_risk[0]} is a risk item and must be answered."
        )


def score(code: str, answers: Sequence[Answer]) -> Score:
    """Score ``answers`` (one per item, in order; None for an unanswered item) on ``code``."""
    definition = get_instrument(code)
    given = validate_answers(definition, answers)
    reversed_items = set(definition.reverse_items)
    item_scores = tuple(
        None if answer is None else reverse_answer(definition, answer) if number in reversed_items else answer
        for number, answer in enumerate(given, start=1)
    )
    total, value, subscores = _value(definition, item_scores)
    risk_flags = tuple(
        risk.flag
        for risk in definition.risk_items
        if (answer := given[risk.number - 1]) is not None and answer > risk.raised_above
    )
    return Score(
        code=definition.code,
        answers=given,
        item_scores=item_scores,
        total=total,
        value=value,
        band=definition.band_for(value),
        is_case=None if definition.cutoff is None else definition.cutoff.is_case(value),
        prorated=any(answer is None for answer in given),
        risk_flags=risk_flags,
        subscores=MappingProxyType(subscores),
    )


def _value(
    definition: InstrumentDefinition, item_scores: tuple[Answer, ...]
) -> tuple[int | float, int | float, dict[str, float]]:
    answered = [item for item in item_scores if item is not None]
    if definition.scoring is Scoring.SUM:
        if len(answered) == len(item_scores):
            return sum(answered), sum(answered), {}
        # Prorated (CORE-10 only): the mean of the answered items scaled to the full length,
        # as the CORE System Trust's "clinical score" is the item mean times ten.
        prorated_total = sum(answered) * len(item_scores) / len(answered)
        return prorated_total, prorated_total, {}
    if definition.scoring is Scoring.SWEMWBS_METRIC:
        raw = sum(answered)
        return raw, SWEMWBS_RAW_TO_METRIC[raw], {}
    if definition.scoring is Scoring.MEAN_OF_GROUP:
        means = {
            group.name: sum(_item(item_scores, n) for n in group.items) / len(group.items)
            for group in definition.item_groups
        }
        reported = definition.item_groups[0]
        return sum(_item(item_scores, n) for n in reported.items), means[reported.name], means
    # Scoring.SINGLE_RATING
    return answered[0], answered[0], {}


def _item(item_scores: tuple[Answer, ...], number: int) -> int:
    item = item_scores[number - 1]
    # Unreachable for instruments that do not prorate; validate_answers has already refused.
    assert item is not None
    return item
