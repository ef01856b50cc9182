"""Consent: withdrawn by the hub on the person's word, dated and audited; a merge keeps the newest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.people import services
from livingwell.people.matching import find_match
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

EARLIER = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2025, 2, 3, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def person():
    return factories.person(
        consent_share_alliance=True, consent_share_alliance_at=EARLIER,
        consent_share_gp=True, consent_share_gp_at=EARLIER,
    )  # fmt: skip


def test_the_hub_withdraws_consent_dated_and_audited(person, hub_worker):
    request = factories.request_for(hub_worker)
    withdrawn = services.withdraw_consent(
        request, person, consents=["consent_share_alliance"], how="By phone"
    )
    assert withdrawn == ["consent_share_alliance"]
    person.refresh_from_db()
    assert person.consent_share_alliance is False
    assert person.consent_share_alliance_at > EARLIER
    assert (person.consent_share_gp, person.consent_share_gp_at) == (True, EARLIER)
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, person_id=person.pk)
    assert event.user == hub_worker
    assert event.detail["withdrawn"] == ["consent_share_alliance"]
    assert event.detail["how"] == "By phone"


def test_withdrawing_a_consent_not_given_is_refused(person, hub_worker):
    person.consent_share_gp = False
    person.save()
    with pytest.raises(services.ConsentNotChanged):
        services.withdraw_consent(
            factories.request_for(hub_worker), person, consents=["consent_share_gp"], how="x"
        )


def test_a_hub_worker_withdraws_consent_through_the_page(client, person, hub_worker):
    client.force_login(hub_worker)
    assert (
        "Record that the person has withdrawn consent"
        in client.get(reverse("people:detail", args=[person.pk])).content.decode()
    )
    url = reverse("people:withdraw_consent", args=[person.pk])
    response = client.post(url, {"consents": ["consent_share_gp"], "how": "Told the hub by phone"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.consent_share_gp is False


def test_the_page_says_what_is_missing(client, person, hub_worker):
    client.force_login(hub_worker)
    response = client.post(reverse("people:withdraw_consent", args=[person.pk]), {"how": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose the consent the person has withdrawn" in page
    assert "Say how the person told you" in page
    person.refresh_from_db()
    assert person.consent_share_alliance
    assert person.consent_share_gp


@pytest.mark.parametrize("role", ["practitioner", "commissioner"])
def test_only_hub_roles_may_withdraw_consent(client, request, person, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        reverse("people:withdraw_consent", args=[person.pk]), {"consents": ["consent_share_gp"], "how": "x"}
    )
    assert response.status_code in {403, 404}
    person.refresh_from_db()
    assert person.consent_share_gp is True


def test_a_merge_keeps_the_newest_dated_consent_not_the_survivors(hub_lead):
    survivor = factories.person(
        given_name="Ria", family_name="Bassey", consent_share_alliance=True, consent_share_alliance_at=EARLIER,
        consent_share_gp=False, consent_share_gp_at=LATER,
    )  # fmt: skip
    duplicate = factories.person(
        given_name="Ria", family_name="Bassey", consent_share_alliance=False, consent_share_alliance_at=LATER,
        consent_share_gp=True, consent_share_gp_at=EARLIER,
    )  # fmt: skip
    services.merge(
        factories.request_for(hub_lead), survivor=survivor, duplicate=duplicate, reason="Same phone"
    )
    survivor.refresh_from_db()
    # The duplicate's withdrawal is newer; the survivor's refusal to tell the GP is newer.
    assert (survivor.consent_share_alliance, survivor.consent_share_alliance_at) == (False, LATER)
    assert (survivor.consent_share_gp, survivor.consent_share_gp_at) == (False, LATER)
    event = AuditEvent.objects.filter(action=AuditAction.MERGE, person_id=survivor.pk).get()
    assert event.detail["consent_from_duplicate"] == ["consent_share_alliance"]


def test_a_merge_keeps_the_other_family_name_for_matching(hub_lead):
    survivor = factories.person(
        family_name="Okoro", nhs_number="9434765919", date_of_birth=dt.date(1980, 5, 1)
    )
    duplicate = factories.person(family_name="Adams-Okoro", date_of_birth=dt.date(1980, 5, 1))
    services.merge(
        factories.request_for(hub_lead), survivor=survivor, duplicate=duplicate, reason="Married name"
    )
    survivor.refresh_from_db()
    assert survivor.previous_family_names == ["Adams-Okoro"]
    match = find_match(
        nhs_number="9434765919", given_name="Alex", family_name="adams okoro",
        date_of_birth=dt.date(1980, 5, 1), postcode="",
    )  # fmt: skip
    assert match.person == survivor
    assert match.confident
