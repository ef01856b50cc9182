"""The demo and synthetic directories are valid Open Referral UK services, with stable, unique ids."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from livingwell.codes import LifeArea
from livingwell.demo import borough
from livingwell.demo.directory_data import demo_directory, synthetic_directory
from livingwell.network import taxonomy
from livingwell.network.models import ServiceKind

SCHEMA = Path(taxonomy.__file__).parent / "oruk" / "schema" / "compiled" / "service.json"
# Objects nested in many services under one id: the same id must always carry the same object.
SHARED = {"organization", "location", "taxonomy_term"}
PHONE_NUMBER = r"020 7946 0\d{3}"  # Ofcom's range for drama


@pytest.fixture(scope="module")
def validator() -> Any:
    return jsonschema_rs.validator_for(json.loads(SCHEMA.read_text()), validate_formats=True)


@pytest.fixture(scope="module")
def demo() -> list[dict[str, Any]]:
    return demo_directory()


@pytest.fixture(scope="module")
def synthetic() -> list[dict[str, Any]]:
    return synthetic_directory(300)


def schema_errors(validator: Any, services: list[dict[str, Any]]) -> list[str]:
    return [
        f"{service['name']!r} at /{'/'.join(map(str, error.instance_path))}: {error.message}"
        for service in services
        for error in validator.iter_errors(service)
    ]


def collect_ids(node: Any, role: str, seen: dict[str, tuple[str, str | None]], clashes: list[str]) -> None:
    """Record every object's id; an id seen twice is a clash unless it is the same shared object."""
    if isinstance(node, list):
        for item in node:
            collect_ids(item, role, seen, clashes)
        return
    if not isinstance(node, dict):
        return
    if "id" in node:
        blob = json.dumps(node, sort_keys=True) if role in SHARED else None
        if node["id"] in seen:
            if seen[node["id"]] != (role, blob) or blob is None:
                clashes.append(f"{role} {node['id']}")
            return  # a shared object seen before: its insides were recorded then
        seen[node["id"]] = (role, blob)
    for key, value in node.items():
        collect_ids(value, key, seen, clashes)


def id_clashes(services: list[dict[str, Any]]) -> list[str]:
    clashes: list[str] = []
    collect_ids(services, "service", {}, clashes)
    return clashes


def link_errors(service: dict[str, Any]) -> list[str]:
    """The foreign keys inside a nested service that do not point at their parent."""
    sid = service["id"]
    errors = []
    if service["organization_id"] != service["organization"]["id"]:
        errors.append("organization_id")
    for name in (
        "schedules",
        "contacts",
        "cost_options",
        "languages",
        "service_areas",
        "service_at_locations",
    ):
        errors += [f"{name}.service_id" for item in service.get(name, []) if item["service_id"] != sid]
    errors += ["attributes.link_id" for a in service["attributes"] if a["link_id"] != sid]
    errors += [
        "attributes.taxonomy_term_id"
        for a in service["attributes"]
        if a["taxonomy_term_id"] != a["taxonomy_term"]["id"]
    ]
    for sal in service.get("service_at_locations", []):
        if sal["location_id"] != sal["location"]["id"]:
            errors.append("service_at_locations.location_id")
        errors += [
            "addresses.location_id"
            for address in sal["location"].get("addresses", [])
            if address["location_id"] != sal["location"]["id"]
        ]
    return errors


def kinds_of(service: dict[str, Any]) -> list[str]:
    return [
        a["taxonomy_term"]["name"] for a in service["attributes"] if a["link_type"] == taxonomy.KIND_LINK_TYPE
    ]


def term_ids(services: list[dict[str, Any]], link_type: str) -> set[str]:
    return {a["taxonomy_term_id"] for s in services for a in s["attributes"] if a["link_type"] == link_type}


def all_values(node: Any, field: str) -> list[Any]:
    if isinstance(node, list):
        return [value for item in node for value in all_values(item, field)]
    if isinstance(node, dict):
        found = [node[field]] if field in node else []
        return found + [value for item in node.values() for value in all_values(item, field)]
    return []


@pytest.mark.parametrize(
    "make", [demo_directory, lambda: synthetic_directory(300)], ids=["demo", "synthetic"]
)
def test_every_service_is_a_valid_oruk_service(validator: Any, make: Any) -> None:
    errors = schema_errors(validator, make())
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize(
    "make", [demo_directory, lambda: synthetic_directory(300)], ids=["demo", "synthetic"]
)
def test_ids_are_unique_and_nested_objects_point_at_their_parents(make: Any) -> None:
    services = make()
    assert id_clashes(services) == []
    assert {s["name"]: link_errors(s) for s in services if link_errors(s)} == {}


@pytest.mark.parametrize(
    "make", [demo_directory, lambda: synthetic_directory(300)], ids=["demo", "synthetic"]
)
def test_extension_fields_follow_our_conventions(make: Any) -> None:
    services = make()
    partner_names = {name for name, _, _ in borough.ORGANISATIONS}
    for service in services:
        extension = service["livingwell"]
        assert extension.get("partner", "Certitude") in partner_names, service["name"]
        assert isinstance(extension["accepts_introductions"], bool)
        assert extension["response_standard_hours"] > 0
        assert set(extension["capacity"]) in ({"caseload"}, {"weekly_slots"})
        assert service["last_modified"] == "2026-11-01T09:00:00Z"
        assert len(kinds_of(service)) == 1, service["name"]
        assert all({"name", "code"} <= set(language) for language in service["languages"])
    for number in all_values(services, "number"):
        assert re.fullmatch(PHONE_NUMBER, number), number
    for value in all_values(services, "latitude"):
        assert 51.44 <= value <= 51.50
    for value in all_values(services, "longitude"):
        assert -0.14 <= value <= -0.09
    assert None not in all_values(services, "name")


def test_the_demo_holds_the_boroughs_core_services(demo: list[dict[str, Any]]) -> None:
    assert len(demo) >= 45
    by_name = {service["name"]: service for service in demo}
    assert len(by_name) == len(demo)
    for name, kind, partner in borough.SERVICES:
        service = by_name[name]
        assert kinds_of(service) == [str(kind.label)]
        assert service["organization"]["name"] == partner
        assert service["livingwell"]["partner"] == partner


def test_the_demo_covers_every_need_and_every_kind(demo: list[dict[str, Any]]) -> None:
    assert term_ids(demo, taxonomy.NEEDS_LINK_TYPE) == {
        str(taxonomy.NEEDS.term_id(a.value)) for a in LifeArea
    }
    assert term_ids(demo, taxonomy.KIND_LINK_TYPE) == {
        str(taxonomy.SERVICE_KINDS.term_id(k.value)) for k in ServiceKind
    }


def test_the_demo_mixes_partners_and_community_organisations(demo: list[dict[str, Any]]) -> None:
    partners = Counter(s["livingwell"].get("partner") for s in demo)
    community = {s["organization"]["name"] for s in demo if "partner" not in s["livingwell"]}
    assert len(community) >= 12
    assert partners[None] >= 10
    assert any(s["status"] == "temporarily closed" for s in demo)
    assert any(not s.get("service_at_locations") for s in demo)  # phone-only
    assert any(c["amount"] > 0 for s in demo for c in s["cost_options"])


def test_the_demo_is_the_same_every_time() -> None:
    assert demo_directory() == demo_directory()


def test_a_synthetic_directory_is_the_size_asked_and_repeatable(synthetic: list[dict[str, Any]]) -> None:
    assert len(synthetic) == 300
    assert synthetic_directory(300) == synthetic
    assert synthetic_directory(300, seed=7) != synthetic
    assert len({s["id"] for s in synthetic}) == 300
    organisations = {s["organization"]["id"] for s in synthetic}
    assert 50 <= len(organisations) <= 70
    with_partner = sum("partner" in s["livingwell"] for s in synthetic)
    assert 0.15 * 300 <= with_partner <= 0.55 * 300


def test_synthetic_ids_do_not_clash_with_the_demo_or_another_seed(demo: list[dict[str, Any]]) -> None:
    assert id_clashes([*demo, *synthetic_directory(100), *synthetic_directory(100, seed=1)]) == []
