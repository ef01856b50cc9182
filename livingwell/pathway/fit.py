"""How well a calibrated scenario fits the records it came from: a simple goodness-of-fit table.

The calibrated scenario is simulated over the records' period (after its warm-up) and each
recorded figure is set beside the simulated mean and its 95% confidence interval: introductions
to the hub a month, onward introductions from the hub to each service a month (read from the
simulated event log, so like is compared with like), and the mean length of finished episodes.

The verdict rule: **good** when the recorded figure is within 10% of the simulated mean, or
inside an interval no wider than ±25% of the mean (a wider interval proves nothing); **fair**
within 25%; **poor** beyond. Not checked here: waits and queues, because capacities are assumed
and the platform records no staffing.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass

from livingwell.pathway.calibration import Calibrated
from livingwell.pathway.engine import DEFAULT_SEED, ReplicationResult, run_replications
from livingwell.pathway.engine.results import confidence_interval
from livingwell.pathway.engine.scenario import DAYS_PER_MONTH

GOOD, FAIR = 0.10, 0.25


@dataclass(frozen=True)
class FitRow:
    measure: str
    recorded: float
    simulated: float | None
    ci_low: float | None
    ci_high: float | None
    difference_percent: float | None
    verdict: str
    note: str = ""
    # How many records the recorded figure rests on; pages hide the figure when it is 1-4.
    records: int = 0


def verdict(
    recorded: float, mean: float | None, low: float | None, high: float | None
) -> tuple[float | None, str]:
    """Return the relative difference (%) and the verdict by the rule in this module's docstring."""
    if mean is None:
        return None, "not simulated"
    if recorded == 0:
        return None, "good" if mean == 0 or (low is not None and low <= 0) else "poor"
    difference = (mean - recorded) / recorded
    inside = (
        low is not None
        and high is not None
        and low <= recorded <= high
        and (high - low) / 2 <= FAIR * abs(mean)
    )
    if inside or abs(difference) <= GOOD:
        label = "good"
    elif abs(difference) <= FAIR:
        label = "fair"
    else:
        label = "poor"
    return round(100 * difference, 1), label


def _row(measure: str, recorded: float, values: list[float], note: str, records: int) -> FitRow:
    summary = confidence_interval(values)
    difference, label = verdict(recorded, summary.mean, summary.ci_low, summary.ci_high)
    return FitRow(
        measure, recorded, summary.mean, summary.ci_low, summary.ci_high, difference, label, note, records
    )


def _episode_lengths(result: ReplicationResult, warm_up: float) -> dict[str, list[float]]:
    started: dict[tuple[int, str], float] = {}
    lengths: dict[str, list[float]] = defaultdict(list)
    for _, time, person, event, service in result.events:
        if event == "started":
            started[person, service] = time
        elif event == "finished" and (person, service) in started:
            begun = started.pop((person, service))
            if begun >= warm_up:
                lengths[service].append(time - begun)
    return lengths


ENTERING = frozenset({"started", "waiting", "out_of_area"})


def _onward_from(result: ReplicationResult, hub: str, warm_up: float) -> dict[str, int]:
    """Count people the hub introduced on to each service after the warm-up, from the event log.

    A person entering another service at the very moment they finish with the hub went there
    from the hub; this is what the platform records as an onward introduction.
    """
    left_hub: dict[int, float] = {}
    counts: dict[str, int] = defaultdict(int)
    for _, time, person, event, service in result.events:
        if event == "finished" and service == hub:
            left_hub[person] = time
            continue
        finished = left_hub.pop(person, None)
        if finished == time and event in ENTERING and service != hub and time >= warm_up:
            counts[service] += 1
    return counts


def assess(calibrated: Calibrated, replications: int = 5, seed: int | None = None) -> list[FitRow]:
    """Simulate the calibrated scenario over its period and compare with the records."""
    scenario = calibrated.scenario
    period_months = max(1, math.ceil(calibrated.period.months))
    warm_up = scenario.warm_up_months
    months = warm_up + period_months
    results = run_replications(
        scenario,
        replications,
        seed=DEFAULT_SEED if seed is None else seed,
        months=months,
        warm_up_months=warm_up,
        events=True,
    )
    window = months - warm_up
    per_month = calibrated.period.months
    recorded = calibrated.recorded

    def arrivals(service: str) -> list[float]:
        return [next(s.arrivals for s in r.services if s.service == service) / window for r in results]

    introduced = sum(recorded.get("introductions_by_month", []))
    rows = [
        _row(
            "Introductions to the hub a month",
            introduced / per_month,
            arrivals(calibrated.access_service),
            "includes people introduced again",
            introduced,
        )
    ]
    onward = [_onward_from(r, calibrated.access_service, warm_up * DAYS_PER_MONTH) for r in results]
    for kind, count in sorted(recorded.get("onward_by_kind", {}).items()):
        if kind == "exit" or kind not in scenario.services:
            continue
        rows.append(
            _row(
                f"Onward introductions from the hub to {kind.replace('_', ' ')} a month",
                count / per_month,
                [o.get(kind, 0) / window for o in onward],
                "the first onward introduction of each hub decision",
                count,
            )
        )
    lengths = [_episode_lengths(r, warm_up * DAYS_PER_MONTH) for r in results]
    for kind, figures in sorted(recorded.get("episode_days", {}).items()):
        means = [sum(x[kind]) / len(x[kind]) for x in lengths if x.get(kind)]
        rows.append(
            _row(
                f"Mean episode length with {kind.replace('_', ' ')} (days)",
                figures["mean"],
                means,
                "finished episodes only, in records and model alike",
                figures["n"],
            )
        )
    return rows


def as_dicts(rows: list[FitRow]) -> list[dict[str, object]]:
    """Return the rows as plain data to save or print."""
    return [asdict(row) for row in rows]
