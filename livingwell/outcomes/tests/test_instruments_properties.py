"""Properties that hold for every instrument and every valid input."""

from hypothesis import given
from hypothesis import strategies as st

from livingwell.outcomes import INSTRUMENTS, classify_change, score, talking_therapies_outcome
from livingwell.outcomes.instruments import InstrumentDefinition, reverse_answer

instrument_codes = st.sampled_from(sorted(INSTRUMENTS))


@st.composite
def completed(draw: st.DrawFn) -> tuple[InstrumentDefinition, list[int | None]]:
    definition = INSTRUMENTS[draw(instrument_codes)]
    answers: list[int | None] = list(
        draw(
            st.lists(
                st.integers(definition.answer_min, definition.answer_max),
                min_size=definition.item_count,
                max_size=definition.item_count,
            )
        )
    )
    if definition.max_prorated_items and draw(st.booleans()):
        risk = {item.number for item in definition.risk_items}
        candidates = [n for n in range(1, definition.item_count + 1) if n not in risk]
        answers[draw(st.sampled_from(candidates)) - 1] = None
    return definition, answers


@given(completed())
def test_a_score_is_always_in_range(case: tuple[InstrumentDefinition, list[int | None]]) -> None:
    definition, answers = case
    result = score(definition.code, answers)
    assert definition.value_min <= result.value <= definition.value_max
    if definition.bands:
        assert result.band is not None
    if definition.cutoff is None:
        assert result.is_case is None
    else:
        assert result.is_case is definition.cutoff.is_case(result.value)
    assert result.prorated is (None in answers)


@given(instrument_codes, st.data())
def test_reversing_twice_is_identity(code: str, data: st.DataObject) -> None:
    definition = INSTRUMENTS[code]
    answer = data.draw(st.integers(definition.answer_min, definition.answer_max))
    once = reverse_answer(definition, answer)
    assert definition.answer_min <= once <= definition.answer_max
    assert reverse_answer(definition, once) == answer


def values(definition: InstrumentDefinition) -> st.SearchStrategy[float]:
    if definition.code == "SWEMWBS":
        return st.floats(7.0, 35.0, allow_nan=False).map(lambda v: round(v, 2))
    return st.integers(int(definition.value_min), int(definition.value_max)).map(float)


@given(instrument_codes, st.data())
def test_swapping_first_and_last_swaps_improvement_and_deterioration(code: str, data: st.DataObject) -> None:
    definition = INSTRUMENTS[code]
    first = data.draw(values(definition))
    last = data.draw(values(definition))
    forward = classify_change(code, first, last)
    backward = classify_change(code, last, first)
    assert forward.classifiable is backward.classifiable
    assert forward.reliable_improvement is backward.reliable_deterioration
    assert forward.reliable_deterioration is backward.reliable_improvement
    assert forward.no_reliable_change is backward.no_reliable_change
    assert forward.clinically_significant_improvement is backward.clinically_significant_deterioration
    if forward.classifiable:
        exactly_one = [
            forward.reliable_improvement,
            forward.reliable_deterioration,
            forward.no_reliable_change,
        ]
        assert exactly_one.count(True) == 1


@given(st.integers(0, 27), st.integers(0, 21), st.integers(0, 27), st.integers(0, 21))
def test_talking_therapies_categories_are_exclusive_and_consistent(
    phq9_first: int, gad7_first: int, phq9_last: int, gad7_last: int
) -> None:
    outcome = talking_therapies_outcome(phq9_first, gad7_first, phq9_last, gad7_last)
    categories = [
        outcome.reliable_improvement,
        outcome.reliable_deterioration,
        outcome.mixed_reliable_change,
        outcome.no_reliable_change,
    ]
    assert categories.count(True) == 1
    assert outcome.recovered == (outcome.case_at_start and not outcome.case_at_end)
    assert outcome.reliably_recovered == (outcome.recovered and outcome.reliable_improvement)
    swapped = talking_therapies_outcome(phq9_last, gad7_last, phq9_first, gad7_first)
    assert swapped.reliable_improvement is outcome.reliable_deterioration
    assert swapped.mixed_reliable_change is outcome.mixed_reliable_change
