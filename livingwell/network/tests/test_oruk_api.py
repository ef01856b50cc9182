"""The Open Referral UK read API: the standard's shapes, its filters, clear 400s and 404s, fixed queries."""

from __future__ import annotations

import pytest

from livingwell.accounts.models import Organisation
from livingwell.codes import LifeArea
from livingwell.demo import borough
from livingwell.demo.directory_data import demo_directory, synthetic_directory
from livingwell.network import oruk_schema, taxonomy
from livingwell.network.models import Service, ServiceAtLocation
from livingwell.network.oruk_import import import_directory

pytestmark = pytest.mark.django_db

API = "/openreferral/"


@pytest.fixture
def directory(db):
    for name, kind, ods in borough.ORGANISATIONS:
        Organisation.objects.create(name=name, kind=kind, ods_code=ods)
    documents = demo_directory()
    import_directory(documents)
    return documents


def get(client, path, **params):
    response = client.get(API + path, params)
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def all_pages(client, path, **params):
    page, found = 1, []
    while True:
        body = get(client, path, page=page, per_page=10, **params).json()
        found += body["contents"]
        if body["last_page"]:
            return found
        page += 1


def test_the_root_says_what_this_is(client, directory):
    body = get(client, "").json()
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("/openreferral/openapi.json")


def test_services_are_paged_as_the_standard_says(client, directory):
    body = get(client, "services", per_page=10, page=2).json()
    assert body["total_items"] == len(directory)
    assert body["total_pages"] == -(-len(directory) // 10)
    assert (body["page_number"], body["size"], body["first_page"], body["last_page"], body["empty"]) == (
        2,
        10,
        False,
        False,
        False,
    )
    for item in body["contents"]:
        assert oruk_schema.problems("compiled/service_list.json", item) == []
    after = get(client, "services", per_page=10, page=99).json()
    assert after["contents"] == []
    assert after["empty"]
    assert after["last_page"]


def test_a_service_is_fully_nested_and_keeps_the_alliances_own_fields_to_itself(client, directory):
    service = Service.objects.get(name="Short Term Support")
    body = get(client, f"services/{service.uuid}").json()
    assert oruk_schema.problems("compiled/service.json", body) == []
    assert body["name"] == "Short Term Support"
    assert {"service_at_locations", "attributes", "organization"} <= set(body)
    assert "livingwell" not in body
    text = str(body)
    assert "capacity" not in text
    assert "response_standard" not in text
    assert "accepts_introductions" not in text
    assert not any(value in (None, "", []) for value in body.values())


@pytest.mark.parametrize("missing", ["not-a-uuid", "5f0b2cd6-3d5f-4a43-9b1f-0c56c7f1a111"])
@pytest.mark.parametrize("path", ["services", "service_at_locations", "taxonomies", "taxonomy_terms"])
def test_an_unknown_id_is_404_with_errors(client, directory, path, missing):
    response = get(client, f"{path}/{missing}")
    assert response.status_code == 404
    assert response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"per_page": "501"}, "per_page"),
        ({"per_page": "-1"}, "per_page"),
        ({"minimum_age": "old"}, "minimum_age"),
        ({"maximum_age": "1e999"}, "maximum_age"),
        ({"taxonomy_term_id": "housing"}, "taxonomy_term_id"),
        ({"taxonomy_id": "x"}, "taxonomy_id"),
        ({"day": "Monday"}, "day"),
        ({"start_time": "9am"}, "start_time"),
        ({"end_time": "25:00"}, "end_time"),
    ],
)
def test_a_bad_value_is_400_naming_the_parameter(client, directory, params, parameter):
    response = get(client, "services", **params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == parameter


def test_services_filter_by_need_and_taxonomy(client, directory):
    housing = taxonomy.NEEDS.term_id(LifeArea.HOUSING)
    found = all_pages(client, "services", taxonomy_term_id=str(housing))
    expected = {
        d["id"]
        for d in directory
        if any(a["taxonomy_term_id"] == str(housing) for a in d.get("attributes", []))
    }
    assert {s["id"] for s in found} == expected
    assert expected
    every = all_pages(client, "services", taxonomy_id=str(taxonomy.SERVICE_KINDS.id))
    assert len(every) == len(directory)  # every service has a kind


def test_services_filter_by_age_as_the_document_words_it(client, directory):
    found = all_pages(client, "services", minimum_age=18)
    expected = {d["id"] for d in directory if d.get("minimum_age") is not None and d["minimum_age"] >= 18}
    assert {s["id"] for s in found} == expected
    assert expected
    young = all_pages(client, "services", maximum_age=25)
    assert {s["id"] for s in young} == {
        d["id"] for d in directory if d.get("maximum_age") is not None and d["maximum_age"] <= 25
    }


def test_services_filter_by_day_and_time(client, directory):
    saturday = {s["id"] for s in all_pages(client, "services", day="SA")}
    expected = {
        d["id"] for d in directory if any("SA" in (s.get("byday") or "") for s in d.get("schedules", []))
    }
    assert saturday == expected
    evening = {s["id"] for s in all_pages(client, "services", start_time="17:00")}
    assert evening == {
        d["id"]
        for d in directory
        if any((s.get("opens_at") or "")[:5] >= "17:00" for s in d.get("schedules", []))
    }


def test_search_finds_words_in_names_and_descriptions(client, directory):
    found = all_pages(client, "services", search="timebank")
    assert found
    assert all("timebank" in (s["name"] + s.get("description", "")).lower() for s in found)


def test_services_at_locations_and_the_postcode_district(client, directory):
    items = all_pages(client, "service_at_locations")
    assert len(items) == ServiceAtLocation.objects.count()
    for item in items:
        assert oruk_schema.problems("compiled/service_at_location_list.json", item) == []
    one = get(client, f"service_at_locations/{items[0]['id']}").json()
    assert oruk_schema.problems("compiled/service_at_location.json", one) == []
    assert oruk_schema.problems("compiled/service.json", one) == []  # the standard's document's schema
    postcode = next(
        a["postal_code"]
        for d in directory
        for sal in d.get("service_at_locations", [])
        for a in sal["location"].get("addresses", [])
    )
    near = all_pages(client, "service_at_locations", postcode=postcode)
    outward = postcode.split()[0]
    assert near
    assert all(
        ServiceAtLocation.objects.get(pk=i["id"])
        .location.addresses.filter(postal_code__startswith=outward)
        .exists()
        for i in near
    )
    assert get(client, "service_at_locations", postcode="nowhere").status_code == 400
    refused = get(client, "service_at_locations", postcode=postcode, proximity="500")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["parameter"] == "proximity"


def test_taxonomies_and_their_terms(client, directory):
    body = get(client, "taxonomies").json()
    assert {t["name"] for t in body["contents"]} >= {taxonomy.NEEDS.name, taxonomy.SERVICE_KINDS.name}
    needs = get(client, f"taxonomies/{taxonomy.NEEDS.id}").json()
    assert oruk_schema.problems("taxonomy.json", needs) == []
    assert {t["term"] for t in needs["taxonomy_terms"]} == set(LifeArea.values)
    term = get(client, f"taxonomy_terms/{taxonomy.NEEDS.term_id(LifeArea.MONEY)}").json()
    assert term["name"] == "Money and debt"
    assert get(client, "taxonomy_terms", per_page=5).json()["size"] == 5


def test_only_get_and_head(client, directory):
    assert client.post(API + "services").status_code == 405
    assert client.head(API + "services").status_code == 200


@pytest.mark.parametrize("path", ["services", "service_at_locations"])
def test_a_page_costs_the_same_queries_whatever_its_size(client, directory, django_assert_num_queries, path):
    import_directory(synthetic_directory(200))
    counts = []
    for per_page in (5, 200):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert get(client, path, per_page=per_page).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] <= 4


def test_a_full_service_costs_a_fixed_number_of_queries(client, directory):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for name in ("Short Term Support", "Lambeth Timebank"):
        service = Service.objects.get(name=name)
        with CaptureQueriesContext(connection) as captured:
            get(client, f"services/{service.uuid}")
        counts.append(len(captured))
    assert counts[0] == counts[1] <= 16
