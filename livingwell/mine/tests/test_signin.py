"""Signing in with a one-time code: only to confirmed details, once, in time, in the same browser."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from livingwell import notify
from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.mine import signin
from livingwell.mine.models import SignInCode
from livingwell.people import services as people_services
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

BIRTHDAY = dt.date(1990, 1, 1)


@pytest.fixture
def outbox(settings):
    settings.NOTIFY_BACKEND = "memory"
    notify.memory_outbox().clear()
    return notify.memory_outbox()


@pytest.fixture
def confirmed():
    return factories.person(
        email="sam@example.org", phone="+447700900123", email_confirmed_at=timezone.now(),
        phone_confirmed_at=timezone.now(), date_of_birth=BIRTHDAY,
    )  # fmt: skip


def ask(client: Client, address: str, born: dt.date = BIRTHDAY):
    return client.post(
        "/my/sign-in/",
        {
            "address": address,
            "date_of_birth-day": born.day,
            "date_of_birth-month": born.month,
            "date_of_birth-year": born.year,
        },
    )


def code_in(outbox) -> str:
    match = re.search(r"\b(\d{6})\b", outbox[-1].text)
    assert match
    return match.group(1)


def test_a_code_goes_to_a_confirmed_email_and_signs_the_person_in(client, confirmed, outbox):
    response = ask(client, "Sam@Example.org")
    assert response.status_code == 302
    assert response["Location"] == "/my/sign-in/code/"
    assert [m.to for m in outbox] == ["sam@example.org"]
    assert outbox[0].channel == "email"
    response = client.post("/my/sign-in/code/", {"code": code_in(outbox)})
    assert response.status_code == 302
    assert response["Location"] == "/my/"
    page = client.get("/my/")
    assert page.status_code == 200
    assert f"Hello {confirmed.given_name}" in page.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN, person=confirmed).exists()


def test_a_code_goes_to_a_confirmed_mobile_typed_as_people_type_it(client, confirmed, outbox):
    ask(client, "07700 900123")
    assert [(m.channel, m.to) for m in outbox] == [("sms", "+447700900123")]


def test_no_code_goes_to_details_only_a_form_supplied_and_the_page_says_the_same(client, outbox):
    # A self-introduction gives the record its email, but the hub has not confirmed it.
    factories.person(email="form@example.org", date_of_birth=BIRTHDAY)
    response = ask(client, "form@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/my/sign-in/code/"
    assert outbox == []
    assert "If your details match" in client.get("/my/sign-in/code/").content.decode()
    response = client.post("/my/sign-in/code/", {"code": "123456"})
    assert response.status_code == 400
    assert client.get("/my/").status_code == 302


def test_the_hub_confirming_the_details_lets_the_code_through(client, outbox, hub_worker):
    person = factories.person(email="late@example.org", date_of_birth=BIRTHDAY)
    people_services.confirm_contact_details(factories.request_for(hub_worker), person)
    ask(client, "late@example.org")
    assert len(outbox) == 1


def test_a_changed_email_applied_by_the_hub_is_confirmed_and_a_cleared_one_is_not(hub_worker):
    person = factories.person(email="old@example.org", date_of_birth=BIRTHDAY)
    request = factories.request_for(hub_worker)
    people_services.apply_details(request, person, {"email": "new@example.org"}, because={})
    person.refresh_from_db()
    assert person.confirmed_contact("email") == "new@example.org"
    people_services.apply_details(request, person, {"email": ""}, because={})
    person.refresh_from_db()
    assert person.email_confirmed_at is None
    assert person.confirmed_contact("email") == ""


def test_the_wrong_date_of_birth_sends_nothing(client, confirmed, outbox):
    ask(client, "sam@example.org", born=dt.date(1990, 1, 2))
    assert outbox == []


def test_a_wrong_code_is_refused_and_counted_and_five_end_it(client, confirmed, outbox):
    ask(client, "sam@example.org")
    right = code_in(outbox)
    wrong = "000000" if right != "000000" else "111111"
    for left in (4, 3, 2, 1):
        response = client.post("/my/sign-in/code/", {"code": wrong})
        assert response.status_code == 400
        assert f"try {left} more" in response.content.decode()
    response = client.post("/my/sign-in/code/", {"code": wrong})
    assert "too many times" in response.content.decode()
    # Even the right code no longer works: it was guessed at too often.
    response = client.post("/my/sign-in/code/", {"code": right})
    assert response.status_code == 400
    assert client.get("/my/").status_code == 302
    assert SignInCode.objects.get().attempts == signin.MAX_ATTEMPTS
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED, person=confirmed).count() == 6


def test_a_code_works_once(client, confirmed, outbox):
    ask(client, "sam@example.org")
    code = code_in(outbox)
    assert client.post("/my/sign-in/code/", {"code": code}).status_code == 302
    client.post("/my/sign-out/")
    response = client.post("/my/sign-in/code/", {"code": code})
    assert response.status_code == 400
    assert client.get("/my/").status_code == 302


def test_a_code_runs_out_after_ten_minutes(client, confirmed, outbox):
    ask(client, "sam@example.org")
    code = code_in(outbox)
    with time_machine.travel(timezone.now() + signin.CODE_LIFETIME + dt.timedelta(seconds=1)):
        response = client.post("/my/sign-in/code/", {"code": code})
    assert "run out" in response.content.decode()


def test_a_code_works_only_in_the_browser_that_asked_for_it(client, confirmed, outbox):
    ask(client, "sam@example.org")
    other = Client()
    response = other.post("/my/sign-in/code/", {"code": code_in(outbox)})
    assert response.status_code == 400
    assert other.get("/my/").status_code == 302


def test_codes_to_one_address_are_limited(client, confirmed, outbox):
    limit = signin.RATE_LIMITS["address"][0]
    for _ in range(limit):
        assert ask(Client(REMOTE_ADDR=f"192.0.2.{len(outbox) + 1}"), "sam@example.org").status_code == 302
    response = ask(Client(REMOTE_ADDR="192.0.2.99"), "sam@example.org")
    assert response.status_code == 429
    assert len(outbox) == limit
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED, detail__why="rate limited").exists()


def test_a_code_is_stored_only_as_a_keyed_hash(client, confirmed, outbox):
    ask(client, "sam@example.org")
    stored = SignInCode.objects.get()
    assert code_in(outbox) not in stored.code_hash
    assert "sam@example.org" not in stored.address_key


def test_bad_input_gets_a_message_at_the_field(client):
    response = client.post("/my/sign-in/", {"address": "not an address"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter your email address or mobile number" in body
    assert "Enter your date of birth" in body


def test_a_merged_record_signs_in_as_the_record_that_survives(client, confirmed, outbox, hub_lead):
    survivor = factories.person(date_of_birth=BIRTHDAY)
    ask(client, "sam@example.org")
    client.post("/my/sign-in/code/", {"code": code_in(outbox)})
    people_services.merge(
        factories.request_for(hub_lead), survivor=survivor, duplicate=confirmed, reason="same"
    )
    assert f"Hello {survivor.given_name}" in client.get("/my/").content.decode()


def test_half_an_hour_idle_signs_the_person_out(client, confirmed, outbox):
    ask(client, "sam@example.org")
    client.post("/my/sign-in/code/", {"code": code_in(outbox)})
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31)):
        assert client.get("/my/").status_code == 302


def test_a_carer_is_sent_to_the_carers_pages_and_a_person_to_their_own(client, outbox):
    from livingwell.carers.models import Carer

    Carer.objects.create(
        given_name="Tom", family_name="Ade", date_of_birth=BIRTHDAY, phone="+447700900461",
        phone_confirmed_at=timezone.now(), consents=True, consents_at=timezone.now(),
    )  # fmt: skip
    ask(client, "07700 900461")
    response = client.post("/my/sign-in/code/", {"code": code_in(outbox)})
    assert response["Location"] == "/carers/my/"


def test_only_the_own_pages_are_followed_after_sign_in(client, confirmed, outbox):
    client.get("/my/sign-in/?next=https://evil.example/")
    ask(client, "sam@example.org")
    assert client.post("/my/sign-in/code/", {"code": code_in(outbox)})["Location"] == "/my/"
    client.post("/my/sign-out/")
    client.get("/my/sign-in/?next=/my/plan/")
    ask(client, "sam@example.org")
    assert client.post("/my/sign-in/code/", {"code": code_in(outbox)})["Location"] == "/my/plan/"
