"""Build: turn a validated scenario into the plain lists the run loop reads.

The run loop touches these numbers for every event, so they are flattened once here into lists
indexed by service number (list indexing is the cheapest lookup Python has), and the run never
looks at the pydantic models again.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from livingwell.pathway.engine.scenario import DAYS_PER_MONTH, EXIT, Distribution, Scenario

LEAVE = -1  # routing target meaning "leaves the system"


@dataclass(frozen=True, slots=True)
class ArrivalPlan:
    """One arrival stream: where it goes and its rate per day in each month of the run."""

    name: str
    service: int
    rate_per_day: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class ServicePlan:
    """One service flattened for the run loop."""

    name: str
    kind: str
    capacity_by_month: tuple[int, ...]
    time: Distribution
    route_targets: tuple[int, ...]
    route_cumulative: tuple[float, ...]
    out_of_area: bool
    deterioration_scale: float | None
    deterioration_shape: float
    deterioration_to: int
    reintroduction_probability: float
    reintroduction_after: Distribution | None
    reintroduction_to: int
    cost_per_episode: float
    cost_per_day: float
    cost_out_of_area_per_day: float


@dataclass(frozen=True, slots=True)
class Network:
    """A scenario built for running: services, arrival plans and the run's length."""

    name: str
    services: tuple[ServicePlan, ...]
    arrivals: tuple[ArrivalPlan, ...]
    months: int
    warm_up_months: int

    @property
    def horizon_days(self) -> float:
        """Return the run length in days."""
        return self.months * DAYS_PER_MONTH

    @property
    def warm_up_days(self) -> float:
        """Return the warm-up length in days."""
        return self.warm_up_months * DAYS_PER_MONTH


def _arrival_plan(scenario: Scenario, name: str, index: dict[str, int], months: int) -> ArrivalPlan:
    stream = scenario.arrivals[name]
    multipliers = stream.monthly_multipliers()
    rates = []
    for month in range(months):
        calendar = (scenario.start_month - 1 + month) % 12
        growth = (1 + stream.growth_per_year) ** (month / 12)
        rates.append(stream.per_month * multipliers[calendar] * growth / DAYS_PER_MONTH)
    return ArrivalPlan(name, index[stream.to], tuple(rates))


def _capacity_by_month(levels: list[tuple[int, int]], months: int) -> tuple[int, ...]:
    by_month = []
    current = levels[0][1]
    changes = dict(levels)
    for month in range(months):
        current = changes.get(month, current)
        by_month.append(current)
    return tuple(by_month)


def build_network(
    scenario: Scenario, months: int | None = None, warm_up_months: int | None = None
) -> Network:
    """Build the runnable network from a scenario, optionally overriding the run length."""
    months = scenario.months if months is None else months
    warm_up = scenario.warm_up_months if warm_up_months is None else warm_up_months
    if months <= 0 or warm_up < 0 or warm_up >= months:
        raise ValueError(f"need 0 <= warm-up ({warm_up}) < months ({months})")
    index = {name: i for i, name in enumerate(scenario.services)}
    plans = []
    for name, service in scenario.services.items():
        # Drop zero-probability routes so that a draw can never land on them.
        routes = [(t, p) for t, p in service.routes.to.items() if p > 0]
        targets = tuple(LEAVE if t == EXIT else index[t] for t, _ in routes)
        cumulative = list(itertools.accumulate(p for _, p in routes))
        cumulative[-1] = 1.0  # absorb rounding so that a uniform draw always finds a target
        costs = service.costs
        deterioration = service.deterioration
        again = service.reintroduction
        plans.append(
            ServicePlan(
                name=name,
                kind=service.kind,
                capacity_by_month=_capacity_by_month(service.capacity.levels(), months),
                time=service.time,
                route_targets=targets,
                route_cumulative=tuple(cumulative),
                out_of_area=service.when_full == "out_of_area",
                deterioration_scale=deterioration.scale() if deterioration else None,
                deterioration_shape=deterioration.shape if deterioration else 1.0,
                deterioration_to=index[deterioration.to] if deterioration else LEAVE,
                reintroduction_probability=again.probability if again else 0.0,
                reintroduction_after=again.after if again else None,
                reintroduction_to=index[again.to] if again else LEAVE,
                cost_per_episode=costs.per_contact * costs.contacts_per_episode if costs else 0.0,
                cost_per_day=costs.per_day if costs else 0.0,
                cost_out_of_area_per_day=costs.out_of_area_per_day if costs else 0.0,
            )
        )
    arrivals = tuple(_arrival_plan(scenario, name, index, months) for name in scenario.arrivals)
    return Network(scenario.name, tuple(plans), arrivals, months, warm_up)
