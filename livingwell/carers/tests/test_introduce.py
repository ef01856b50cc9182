"""A carer introduces someone they look after at the front door (source B2)."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse

from livingwell.access.models import Introduction, MatchOutcome
from livingwell.carers.models import Carer, CaringFor
from livingwell.carers.services import possible_matches
from livingwell.carers.tests.conftest import carer_form, make_carer
from livingwell.codes import Source, Urgency
from livingwell.testing import factories
from livingwell.testing.plain_english import assert_plain_english

pytestmark = pytest.mark.django_db


def test_it_asks_the_safety_question_first(client):
    page = client.get(reverse("carers:safety"))
    assert page.status_code == 200
    assert "in danger right now" in page.content.decode()
    assert_plain_english(page.content.decode())
    assert client.post(reverse("carers:safety"), {"at_risk_now": "yes"})["Location"] == reverse(
        "carers:help_now"
    )
    went = client.post(reverse("carers:safety"), {"at_risk_now": "no"})["Location"]
    assert went == reverse("carers:introduce") + "?at_risk=no"


def test_it_says_at_the_safety_question_what_is_missing(client):
    page = client.post(reverse("carers:safety"), {"at_risk_now": ""})
    assert page.status_code == 400
    assert "Select yes if they are in danger right now" in page.content.decode()


def test_its_pages_are_plain_english(client):
    for name in ("carers:help_now", "carers:introduce"):
        page = client.get(reverse(name))
        assert page.status_code == 200
        assert_plain_english(page.content.decode())


def test_the_form_makes_a_carers_introduction_a_new_carer_and_a_link_to_check(client):
    data = carer_form()
    response = client.post(reverse("carers:introduce"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("carers:sent", args=[data["submission_key"]])
    introduction = Introduction.objects.get(submission_key=data["submission_key"])
    assert introduction.source == Source.CARER
    assert introduction.person.given_name == "Kai"
    # The carer cannot agree for the person: the hub asks them.
    assert not introduction.person.consent_share_alliance
    carer = Carer.objects.get()
    assert (carer.full_name, carer.phone, carer.consents) == ("Grace Mensah", "+447700900321", True)
    assert carer.phone_confirmed_at is None  # only the hub confirms
    link = CaringFor.objects.get()
    assert (link.carer, link.person, link.introduction) == (carer, introduction.person, introduction)
    assert link.confirmed_at is None
    assert not link.person_consents_to_share_plan
    sent = client.get(response["Location"])
    assert introduction.reference in sent.content.decode()
    assert_plain_english(sent.content.decode())


def test_sending_the_form_twice_makes_one_of_each(client):
    data = carer_form()
    client.post(reverse("carers:introduce"), data)
    again = client.post(reverse("carers:introduce"), data)
    assert again["Location"] == reverse("carers:sent", args=[data["submission_key"]])
    assert (Introduction.objects.count(), Carer.objects.count(), CaringFor.objects.count()) == (1, 1, 1)


def test_danger_now_makes_it_a_crisis(client):
    client.post(reverse("carers:introduce"), carer_form(at_risk_now="yes"))
    assert Introduction.objects.get().urgency == Urgency.CRISIS


def test_it_never_changes_the_record_of_a_person_it_matches(client):
    known = factories.person(
        given_name="Kai", family_name="Mensah", nhs_number="9990000050", phone="+447700900999",
        postcode="SW9 8AA", date_of_birth=dt.date(2004, 9, 2),
    )  # fmt: skip
    client.post(reverse("carers:introduce"), carer_form(nhs_number="999 000 0050", phone="07700 900 111"))
    introduction = Introduction.objects.get()
    assert introduction.person == known
    assert introduction.submitted.match == MatchOutcome.MATCHED
    known.refresh_from_db()
    assert (known.phone, known.postcode) == ("+447700900999", "SW9 8AA")
    assert CaringFor.objects.get().person == known


def test_a_carer_it_already_has_gets_a_new_record_for_the_hub_to_link(client):
    earlier = make_carer(phone="+447700900555", email="grace@example.com")
    client.post(reverse("carers:introduce"), carer_form(carer_phone="07700 900 321"))
    new = Carer.objects.exclude(pk=earlier.pk).get()
    earlier.refresh_from_db()
    assert earlier.phone == "+447700900555"  # the form changed nothing on the earlier record
    assert list(possible_matches(new)) == [earlier]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"carer_phone": ""}, "Enter your phone number, like 07700 900 982"),
        ({"carer_preferred_contact": "email"}, "Enter your email address, or choose another way"),
        ({"carer_phone": "12"}, "Enter a phone number"),
        ({"date_of_birth-month": "13"}, "Date of birth must be a real date"),
        ({"relationship": "boss"}, "Select who you are to them"),
        ({"person_knows": ""}, "Select if they know you are telling us"),
        ({"given_name": ""}, "Enter their first name"),
        ({"carer_consents": ""}, "Select yes if we can keep your details and contact you"),
        ({"submission_key": "nonsense"}, "Something went wrong with this form"),
    ],
)
def test_it_says_at_the_field_what_is_wrong(client, change, message):
    response = client.post(reverse("carers:introduce"), carer_form(**change))
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert not Introduction.objects.exists()
    assert not Carer.objects.exists()


def test_the_sent_page_is_only_for_a_carers_form(client):
    self_made = factories.introduction()
    assert client.get(reverse("carers:sent", args=[self_made.submission_key])).status_code == 404
    assert client.get(reverse("carers:sent", args=["not-a-key"])).status_code == 404
