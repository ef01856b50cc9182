"""Benchmark the pathway engine: against Ciw on the same M/M/c network, and on the borough.

    python bench/bench_pathway.py [--quick]

Prints (1) customers simulated per second by our engine and by Ciw 3 on one open M/M/c network
(target: at least twice Ciw), (2) SimPy's own cost per event — the floor under any engine built
on it — and (3) wall time for the ten-year "with the hub" borough, 20 replications and
100 replications with --jobs 2 (targets: under a minute, under five minutes).
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import ciw
import simpy

from livingwell.pathway.engine import (
    build_network,
    load_scenario,
    replication_seeds,
    run_replication,
    run_replications,
    scenario_from_mapping,
)
from livingwell.pathway.engine.scenario import DAYS_PER_MONTH

SCENARIOS = Path(__file__).resolve().parents[1] / "livingwell" / "pathway" / "scenarios"
SOURCE = {"basis": "assumed", "source": "benchmark network"}

# One open network for both engines: arrivals at node 1 (λ = 6/day); three M/M/c nodes;
# routing 1 → 2 (0.5), 1 → 3 (0.3), 2 → 3 (0.2), everything else leaves.
ARRIVAL_RATE = 6.0
SERVERS = (4, 4, 3)
SERVICE_RATES = (2.0, 1.0, 1.0)
ROUTING = ((0.0, 0.5, 0.3), (0.0, 0.0, 0.2), (0.0, 0.0, 0.0))


def _our_network(days: float) -> Any:
    names = ("first", "second", "third")
    services = {}
    for i, name in enumerate(names):
        to = {names[j]: p for j, p in enumerate(ROUTING[i]) if p}
        to["exit"] = 1 - sum(ROUTING[i])
        services[name] = {
            "capacity": {**SOURCE, "value": SERVERS[i]},
            "time": {**SOURCE, "distribution": "exponential", "mean": 1 / SERVICE_RATES[i]},
            "routes": {**SOURCE, "to": to},
        }
    months = max(2, round(days / DAYS_PER_MONTH))
    scenario = scenario_from_mapping(
        {
            "name": "benchmark",
            "months": months,
            "warm_up_months": 1,
            "arrivals": {"gp": {**SOURCE, "per_month": ARRIVAL_RATE * DAYS_PER_MONTH, "to": "first"}},
            "services": services,
        }
    )
    return build_network(scenario), months * DAYS_PER_MONTH


def _ours(days: float) -> tuple[int, float]:
    network, _ = _our_network(days)
    start = time.perf_counter()
    result = run_replication(network, replication_seeds(1, 1)[0])
    elapsed = time.perf_counter() - start
    # Customers who entered (new introductions), the same count Ciw's arrivals give.
    return result.system.arrived_total, elapsed


def _ciw(days: float) -> tuple[int, float]:
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=ARRIVAL_RATE), None, None],
        service_distributions=[ciw.dists.Exponential(rate=r) for r in SERVICE_RATES],
        number_of_servers=list(SERVERS),
        routing=[list(row) for row in ROUTING],
    )
    ciw.seed(1)
    simulation = ciw.Simulation(network)
    start = time.perf_counter()
    simulation.simulate_until_max_time(days)
    elapsed = time.perf_counter() - start
    arrived = simulation.nodes[0].number_of_individuals  # individuals created by the arrival node
    return arrived, elapsed


def _simpy_floor(events: int) -> float:
    """Return SimPy's own seconds per event: a timeout whose callback schedules the next."""
    env = simpy.Environment()
    remaining = [events]

    def tick(_: simpy.Event) -> None:
        remaining[0] -= 1
        if remaining[0]:
            env.timeout(1.0).callbacks.append(tick)

    env.timeout(1.0).callbacks.append(tick)
    start = time.perf_counter()
    env.run()
    return (time.perf_counter() - start) / events


def _timed(label: str, action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    elapsed = time.perf_counter() - start
    print(f"{label:58} {elapsed:8.1f} s")
    return elapsed


def main() -> None:
    """Print the benchmark figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller runs, for a smoke test")
    args = parser.parse_args()
    days = 2_000.0 if args.quick else 20_000.0
    print(f"cores available: {os.cpu_count()}")
    print(f"\n1. Same M/M/c network (3 nodes, λ = {ARRIVAL_RATE}/day), {days:,.0f} days, one run")
    _ours(200.0), _ciw(200.0)  # first calls pay for imports and caches; leave them out
    ours_n, ours_t = _ours(days)
    ciw_n, ciw_t = _ciw(days)
    ours_rate, ciw_rate = ours_n / ours_t, ciw_n / ciw_t
    print(f"   ours: {ours_n:>9,} customers in {ours_t:6.2f} s = {ours_rate:>10,.0f} /s")
    print(f"   Ciw : {ciw_n:>9,} customers in {ciw_t:6.2f} s = {ciw_rate:>10,.0f} /s")
    print(f"   ratio ours / Ciw: {ours_rate / ciw_rate:.1f}x (target ≥ 2x)")
    floor = _simpy_floor(200_000)
    print(f"\n2. SimPy's own cost: {floor * 1e6:.2f} µs per timeout event (schedule + pop + callback)")

    scenario = load_scenario(SCENARIOS / "with_hub.yaml")
    months = 24 if args.quick else scenario.months
    warm_up = 6 if args.quick else scenario.warm_up_months
    print(f"\n3. Borough 'with the hub', {months} months (warm-up {warm_up})")
    network = build_network(scenario, months=months, warm_up_months=warm_up)
    start = time.perf_counter()
    one = run_replication(network, replication_seeds(1, 1)[0])
    single = time.perf_counter() - start
    per_person = single / one.system.arrived_total
    print(
        f"   one replication: {single:.2f} s, {one.system.arrived_total:,} people "
        f"({1 / per_person:,.0f} people/s)"
    )
    for replications, jobs in ((20, 1), (20, 2), (100, 2)):
        if args.quick and replications > 20:
            continue
        _timed(
            f"   {replications} replications, --jobs {jobs}",
            partial(
                run_replications,
                scenario,
                replications,
                jobs=jobs,
                months=months,
                warm_up_months=warm_up,
            ),
        )


if __name__ == "__main__":
    main()
