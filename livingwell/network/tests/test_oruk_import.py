"""Importing and exporting Open Referral UK JSON: all or nothing, twice is once, and round trips."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from livingwell.accounts.models import Organisation
from livingwell.demo import borough
from livingwell.demo.directory_data import demo_directory, synthetic_directory
from livingwell.network import oruk_json, oruk_schema
from livingwell.network.models import DirectoryChange, Service, ServiceKind
from livingwell.network.oruk_import import ImportRefused, import_directory, parse

pytestmark = pytest.mark.django_db

EXAMPLE = Path(oruk_schema.SCHEMA_DIR).parent / "examples" / "service_full.json"


@pytest.fixture
def partners(db):
    return {
        name: Organisation.objects.create(name=name, kind=kind, ods_code=ods)
        for name, kind, ods in borough.ORGANISATIONS
    }


def exported(uuids=None) -> list[dict]:
    query = Service.objects.order_by("uuid")
    if uuids is not None:
        query = query.filter(uuid__in=uuids)
    services = list(oruk_json.with_everything(query))
    oruk_json.attach_all_attributes(services)
    return [oruk_json.service_full(s, staff=True) for s in services]


def canonical(documents: list[dict]) -> list[dict]:
    """Sort every list by id, so that order (which the standard leaves open) does not count."""

    def walk(node):
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            items = [walk(v) for v in node]
            return sorted(items, key=lambda x: json.dumps(x, sort_keys=True))
        return node

    return sorted((walk(d) for d in documents), key=lambda d: d["id"])


def assert_same(got: list[dict], want: list[dict]) -> None:
    """Equal up to order, with the first differing field named when not."""
    got, want = canonical(got), canonical(want)
    assert [d["id"] for d in got] == [d["id"] for d in want]
    for a, b in zip(got, want, strict=True):
        for key in sorted(set(a) | set(b)):
            assert a.get(key) == b.get(key), (a["id"], key, a.get(key), b.get(key))


def test_the_demo_directory_round_trips(partners):
    documents = demo_directory()
    result = import_directory(documents)
    assert (result.created, result.updated, result.unchanged) == (len(documents), 0, 0)
    assert_same(exported(), documents)
    short_term = Service.objects.get(name="Short Term Support")
    assert short_term.kind == ServiceKind.SHORT_TERM_SUPPORT
    assert short_term.organisation is not None
    assert short_term.organisation.name == "Certitude"
    assert short_term.accepts_introductions


def test_importing_the_same_file_twice_changes_nothing(partners):
    documents = synthetic_directory(300)
    import_directory(documents)
    changes = DirectoryChange.objects.count()
    again = import_directory(json.loads(json.dumps(documents)))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 300)
    assert DirectoryChange.objects.count() == changes == 300
    assert_same(exported(), documents)


def test_a_changed_service_is_updated_and_its_history_kept(partners):
    documents = synthetic_directory(20)
    import_directory(documents)
    changed = copy.deepcopy(documents)
    changed[3]["name"] = "A new name"
    changed[3].pop("schedules", None)
    result = import_directory(changed)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 19)
    service = Service.objects.get(uuid=changed[3]["id"])
    assert service.name == "A new name"
    assert not service.schedules.exists()
    assert [c.document["name"] for c in service.changes.order_by("pk")] == [
        documents[3]["name"],
        "A new name",
    ]
    assert_same(exported(), changed)


def test_the_standards_own_example_imports(partners):
    document = json.loads(EXAMPLE.read_text())
    result = import_directory(document)
    assert result.created == 1
    (back,) = exported()
    assert oruk_schema.problems("compiled/service.json", back) == []
    assert back["name"] == document["name"]


def test_a_broken_file_lists_every_problem_and_imports_nothing(partners):
    documents = synthetic_directory(10)
    documents[2]["status"] = "open"
    del documents[5]["name"]
    documents[7]["id"] = "not-a-uuid"
    with pytest.raises(ImportRefused) as refused:
        import_directory(documents)
    problems = refused.value.problems
    assert any(p.startswith("$[2].status") for p in problems), problems
    assert any(p.startswith("$[5]") and "name" in p for p in problems), problems
    assert any(p.startswith("$[7].id") for p in problems), problems
    assert not Service.objects.exists()


def test_unknown_references_are_refused_with_their_paths(partners):
    documents = synthetic_directory(3)
    documents[0].pop("organization")
    documents[1]["attributes"][0].pop("taxonomy_term")
    documents[1]["attributes"][0]["taxonomy_term_id"] = "0b9a1f46-6a0c-4c8e-9d53-0d1e0f5a7e11"
    documents[2]["livingwell"] = {"partner": "Nobody", "accepts_introductions": True}
    with pytest.raises(ImportRefused) as refused:
        import_directory(documents)
    problems = refused.value.problems
    assert any(p.startswith("$[0].organization_id") for p in problems), problems
    assert any(p.startswith("$[1].attributes[0].taxonomy_term_id") for p in problems), problems
    assert any(p.startswith("$[2].livingwell.partner") for p in problems), problems
    assert not Service.objects.exists()


def test_an_id_used_twice_is_refused(partners):
    documents = synthetic_directory(2)
    documents[1]["id"] = documents[0]["id"]
    with pytest.raises(ImportRefused) as refused:
        import_directory(documents)
    assert any("$[1].id" in p for p in refused.value.problems)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not JSON (line 1"),
        (b"\xff\xfe", "not UTF-8"),
        ("[]", "expected a list"),
        ("[1]", "JSON object"),
    ],
)
def test_a_file_that_is_not_a_directory_is_refused_plainly(partners, text, message):
    with pytest.raises(ImportRefused) as refused:
        import_directory(parse(text))
    assert message in refused.value.problems[0]


def test_services_may_share_a_name(partners):
    documents = synthetic_directory(2)
    documents[1]["name"] = documents[0]["name"]
    import_directory(documents)
    assert Service.objects.filter(name=documents[0]["name"]).count() == 2


def test_a_taxonomy_file_imports_its_terms(partners):
    data = json.loads((EXAMPLE.parent / "taxonomy.json").read_text())
    result = import_directory(data)
    assert result.taxonomy_terms == len(data.get("taxonomy_terms", []))


def test_an_export_imported_back_changes_nothing(partners):
    documents = demo_directory()
    import_directory(documents)
    changes = DirectoryChange.objects.count()
    again = import_directory(json.loads(json.dumps(exported())))
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(documents))
    assert DirectoryChange.objects.count() == changes
    assert import_directory(exported()).unchanged == len(documents)  # and now by its digest alone
