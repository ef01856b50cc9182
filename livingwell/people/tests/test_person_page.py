"""The person's page: their details, their history, and who has looked at them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def test_it_records_who_looked_from_where_and_at_which_page(client, hub_worker):
    person = factories.person()
    client.force_login(hub_worker)
    url = reverse("people:detail", args=[person.pk])
    client.get(url, REMOTE_ADDR="192.0.2.77")
    event = AuditEvent.objects.get(action=AuditAction.VIEW, person=person)
    assert (event.user, event.ip_address, event.path, event.object_type) == (
        hub_worker,
        "192.0.2.77",
        url,
        "people.person",
    )


def test_it_shows_who_has_looked(client, hub_worker, other_hub_worker):
    other_hub_worker.first_name, other_hub_worker.last_name = "Imogen", "Thackeray"
    other_hub_worker.save()
    person = factories.person()
    client.force_login(other_hub_worker)
    client.get(reverse("people:detail", args=[person.pk]))
    client.force_login(hub_worker)
    html = _text(client.get(reverse("people:detail", args=[person.pk])))
    looked = html[html.index("Who has looked at or changed this record") :]
    assert "Imogen Thackeray" in looked
    assert "Viewed their record" in looked


def test_it_does_not_record_a_look_that_was_refused(client, outsider, commissioner):
    person = factories.person()
    for user in (outsider, commissioner):
        client.force_login(user)
        # No relationship with the person: told there is no such record.
        assert client.get(reverse("people:detail", args=[person.pk])).status_code == 404
    assert not AuditEvent.objects.filter(person=person).exists()
    refusals = AuditEvent.objects.filter(action=AuditAction.REFUSED, object_type="people.person")
    assert {(e.user_id, e.object_id, e.detail["status"]) for e in refusals} == {
        (outsider.pk, str(person.pk), 404),
        (commissioner.pk, str(person.pk), 404),
    }


def test_it_shows_the_persons_introductions_and_episodes(client, hub_worker, short_term_support):
    person = factories.person()
    introduction = factories.introduction(person)
    factories.episode(factories.service_introduction(introduction, short_term_support))
    client.force_login(hub_worker)
    html = _text(client.get(reverse("people:detail", args=[person.pk])))
    assert introduction.reference in html
    assert short_term_support.name in html


def test_it_offers_likely_duplicates_to_a_hub_lead_to_merge(client, hub_lead, hub_worker):
    person = factories.person(given_name="Ola", family_name="Nwosu", nhs_number="9434765919")
    twin = factories.person(given_name="Ola", family_name="NWOSU", postcode="E1 6AN")
    factories.person(given_name="Ola", family_name="Nwosu", nhs_number="9000000009")  # a different person
    client.force_login(hub_lead)
    html = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert reverse("people:merge", args=[person.pk, twin.pk]) in html
    assert html.count("compare and merge") == 1
    client.force_login(hub_worker)
    assert "compare and merge" not in client.get(reverse("people:detail", args=[person.pk])).content.decode()


def _queries_for_person_page(client, person, rows: int, worker) -> int:
    for _ in range(rows):
        introduction = factories.introduction(person, allocated_to=worker)
        factories.episode(factories.service_introduction(introduction, made_by=worker))
        client.get(
            reverse("access:introduction", args=[introduction.reference])
        )  # a look, for the audit list
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 200
    return len(queries)


def test_it_runs_the_same_number_of_queries_for_3_rows_as_for_30(client, hub_lead):
    client.force_login(hub_lead)
    person = factories.person()
    factories.person(given_name=person.given_name, family_name=person.family_name)  # a likely match
    few = _queries_for_person_page(client, person, 3, hub_lead)
    many = _queries_for_person_page(client, person, 27, hub_lead)
    assert few == many
