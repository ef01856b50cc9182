"""The hub's pages through the test client: taking, contacting, talking, deciding."""

from __future__ import annotations

import pytest
from django.urls import reverse

from livingwell.access.codes import IntroductionStatus
from livingwell.access.queue import response_hours
from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.network.models import ServiceIntroduction
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def test_it_shows_an_introduction_and_records_the_look(client, hub_worker):
    introduction = factories.introduction()
    client.force_login(hub_worker)
    response = client.get(
        reverse("access:introduction", args=[introduction.reference]), REMOTE_ADDR="192.0.2.44"
    )
    assert response.status_code == 200
    assert introduction.person.family_name in _text(response)
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="access.introduction")
    assert (event.user, event.ip_address, event.person_id) == (
        hub_worker,
        "192.0.2.44",
        introduction.person_id,
    )


def test_it_allocates_to_whoever_takes_it_and_tells_the_second_taker(client, hub_worker, other_hub_worker):
    introduction = factories.introduction()
    url = reverse("access:allocate", args=[introduction.reference])
    client.force_login(hub_worker)
    client.post(url, {"version": 0})
    client.force_login(other_hub_worker)
    response = client.post(url, {"version": 0}, follow=True)
    assert "Someone else has just taken this introduction." in _text(response)
    introduction.refresh_from_db()
    assert introduction.allocated_to == hub_worker


def test_it_lets_a_hub_lead_reallocate(client, hub_lead, hub_worker, other_hub_worker):
    introduction = factories.introduction(allocated_to=hub_worker)
    client.force_login(hub_lead)
    client.post(
        reverse("access:reallocate", args=[introduction.reference]), {"version": 0, "to": other_hub_worker.pk}
    )
    introduction.refresh_from_db()
    assert introduction.allocated_to == other_hub_worker


def test_it_refuses_to_reallocate_to_someone_outside_the_hub(client, hub_lead, hub_worker, outsider):
    introduction = factories.introduction(allocated_to=hub_worker)
    client.force_login(hub_lead)
    response = client.post(
        reverse("access:reallocate", args=[introduction.reference]),
        {"version": 0, "to": outsider.pk},
        follow=True,
    )
    assert "Choose a member of the hub team." in _text(response)
    introduction.refresh_from_db()
    assert introduction.allocated_to == hub_worker


def test_it_records_a_contact_attempt_and_a_conversation(client, hub_worker):
    introduction = factories.introduction(allocated_to=hub_worker)
    client.force_login(hub_worker)
    response = client.post(
        reverse("access:contact_attempt", args=[introduction.reference]),
        {"method": "phone", "outcome": "spoke", "note": ""},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("access:conversation", args=[introduction.reference]),
        {
            "strengths": "Walks the dog",
            "what_matters": "Work",
            "risk_level": "low",
            "risk_summary": "",
            "consent_share_alliance": "yes",
            "need_money": "Debts",
        },
    )
    assert response.status_code == 302
    introduction.refresh_from_db()
    assert introduction.status == IntroductionStatus.IN_CONVERSATION
    assert introduction.conversation.needs == {"money": "Debts"}


def test_it_sends_back_an_incomplete_contact_attempt_with_a_400(client, hub_worker):
    introduction = factories.introduction(allocated_to=hub_worker)
    client.force_login(hub_worker)
    response = client.post(
        reverse("access:contact_attempt", args=[introduction.reference]), {"method": "carrier pigeon"}
    )
    assert response.status_code == 400
    assert not introduction.contacts.exists()


def test_it_shows_why_introducing_on_without_consent_is_refused(client, hub_worker, short_term_support):
    person = factories.person(consent_share_alliance=False, consent_share_alliance_at=None)
    introduction = factories.introduction(person, allocated_to=hub_worker)
    client.force_login(hub_worker)
    response = client.post(
        reverse("access:decision", args=[introduction.reference]),
        {"decision": "introduce_on", "services": [short_term_support.pk], "note": "", "version": 0},
    )
    assert response.status_code == 400
    assert "has not agreed to share" in _text(response)
    assert not ServiceIntroduction.objects.exists()


def test_it_introduces_on_through_the_decision_page(client, hub_worker, short_term_support):
    introduction = factories.introduction(allocated_to=hub_worker)
    client.force_login(hub_worker)
    response = client.post(
        reverse("access:decision", args=[introduction.reference]),
        {"decision": "introduce_on", "services": [short_term_support.pk], "note": "Mornings", "version": 0},
    )
    assert response.status_code == 302
    assert ServiceIntroduction.objects.get().service == short_term_support


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "introduce_on"}, "Choose at least one service"),
        ({"decision": "close"}, "Choose a reason for closing"),
        ({"decision": "signpost"}, "Say where you signposted the person"),
    ],
)
def test_it_asks_for_what_each_decision_needs(client, hub_worker, data, message):
    introduction = factories.introduction(allocated_to=hub_worker)
    client.force_login(hub_worker)
    response = client.post(reverse("access:decision", args=[introduction.reference]), {**data, "version": 0})
    assert response.status_code == 400
    assert message in _text(response)


def test_it_refuses_a_decision_made_on_a_stale_page(client, hub_worker):
    introduction = factories.introduction(allocated_to=hub_worker, version=4)
    client.force_login(hub_worker)
    response = client.post(
        reverse("access:decision", args=[introduction.reference]),
        {"decision": "signpost", "note": "Library", "version": 3},
    )
    assert response.status_code == 400
    assert "Someone else has changed this introduction" in _text(response)


def test_it_lets_a_hub_lead_change_the_response_standards(client, hub_lead):
    client.force_login(hub_lead)
    response = client.post(
        reverse("access:response_standards"), {"crisis": "2", "urgent": "12", "routine": "336"}
    )
    assert response.status_code == 302
    assert response_hours() == {"crisis": 2, "urgent": 12, "routine": 336}


def test_it_refuses_response_standards_out_of_range(client, hub_lead):
    client.force_login(hub_lead)
    response = client.post(
        reverse("access:response_standards"), {"crisis": "0", "urgent": "12", "routine": "99999"}
    )
    assert response.status_code == 400
    assert "Enter at least 1 hour" in _text(response)
    assert "Enter no more than 2160 hours (90 days)" in _text(response)


def test_it_sends_each_member_of_staff_to_their_work(
    client, hub_worker, practitioner, commissioner, outsider
):
    expected = {
        hub_worker: "access:queue",
        practitioner: "network:inbox",
        commissioner: "insight:hub_dashboard",
    }
    for user, name in expected.items():
        client.force_login(user)
        assert client.get(reverse("access:home"))["Location"] == reverse(name)
    client.force_login(outsider)
    assert client.get(reverse("access:home")).status_code == 403


def test_the_retired_hub_in_numbers_address_goes_to_the_hub_dashboard(client, commissioner):
    client.force_login(commissioner)
    response = client.get("/hub/summary/")
    assert response.status_code == 301
    assert response["Location"] == reverse("insight:hub_dashboard")


@pytest.mark.parametrize("choice", ["99999999999999999999", "not-a-number", "0"])
def test_it_treats_an_impossible_service_as_a_wrong_choice(client, hub_worker, choice):
    introduction = factories.introduction(allocated_to=hub_worker)
    client.force_login(hub_worker)
    response = client.post(
        reverse("access:decision", args=[introduction.reference]),
        {"decision": "introduce_on", "services": [choice], "version": 0},
    )
    assert response.status_code == 400
    assert not ServiceIntroduction.objects.exists()
