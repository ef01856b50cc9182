"""Merging two records of the same person: history moves, blanks fill, both records log it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.outcomes import services as outcome_services
from livingwell.outcomes.models import BigOutcome
from livingwell.people import services
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    survivor = factories.person(
        given_name="Ria", family_name="Bassey", nhs_number="", email="", phone="07700 900111"
    )
    duplicate = factories.person(
        given_name="Ria",
        family_name="Bassey",
        nhs_number="9434765919",
        email="ria@example.org",
        phone="07700 900999",
    )
    return survivor, duplicate


def test_it_moves_introductions_and_episodes_to_the_survivor(pair, hub_lead):
    survivor, duplicate = pair
    introduction = factories.introduction(duplicate)
    episode = factories.episode(factories.service_introduction(introduction))
    services.merge(
        factories.request_for(hub_lead), survivor=survivor, duplicate=duplicate, reason="Same phone"
    )
    introduction.refresh_from_db()
    episode.refresh_from_db()
    assert introduction.person == survivor
    assert episode.person == survivor
    assert introduction.onward.get().person == survivor
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor


def test_it_moves_questionnaires_and_goals_to_the_survivor(pair, hub_lead):
    survivor, duplicate = pair
    episode = factories.episode(factories.service_introduction(factories.introduction(duplicate)))
    request = factories.request_for(hub_lead)
    response = outcome_services.record_questionnaire(
        request, episode, instrument="GAD-7", answers=[1] * 7, by=hub_lead, submission_key="merge-gad7"
    )
    goal = outcome_services.add_goal(
        request, episode, description="Back to swimming", big_outcome=BigOutcome.PARTICIPATE, rating=3,
        by=hub_lead, submission_key="merge-goal",
    )  # fmt: skip
    services.merge(request, survivor=survivor, duplicate=duplicate, reason="Same phone")
    response.refresh_from_db()
    goal.refresh_from_db()
    assert response.person == survivor
    assert goal.person == survivor
    assert goal.ratings.get().person == survivor


def test_it_fills_the_survivors_blanks_but_keeps_what_it_has(pair):
    survivor, duplicate = pair
    services.merge(factories.request_for(), survivor=survivor, duplicate=duplicate, reason="")
    survivor.refresh_from_db()
    assert survivor.nhs_number == "9434765919"
    assert survivor.email == "ria@example.org"
    assert survivor.phone == "07700 900111"


def test_it_refuses_records_with_different_nhs_numbers(pair):
    survivor, duplicate = pair
    survivor.nhs_number = "9000000009"
    survivor.save()
    with pytest.raises(services.MergeNotAllowed, match="different NHS numbers"):
        services.merge(factories.request_for(), survivor=survivor, duplicate=duplicate, reason="Looks alike")
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_it_refuses_a_record_already_merged(pair):
    survivor, duplicate = pair
    third = factories.person()
    services.merge(factories.request_for(), survivor=survivor, duplicate=duplicate, reason="")
    duplicate.refresh_from_db()
    with pytest.raises(services.MergeNotAllowed, match="already been merged"):
        services.merge(factories.request_for(), survivor=third, duplicate=duplicate, reason="")
    with pytest.raises(services.MergeNotAllowed, match="already been merged"):
        services.merge(factories.request_for(), survivor=duplicate, duplicate=third, reason="")


def test_it_refuses_to_merge_a_record_with_itself(pair):
    with pytest.raises(services.MergeNotAllowed, match="two different records"):
        services.merge(factories.request_for(), survivor=pair[0], duplicate=pair[0], reason="")


def test_it_asks_why_when_the_dates_of_birth_differ(pair):
    survivor, duplicate = pair
    duplicate.date_of_birth = dt.date(1991, 1, 1)
    with pytest.raises(services.MergeNotAllowed, match="dates of birth differ"):
        services.merge(factories.request_for(), survivor=survivor, duplicate=duplicate, reason="  ")
    services.merge(
        factories.request_for(),
        survivor=survivor,
        duplicate=duplicate,
        reason="Day and month swapped on the GP letter",
    )


def test_it_writes_a_merge_record_on_both_people(pair, hub_lead):
    survivor, duplicate = pair
    services.merge(
        factories.request_for(hub_lead), survivor=survivor, duplicate=duplicate, reason="Same phone"
    )
    events = AuditEvent.objects.filter(action=AuditAction.MERGE)
    assert {e.person_id for e in events} == {survivor.pk, duplicate.pk}
    assert all(
        e.user == hub_lead and e.detail["survivor"] == survivor.pk and e.detail["duplicate"] == duplicate.pk
        for e in events
    )


def test_it_sends_a_look_at_the_merged_record_to_the_survivor(client, pair, hub_worker):
    survivor, duplicate = pair
    services.merge(factories.request_for(), survivor=survivor, duplicate=duplicate, reason="")
    client.force_login(hub_worker)
    response = client.get(reverse("people:detail", args=[duplicate.pk]))
    assert response["Location"] == reverse("people:detail", args=[survivor.pk])


def test_it_merges_through_the_page_for_a_hub_lead(client, pair, hub_lead):
    survivor, duplicate = pair
    client.force_login(hub_lead)
    url = reverse("people:merge", args=[survivor.pk, duplicate.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"survivor": str(survivor.pk), "reason": "Same phone and birth date"})
    assert response["Location"] == reverse("people:detail", args=[survivor.pk])
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor


def test_it_shows_why_the_page_refuses_a_merge(client, pair, hub_lead):
    survivor, duplicate = pair
    survivor.nhs_number = "9000000009"
    survivor.save()
    client.force_login(hub_lead)
    response = client.post(
        reverse("people:merge", args=[survivor.pk, duplicate.pk]),
        {"survivor": str(duplicate.pk), "reason": "Alike"},
    )
    assert response.status_code == 400
    assert "different NHS numbers" in response.content.decode()


@pytest.mark.parametrize("role", ["hub_worker", "practitioner", "commissioner", "outsider"])
def test_it_lets_only_a_hub_lead_merge(client, request, pair, role):
    survivor, duplicate = pair
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        reverse("people:merge", args=[survivor.pk, duplicate.pk]),
        {"survivor": str(survivor.pk), "reason": "x"},
    )
    # Hub workers know the records (403); nobody else may learn that they exist (404).
    assert response.status_code == (403 if role == "hub_worker" else 404)
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
