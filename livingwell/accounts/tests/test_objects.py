"""The one access helper: 404 to whoever has no relationship, 403 to whoever may know, one audit row each."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from livingwell.accounts.models import Role
from livingwell.accounts.objects import get_for_user
from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.people.models import Person
from livingwell.support.rules import Permission
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode(short_term_support):
    return factories.episode(factories.service_introduction(service_=short_term_support))


@pytest.fixture
def stranger(db):
    """A partner practitioner at an organisation with nothing to do with the episode."""
    return factories.user(Role.PARTNER_PRACTITIONER, factories.organisation(), username="stranger")


def _events() -> list[AuditEvent]:
    """Every audit row written after signing in."""
    return list(AuditEvent.objects.exclude(action=AuditAction.SIGN_IN).order_by("seq"))


def test_a_read_writes_one_view_row_naming_the_object_the_person_and_the_permission(
    client, practitioner, episode
):
    client.force_login(practitioner)
    assert client.get(reverse("support:episode", args=[episode.pk])).status_code == 200
    reads = [e for e in _events() if e.action == AuditAction.VIEW]
    assert [(e.object_type, e.object_id, e.person_id, e.detail) for e in reads] == [
        ("support.episode", str(episode.pk), episode.person_id, {"perm": "support.view_episode"})
    ]


def test_a_caller_who_knows_the_object_is_told_403_in_one_row_naming_it(client, hub_worker, episode):
    # Hub staff read an episode but do not record in it.
    client.force_login(hub_worker)
    assert client.get(reverse("support:record_session", args=[episode.pk])).status_code == 403
    (event,) = _events()
    # Not against the person: a refusal is not a look, and their page lists who has looked.
    assert (event.action, event.user, event.object_type, event.object_id, event.person_id) == (
        AuditAction.REFUSED, hub_worker, "support.episode", str(episode.pk), None,
    )  # fmt: skip
    assert event.detail == {"perm": "support.change_episode", "status": 403}


def test_a_caller_with_no_relationship_is_told_404_as_if_it_did_not_exist(client, stranger, episode):
    client.force_login(stranger)
    hidden = client.get(reverse("support:episode", args=[episode.pk]))
    missing = client.get(reverse("support:episode", args=[episode.pk + 1000]))
    assert (hidden.status_code, missing.status_code) == (404, 404)
    refused, nothing = _events()
    # The audit knows which record they reached for, and that they were told it was not there.
    assert (refused.object_type, refused.object_id, refused.detail["status"]) == (
        "support.episode", str(episode.pk), 404,
    )  # fmt: skip
    # A key that matches nothing names no record: the refusal middleware records the request.
    assert (nothing.action, nothing.object_type, nothing.detail["status"]) == (
        AuditAction.REFUSED,
        "request",
        404,
    )


def test_an_ended_relationship_is_403_because_the_organisation_knew_the_record(
    client, practitioner, episode, clock
):
    episode.discharged_at = clock.replace(year=clock.year - 1)
    episode.save()
    client.force_login(practitioner)
    assert client.get(reverse("support:episode", args=[episode.pk])).status_code == 403


def test_it_checks_the_rules_of_the_object_named_and_asks_the_relation_only_to_refuse(hub_worker, episode):
    asked = []

    def related(user, obj):
        asked.append(obj)
        return True

    person = episode.person
    request = factories.request_for(hub_worker)
    got = get_for_user(
        request,
        Person,
        person.pk,
        perm=Permission.VIEW_EPISODE,
        related=related,
        checked_on=lambda p: episode,
    )
    assert got == person
    assert asked == []  # a permitted read costs no relation query
    with pytest.raises(PermissionDenied):
        get_for_user(request, Person, person.pk, perm=Permission.CHANGE_EPISODE, related=related)
    assert asked == [person]


def test_it_answers_404_when_the_relation_says_no_and_for_a_missing_key(hub_worker):
    person = factories.person()
    request = factories.request_for(hub_worker)
    with pytest.raises(Http404) as hidden:
        get_for_user(request, Person, person.pk, perm=Permission.CHANGE_EPISODE, related=lambda u, o: False)
    with pytest.raises(Http404) as missing:
        get_for_user(
            request, Person, person.pk + 1, perm=Permission.CHANGE_EPISODE, related=lambda u, o: True
        )
    assert str(hidden.value) == str(missing.value) == "No such person"
    (event,) = _events()
    assert (event.object_type, event.object_id, event.person_id, event.detail["status"]) == (
        "people.person", str(person.pk), None, 404,
    )  # fmt: skip
