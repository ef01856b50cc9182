"""Ending an episode: choose a reason, check and confirm it, and only then is anything written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.support.models import EpisodeStatus
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode(short_term_support):
    return factories.episode(factories.service_introduction(service_=short_term_support))


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _ended(episode) -> bool:
    episode.refresh_from_db()
    return episode.status != EpisodeStatus.OPEN


def _discharges(episode) -> int:
    return AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="support.episode", object_id=str(episode.pk)
    ).count()


def test_it_shows_the_reasons_to_choose_from(client, episode, practitioner):
    client.force_login(practitioner)
    response = client.get(reverse("support:discharge", args=[episode.pk]))
    assert response.status_code == 200
    assert "Died" in _text(response)
    assert not _ended(episode)


def test_it_leads_from_choosing_to_a_check_page_that_writes_nothing(client, episode, practitioner):
    client.force_login(practitioner)
    url = reverse("support:discharge", args=[episode.pk])
    response = client.post(url, {"reason": "died"}, follow=True)
    assert response.status_code == 200
    html = _text(response)
    assert "Check and confirm" in html
    assert episode.person.full_name in html
    assert episode.service.name in html
    assert "Died" in html
    assert "End this episode" in html
    assert "Go back" in html
    # The choice is carried in the page itself, for a browser without JavaScript.
    assert 'name="reason" value="died"' in html
    assert 'name="confirm" value="yes"' in html
    assert not _ended(episode)
    assert _discharges(episode) == 0


def test_it_refuses_an_unknown_reason_and_asks_again(client, episode, practitioner):
    client.force_login(practitioner)
    url = reverse("support:discharge", args=[episode.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    # A reason altered in the hidden field is checked again, and nothing is written.
    response = client.post(url, {"reason": "abducted", "confirm": "yes"})
    assert response.status_code == 400
    assert "Select a valid choice" in _text(response) or "Choose a reason" in _text(response)
    assert not _ended(episode)
    # A made-up reason in the address shows the choice again, not the check page.
    response = client.get(url, {"reason": "abducted"})
    assert "Check and confirm" not in _text(response)


def test_it_goes_back_with_the_choice_kept(client, episode, practitioner):
    client.force_login(practitioner)
    url = reverse("support:discharge", args=[episode.pk])
    response = client.get(url, {"reason": "moved_away", "change": 1})
    html = _text(response)
    assert "Check and confirm" not in html
    assert 'value="moved_away" checked' in html
    assert not _ended(episode)


def test_it_ends_the_episode_once_on_confirming(client, episode, practitioner):
    client.force_login(practitioner)
    url = reverse("support:discharge", args=[episode.pk])
    response = client.post(url, {"reason": "goals_met", "confirm": "yes"})
    assert response.status_code == 302
    assert _ended(episode)
    assert episode.discharge_reason == "goals_met"
    assert _discharges(episode) == 1


def test_it_writes_nothing_more_when_confirm_is_pressed_twice(client, episode, practitioner):
    client.force_login(practitioner)
    url = reverse("support:discharge", args=[episode.pk])
    client.post(url, {"reason": "goals_met", "confirm": "yes"})
    response = client.post(url, {"reason": "died", "confirm": "yes"}, follow=True)
    assert "already been discharged" in _text(response)
    episode.refresh_from_db()
    assert episode.discharge_reason == "goals_met"
    assert _discharges(episode) == 1


def test_it_does_not_show_an_outsider_the_episode(client, episode, outsider):
    client.force_login(outsider)
    url = reverse("support:discharge", args=[episode.pk])
    assert client.get(url).status_code == 404
    assert client.get(url, {"reason": "died"}).status_code == 404
    assert client.post(url, {"reason": "died", "confirm": "yes"}).status_code == 404
    assert not _ended(episode)
