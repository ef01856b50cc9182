"""The outcome KPIs' SQL reads every pair of scores as the instruments' own rules do."""

from __future__ import annotations

import itertools
import random

from livingwell.analytics.kpis import catalogue, outcome_kpis
from livingwell.analytics.tests.outcome_extract import MONTH, ONS_CODE, OutcomeExtract, outcome_rows
from livingwell.outcomes.instruments import classify_change, get_instrument, talking_therapies_outcome


def per_episode(rows):
    """Each episode is the only one of its service: its KPI rows are its own outcome."""
    found: dict[int, dict[str, tuple[int, int | None]]] = {}
    for kpi in (outcome_kpis.IMPROVEMENT, outcome_kpis.DETERIORATION, outcome_kpis.RECOVERY):
        for r in rows[kpi.id]:
            if r.ons_code == ONS_CODE and r.month == MONTH and outcome_kpis.SEPARATOR not in r.grp:
                found.setdefault(int(r.grp), {})[kpi.id] = (int(r.numerator), r.denominator)
    return found


def test_each_instrument_s_pairs_are_classified_as_classify_change_does(tmp_path):
    extract, expected = OutcomeExtract(), {}
    service = itertools.count(1)
    for code in outcome_kpis.HEADLINE_ORDER:
        definition = get_instrument(code)
        low, high = definition.value_min, definition.value_max
        # Whole steps across the range, and the thresholds' edges (SWEMWBS metric values have decimals).
        values = sorted({low, high, *(low + (high - low) * k / 7 for k in range(8))})
        if definition.reliable_change:
            values += [
                low + definition.reliable_change.threshold,
                low + definition.reliable_change.threshold - 0.01,
            ]
        if definition.cutoff:
            values += [definition.cutoff.threshold, definition.cutoff.threshold - 0.01]
        values = [round(v, 2) for v in values if low <= v <= high]
        for first, last in itertools.product(values, repeat=2):
            sid = next(service)
            extract.ended(sid, "short_term_support", {code: [first, last]})
            change = classify_change(code, first, last)
            expected[sid] = (change.reliable_improvement, change.reliable_deterioration,
                             bool(change.case_at_start), change.clinically_significant_improvement)  # fmt: skip
    rng = random.Random(12)
    for _ in range(300):
        phq, gad = [rng.randint(0, 27) for _ in range(2)], [rng.randint(0, 21) for _ in range(2)]
        sid = next(service)
        extract.ended(sid, "talking_therapies", {"PHQ-9": phq, "GAD-7": gad}, treatment_sessions=2)
        tt = talking_therapies_outcome(phq[0], gad[0], phq[1], gad[1])
        expected[sid] = (tt.reliable_improvement, tt.reliable_deterioration, tt.case_at_start, tt.recovered)

    found = per_episode(outcome_rows(extract, tmp_path))

    for sid, (improved, deteriorated, case_start, recovered) in expected.items():
        got = found[sid]
        assert got[outcome_kpis.IMPROVEMENT.id] == (int(improved), 1), sid
        assert got[outcome_kpis.DETERIORATION.id] == (int(deteriorated), 1), sid
        assert got[outcome_kpis.RECOVERY.id] == (int(case_start and recovered), int(case_start)), sid


def test_episodes_without_a_countable_outcome_count_as_ended_only(tmp_path):
    extract = OutcomeExtract()
    extract.ended(1, "talking_therapies", {"PHQ-9": [20, 5], "GAD-7": [15, 3]}, treatment_sessions=1)
    extract.ended(1, "short_term_support", {"PHQ-9": [20]})
    extract.ended(1, "short_term_support", {"GBO": [2, 8]})  # not a headline measure
    rows = outcome_rows(extract, tmp_path)

    assert [(r.grp, r.numerator) for r in rows[outcome_kpis.ENDED.id]] == [("1", 3.0)]
    assert [(r.numerator, r.denominator) for r in rows[outcome_kpis.IMPROVEMENT.id] if r.grp == "1"] == [
        (0, 0)
    ]


def test_every_outcome_kpi_is_in_the_catalogue_s_lookup():
    for kpi in outcome_kpis.OUTCOME_KPIS:
        assert catalogue.BY_ID[kpi.id] is kpi
        assert kpi not in catalogue.KPIS  # not the board's monthly set
