"""A partner service answering an introduction: accepting opens an episode, declining needs a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.network import services
from livingwell.network.models import ServiceIntroductionStatus
from livingwell.support.models import Episode, EpisodeStatus
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(short_term_support):
    return factories.service_introduction(service_=short_term_support)


def test_it_opens_an_episode_when_the_service_accepts(item, practitioner):
    episode = services.accept(factories.request_for(practitioner), item, by=practitioner)
    assert episode.status == EpisodeStatus.OPEN
    assert (episode.person, episode.service, episode.service_introduction) == (
        item.person,
        item.service,
        item,
    )
    assert episode.accepted_at == item.responded_at
    assert item.status == ServiceIntroductionStatus.ACCEPTED
    assert item.responded_by == practitioner
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="support.episode", user=practitioner
    ).exists()


def test_it_records_a_decline_with_its_reason(item, practitioner):
    services.decline(
        factories.request_for(),
        item,
        by=practitioner,
        code="needs_elsewhere",
        note="Needs a Welsh-speaking worker",
    )
    assert item.status == ServiceIntroductionStatus.DECLINED
    assert item.decline_reason == "Needs a Welsh-speaking worker"
    assert not Episode.objects.exists()


@pytest.mark.parametrize("first", ["accept", "decline"])
def test_it_refuses_to_answer_twice(item, practitioner, first):
    if first == "accept":
        services.accept(factories.request_for(), item, by=practitioner)
    else:
        services.decline(factories.request_for(), item, by=practitioner, code="no_capacity", note="Full")
    with pytest.raises(services.AlreadyAnswered):
        services.accept(factories.request_for(), item, by=practitioner)
    with pytest.raises(services.AlreadyAnswered):
        services.decline(factories.request_for(), item, by=practitioner, code="no_capacity", note="Full")
    assert Episode.objects.count() == (1 if first == "accept" else 0)


def appointment(day: dt.date) -> dict[str, str]:
    return {
        "first_appointment-day": str(day.day),
        "first_appointment-month": str(day.month),
        "first_appointment-year": str(day.year),
    }


def test_it_accepts_through_the_page_with_the_first_appointment(client, item, practitioner):
    client.force_login(practitioner)
    day = timezone.localdate() + dt.timedelta(days=5)
    response = client.post(
        reverse("network:service_introduction", args=[item.pk]), {"answer": "accept", **appointment(day)}
    )
    episode = Episode.objects.get()
    assert response["Location"] == reverse("support:episode", args=[episode.pk])
    item.refresh_from_db()
    assert item.first_appointment_at is not None
    assert timezone.localtime(item.first_appointment_at).date() == day


@pytest.mark.parametrize(
    ("days", "message"),
    [(None, "Enter the date of their first appointment"), (367, "within a year"), (-8, "within a year")],
)
def test_an_acceptance_needs_a_first_appointment_within_reach(client, item, practitioner, days, message):
    client.force_login(practitioner)
    data = {"answer": "accept"}
    if days is not None:
        data.update(appointment(timezone.localdate() + dt.timedelta(days=days)))
    response = client.post(reverse("network:service_introduction", args=[item.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Episode.objects.exists()


@pytest.mark.parametrize("days", [-7, 366])
def test_the_first_appointments_limits_are_inside(client, item, practitioner, days):
    client.force_login(practitioner)
    data = {"answer": "accept", **appointment(timezone.localdate() + dt.timedelta(days=days))}
    assert client.post(reverse("network:service_introduction", args=[item.pk]), data).status_code == 302


def test_it_asks_why_a_service_declines(client, item, practitioner):
    client.force_login(practitioner)
    response = client.post(
        reverse("network:service_introduction", args=[item.pk]), {"answer": "decline", "decline_reason": ""}
    )
    assert response.status_code == 400
    assert "Choose why you are declining" in response.content.decode()
    other = client.post(
        reverse("network:service_introduction", args=[item.pk]),
        {"answer": "decline", "decline_code": "other"},
    )
    assert other.status_code == 400
    assert "Say why you are declining" in other.content.decode()
    item.refresh_from_db()
    assert item.status == ServiceIntroductionStatus.PENDING
    coded = client.post(
        reverse("network:service_introduction", args=[item.pk]),
        {"answer": "decline", "decline_code": "no_capacity"},
    )
    assert coded.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.decline_code) == (ServiceIntroductionStatus.DECLINED, "no_capacity")


def test_it_shows_why_a_second_answer_is_refused(client, item, practitioner):
    services.accept(factories.request_for(), item, by=practitioner)
    client.force_login(practitioner)
    response = client.post(
        reverse("network:service_introduction", args=[item.pk]),
        {"answer": "decline", "decline_code": "no_capacity", "decline_reason": "Full"},
    )
    assert response.status_code == 400
    assert "answered this introduction while you were deciding" in response.content.decode()


def test_it_refuses_a_declined_introduction_to_the_service_that_declined_it(client, item, practitioner):
    # Declined means no relationship, so no access: not even to answer again.
    services.decline(factories.request_for(), item, by=practitioner, code="no_capacity", note="Full")
    client.force_login(practitioner)
    assert (
        client.post(reverse("network:service_introduction", args=[item.pk]), {"answer": "accept"}).status_code
        == 403
    )


def test_it_records_each_look_at_an_introduction_to_a_service(client, item, practitioner):
    client.force_login(practitioner)
    client.get(reverse("network:service_introduction", args=[item.pk]))
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="network.serviceintroduction")
    assert (event.user, event.person_id) == (practitioner, item.person_id)


def test_it_lists_pending_introductions_and_open_episodes_in_the_inbox(
    client, item, practitioner, short_term_support
):
    accepted = factories.service_introduction(service_=short_term_support)
    services.accept(factories.request_for(), accepted, by=practitioner)
    client.force_login(practitioner)
    html = client.get(reverse("network:inbox")).content.decode()
    assert item.person.family_name in html
    assert accepted.person.family_name in html
