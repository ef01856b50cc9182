"""Scenarios: the pathway described as a network of services, validated with pydantic.

A scenario is data, not code: a calibrator (from the platform's records) or an analyst (by hand, in
YAML) produces one, and the engine only reads it. Every group of numbers carries a `basis` —
`calibrated` from records or `assumed` — and an assumed one must name its `source`, so that a board
paper built on a what-if can say where each input came from.

Time is in days throughout; arrival rates are given per month because that is how services count
introductions. A month is 365.25 / 12 days.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DAYS_PER_MONTH = 365.25 / 12
EXIT = "exit"
# Routing probabilities are written by hand to two or three decimals; allow rounding slack only.
PROBABILITY_TOLERANCE = 1e-6


class ScenarioError(ValueError):
    """A scenario that cannot be run; the message names every fault found."""


class Sourced(BaseModel):
    """Where a group of parameters comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    basis: Literal["calibrated", "assumed"]
    source: str | None = None

    @model_validator(mode="after")
    def _assumed_needs_source(self) -> Sourced:
        if self.basis == "assumed" and not (self.source and self.source.strip()):
            raise ValueError("an assumed parameter must name its source")
        return self


class Distribution(Sourced):
    """Time with a service (days): exponential, lognormal, gamma, fixed or uniform."""

    distribution: Literal["exponential", "lognormal", "gamma", "fixed", "uniform"]
    mean: float | None = Field(default=None, gt=0)
    sd: float | None = Field(default=None, gt=0)
    low: float | None = Field(default=None, ge=0)
    high: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _parameters_fit_family(self) -> Distribution:
        family = self.distribution
        if family in ("exponential", "fixed") and self.mean is None:
            raise ValueError(f"a {family} distribution needs a mean")
        if family in ("lognormal", "gamma") and (self.mean is None or self.sd is None):
            raise ValueError(f"a {family} distribution needs a mean and an sd")
        if family == "uniform" and (self.low is None or self.high is None or self.low >= self.high):
            raise ValueError("a uniform distribution needs low < high")
        return self

    def expected(self) -> float:
        """Return the distribution's mean."""
        if self.distribution == "uniform":
            assert self.low is not None
            assert self.high is not None
            return (self.low + self.high) / 2
        assert self.mean is not None
        return self.mean


class CapacityChange(BaseModel):
    """A planned change of capacity from the start of a month of the run (month 0 = the start)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    month: int = Field(ge=1)
    value: int


class Capacity(Sourced):
    """Staff, caseload slots or beds working at once, with planned changes (beds closing...)."""

    value: int
    changes: list[CapacityChange] = Field(default_factory=list)

    @model_validator(mode="after")
    def _changes_in_order(self) -> Capacity:
        months = [change.month for change in self.changes]
        if months != sorted(set(months)):
            raise ValueError("capacity changes must be in increasing month order, one per month")
        return self

    def levels(self) -> list[tuple[int, int]]:
        """Return (from month, capacity) pairs, starting with month 0."""
        return [(0, self.value), *((c.month, c.value) for c in self.changes)]


class Routes(Sourced):
    """Where people go when they leave a service: target -> probability (`exit` leaves)."""

    to: dict[str, Annotated[float, Field(ge=0, le=1)]]


class Costs(Sourced):
    """Unit costs in pounds: per contact (times contacts per episode) and per day with the service."""

    per_contact: float = Field(default=0.0, ge=0)
    contacts_per_episode: float = Field(default=0.0, ge=0)
    per_day: float = Field(default=0.0, ge=0)
    out_of_area_per_day: float = Field(default=0.0, ge=0)


class Deterioration(Sourced):
    """Crisis while waiting: a Weibull hazard that grows with the wait (shape > 1).

    Given as the chance of reaching crisis if still waiting after `reference_wait_days`, which is
    what a service can estimate from its records; the scale follows from
    P(T <= w) = 1 - exp(-(w / scale) ** shape).
    """

    reference_wait_days: float = Field(gt=0)
    probability: float = Field(gt=0, lt=1)
    shape: float = Field(default=1.5, ge=1)
    to: str

    def scale(self) -> float:
        """Return the Weibull scale (days) that gives `probability` by `reference_wait_days`."""
        return self.reference_wait_days / (-math.log1p(-self.probability)) ** (1 / self.shape)


class Reintroduction(Sourced):
    """Some people discharged from a service are introduced again after a while."""

    probability: float = Field(ge=0, le=1)
    after: Distribution
    to: str


ServiceKind = Literal["access", "community", "crisis", "inpatient", "specialist"]


class Service(BaseModel):
    """A service point: its capacity, time with it, routing on exit, costs and risks."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # crisis / inpatient / specialist kinds feed the system measures (crises, admissions and
    # bed-days, onward specialist introductions); access and community are counted per service.
    kind: ServiceKind = "community"
    description: str = ""
    capacity: Capacity
    time: Distribution
    routes: Routes
    costs: Costs | None = None
    deterioration: Deterioration | None = None
    reintroduction: Reintroduction | None = None
    # Beds: when none is free a person is admitted out of area rather than left waiting.
    when_full: Literal["wait", "out_of_area"] = "wait"


class ArrivalStream(Sourced):
    """Introductions from one source (GP, self, A&E...) at a monthly rate, with seasonality."""

    per_month: float = Field(ge=0)
    to: str
    # Multipliers for January..December; normalised to mean 1 so `per_month` stays the average.
    seasonality: list[Annotated[float, Field(ge=0)]] | None = None
    growth_per_year: float = Field(default=0.0, gt=-1)

    @model_validator(mode="after")
    def _twelve_months(self) -> ArrivalStream:
        if self.seasonality is not None:
            if len(self.seasonality) != 12:
                raise ValueError("seasonality needs 12 monthly multipliers (January first)")
            if sum(self.seasonality) <= 0:
                raise ValueError("seasonality multipliers cannot all be zero")
        return self

    def monthly_multipliers(self) -> list[float]:
        """Return the 12 seasonal multipliers, January first, scaled to mean 1."""
        if self.seasonality is None:
            return [1.0] * 12
        mean = sum(self.seasonality) / 12
        return [m / mean for m in self.seasonality]


class Scenario(BaseModel):
    """A whole pathway: arrival streams, services, and the default run length."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    months: int = Field(default=36, gt=0)
    warm_up_months: int = Field(default=6, ge=0)
    # Calendar month (1 = January) the run starts in, for seasonality; April = financial year.
    start_month: int = Field(default=4, ge=1, le=12)
    arrivals: dict[str, ArrivalStream]
    services: dict[str, Service]

    @model_validator(mode="after")
    def _network_is_sound(self) -> Scenario:
        faults = network_faults(self)
        if faults:
            raise ValueError("; ".join(faults))
        return self


def network_faults(scenario: Scenario) -> list[str]:
    """List what makes the scenario's network unrunnable (empty when sound)."""
    faults: list[str] = []
    names = set(scenario.services)
    if EXIT in names:
        faults.append(f"'{EXIT}' is reserved for leaving the system and cannot name a service")
    if not scenario.arrivals:
        faults.append("the scenario has no arrival streams")
    for source, stream in scenario.arrivals.items():
        if stream.to not in names:
            faults.append(f"arrivals '{source}' go to unknown service '{stream.to}'")
    for name, service in scenario.services.items():
        for month, value in service.capacity.levels():
            if value < 0:
                when = f" from month {month}" if month else ""
                faults.append(f"service '{name}' has negative capacity {value}{when}")
        total = sum(service.routes.to.values())
        if abs(total - 1.0) > PROBABILITY_TOLERANCE:
            faults.append(f"routes from '{name}' sum to {total:.6g}, not 1")
        for target in service.routes.to:
            if target != EXIT and target not in names:
                faults.append(f"service '{name}' routes to unknown service '{target}'")
        for label, extra in (
            ("deterioration", service.deterioration),
            ("reintroduction", service.reintroduction),
        ):
            if extra is not None and extra.to not in names:
                faults.append(f"{label} from '{name}' goes to unknown service '{extra.to}'")
    if not faults:
        faults.extend(
            f"service '{name}' cannot be reached: no arrivals or routes lead to it"
            for name in sorted(names - reachable_services(scenario))
        )
    if scenario.warm_up_months >= scenario.months:
        faults.append(
            f"warm-up ({scenario.warm_up_months} months) must be shorter than the run "
            f"({scenario.months} months)"
        )
    return faults


def reachable_services(scenario: Scenario) -> set[str]:
    """Return the services someone can reach from an arrival stream."""
    seen: set[str] = set()
    frontier = [stream.to for stream in scenario.arrivals.values() if stream.per_month > 0]
    while frontier:
        name = frontier.pop()
        if name in seen or name not in scenario.services:
            continue
        seen.add(name)
        service = scenario.services[name]
        frontier.extend(t for t, p in service.routes.to.items() if p > 0 and t != EXIT)
        if service.deterioration is not None:
            frontier.append(service.deterioration.to)
        if service.reintroduction is not None and service.reintroduction.probability > 0:
            frontier.append(service.reintroduction.to)
    return seen


def _describe_validation_error(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "scenario"
        message = item["msg"].removeprefix("Value error, ")
        lines.append(f"{where}: {message}")
    return "\n".join(lines)


def scenario_from_mapping(data: Mapping[str, Any]) -> Scenario:
    """Validate a scenario from plain data, raising ScenarioError naming every fault."""
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        raise ScenarioError(_describe_validation_error(error)) from None


def load_scenario(path: str | Path) -> Scenario:
    """Load and validate a scenario from a YAML or JSON file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ScenarioError(f"{path}: cannot read the scenario file ({error.strerror})") from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise ScenarioError(f"{path}: not valid {path.suffix.lstrip('.') or 'YAML'}: {error}") from None
    if not isinstance(data, Mapping):
        raise ScenarioError(f"{path}: a scenario must be a mapping of fields, not {type(data).__name__}")
    try:
        return scenario_from_mapping(data)
    except ScenarioError as error:
        raise ScenarioError(f"{path}:\n{error}") from None
