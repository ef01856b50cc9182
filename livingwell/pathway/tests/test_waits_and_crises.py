"""Waits and crises (issue 13): a constrained service waits, and crisis capacity changes admissions.

Fixed seeds and two short replications each, so the whole file runs in a few seconds.
"""

from __future__ import annotations

from typing import Any

import pytest

from livingwell.pathway.engine import (
    ReplicationResult,
    ServiceRecord,
    compare,
    run_replications,
    scenario_from_mapping,
    summarise,
)
from livingwell.pathway.engine.results import SummaryRow, confidence_interval
from livingwell.pathway.tests.factories import SOURCE, mmc, service

SEED = 13


def _service(result: ReplicationResult, name: str) -> ServiceRecord:
    return next(s for s in result.services if s.service == name)


def _mean(results: list[ReplicationResult], name: str, measure: str) -> float:
    return sum(getattr(_service(r, name), measure) for r in results) / len(results)


def _system(results: list[ReplicationResult], measure: str) -> float:
    return sum(getattr(r.system, measure) for r in results) / len(results)


def _crisis_data(crisis_places: int, support_places: int = 40) -> dict[str, Any]:
    """Return a pathway where waiting for support or for crisis outreach has consequences.

    Waiting for support can end in crisis (→ crisis outreach); waiting for crisis outreach can end
    in admission (→ beds), as the shipped scenarios' deterioration rules do.
    """
    return {
        "name": f"crisis places {crisis_places}",
        "months": 8,
        "warm_up_months": 2,
        "arrivals": {
            "gp": {**SOURCE, "per_month": 120, "to": "support"},
            "police": {**SOURCE, "per_month": 90, "to": "crisis"},
        },
        "services": {
            "support": service(
                support_places,
                10,
                deterioration={**SOURCE, "reference_wait_days": 7, "probability": 0.3, "to": "crisis"},
            ),
            "crisis": service(
                crisis_places,
                3,
                {"beds": 0.2, "exit": 0.8},
                kind="crisis",
                deterioration={**SOURCE, "reference_wait_days": 1, "probability": 0.5, "to": "beds"},
            ),
            "beds": service(50, 15, kind="inpatient", when_full="out_of_area"),
        },
    }


def _run(data: dict[str, Any]) -> list[ReplicationResult]:
    return run_replications(scenario_from_mapping(data), 2, seed=SEED)


# -- waits --------------------------------------------------------------------------------------
def test_a_service_with_capacity_well_below_demand_keeps_people_waiting() -> None:
    # 10 a day, a day each, 8 places: offered load 10 > 8, so the queue grows all run.
    results = run_replications(mmc(10.0, 1.0, 8, months=6, warm_up=1), 2, seed=SEED)
    assert _mean(results, "clinic", "mean_wait_days") > 5


def test_a_service_just_over_capacity_waits_less_than_one_far_over() -> None:
    # Both sides of the boundary between a stable and a growing queue.
    stable = run_replications(mmc(10.0, 1.0, 11, months=6, warm_up=1), 2, seed=SEED)
    growing = run_replications(mmc(10.0, 1.0, 9, months=6, warm_up=1), 2, seed=SEED)
    assert 0 < _mean(stable, "clinic", "mean_wait_days") < _mean(growing, "clinic", "mean_wait_days")


def test_a_service_with_ample_capacity_has_almost_no_wait() -> None:
    # 10 places for an offered load of 3: Erlang C gives a mean wait of about 0.0002 days.
    results = run_replications(mmc(3.0, 1.0, 10, months=6, warm_up=1), 2, seed=SEED)
    assert _mean(results, "clinic", "mean_wait_days") < 0.01


# -- intervals of non-negative measures ---------------------------------------------------------
def _row(rows: list[SummaryRow], scope: str, measure: str) -> SummaryRow:
    return next(r for r in rows if (r.scope, r.measure) == (scope, measure))


def test_the_interval_of_a_wait_never_goes_below_zero() -> None:
    # A nearly idle clinic: most replications wait 0, one waits a little — a t interval on such
    # values reaches below 0 unless it is clamped.
    results = run_replications(mmc(1.0, 1.0, 4, months=2, warm_up=1), 3, seed=SEED)
    waits = [_service(r, "clinic").mean_wait_days for r in results]
    assert waits.count(0.0) == 2
    assert max(waits) > 0
    unclamped = confidence_interval(waits)
    assert unclamped.ci_low is not None
    assert unclamped.ci_low < 0
    row = _row(summarise(results), "clinic", "mean_wait_days")
    assert row.ci_low is not None
    assert row.ci_high is not None
    assert row.mean is not None
    assert row.ci_low == 0 < row.mean < row.ci_high == unclamped.ci_high
    for summary in summarise(results):
        assert summary.ci_low is None or summary.ci_low >= 0


def test_a_paired_difference_can_still_be_negative() -> None:
    tight = _run(_crisis_data(crisis_places=8))
    ample = _run(_crisis_data(crisis_places=20))
    row = _row(compare(tight, ample), "crisis", "mean_wait_days")
    assert row.mean is not None
    assert row.mean < 0
    assert row.ci_low is not None
    assert row.ci_low < 0


# -- crisis capacity ----------------------------------------------------------------------------
def test_more_crisis_capacity_shortens_the_crisis_wait_and_cuts_admissions() -> None:
    # 90 a month at 3 days each is an offered load of about 9 places.
    tight = _run(_crisis_data(crisis_places=8))
    ample = _run(_crisis_data(crisis_places=20))
    assert _mean(tight, "crisis", "mean_wait_days") > 0.2
    assert _mean(ample, "crisis", "mean_wait_days") < 0.05
    assert _mean(ample, "crisis", "deteriorated") < _mean(tight, "crisis", "deteriorated")
    assert _system(ample, "admissions") < _system(tight, "admissions")
    assert _system(ample, "bed_days") < _system(tight, "bed_days")


def test_crisis_capacity_does_not_change_how_many_people_reach_crisis() -> None:
    # Crises are counted as people present to crisis outreach: from the police stream and from
    # waits elsewhere. Crisis outreach's own capacity changes what happens next (wait, admission),
    # not the number presenting — with common random numbers the counts are identical.
    tight = _run(_crisis_data(crisis_places=8))
    ample = _run(_crisis_data(crisis_places=20))
    assert [r.system.crises for r in tight] == [r.system.crises for r in ample]


def test_waiting_elsewhere_is_what_changes_the_number_of_crises() -> None:
    # Support for 120 a month at 10 days needs about 40 places; with 30 people wait and some
    # reach crisis, with 60 hardly anyone waits.
    short = _run(_crisis_data(crisis_places=20, support_places=30))
    ample = _run(_crisis_data(crisis_places=20, support_places=60))
    assert _mean(short, "support", "mean_wait_days") > 1
    assert _mean(ample, "support", "mean_wait_days") == pytest.approx(0, abs=0.05)
    assert _system(short, "crises") > _system(ample, "crises")
    assert _mean(short, "support", "deteriorated") > 0 == _mean(ample, "support", "deteriorated")
