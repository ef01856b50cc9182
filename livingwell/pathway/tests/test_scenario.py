"""Scenario validation: every fault gets a message naming it; the shipped scenarios are sound."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from livingwell.pathway.engine import (
    ScenarioError,
    load_scenario,
    offered_utilisation,
    scenario_from_mapping,
    scenario_warnings,
)
from livingwell.pathway.engine.scenario import Sourced
from livingwell.pathway.tests.factories import SOURCE, mmc_data, small_pathway_data

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def _fault(data: dict[str, Any]) -> str:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_mapping(data)
    return str(caught.value)


def test_it_accepts_a_sound_pathway() -> None:
    scenario = scenario_from_mapping(small_pathway_data())
    assert set(scenario.services) == {"hub", "support", "crisis", "beds", "specialist"}


def test_it_names_routes_that_do_not_sum_to_one() -> None:
    data = small_pathway_data()
    data["services"]["hub"]["routes"]["to"] = {"support": 0.5, "exit": 0.4}
    assert "routes from 'hub' sum to 0.9, not 1" in _fault(data)


def test_it_names_an_unknown_service_in_routes() -> None:
    data = small_pathway_data()
    data["services"]["hub"]["routes"]["to"] = {"suport": 0.5, "specialist": 0.1, "exit": 0.4}
    assert "service 'hub' routes to unknown service 'suport'" in _fault(data)


def test_it_names_an_unknown_service_for_arrivals() -> None:
    data = small_pathway_data()
    data["arrivals"]["gp"]["to"] = "front_door"
    assert "arrivals 'gp' go to unknown service 'front_door'" in _fault(data)


def test_it_names_an_unknown_crisis_service() -> None:
    data = small_pathway_data()
    data["services"]["support"]["deterioration"]["to"] = "a_and_e"
    assert "deterioration from 'support' goes to unknown service 'a_and_e'" in _fault(data)


def test_it_names_negative_capacity() -> None:
    data = small_pathway_data()
    data["services"]["beds"]["capacity"]["value"] = -2
    assert "service 'beds' has negative capacity -2" in _fault(data)


def test_it_names_negative_capacity_in_a_planned_change() -> None:
    data = small_pathway_data()
    data["services"]["beds"]["capacity"]["changes"] = [{"month": 3, "value": -1}]
    assert "service 'beds' has negative capacity -1 from month 3" in _fault(data)


def test_it_names_a_service_no_one_can_reach() -> None:
    data = small_pathway_data()
    data["services"]["hub"]["routes"]["to"] = {"support": 0.6, "exit": 0.4}
    assert "service 'specialist' cannot be reached" in _fault(data)


def test_it_requires_a_source_for_an_assumed_parameter() -> None:
    data = small_pathway_data()
    data["services"]["hub"]["time"] = {"basis": "assumed", "distribution": "fixed", "mean": 1}
    message = _fault(data)
    assert "services.hub.time" in message
    assert "an assumed parameter must name its source" in message


def test_it_accepts_a_calibrated_parameter_without_a_source() -> None:
    data = small_pathway_data()
    data["services"]["hub"]["time"] = {"basis": "calibrated", "distribution": "fixed", "mean": 1}
    assert scenario_from_mapping(data).services["hub"].time.basis == "calibrated"


def test_it_names_a_distribution_missing_its_parameters() -> None:
    data = small_pathway_data()
    data["services"]["hub"]["time"] = {**SOURCE, "distribution": "lognormal", "mean": 2}
    assert "a lognormal distribution needs a mean and an sd" in _fault(data)


def test_it_refuses_a_warm_up_as_long_as_the_run() -> None:
    data = small_pathway_data()
    data["warm_up_months"] = data["months"]
    assert "warm-up (12 months) must be shorter than the run" in _fault(data)


def test_it_warns_but_does_not_fail_when_the_queue_can_only_grow() -> None:
    scenario = scenario_from_mapping(mmc_data(3.0, 1.0, 3))
    assert offered_utilisation(scenario)["clinic"] == pytest.approx(1.0)
    (warning,) = scenario_warnings(scenario)
    assert "service 'clinic': utilisation 1.00 ≥ 1" in warning
    assert "queue can only grow" in warning


def test_it_does_not_warn_about_a_stable_queue() -> None:
    assert scenario_warnings(scenario_from_mapping(mmc_data(2.9, 1.0, 3))) == []


def test_it_counts_feedback_routes_in_the_load() -> None:
    # Half of those leaving come back: the station sees twice the external rate.
    data = mmc_data(1.0, 1.0, 4)
    data["services"]["clinic"]["routes"]["to"] = {"clinic": 0.5, "exit": 0.5}
    assert offered_utilisation(scenario_from_mapping(data))["clinic"] == pytest.approx(0.5)


def test_load_scenario_names_the_file_and_the_fault(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    data = copy.deepcopy(mmc_data(1.0, 1.0, 2))
    data["services"]["clinic"]["routes"]["to"] = {"exit": 0.7}
    path.write_text(__import__("json").dumps(data))
    with pytest.raises(ScenarioError, match=r"broken\.json:\nscenario: routes from 'clinic'"):
        load_scenario(path)


def test_load_scenario_explains_bad_yaml(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: [unclosed\n")
    with pytest.raises(ScenarioError, match="not valid yaml"):
        load_scenario(path)


def test_load_scenario_explains_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read the scenario file"):
        load_scenario(tmp_path / "nowhere.yaml")


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_scenarios_load_and_source_every_assumption(path: Path) -> None:
    scenario = load_scenario(path)
    parts: list[Sourced | None] = list(scenario.arrivals.values())
    for service in scenario.services.values():
        assert service.costs is not None, f"{path.name}: every service carries costs"
        parts += [service.capacity, service.time, service.routes, service.costs]
        parts += [service.deterioration, service.reintroduction]
        if service.reintroduction is not None:
            parts.append(service.reintroduction.after)
    for part in (p for p in parts if p is not None):
        # A source must say something: "Assumed." alone tells a board paper nothing.
        assert part.basis == "calibrated" or (part.source and len(part.source) > 20), part


def test_the_shipped_scenarios_match_the_domain_figures() -> None:
    before = load_scenario(SCENARIOS / "before_hub.yaml")
    after = load_scenario(SCENARIOS / "with_hub.yaml")
    assert before.arrivals["gp"].to == "specialist_care"
    assert before.arrivals["gp"].per_month == 100
    to_hub = sum(s.per_month for s in after.arrivals.values() if s.to == "hub")
    assert 450 <= to_hub <= 620
    # ~20 a month onward from the hub to specialist care (DOMAIN.md §1).
    assert to_hub * after.services["hub"].routes.to["specialist_care"] == pytest.approx(20)
