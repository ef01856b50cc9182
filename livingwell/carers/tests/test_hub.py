"""The hub's pages for a carer: the record, checks, links, the person's consent, the network, own needs."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from livingwell.access.codes import IntroductionStatus
from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.carers import services
from livingwell.carers.models import Carer, CaringFor
from livingwell.carers.signin import find_carers
from livingwell.carers.tests.conftest import make_carer, make_link
from livingwell.codes import Source
from livingwell.network.models import ServiceIntroduction
from livingwell.support.models import NetworkRelationship, PlanNetworkMember
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


def test_the_hub_reads_a_carers_record_and_the_look_is_audited(client, hub_worker, caring_for):
    client.force_login(hub_worker)
    page = client.get(reverse("carers:hub_carer", args=[caring_for.carer_id]))
    assert page.status_code == 200
    assert caring_for.person.full_name in page.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="carers.carer", object_id=str(caring_for.carer_id)
    ).exists()
    assert client.get(reverse("carers:hub_carers")).status_code == 200


@pytest.mark.parametrize("who", ["practitioner", "commissioner", "referrer", "outsider"])
def test_nobody_else_is_told_a_carer_exists(client, request, caring_for, who):
    client.force_login(request.getfixturevalue(who))
    for name, pk in (("carers:hub_carer", caring_for.carer_id), ("carers:hub_consent", caring_for.pk)):
        assert client.get(reverse(name, args=[pk])).status_code == 404
    assert client.get(reverse("carers:hub_carers")).status_code == 403


def test_confirming_contact_details_lets_the_carer_sign_in_with_them(client, hub_worker):
    carer = make_carer(email="grace@example.com")
    assert find_carers("sms", "07700 900 321", carer.date_of_birth) == []  # only a form gave it
    client.force_login(hub_worker)
    client.post(reverse("carers:hub_confirm_contact", args=[carer.pk]))
    carer.refresh_from_db()
    assert carer.phone_confirmed_at
    assert carer.email_confirmed_at
    assert find_carers("sms", "07700 900 321", carer.date_of_birth) == [carer.pk]
    assert find_carers("email", "GRACE@example.com", carer.date_of_birth) == [carer.pk]
    assert find_carers("sms", "07700 900 321", carer.date_of_birth.replace(year=1976)) == []
    assert find_carers("sms", "not a number", carer.date_of_birth) == []


def test_changing_a_phone_number_unconfirms_it(client, hub_worker, carer):
    client.force_login(hub_worker)
    data = {"given_name": "Grace", "family_name": "Mensah", "phone": "07700 900 777", "email": "",
            "preferred_contact": "phone", "consents": "yes"}  # fmt: skip
    assert client.post(reverse("carers:hub_change", args=[carer.pk]), data).status_code == 302
    carer.refresh_from_db()
    assert (carer.phone, carer.phone_confirmed_at) == ("+447700900777", None)
    bad = client.post(reverse("carers:hub_change", args=[carer.pk]), {**data, "phone": "12"})
    assert bad.status_code == 400


def test_the_person_agrees_then_withdraws_dated_and_audited(client, hub_worker, caring_for):
    client.force_login(hub_worker)
    url = reverse("carers:hub_consent", args=[caring_for.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"share_plan": "yes", "how": "On the phone"})
    caring_for.refresh_from_db()
    assert caring_for.plan_shared
    assert caring_for.person_consent_at
    client.post(url, {"share_plan": "no", "how": "Called the hub"})
    caring_for.refresh_from_db()
    assert not caring_for.plan_shared
    details = list(
        AuditEvent.objects.filter(object_type="carers.caringfor", action=AuditAction.UPDATE).values_list(
            "detail", flat=True
        )
    )
    assert {"withdrawn": ["share_plan_with_carer"], "how": "Called the hub"} in details
    assert client.post(url, {"share_plan": "no"}).status_code == 400  # how they said it is asked


def test_consent_waits_until_the_hub_has_checked_the_link(client, hub_worker, carer, son):
    link = make_link(carer, son, confirmed_at=None)
    client.force_login(hub_worker)
    refused = client.post(
        reverse("carers:hub_consent", args=[link.pk]), {"share_plan": "yes", "how": "Phone"}
    )
    assert refused.status_code == 400
    client.post(reverse("carers:hub_confirm_link", args=[link.pk]))
    link.refresh_from_db()
    assert link.confirmed_at
    assert link.confirmed_by == hub_worker


def test_naming_the_carer_in_the_network_needs_the_persons_consent(client, hub_worker, caring_for):
    client.force_login(hub_worker)
    client.post(reverse("carers:hub_network", args=[caring_for.pk]))
    assert not PlanNetworkMember.objects.exists()
    services.give_plan_consent(factories.request_for(hub_worker), caring_for, how="In person")
    client.post(reverse("carers:hub_network", args=[caring_for.pk]))
    client.post(reverse("carers:hub_network", args=[caring_for.pk]))  # twice: named once
    member = PlanNetworkMember.objects.get()
    assert (member.name, member.relationship, member.carer_consents) == (
        "Grace Mensah",
        NetworkRelationship.CARER,
        True,
    )
    assert member.plan.person == caring_for.person


def test_linking_a_carer_to_a_person_the_hub_checked(client, hub_worker, carer, son):
    client.force_login(hub_worker)
    url = reverse("carers:hub_link", args=[carer.pk])
    assert client.post(url, {"person": son.pk, "relationship": "parent"}).status_code == 302
    assert CaringFor.objects.get(carer=carer, person=son).confirmed_at
    again = client.post(url, {"person": son.pk, "relationship": "parent"})
    assert again.status_code == 400
    assert "already linked" in again.content.decode()
    assert client.post(url, {"person": 999_999, "relationship": "parent"}).status_code == 404
    assert client.post(url, {"person": "x", "relationship": "parent"}).status_code == 400


def test_linking_a_new_record_to_the_same_carer_moves_its_links_and_changes_nothing_else(
    client, hub_worker, son
):
    earlier = make_carer(phone="+447700900555")
    new = make_carer(phone="+447700900321")
    make_link(new, son, confirmed_at=None)
    client.force_login(hub_worker)
    response = client.post(reverse("carers:hub_same_carer", args=[new.pk]), {"earlier": earlier.pk})
    assert response["Location"] == reverse("carers:hub_carer", args=[earlier.pk])
    earlier.refresh_from_db()
    new.refresh_from_db()
    assert new.same_as == earlier
    assert earlier.phone == "+447700900555"
    assert CaringFor.objects.get().carer == earlier
    # A record that is not a possible match is refused.
    other = make_carer(given_name="Someone", family_name="Else", phone="+447700900999")
    client.post(reverse("carers:hub_same_carer", args=[other.pk]), {"earlier": new.pk})
    other.refresh_from_db()
    assert other.same_as is None


@pytest.fixture
def carers_assessment(db):
    council = factories.organisation(name="Lambeth Council")
    return factories.service(council, name="Carers Assessment Team")


def test_a_carers_own_needs_are_introduced_on_to_carers_support(client, hub_worker, carer, carers_assessment):
    client.force_login(hub_worker)
    url = reverse("carers:hub_own_needs", args=[carer.pk])
    page = client.get(url)
    assert "Carers Assessment Team" in page.content.decode()
    data = {
        "submission_key": str(uuid.uuid4()),
        "services": [carers_assessment.pk],
        "note": "Worn out, no break",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # sent twice: one introduction
    item = ServiceIntroduction.objects.get()
    carer.refresh_from_db()
    assert item.service == carers_assessment
    assert item.person == carer.person
    assert (carer.person.given_name, carer.person.consent_share_alliance) == ("Grace", True)
    assert item.introduction is not None
    assert item.introduction.source == Source.SELF
    assert item.introduction.status == IntroductionStatus.INTRODUCED_ON


def test_own_needs_wait_for_the_carers_consent(client, hub_worker, carers_assessment):
    carer = make_carer(consents=False)
    client.force_login(hub_worker)
    data = {"submission_key": str(uuid.uuid4()), "services": [carers_assessment.pk], "note": "Needs a break"}
    response = client.post(reverse("carers:hub_own_needs", args=[carer.pk]), data)
    assert response.status_code == 400
    assert "has not agreed" in response.content.decode()
    assert not ServiceIntroduction.objects.exists()
    assert Carer.objects.get().person is None
    assert (
        client.post(reverse("carers:hub_own_needs", args=[carer.pk]), {**data, "services": [999]}).status_code
        == 400
    )
