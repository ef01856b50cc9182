"""The referrer's pages: the professional introduction form, their list and one introduction."""

from __future__ import annotations

import datetime as dt
import html
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from livingwell.access import services
from livingwell.access.codes import IntroductionStatus
from livingwell.access.models import Introduction
from livingwell.accounts.models import OrganisationKind, Role
from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.codes import Source, Urgency
from livingwell.people.models import Person
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

FORM = reverse("access:referrer_introduce")
LIST = reverse("access:referrer_introductions")


def professional_form(**fields):
    values = {
        "submission_key": str(uuid.uuid4()),
        "nhs_number": "943 476 5919",
        "given_name": "Kemi",
        "family_name": "Adebayo",
        "date_of_birth-day": "2",
        "date_of_birth-month": "11",
        "date_of_birth-year": "1979",
        "postcode": "sw9 8aa",
        "preferred_contact": "phone",
        "phone": "07700 900321",
        "email": "",
        "language": "English",
        "whats_going_on": "Low mood since a bereavement; not sleeping; off work for three weeks.",
        "life_areas": ["mood", "work"],
        "at_risk_now": "no",
        "urgency": "urgent",
        "referrer_risk": "No history of self-harm.",
        "consent_obtained": "yes",
        "consent_share_gp": "yes",
        "referrer_contact": "Dr Shah, 020 7946 0000 (bypass), Mon-Thu",
    }
    values.update(fields)
    return values


def _text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def test_it_records_a_gp_introduction_coded_a1_and_shows_it(client, referrer, gp_practice):
    client.force_login(referrer)
    response = client.post(FORM, professional_form())
    introduction = Introduction.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("access:referrer_introduction", args=[introduction.reference])
    assert introduction.source == Source.GP
    assert introduction.urgency == Urgency.URGENT
    assert introduction.referred_by == referrer
    assert introduction.referrer_organisation == gp_practice
    assert introduction.referrer_contact.startswith("Dr Shah")
    assert introduction.referrer_risk == "No history of self-harm."
    assert introduction.consent_obtained is True
    assert introduction.person.nhs_number == "9434765919"
    assert introduction.person.consent_share_alliance is True
    assert introduction.life_areas == ["mood", "work"]
    page = client.get(response.url)
    assert "Introduction sent. The reference is " + introduction.reference in _text(page)
    assert "Received: waiting for the hub to contact the person" in _text(page)


def test_it_makes_a_crisis_introduction_when_the_person_is_at_risk_now(client, referrer):
    client.force_login(referrer)
    client.post(FORM, professional_form(at_risk_now="yes", urgency="routine"))
    introduction = Introduction.objects.get()
    assert (introduction.urgency, introduction.at_risk_now) == (Urgency.CRISIS, True)
    page = client.get(reverse("access:referrer_introduction", args=[introduction.reference]))
    assert 'href="tel:999"' in page.content.decode()


def test_it_matches_the_person_by_nhs_number_birth_date_and_family_name(client, referrer):
    known = factories.person(
        nhs_number="9434765919", given_name="Kemi", family_name="Adebayo", date_of_birth=dt.date(1979, 11, 2)
    )
    client.force_login(referrer)
    client.post(FORM, professional_form())
    assert Introduction.objects.get().person == known
    assert Person.objects.count() == 1


def test_it_records_a_second_press_of_send_once(client, referrer):
    client.force_login(referrer)
    data = professional_form()
    first = client.post(FORM, data)
    second = client.post(FORM, data)
    assert Introduction.objects.count() == 1
    assert first.url == second.url


def test_it_does_not_reveal_another_referrers_submission_by_its_key(client, referrer, other_referrer):
    client.force_login(referrer)
    data = professional_form()
    client.get(client.post(FORM, data).url)  # the confirmation message is read by its sender
    client.force_login(other_referrer)
    response = client.post(FORM, data)
    assert response.status_code == 400
    assert Introduction.objects.get().reference not in response.content.decode()


def test_it_lets_a_partner_organisation_choose_its_source(client):
    council = factories.organisation(kind=OrganisationKind.COUNCIL, name="Lambeth Housing (test)")
    housing_officer = factories.user(Role.REFERRER, council)
    client.force_login(housing_officer)
    assert 'name="source"' in client.get(FORM).content.decode()
    client.post(FORM, professional_form(source=Source.HOUSING))
    assert Introduction.objects.get().source == Source.HOUSING


def test_it_refuses_a_self_source_from_a_partner(client):
    housing_officer = factories.user(Role.REFERRER, factories.organisation(kind=OrganisationKind.COUNCIL))
    client.force_login(housing_officer)
    response = client.post(FORM, professional_form(source=Source.SELF))
    assert response.status_code == 400
    assert not Introduction.objects.exists()


def test_a_gp_cannot_change_the_source_by_editing_the_form(client, referrer):
    client.force_login(referrer)
    client.post(FORM, professional_form(source=Source.POLICE))
    assert Introduction.objects.get().source == Source.GP


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nhs_number", "943 476 5918", "NHS number"),
        ("given_name", "", "Enter the person's first name"),
        ("whats_going_on", "", "Say why you are introducing the person"),
        ("at_risk_now", "", "Select yes if the person is at risk right now"),
        ("consent_obtained", "no", "The person must agree before you introduce them"),
        ("consent_obtained", "", "Select yes if the person has agreed to the introduction"),
        ("referrer_contact", "", "Enter how the hub can contact you"),
        ("phone", "", "Enter the person's phone number"),
        ("date_of_birth-year", "3000", "Date of birth must be in the past"),
        ("urgency", "soon", "Select a valid choice"),
    ],
)
def test_it_names_the_field_at_fault(client, referrer, field, value, message):
    client.force_login(referrer)
    response = client.post(FORM, professional_form(**{field: value}))
    assert response.status_code == 400
    assert message in _text(response)
    assert not Introduction.objects.exists()


def test_it_accepts_a_person_with_no_nhs_number(client, referrer):
    client.force_login(referrer)
    assert client.post(FORM, professional_form(nhs_number="")).status_code == 302


def test_the_list_shows_only_my_introductions_with_their_status(
    client, referrer, other_referrer, short_term_support
):
    mine = factories.introduction(referred_by=referrer, source=Source.GP)
    introduced_on = factories.introduction(
        referred_by=referrer,
        status=IntroductionStatus.INTRODUCED_ON,
        decided_at=timezone.now(),
        decision_note="HUB NOTE: private",
    )
    factories.service_introduction(introduced_on, short_term_support)
    theirs = factories.introduction(referred_by=other_referrer)
    client.force_login(referrer)
    text = _text(client.get(LIST))
    assert mine.reference in text
    assert introduced_on.reference in text
    assert "Introduced on to Short Term Support" in text
    assert theirs.reference not in text
    assert "HUB NOTE" not in text


def test_the_list_is_audited_and_takes_the_same_queries_however_long(client, referrer, short_term_support):
    client.force_login(referrer)
    for _ in range(2):
        factories.service_introduction(
            factories.introduction(referred_by=referrer, status=IntroductionStatus.INTRODUCED_ON)
        )
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _ in range(5):
        factories.service_introduction(
            factories.introduction(referred_by=referrer, status=IntroductionStatus.INTRODUCED_ON)
        )
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(many) == len(few)
    # One record per page view, naming everyone the list showed (as the hub's queue does).
    listed = list(AuditEvent.objects.filter(user=referrer, action=AuditAction.LIST).order_by("seq"))
    assert [e.detail["count"] for e in listed] == [2, 2, 7]
    assert set(listed[-1].detail["people"]) == set(
        Introduction.objects.filter(referred_by=referrer).values_list("person_id", flat=True)
    )
    assert not AuditEvent.objects.filter(user=referrer, action=AuditAction.VIEW).exists()


def test_one_introduction_shows_the_history_and_never_the_hubs_notes(client, referrer, hub_worker):
    introduction = factories.introduction(referred_by=referrer)
    services.record_contact_attempt(
        factories.request_for(hub_worker),
        introduction,
        by=hub_worker,
        at=timezone.now(),
        method="phone",
        outcome="spoke",
        note="HUB NOTE: talked about family",
    )
    services.close(
        factories.request_for(hub_worker),
        introduction,
        reason="needs_met",
        note="HUB NOTE: closing",
        version=introduction.version,
    )
    client.force_login(referrer)
    response = client.get(reverse("access:referrer_introduction", args=[introduction.reference]))
    text = _text(response)
    assert "The hub spoke with the person" in text
    assert "Closed: Needs met by the conversation" in text
    assert "HUB NOTE" not in text
    assert AuditEvent.objects.filter(
        user=referrer, object_id=str(introduction.pk), action=AuditAction.VIEW
    ).exists()


def test_a_referrer_gets_404_for_a_colleagues_introduction(client, referrer, other_referrer):
    theirs = factories.introduction(referred_by=other_referrer)
    client.force_login(referrer)
    assert client.get(reverse("access:referrer_introduction", args=[theirs.reference])).status_code == 404


def test_a_referrer_is_sent_to_their_list_after_signing_in(client, referrer):
    client.force_login(referrer)
    response = client.get(reverse("access:home"))
    assert response.url == LIST


@pytest.mark.parametrize("who", ["outsider", "commissioner", "hub_worker", "practitioner"])
def test_others_may_not_use_the_referrer_pages(client, request, who):
    client.force_login(request.getfixturevalue(who))
    introduction = factories.introduction()
    for url in (FORM, LIST):
        assert client.get(url).status_code == 403, url
    # Not even the hub is told which references exist through a referrer's page.
    one = reverse("access:referrer_introduction", args=[introduction.reference])
    assert client.get(one).status_code == 404
    assert client.post(FORM, professional_form()).status_code == 403
    assert Introduction.objects.count() == 1


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for url in (FORM, LIST):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:sign_in") in response.url


def test_the_hub_sees_the_referrers_contact_and_risk(client, referrer, hub_worker):
    client.force_login(referrer)
    client.post(FORM, professional_form())
    introduction = Introduction.objects.get()
    client.force_login(hub_worker)
    text = _text(client.get(reverse("access:introduction", args=[introduction.reference])))
    assert "Dr Shah, 020 7946 0000 (bypass), Mon-Thu" in text
    assert "No history of self-harm." in text
    queue = _text(client.get(reverse("access:queue")))
    assert introduction.reference in queue
