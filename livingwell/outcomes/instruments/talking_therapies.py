"""NHS Talking Therapies paired outcome: PHQ-9 and GAD-7 read together.

Rules (NHS Talking Therapies manual / IAPT data handbook; DOMAIN.md §3):
- a *case* is PHQ-9 >= 10 or GAD-7 >= 8;
- *reliable improvement*: a reliable fall (PHQ-9 >= 6, GAD-7 >= 4) on either measure and no
  reliable rise on the other; *reliable deterioration* likewise upward;
- *recovery*: a case at the first score and a case on neither measure at the last;
- *reliable recovery*: recovery and reliable improvement.

A mixed result (one measure reliably better, the other reliably worse) is, by those rules,
neither reliable improvement nor reliable deterioration. We could not read the manual's own
wording for this case, so it is reported as ``mixed_reliable_change`` rather than folded into
either, and ``no_reliable_change`` means neither measure changed reliably. The four are
exclusive and one of them is always true.

Counting (not decided here): recovery rates count only referrals that were a case at the start,
finished treatment and had at least two treatment sessions (NHS Digital glossary, "Finished
course of treatment"). ``counts_towards_recovery_rate`` answers the caseness part; the caller
knows the sessions.
"""

from __future__ import annotations

from dataclasses import dataclass

from livingwell.outcomes.instruments.change import (
    ChangeClassification,
    ScoreOrValue,
    classify_change,
)


@dataclass(frozen=True)
class TalkingTherapiesOutcome:
    """The NHS Talking Therapies reading of a first and last PHQ-9 and GAD-7."""

    phq9: ChangeClassification
    gad7: ChangeClassification
    case_at_start: bool
    case_at_end: bool
    reliable_improvement: bool
    reliable_deterioration: bool
    mixed_reliable_change: bool
    no_reliable_change: bool
    recovered: bool
    reliably_recovered: bool

    @property
    def counts_towards_recovery_rate(self) -> bool:
        """Return whether this referral is in the recovery denominator (a case at the start)."""
        return self.case_at_start


def talking_therapies_outcome(
    phq9_first: ScoreOrValue,
    gad7_first: ScoreOrValue,
    phq9_last: ScoreOrValue,
    gad7_last: ScoreOrValue,
) -> TalkingTherapiesOutcome:
    """Classify first and last PHQ-9 and GAD-7 (Scores or totals) by Talking Therapies rules."""
    phq9 = classify_change("PHQ-9", phq9_first, phq9_last)
    gad7 = classify_change("GAD-7", gad7_first, gad7_last)
    # Both instruments have a cut-off, so the case fields are never None here.
    case_at_start = bool(phq9.case_at_start or gad7.case_at_start)
    case_at_end = bool(phq9.case_at_end or gad7.case_at_end)
    any_fall = phq9.reliable_improvement or gad7.reliable_improvement
    any_rise = phq9.reliable_deterioration or gad7.reliable_deterioration
    reliable_improvement = any_fall and not any_rise
    recovered = case_at_start and not case_at_end
    return TalkingTherapiesOutcome(
        phq9=phq9,
        gad7=gad7,
        case_at_start=case_at_start,
        case_at_end=case_at_end,
        reliable_improvement=reliable_improvement,
        reliable_deterioration=any_rise and not any_fall,
        mixed_reliable_change=any_fall and any_rise,
        no_reliable_change=not any_fall and not any_rise,
        recovered=recovered,
        reliably_recovered=recovered and reliable_improvement,
    )
