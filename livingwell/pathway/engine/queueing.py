"""Closed-form queueing results: Erlang C for M/M/c, and the traffic equations of a network.

Erlang C is the check that the simulation is right: an M/M/c station simulated by the engine must
give the waiting time and utilisation below within its replications' confidence interval
(see `tests/test_erlang_c.py`). The traffic equations give each service's long-run load, so that a
scenario whose queue can only grow is flagged before anyone waits ten simulated years to see it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from livingwell.pathway.engine.scenario import DAYS_PER_MONTH, EXIT, Scenario


@dataclass(frozen=True, slots=True)
class ErlangC:
    """Steady-state M/M/c results: utilisation, chance of waiting, mean wait and queue length."""

    utilisation: float
    probability_of_waiting: float
    mean_wait: float
    mean_queue_length: float


def erlang_c(arrival_rate: float, service_rate: float, servers: int) -> ErlangC:
    """Return the steady-state M/M/c measures (Erlang C) for a stable queue.

    With offered load a = λ/μ and utilisation ρ = a/c < 1, Erlang B follows the stable recurrence
    B(0) = 1, B(k) = a·B(k-1) / (k + a·B(k-1)); then C = B / (1 - ρ(1 - B)) is the chance that an
    arrival waits, Wq = C / (cμ - λ) the mean wait and Lq = λ·Wq the mean queue (Little's law).
    The recurrence avoids the factorials of the textbook formula, which overflow for large c.
    """
    if servers < 1 or arrival_rate <= 0 or service_rate <= 0:
        raise ValueError("need at least one server and positive rates")
    offered = arrival_rate / service_rate
    utilisation = offered / servers
    if utilisation >= 1:
        raise ValueError(f"unstable queue: utilisation {utilisation:.3f} >= 1")
    erlang_b = 1.0
    for k in range(1, servers + 1):
        erlang_b = offered * erlang_b / (k + offered * erlang_b)
    waiting = erlang_b / (1 - utilisation * (1 - erlang_b))
    mean_wait = waiting / (servers * service_rate - arrival_rate)
    return ErlangC(utilisation, waiting, mean_wait, arrival_rate * mean_wait)


def mean_arrivals_per_day(scenario: Scenario) -> dict[str, float]:
    """Return each service's external arrival rate per day, averaged over the run."""
    rates = dict.fromkeys(scenario.services, 0.0)
    for stream in scenario.arrivals.values():
        multipliers = stream.monthly_multipliers()
        total = 0.0
        for month in range(scenario.months):
            calendar = (scenario.start_month - 1 + month) % 12
            total += multipliers[calendar] * (1 + stream.growth_per_year) ** (month / 12)
        rates[stream.to] += stream.per_month * total / scenario.months / DAYS_PER_MONTH
    return rates


def offered_utilisation(scenario: Scenario) -> dict[str, float]:
    """Return each service's long-run utilisation from the traffic equations λ = a + Pᵀλ.

    Deterioration is left out (it only takes people out of a queue early), so the figures are an
    upper bound when waits are long. Raises ValueError if people can circulate without ever leaving.
    """
    names = list(scenario.services)
    index = {name: i for i, name in enumerate(names)}
    size = len(names)
    routing = np.zeros((size, size))
    for name, service in scenario.services.items():
        i = index[name]
        for target, probability in service.routes.to.items():
            if target != EXIT:
                routing[i, index[target]] += probability
        again = service.reintroduction
        if again is not None:
            routing[i, index[again.to]] += service.routes.to.get(EXIT, 0.0) * again.probability
    external = mean_arrivals_per_day(scenario)
    a = np.array([external[name] for name in names])
    try:
        flow = np.linalg.solve(np.eye(size) - routing.T, a)
    except np.linalg.LinAlgError:
        raise ValueError("people can circulate between services without ever leaving") from None
    if np.any(flow < -1e-9) or not np.all(np.isfinite(flow)):
        raise ValueError("people can circulate between services without ever leaving")
    result: dict[str, float] = {}
    for name, service in scenario.services.items():
        load = float(flow[index[name]]) * service.time.expected()
        # The tightest capacity planned during the run is the one that decides whether queues grow.
        capacity = min(value for month, value in service.capacity.levels() if month < scenario.months)
        result[name] = load / capacity if capacity > 0 else (math.inf if load > 0 else 0.0)
    return result


def scenario_warnings(scenario: Scenario) -> list[str]:
    """List the scenario's warnings: services whose queue can only grow (utilisation ≥ 1).

    Utilisation uses the lowest capacity planned during the run. A queue whose service also has a
    deterioration hazard stops growing only because people leave it in crisis — worth a warning all
    the same.
    """
    try:
        utilisation = offered_utilisation(scenario)
    except ValueError as error:
        return [str(error)]
    warnings = []
    for name, rho in utilisation.items():
        if rho < 1:
            continue
        service = scenario.services[name]
        shown = "no capacity" if math.isinf(rho) else f"utilisation {rho:.2f}"
        if service.when_full == "out_of_area":
            warnings.append(
                f"service '{name}': {shown} ≥ 1 — demand exceeds capacity, so out-of-area "
                "placements will be constant"
            )
        else:
            leak = " (or until people leave it in crisis)" if service.deterioration else ""
            warnings.append(f"service '{name}': {shown} ≥ 1 — its queue can only grow over the run{leak}")
    return warnings
