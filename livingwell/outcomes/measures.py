"""The outcomes summary's measures, defined for the measure catalogue (``livingwell.insight.measures``).

Computed by ``livingwell.outcomes.summary`` (rules in its docstring). The catalogue's owner adds
``OUTCOME_MEASURES`` to ``CATALOGUE``; they are defined here, beside the code that computes them.
"""

from __future__ import annotations

from livingwell.insight.measures import Better, Measure

PAIRED_SCORES = Measure(
    id="outcomes-paired-scores",
    title="People with paired outcome scores",
    definition=(
        "Episodes of support ended (discharged) in the month with a first and a last score on the "
        "service's headline measure: for Talking Therapies, PHQ-9 and GAD-7 both, and at least two "
        "attended treatment sessions (DOMAIN.md §3); otherwise the first of CORE-10, SWEMWBS, WEMWBS, "
        "PHQ-9, GAD-7 scored at least twice."
    ),
    unit="people",
    better=Better.HIGHER,
)

RELIABLE_IMPROVEMENT = Measure(
    id="outcomes-reliable-improvement",
    title="Reliable improvement",
    definition=(
        "Of people with paired scores, the share whose change from first to last is a reliable "
        "improvement: Talking Therapies, a reliable fall on PHQ-9 (≥ 6) or GAD-7 (≥ 4) and no reliable "
        "rise on the other; other services, Jacobson-Truax reliable change on the headline measure."
    ),
    unit="%",
    better=Better.HIGHER,
)

RECOVERY = Measure(
    id="outcomes-recovery",
    title="Recovery",
    definition=(
        "Of people with paired scores who were at caseness at the start, the share at caseness on no "
        "measure at the end (Talking Therapies: PHQ-9 ≥ 10 or GAD-7 ≥ 8 is a case); for other services, "
        "clinically significant improvement on a measure with a cut-off."
    ),
    unit="%",
    better=Better.HIGHER,
)

WELLBEING_CHANGE = Measure(
    id="outcomes-swemwbs-change",
    title="Mean change in wellbeing (SWEMWBS)",
    definition=(
        "Mean of last minus first SWEMWBS metric score (the published raw-to-metric table) for episodes "
        "ended in the month with two or more SWEMWBS scores; hidden for fewer than five people. WEMWBS "
        "is reported beside it on its own scale."
    ),
    unit="points",
    better=Better.HIGHER,
)

OUTCOME_MEASURES = (PAIRED_SCORES, RELIABLE_IMPROVEMENT, RECOVERY, WELLBEING_CHANGE)
