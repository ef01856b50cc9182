"""An episode of support: sessions recorded while open, then discharge, then nothing more."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.support import services
from livingwell.support.models import EpisodeStatus, Session
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode(short_term_support):
    return factories.episode(factories.service_introduction(service_=short_term_support))


def test_it_records_a_session_in_an_open_episode(episode, practitioner):
    session = services.record_session(
        factories.request_for(practitioner),
        episode,
        by=practitioner,
        at=timezone.now(),
        kind="treatment",
        attendance="attended",
        note="",
    )
    assert session.episode == episode
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="support.session", person=episode.person
    ).exists()


def test_it_discharges_with_a_reason(episode, practitioner):
    services.discharge(factories.request_for(practitioner), episode, reason="goals_met")
    assert episode.status == EpisodeStatus.DISCHARGED
    assert episode.discharge_reason == "goals_met"
    assert episode.discharged_at is not None


def test_it_refuses_to_record_or_discharge_after_discharge(episode, practitioner):
    services.discharge(factories.request_for(), episode, reason="goals_met")
    with pytest.raises(services.EpisodeClosed):
        services.record_session(
            factories.request_for(),
            episode,
            by=practitioner,
            at=timezone.now(),
            kind="treatment",
            attendance="attended",
            note="",
        )
    with pytest.raises(services.EpisodeClosed):
        services.discharge(factories.request_for(), episode, reason="other")
    assert not Session.objects.exists()


def test_it_records_a_session_through_the_page(client, episode, practitioner):
    client.force_login(practitioner)
    response = client.post(
        reverse("support:record_session", args=[episode.pk]),
        {"kind": "review", "attendance": "dna", "note": ""},
    )
    assert response["Location"] == reverse("support:episode", args=[episode.pk])
    assert Session.objects.get().attendance == "dna"


def test_it_shows_why_a_session_cannot_be_recorded_after_discharge(client, episode, practitioner):
    services.discharge(factories.request_for(), episode, reason="goals_met")
    client.force_login(practitioner)
    response = client.post(
        reverse("support:record_session", args=[episode.pk]), {"kind": "review", "attendance": "attended"}
    )
    assert response.status_code == 400
    assert "discharged" in response.content.decode()


def test_it_discharges_through_the_page_once(client, episode, practitioner):
    client.force_login(practitioner)
    url = reverse("support:discharge", args=[episode.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    client.post(url, {"reason": "moved_away", "confirm": "yes"})
    response = client.post(url, {"reason": "other", "confirm": "yes"}, follow=True)
    assert "already been discharged" in response.content.decode()
    episode.refresh_from_db()
    assert episode.discharge_reason == "moved_away"


def test_it_shows_the_forms_to_change_the_episode_only_to_its_service(
    client, episode, hub_worker, practitioner
):
    discharge_url = reverse("support:discharge", args=[episode.pk])
    client.force_login(practitioner)
    assert discharge_url in client.get(reverse("support:episode", args=[episode.pk])).content.decode()
    client.force_login(hub_worker)
    response = client.get(reverse("support:episode", args=[episode.pk]))
    assert response.status_code == 200
    assert discharge_url not in response.content.decode()
