"""The API's introductions: created once per key, the same queue as every route in, errors in one shape."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from livingwell.access import services as access_services
from livingwell.access.codes import IntroductionStatus
from livingwell.access.models import Introduction
from livingwell.api.models import IdempotencyRecord
from livingwell.api.tests.conftest import URL, body, post
from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.codes import Source, Urgency
from livingwell.people.models import Person
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


def test_it_creates_an_introduction_in_the_hubs_queue(client, bearer, gp_practice, hub_worker):
    response = post(client, bearer, body(), key="k-1")
    assert response.status_code == 201
    data = response.json()
    introduction = Introduction.objects.get()
    assert data["reference"] == introduction.reference
    assert data["status"] == {
        "code": "received", "text": "Received: waiting for the hub to contact the person", "service_kinds": [],
    }  # fmt: skip
    assert response["Location"].endswith(f"/api/v1/introductions/{introduction.reference}")
    assert (introduction.source, introduction.urgency) == (Source.GP, Urgency.URGENT)
    assert introduction.referrer_organisation == gp_practice
    assert introduction.referrer_name == "Dr Priya Shah"
    assert introduction.referrer_contact == "020 7946 0000 (bypass), Mon-Thu"
    assert introduction.person.nhs_number == "9434765919"
    assert introduction.status == IntroductionStatus.AWAITING_CONTACT
    client.force_login(hub_worker)
    assert introduction.reference in client.get("/hub/queue/").content.decode()


def test_contact_details_are_stored_as_the_public_form_stores_them(client, bearer):
    response = post(client, bearer, body(person__phone="07700 900321", person__postcode="sw98aa"))
    assert response.status_code == 201
    person = Introduction.objects.get().person
    assert (person.phone, person.postcode) == ("+447700900321", "SW9 8AA")


def test_it_audits_the_call_naming_the_token(client, bearer, issued):
    post(client, bearer, body())
    introduction = Introduction.objects.get()
    events = AuditEvent.objects.filter(object_id=str(introduction.pk), action=AuditAction.CREATE)
    assert any(e.detail.get("api_token") == issued[0].prefix for e in events)


def test_it_matches_an_existing_person_by_nhs_number_birth_date_and_family_name(client, bearer):
    known = factories.person(
        nhs_number="9434765919", family_name="Adebayo", date_of_birth=dt.date(1979, 11, 2)
    )
    post(client, bearer, body())
    assert Introduction.objects.get().person == known
    assert Person.objects.count() == 1


def test_at_risk_now_makes_a_crisis_introduction(client, bearer):
    post(client, bearer, body(at_risk_now=True, urgency="routine"))
    assert Introduction.objects.get().urgency == Urgency.CRISIS


def test_a_retry_with_the_same_key_and_body_returns_the_first_response(client, bearer):
    first = post(client, bearer, body(), key="retry-me")
    # The same body, keys in another order and spaced differently, is the same request.
    second = post(client, bearer, json.dumps(body(), indent=2, sort_keys=True), key="retry-me")
    assert second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Introduction.objects.count() == 1


def test_the_same_key_with_a_different_body_gets_422(client, bearer):
    post(client, bearer, body(), key="once")
    response = post(client, bearer, body(reason="Something else entirely"), key="once")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert response.json()["errors"][0]["code"] == "idempotency_key_reused"
    assert Introduction.objects.count() == 1


def test_keys_belong_to_the_token(client, bearer, gp_practice, administrator):
    from livingwell.api import services

    _, other = services.issue_token(
        None, organisation=factories.organisation(), name="Other", by=administrator
    )
    post(client, bearer, body(), key="shared")
    response = post(
        client, {"HTTP_AUTHORIZATION": f"Bearer {other}"}, body(reason="Another person"), key="shared"
    )
    assert response.status_code == 201
    assert Introduction.objects.count() == 2


def test_a_create_needs_an_idempotency_key(client, bearer):
    response = post(client, bearer, body(), key="")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert not Introduction.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"person__nhs_number": "9434765918"}, "person.nhs_number", "value_error"),
        ({"person__date_of_birth": "2999-01-01"}, "person.date_of_birth", "value_error"),
        ({"person__postcode": "NOTPC"}, "person.postcode", "value_error"),
        ({"person__postcode": "QA1 1AA"}, "person.postcode", "value_error"),  # no postcode starts with Q
        ({"person__phone": "12345"}, "person.phone", "value_error"),
        ({"person__phone": "07700 900321 ext 4"}, "person.phone", "value_error"),
        ({"person__date_of_birth": "1899-06-01"}, "person.date_of_birth", "value_error"),
        ({"person__given_name": "   "}, "person.given_name", "value_error"),
        ({"person__email": "not-an-email"}, "person.email", "value_error"),
        ({"source": "B1"}, "source", "enum"),
        ({"urgency": "soon"}, "urgency", "literal_error"),
        ({"consent_obtained": False}, "consent_obtained", "literal_error"),
        ({"life_areas": ["mood", "mood"]}, "life_areas", "value_error"),
        ({"reason": "x" * 4001}, "reason", "string_too_long"),
        ({"reason": "nul\x00"}, "reason", "value_error"),
        ({"favourite_colour": "blue"}, "favourite_colour", "extra_forbidden"),
        ({"person__shoe_size": 9}, "person.shoe_size", "extra_forbidden"),
    ],
)
def test_bad_input_gets_422_naming_the_field(client, bearer, changes, field, code):
    response = post(client, bearer, body(**changes))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {"field": field, "code": code} in [{"field": e["field"], "code": e["code"]} for e in errors]
    assert all(e["message"].startswith(e["field"] + ":") for e in errors if e["field"])
    assert not Introduction.objects.exists()


def test_a_missing_field_is_named(client, bearer):
    data = body()
    del data["at_risk_now"]
    errors = post(client, bearer, data).json()["errors"]
    assert errors == [{"field": "at_risk_now", "code": "missing", "message": "at_risk_now: is required"}]


def test_a_body_that_is_not_json_gets_400_in_the_error_shape(client, bearer):
    response = post(client, bearer, "{not json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "unreadable_body"


def test_a_body_over_the_limit_gets_413(client, bearer, settings):
    settings.API_MAX_BODY_BYTES = 3000
    assert post(client, bearer, body(reason="x" * 1000)).status_code == 201
    response = post(client, bearer, body(reason="y" * 3000))
    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "body_too_large"


def test_the_rate_limit_answers_429_with_retry_after(client, bearer, settings):
    settings.API_RATE_PER_MINUTE = 2
    reference = post(client, bearer, body()).json()["reference"]
    assert client.get(f"{URL}/{reference}", **bearer).status_code == 200
    response = client.get(f"{URL}/{reference}", **bearer)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["errors"][0]["code"] == "rate_limited"


def test_it_reads_the_status_and_history(client, bearer, hub_worker, short_term_support):
    reference = post(client, bearer, body()).json()["reference"]
    introduction = Introduction.objects.get(reference=reference)
    request = factories.request_for(hub_worker)
    access_services.record_contact_attempt(
        request,
        introduction,
        by=hub_worker,
        at=timezone.now(),
        method="phone",
        outcome="spoke",
        note="HUB NOTE",
    )
    access_services.introduce_on(
        request,
        introduction,
        by=hub_worker,
        services=[short_term_support],
        note="HUB NOTE",
        version=introduction.version,
    )
    status = client.get(f"{URL}/{reference}", **bearer)
    assert status.json()["status"]["code"] == "introduced_on"
    assert status.json()["status"]["service_kinds"] == ["short_term_support"]
    history = client.get(f"{URL}/{reference}/history", **bearer)
    assert [e["code"] for e in history.json()["events"]] == ["received", "in_conversation", "introduced_on"]
    assert "HUB NOTE" not in status.content.decode() + history.content.decode()


def test_another_organisations_introduction_is_not_found(client, bearer):
    theirs = factories.introduction(referrer_organisation=factories.organisation())
    for url in (f"{URL}/{theirs.reference}", f"{URL}/{theirs.reference}/history"):
        response = client.get(url, **bearer)
        assert response.status_code == 404
        assert response.json()["errors"][0]["field"] == "reference"


def test_a_malformed_reference_gets_422(client, bearer):
    assert client.get(f"{URL}/not-a-reference", **bearer).status_code == 422


@pytest.mark.parametrize("header", [None, "Bearer lw_unknown", "Basic abc", "Bearer "])
def test_without_a_current_token_every_call_gets_401(client, header):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    for response in (post(client, headers, body()), client.get(f"{URL}/LW-AAAAAA", **headers)):
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["errors"][0]["field"] == "Authorization"
    assert not Introduction.objects.exists()


def test_a_signed_in_session_is_not_a_token(client, hub_lead, commissioner):
    for user in (hub_lead, commissioner):
        client.force_login(user)
        assert post(client, {}, body()).status_code == 401
    assert not IdempotencyRecord.objects.exists()
