"""Small scenarios for the pathway tests, built as plain data like a YAML file would be."""

from __future__ import annotations

from typing import Any

from livingwell.pathway.engine import Scenario, scenario_from_mapping
from livingwell.pathway.engine.scenario import DAYS_PER_MONTH

SOURCE: dict[str, Any] = {"basis": "assumed", "source": "test fixture"}


def service(
    capacity: int,
    mean_days: float,
    routes: dict[str, float] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Return a service mapping with exponential time and the given routes (default: exit)."""
    return {
        "capacity": {**SOURCE, "value": capacity},
        "time": {**SOURCE, "distribution": "exponential", "mean": mean_days},
        "routes": {**SOURCE, "to": routes or {"exit": 1.0}},
        **extra,
    }


def mmc_data(
    arrivals_per_day: float, service_rate: float, servers: int, months: int = 24, warm_up: int = 2
) -> dict[str, Any]:
    """Return the data of a single M/M/c station fed by one Poisson stream."""
    return {
        "name": f"M/M/{servers}",
        "months": months,
        "warm_up_months": warm_up,
        "arrivals": {"gp": {**SOURCE, "per_month": arrivals_per_day * DAYS_PER_MONTH, "to": "clinic"}},
        "services": {"clinic": service(servers, 1 / service_rate)},
    }


def mmc(arrivals_per_day: float, service_rate: float, servers: int, **kwargs: Any) -> Scenario:
    """Return a validated single M/M/c station scenario."""
    return scenario_from_mapping(mmc_data(arrivals_per_day, service_rate, servers, **kwargs))


def small_pathway_data() -> dict[str, Any]:
    """Return a small pathway with every feature: crisis, beds out of area, re-introduction."""
    return {
        "name": "small pathway",
        "months": 12,
        "warm_up_months": 2,
        "arrivals": {
            "gp": {**SOURCE, "per_month": 60, "to": "hub"},
            "police": {**SOURCE, "per_month": 8, "to": "crisis"},
        },
        "services": {
            "hub": service(
                2,
                0.5,
                {"support": 0.5, "specialist": 0.1, "exit": 0.4},
                kind="access",
                costs={**SOURCE, "per_contact": 100, "contacts_per_episode": 1},
            ),
            "support": service(
                8,
                10,
                {"exit": 1.0},
                deterioration={
                    **SOURCE,
                    "reference_wait_days": 7,
                    "probability": 0.3,
                    "to": "crisis",
                },
                reintroduction={
                    **SOURCE,
                    "probability": 0.2,
                    "after": {**SOURCE, "distribution": "fixed", "mean": 20},
                    "to": "hub",
                },
            ),
            "crisis": service(2, 3, {"beds": 0.5, "exit": 0.5}, kind="crisis"),
            "beds": service(
                2,
                15,
                {"exit": 1.0},
                kind="inpatient",
                when_full="out_of_area",
                costs={**SOURCE, "per_day": 400, "out_of_area_per_day": 545},
            ),
            "specialist": service(3, 30, {"exit": 1.0}, kind="specialist"),
        },
    }
