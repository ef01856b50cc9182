"""The carer's own view: the people they look after and, only with consent, a plan; never anyone else."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from livingwell.audit.models import AuditEvent
from livingwell.carers.tests.conftest import make_carer, make_link
from livingwell.mine.testing import sign_in_client
from livingwell.support.models import SupportPlan
from livingwell.testing import factories
from livingwell.testing.plain_english import assert_plain_english

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(caring_for, hub_worker):
    caring_for.person_consents_to_share_plan = True
    caring_for.person_consent_at = timezone.now()
    caring_for.save()
    SupportPlan.objects.create(
        person=caring_for.person, coordinator=hub_worker, what_matters="Getting back to college"
    )
    return caring_for


def test_it_sends_anyone_not_signed_in_as_a_carer_to_sign_in(client, shared):
    for url in (reverse("carers:my"), reverse("carers:my_plan", args=[shared.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mine:sign_in"))
    sign_in_client(client, person=shared.person)  # the person is not their own carer
    assert client.get(reverse("carers:my_plan", args=[shared.pk])).status_code == 302


def test_a_carer_reads_the_plan_of_someone_who_agrees(client, shared):
    sign_in_client(client, carer=shared.carer)
    home = client.get(reverse("carers:my"))
    assert home.status_code == 200
    assert "Kai Mensah" in home.content.decode()
    assert_plain_english(home.content.decode())
    page = client.get(reverse("carers:my_plan", args=[shared.pk]))
    assert page.status_code == 200
    assert "Getting back to college" in page.content.decode()
    assert_plain_english(page.content.decode())
    assert AuditEvent.objects.filter(person_id=shared.person_id, detail__by="carer").exists()


def test_a_withdrawn_consent_stops_the_plan_at_the_next_request(client, shared, hub_worker):
    from livingwell.carers import services

    sign_in_client(client, carer=shared.carer)
    assert client.get(reverse("carers:my_plan", args=[shared.pk])).status_code == 200
    services.withdraw_plan_consent(factories.request_for(hub_worker), shared, how="Phoned the hub")
    assert client.get(reverse("carers:my_plan", args=[shared.pk])).status_code == 404
    assert "Getting back to college" not in client.get(reverse("carers:my")).content.decode()


def test_a_carer_never_sees_anyone_they_do_not_look_after(client, shared):
    stranger = factories.person(given_name="Nia", family_name="Stranger")
    someone_elses = make_link(make_carer(given_name="Other", phone="+447700900888"), stranger)
    someone_elses.person_consents_to_share_plan = True
    someone_elses.save()
    SupportPlan.objects.create(person=stranger, what_matters="Private to Nia")
    unchecked = make_link(shared.carer, factories.person(given_name="Unchecked"), confirmed_at=None)
    unchecked.person_consents_to_share_plan = True
    unchecked.save()
    sign_in_client(client, carer=shared.carer)
    for pk in (someone_elses.pk, unchecked.pk, 999_999, 0):
        page = client.get(reverse("carers:my_plan", args=[pk]))
        assert page.status_code == 404
        assert "Private to Nia" not in page.content.decode()
    home = client.get(reverse("carers:my")).content.decode()
    assert "Nia" not in home
    assert "Unchecked" not in home
    assert "still checking 1 form" in home


def test_a_record_the_hub_linked_leads_to_the_earlier_one(client, shared):
    newer = make_carer(same_as=shared.carer)
    sign_in_client(client, carer=newer)
    assert client.get(reverse("carers:my_plan", args=[shared.pk])).status_code == 200


def test_a_carer_signs_in_with_a_code_sent_to_their_confirmed_phone(client, shared, settings):
    from livingwell import notify

    settings.NOTIFY_BACKEND = "memory"
    notify.memory_outbox().clear()
    born = shared.carer.date_of_birth
    response = client.post(
        reverse("mine:sign_in"),
        {"address": "07700 900321", "date_of_birth-day": born.day, "date_of_birth-month": born.month,
         "date_of_birth-year": born.year},
    )  # fmt: skip
    assert response.status_code == 302
    code = re.search(r"\b(\d{6})\b", notify.memory_outbox()[-1].text)
    assert code
    client.post(reverse("mine:enter_code"), {"code": code.group(1)})
    assert client.get(reverse("carers:my_plan", args=[shared.pk])).status_code == 200
