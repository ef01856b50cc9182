"""Replications: one seed, a spawned SeedSequence per replication, spread over processes.

Replication r always uses `SeedSequence(seed).spawn(n)[r]`, and its streams are keyed from that
(see `streams.py`), so a replication's result depends only on the seed, its number and the
scenario — never on which process ran it or in what order. Results come back sorted by number,
so `--jobs 1` and `--jobs 4` give identical output.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed

import numpy as np

from livingwell.pathway.engine.model import build_network
from livingwell.pathway.engine.results import ReplicationResult
from livingwell.pathway.engine.run import run_replication
from livingwell.pathway.engine.scenario import Scenario

DEFAULT_SEED = 20130401  # the Hub opened in 2013; any fixed number would do
Progress = Callable[[int, int], None]


def replication_seeds(seed: int, replications: int) -> list[np.random.SeedSequence]:
    """Spawn one SeedSequence per replication from a single seed."""
    return np.random.SeedSequence(seed).spawn(replications)


def _run_one(
    scenario: Scenario,
    seed: np.random.SeedSequence,
    replication: int,
    months: int | None,
    warm_up_months: int | None,
    events: bool,
) -> ReplicationResult:
    network = build_network(scenario, months, warm_up_months)
    return run_replication(network, seed, replication, events)


def run_replications(
    scenario: Scenario,
    replications: int,
    *,
    seed: int = DEFAULT_SEED,
    jobs: int = 1,
    months: int | None = None,
    warm_up_months: int | None = None,
    events: bool = False,
    progress: Progress | None = None,
) -> list[ReplicationResult]:
    """Run replications of a scenario over `jobs` processes; results sorted by replication."""
    if replications < 1:
        raise ValueError("need at least one replication")
    if jobs < 1:
        raise ValueError("need at least one job")
    build_network(scenario, months, warm_up_months)  # fail fast, before any process starts
    seeds = replication_seeds(seed, replications)
    results: list[ReplicationResult] = []
    if jobs == 1:
        for r, child in enumerate(seeds):
            results.append(_run_one(scenario, child, r, months, warm_up_months, events))
            if progress is not None:
                progress(r + 1, replications)
        return results
    with ProcessPoolExecutor(max_workers=min(jobs, replications)) as pool:
        futures = [
            pool.submit(_run_one, scenario, child, r, months, warm_up_months, events)
            for r, child in enumerate(seeds)
        ]
        for done, future in enumerate(as_completed(futures), start=1):
            results.append(future.result())
            if progress is not None:
                progress(done, replications)
    return sorted(results, key=lambda result: result.replication)
