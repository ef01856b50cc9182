"""A person's completed questionnaires read as measures over time, and goals under the big outcomes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from livingwell.outcomes.chart import Chart, build_chart
from livingwell.outcomes.instruments import ChangeClassification, classify_change
from livingwell.outcomes.models import BigOutcome, Goal, QuestionnaireResponse


def _value(response: QuestionnaireResponse) -> float:
    # Only completed responses reach here, and completing one stores its value.
    assert response.value is not None
    return response.value


def describe(change: ChangeClassification | None) -> str:
    """Say in words what a change classification means."""
    if change is None:
        return "Only one score so far"
    if not change.classifiable:
        return "Change not classified for this measure"
    if change.clinically_significant_improvement:
        return "Reliable improvement, now below the clinical cut-off (recovered)"
    if change.reliable_improvement:
        return "Reliable improvement"
    if change.clinically_significant_deterioration:
        return "Reliable deterioration, now in the clinical range"
    if change.reliable_deterioration:
        return "Reliable deterioration"
    return "No reliable change"


@dataclass(frozen=True)
class Measure:
    code: str
    name: str
    responses: list[QuestionnaireResponse]
    change: ChangeClassification | None
    chart: Chart

    @property
    def change_text(self) -> str:
        return describe(self.change)


def measures(responses: Iterable[QuestionnaireResponse]) -> list[Measure]:
    """Group completed responses (not goal ratings) by instrument, oldest first, with charts."""
    by_code: dict[str, list[QuestionnaireResponse]] = defaultdict(list)
    for response in sorted(responses, key=lambda r: (r.completed_at, r.pk)):
        if response.goal_id is None and response.value is not None:
            by_code[response.instrument].append(response)
    result = []
    for code, series in by_code.items():
        change = classify_change(code, _value(series[0]), _value(series[-1])) if len(series) > 1 else None
        chart = build_chart(code, [(timezone.localdate(r.completed_at), _value(r)) for r in series])
        result.append(Measure(code, series[0].definition.name, series, change, chart))
    return result


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    ratings: list[QuestionnaireResponse]
    change: ChangeClassification | None

    @property
    def change_text(self) -> str:
        return describe(self.change)


def goals_by_outcome(
    goals: Iterable[Goal], ratings: Iterable[QuestionnaireResponse]
) -> list[tuple[str, list[GoalProgress]]]:
    """Return the three big outcomes, each with its goals and their ratings over time."""
    by_goal: dict[int, list[QuestionnaireResponse]] = defaultdict(list)
    for rating in sorted(ratings, key=lambda r: (r.completed_at, r.pk)):
        if rating.goal_id is not None and rating.value is not None:
            by_goal[rating.goal_id].append(rating)
    grouped: dict[str, list[GoalProgress]] = {value: [] for value in BigOutcome.values}
    for goal in goals:
        series = by_goal.get(goal.pk, [])
        change = classify_change("GBO", _value(series[0]), _value(series[-1])) if len(series) > 1 else None
        grouped[goal.big_outcome].append(GoalProgress(goal, series, change))
    return [(BigOutcome(value).label, grouped[value]) for value in BigOutcome.values]
