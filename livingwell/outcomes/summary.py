"""A service's outcomes for one month, counted as the alliance reports them.

The cohort is the episodes that *ended* (were discharged) in the month: outcomes are read at the
end of an episode, first score against last. Each person has one headline outcome:
- Talking Therapies services: PHQ-9 and GAD-7 read together by the NHS Talking Therapies rules
  (DOMAIN.md §3), counted only for people who had at least two attended treatment sessions and
  first and last scores on both measures; recovery is counted only for people at caseness at the
  start.
- Other services: the first of CORE-10, SWEMWBS, WEMWBS, PHQ-9, GAD-7 with a first and a last
  score (Jacobson-Truax); recovery (clinically significant improvement) only where the measure has
  a cut-off and the person was a case at the start.
Mean change in SWEMWBS (metric) and WEMWBS is reported separately, for everyone with paired scores.
Every count goes through ``livingwell.lib.suppression``; a mean or percentage over a hidden or
small count is hidden too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from livingwell.lib.suppression import THRESHOLD, suppress_counts, suppress_table
from livingwell.outcomes.instruments import classify_change, talking_therapies_outcome

HEADLINE_ORDER = ("CORE-10", "SWEMWBS", "WEMWBS", "PHQ-9", "GAD-7")
TALKING_THERAPIES = "talking_therapies"


@dataclass(frozen=True)
class EpisodeRecord:
    """One ended episode, flat: who, and the reported values of each instrument in time order."""

    episode_id: int
    service_kind: str
    ethnic_group: str
    sex: str
    age_band: str
    treatment_sessions: int
    values: dict[str, list[float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    record: EpisodeRecord
    measure: str
    reliable_improvement: bool
    reliable_deterioration: bool
    case_at_start: bool
    recovered: bool


def outcome_of(record: EpisodeRecord) -> Outcome | None:
    """Return the record's headline outcome, or None if it has no countable paired scores."""
    values = record.values
    if record.service_kind == TALKING_THERAPIES:
        phq, gad = values.get("PHQ-9", []), values.get("GAD-7", [])
        if record.treatment_sessions < 2 or len(phq) < 2 or len(gad) < 2:
            return None
        tt = talking_therapies_outcome(phq[0], gad[0], phq[-1], gad[-1])
        return Outcome(
            record, "PHQ-9 and GAD-7", tt.reliable_improvement, tt.reliable_deterioration, tt.case_at_start,
            tt.recovered,
        )  # fmt: skip
    for code in HEADLINE_ORDER:
        series = values.get(code, [])
        if len(series) >= 2:
            change = classify_change(code, series[0], series[-1])
            return Outcome(
                record,
                code,
                change.reliable_improvement,
                change.reliable_deterioration,
                bool(change.case_at_start),
                change.clinically_significant_improvement,
            )
    return None


@dataclass(frozen=True)
class Breakdown:
    """One dimension (ethnicity, sex, age band): per group, counts with small numbers hidden."""

    title: str
    groups: list[str]
    paired: list[int | None]
    improved: list[int | None]
    case_at_start: list[int | None]
    recovered: list[int | None]
    wellbeing_change: list[float | None]


@dataclass(frozen=True)
class ServiceSummary:
    ended: int | None
    paired: int | None
    improved: int | None
    deteriorated: int | None
    case_at_start: int | None
    recovered: int | None
    swemwbs_mean_change: float | None
    swemwbs_n: int | None
    wemwbs_mean_change: float | None
    wemwbs_n: int | None
    breakdowns: list[Breakdown]

    @property
    def improvement_rate(self) -> float | None:
        return percentage(self.improved, self.paired)

    @property
    def recovery_rate(self) -> float | None:
        return percentage(self.recovered, self.case_at_start)


def percentage(part: int | None, whole: int | None) -> float | None:
    """Return part/whole as a percentage, or None when either is hidden or the whole is zero."""
    if part is None or not whole:
        return None
    return round(100 * part / whole, 1)


def _mean_change(records: Sequence[EpisodeRecord], code: str) -> tuple[float | None, int]:
    changes = [r.values[code][-1] - r.values[code][0] for r in records if len(r.values.get(code, [])) >= 2]
    if len(changes) < THRESHOLD:
        return None, len(changes)
    return round(sum(changes) / len(changes), 2), len(changes)


def _split(outcomes: Sequence[Outcome], flag: Callable[[Outcome], bool]) -> list[int]:
    yes = sum(1 for o in outcomes if flag(o))
    return [yes, len(outcomes) - yes]


def _breakdown(title: str, key: Callable[[EpisodeRecord], str], outcomes: Sequence[Outcome],
               records: Sequence[EpisodeRecord]) -> Breakdown:  # fmt: skip
    groups = sorted({key(o.record) for o in outcomes})
    by_group = {g: [o for o in outcomes if key(o.record) == g] for g in groups}
    improvement = suppress_table([_split(by_group[g], lambda o: o.reliable_improvement) for g in groups])
    cases = {g: [o for o in by_group[g] if o.case_at_start] for g in groups}
    recovery = suppress_table([_split(cases[g], lambda o: o.recovered) for g in groups])
    wellbeing = [_mean_change([r for r in records if key(r) == g], "SWEMWBS")[0] for g in groups]
    return Breakdown(
        title=title,
        groups=groups,
        paired=improvement.row_totals,
        improved=[row[0] for row in improvement.cells],
        case_at_start=recovery.row_totals,
        recovered=[row[0] for row in recovery.cells],
        wellbeing_change=wellbeing,
    )


def summarise(records: Sequence[EpisodeRecord]) -> ServiceSummary:
    """Count the month's ended episodes into the service summary, small numbers hidden."""
    outcomes = [o for r in records if (o := outcome_of(r)) is not None]
    (improved, _), paired = suppress_counts(_split(outcomes, lambda o: o.reliable_improvement))
    (deteriorated, _), _total = suppress_counts(_split(outcomes, lambda o: o.reliable_deterioration))
    cases = [o for o in outcomes if o.case_at_start]
    (recovered, _), case_at_start = suppress_counts(_split(cases, lambda o: o.recovered))
    (ended,), _ = suppress_counts([len(records)])
    swemwbs, swemwbs_n = _mean_change(records, "SWEMWBS")
    wemwbs, wemwbs_n = _mean_change(records, "WEMWBS")
    return ServiceSummary(
        ended=ended,
        paired=paired,
        improved=improved,
        deteriorated=deteriorated,
        case_at_start=case_at_start,
        recovered=recovered,
        swemwbs_mean_change=swemwbs,
        swemwbs_n=swemwbs_n if swemwbs is not None else None,
        wemwbs_mean_change=wemwbs,
        wemwbs_n=wemwbs_n if wemwbs is not None else None,
        breakdowns=[
            _breakdown("Ethnic group", lambda r: r.ethnic_group, outcomes, records),
            _breakdown("Sex", lambda r: r.sex, outcomes, records),
            _breakdown("Age band", lambda r: r.age_band, outcomes, records),
        ],
    )
