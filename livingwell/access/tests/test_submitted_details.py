"""Nothing sent from outside changes a person's record: it is kept on the introduction for the hub.

Each test here is an attack from issue 11 (or the hub's way of confirming what was sent): the
public form, the referrer's form and the hub's confirmation. The API's are in api/tests.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid

import pytest
from django.urls import reverse

from livingwell.access.models import Introduction, MatchOutcome
from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

FORM = reverse("access:self_introduction")
REFER = reverse("access:referrer_introduce")
CONSENTED_AT = dt.datetime(2025, 3, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def grace():
    """Someone known to the hub, whose NHS number a sender has got hold of."""
    return factories.person(
        given_name="Grace", family_name="Lindqvist", date_of_birth=dt.date(1961, 4, 9),
        nhs_number="9990000050", email="grace@example.org", phone="07700 900777",
        consent_share_alliance=True, consent_share_alliance_at=CONSENTED_AT,
        consent_share_gp=True, consent_share_gp_at=CONSENTED_AT,
    )  # fmt: skip


def _text(response) -> str:
    """The page's words, without its markup."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _unchanged(person) -> None:
    before = (person.email, person.phone, person.consent_share_alliance, person.consent_share_alliance_at,
              person.consent_share_gp, person.consent_share_gp_at, person.given_name)  # fmt: skip
    person.refresh_from_db()
    after = (person.email, person.phone, person.consent_share_alliance, person.consent_share_alliance_at,
             person.consent_share_gp, person.consent_share_gp_at, person.given_name)  # fmt: skip
    assert after == before


def _attack_form(**fields):
    values = factories.self_introduction_form(
        given_name="Mal", family_name="Sender", nhs_number="999 000 0050",
        **{"date_of_birth-day": "1", "date_of_birth-month": "1", "date_of_birth-year": "1990"},
        email="sender@example.net", preferred_contact="email", phone="",
        consent_share_alliance="no", consent_share_gp="no",
    )  # fmt: skip
    values.update(fields)
    return values


def test_the_public_form_cannot_rewrite_someone_by_their_nhs_number(client, grace):
    data = _attack_form()
    assert client.post(FORM, data).status_code == 302
    _unchanged(grace)
    introduction = Introduction.objects.get(submission_key=data["submission_key"])
    assert introduction.person != grace  # a new record, from what was sent
    sent = introduction.submitted
    assert sent.match == MatchOutcome.POSSIBLE
    assert sent.possible_match == grace
    assert (sent.given_name, sent.date_of_birth, sent.email) == (
        "Mal",
        dt.date(1990, 1, 1),
        "sender@example.net",
    )
    assert (sent.consent_share_alliance, sent.consent_share_gp) == (False, False)


def test_the_public_form_changes_nothing_even_when_every_detail_matches(client, grace):
    data = _attack_form(
        given_name="Grace", family_name="LINDQVIST",
        **{"date_of_birth-day": "9", "date_of_birth-month": "4", "date_of_birth-year": "1961"},
    )  # fmt: skip
    client.post(FORM, data)
    _unchanged(grace)
    introduction = Introduction.objects.get(submission_key=data["submission_key"])
    assert introduction.person == grace
    assert introduction.submitted.match == MatchOutcome.MATCHED
    assert introduction.submitted.email == "sender@example.net"


def _professional_form(**fields):
    values = {
        "submission_key": str(uuid.uuid4()), "nhs_number": "999 000 0050", "given_name": "Ann",
        "family_name": "Other", "date_of_birth-day": "2", "date_of_birth-month": "11",
        "date_of_birth-year": "1979", "postcode": "", "preferred_contact": "phone", "phone": "07700 900321",
        "email": "", "language": "English", "whats_going_on": "Low mood.", "at_risk_now": "no",
        "urgency": "routine", "consent_obtained": "yes", "consent_share_gp": "no",
        "referrer_contact": "Dr Shah, 020 7946 0000",
    }  # fmt: skip
    values.update(fields)
    return values


def test_a_referrer_sees_what_they_sent_never_the_record_the_number_belongs_to(client, referrer, grace):
    client.force_login(referrer)
    response = client.post(REFER, _professional_form(), follow=True)
    page = _text(response)
    assert "Ann Other" in page
    assert "2 November 1979" in page
    assert "Grace" not in page
    assert "Lindqvist" not in page
    assert "1961" not in page
    listing = _text(client.get(reverse("access:referrer_introductions")))
    assert "Ann Other" in listing
    assert "Lindqvist" not in listing
    _unchanged(grace)


def test_a_referrer_sees_the_name_they_typed_when_the_record_matches(client, referrer, grace):
    client.force_login(referrer)
    form = _professional_form(
        given_name="Gracie", family_name="Lindqvist",
        **{"date_of_birth-day": "9", "date_of_birth-month": "4", "date_of_birth-year": "1961"},
    )  # fmt: skip
    page = _text(client.post(REFER, form, follow=True))
    assert Introduction.objects.get().person == grace
    assert "Gracie Lindqvist" in page
    assert "Grace Lindqvist" not in page


def test_a_referrer_cannot_give_back_a_consent_the_person_withdrew(client, referrer, grace):
    grace.consent_share_alliance = False
    grace.save()
    client.force_login(referrer)
    form = _professional_form(
        given_name="Grace", family_name="Lindqvist", consent_share_gp="no",
        **{"date_of_birth-day": "9", "date_of_birth-month": "4", "date_of_birth-year": "1961"},
    )  # fmt: skip
    client.post(REFER, form)
    _unchanged(grace)
    assert Introduction.objects.get().submitted.consent_share_alliance is True


# The hub: what was sent beside the record, applied only when a hub worker confirms it.


@pytest.fixture
def sent_to_grace(client, grace, hub_worker):
    """A matched self-introduction, with a new email and "no" to sharing, allocated to the worker."""
    data = _attack_form(
        given_name="Grace", family_name="Lindqvist",
        **{"date_of_birth-day": "9", "date_of_birth-month": "4", "date_of_birth-year": "1961"},
    )  # fmt: skip
    client.post(FORM, data)
    introduction = Introduction.objects.get(submission_key=data["submission_key"])
    Introduction.objects.filter(pk=introduction.pk).update(allocated_to=hub_worker)
    return introduction


def test_the_hub_sees_what_was_sent_beside_the_record(client, sent_to_grace, hub_worker):
    client.force_login(hub_worker)
    page = _text(client.get(reverse("access:introduction", args=[sent_to_grace.reference])))
    assert "What was sent with this introduction" in page
    assert "sender@example.net Differs grace@example.org" in page
    assert "Apply what the person confirmed" in page


def test_a_hub_worker_applies_what_the_person_confirmed_and_it_is_audited(
    client, sent_to_grace, hub_worker, grace
):
    client.force_login(hub_worker)
    url = reverse("access:apply_submitted", args=[sent_to_grace.reference])
    response = client.post(url, {"fields_to_apply": ["email", "consent_share_alliance"]})
    assert response.status_code == 302
    grace.refresh_from_db()
    assert grace.email == "sender@example.net"
    assert grace.consent_share_alliance is False
    assert grace.consent_share_alliance_at > CONSENTED_AT  # dated when the hub confirmed it
    assert grace.consent_share_gp is True  # not ticked, not changed
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="people.person", person_id=grace.pk)
    assert event.user == hub_worker
    assert event.detail["fields"] == ["email", "consent_share_alliance"]
    assert event.detail["introduction"] == sent_to_grace.reference
    sent_to_grace.submitted.refresh_from_db()
    assert sent_to_grace.submitted.applied_by == hub_worker
    # Once applied, it cannot be applied again.
    client.post(url, {"fields_to_apply": ["consent_share_gp"]})
    grace.refresh_from_db()
    assert grace.consent_share_gp is True


def test_applying_a_name_or_nothing_gets_a_message_not_a_change(client, sent_to_grace, hub_worker, grace):
    client.force_login(hub_worker)
    url = reverse("access:apply_submitted", args=[sent_to_grace.reference])
    for data, message in (
        ({"fields_to_apply": ["given_name"]}, "Choose only details listed here"),
        ({}, "Choose the details the person confirmed"),
    ):
        response = client.post(url, data)
        assert response.status_code == 400
        assert message in _text(response)
    _unchanged(grace)


def test_only_a_worker_on_the_introduction_may_apply(client, sent_to_grace, other_hub_worker, grace):
    client.force_login(other_hub_worker)
    url = reverse("access:apply_submitted", args=[sent_to_grace.reference])
    assert client.post(url, {"fields_to_apply": ["email"]}).status_code == 403
    _unchanged(grace)


def test_the_hub_is_warned_of_a_possible_match(client, grace, hub_worker):
    data = _attack_form()
    client.post(FORM, data)
    introduction = Introduction.objects.get(submission_key=data["submission_key"])
    client.force_login(hub_worker)
    page = _text(client.get(reverse("access:introduction", args=[introduction.reference])))
    assert "Possible match: check before using either record" in page
    assert f"record {grace.pk} (Grace Lindqvist, born 9 April 1961)" in page
    assert "Apply what the person confirmed" not in page


def test_a_phone_kept_as_typed_before_e164_is_not_a_difference(client, grace, hub_worker):
    # Grace's record holds her number as typed before phones were stored as E.164.
    data = _attack_form(
        given_name="Grace", family_name="Lindqvist", phone="07700 900 777", preferred_contact="phone",
        **{"date_of_birth-day": "9", "date_of_birth-month": "4", "date_of_birth-year": "1961"},
    )  # fmt: skip
    client.post(FORM, data)
    introduction = Introduction.objects.get(submission_key=data["submission_key"])
    assert introduction.submitted.phone == "+447700900777"
    Introduction.objects.filter(pk=introduction.pk).update(allocated_to=hub_worker)
    client.force_login(hub_worker)
    page = _text(client.get(reverse("access:introduction", args=[introduction.reference])))
    assert "Phone 07700 900777 07700 900777" in page  # both shown as people dial it; no "Differs"


def test_the_migration_stores_phones_as_e164_and_leaves_what_is_not_a_number(grace):
    from importlib import import_module

    from django.apps import apps

    unreadable = factories.person(phone="ask at reception")
    import_module("livingwell.people.migrations.0003_phones_as_e164").phones_as_e164(apps, None)
    grace.refresh_from_db()
    unreadable.refresh_from_db()
    assert (grace.phone, unreadable.phone) == ("+447700900777", "ask at reception")
