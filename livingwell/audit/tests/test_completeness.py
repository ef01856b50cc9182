"""The audit is complete: list pages record whom they showed, and refused requests are recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.network import services as network_services
from livingwell.outcomes.models import Schedule
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


def _listed(listing: str) -> AuditEvent:
    return AuditEvent.objects.get(action=AuditAction.LIST, object_type=listing)


def test_the_queue_records_everyone_it_showed_in_one_record(client, hub_worker):
    waiting = [factories.introduction() for _ in range(3)]
    client.force_login(hub_worker)
    assert client.get(reverse("access:queue"), REMOTE_ADDR="192.0.2.7").status_code == 200
    event = _listed("access.queue")
    assert sorted(event.detail["people"]) == sorted(i.person_id for i in waiting)
    assert (event.user, event.ip_address, event.path, event.detail["count"]) == (
        hub_worker, "192.0.2.7", reverse("access:queue"), 3,
    )  # fmt: skip


def test_a_page_that_shows_nobody_writes_nothing(client, hub_worker):
    client.force_login(hub_worker)
    assert client.get(reverse("access:queue")).status_code == 200
    assert not AuditEvent.objects.filter(action=AuditAction.LIST).exists()


def test_the_inbox_records_pending_introductions_and_open_episodes(client, practitioner, short_term_support):
    pending = factories.service_introduction(service_=short_term_support)
    accepted = factories.service_introduction(service_=short_term_support)
    network_services.accept(factories.request_for(), accepted, by=practitioner)
    client.force_login(practitioner)
    assert client.get(reverse("network:inbox")).status_code == 200
    assert sorted(_listed("network.inbox").detail["people"]) == sorted(
        [pending.person_id, accepted.person_id]
    )


def test_the_due_list_records_whom_it_showed(client, practitioner, short_term_support):
    Schedule.objects.create(service=short_term_support, instrument="SWEMWBS", every_weeks=4)
    episode = factories.episode(
        factories.service_introduction(service_=short_term_support),
        accepted_at=timezone.now() - dt.timedelta(days=3),
    )
    client.force_login(practitioner)
    assert client.get(reverse("outcomes:due")).status_code == 200
    assert _listed("outcomes.due").detail["people"] == [episode.person_id]


def test_possible_matches_are_recorded_on_the_introduction_and_the_person(client, hub_worker):
    introduction = factories.introduction()
    twin = factories.person(family_name=introduction.person.family_name)  # same birth date and name
    client.force_login(hub_worker)
    assert client.get(reverse("access:introduction", args=[introduction.reference])).status_code == 200
    event = _listed("people.possible_matches")
    assert twin.pk in event.detail["people"]
    assert event.detail["introduction"] == introduction.pk
    assert client.get(reverse("people:detail", args=[twin.pk])).status_code == 200
    on_the_person = AuditEvent.objects.get(action=AuditAction.LIST, detail__person=twin.pk)
    assert introduction.person_id in on_the_person.detail["people"]


@pytest.mark.parametrize("who", ["commissioner", "outsider"])
def test_a_refused_page_is_recorded_for_whoever_asked(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(reverse("access:queue"), REMOTE_ADDR="192.0.2.9").status_code == 403
    event = AuditEvent.objects.get(action=AuditAction.REFUSED)
    assert (event.user, event.path, event.ip_address, event.detail) == (
        user, reverse("access:queue"), "192.0.2.9", {"status": 403, "method": "GET"},
    )  # fmt: skip


def test_an_object_outside_the_users_reach_is_recorded_as_a_404(client, referrer):
    other = factories.introduction()
    client.force_login(referrer)
    url = reverse("access:referrer_introduction", args=[other.reference])
    assert client.get(url).status_code == 404
    event = AuditEvent.objects.get(action=AuditAction.REFUSED)
    assert (event.user, event.path, event.detail["status"]) == (referrer, url, 404)


def test_a_refused_link_token_is_never_stored(client, hub_worker):
    client.force_login(hub_worker)
    assert client.get("/outcomes/q/Zm9yZ2VkLXRva2VuLWd1ZXNz/").status_code == 404
    event = AuditEvent.objects.get(action=AuditAction.REFUSED)
    assert event.path == "/outcomes/q/<token>/"


def test_anonymous_refusals_and_missing_assets_are_not_recorded(client, hub_worker):
    assert client.get("/no-such-page/").status_code == 404
    client.force_login(hub_worker)
    client.get("/favicon.ico")
    assert not AuditEvent.objects.filter(action=AuditAction.REFUSED).exists()
