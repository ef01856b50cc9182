"""The decision and action log and the co-production log: who may keep them, bad input, idempotence."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from livingwell.audit.models import AuditEvent
from livingwell.together.models import Action, CoProduction, Decision
from livingwell.together.tests.helpers import action_form, date_fields, decision_form

pytestmark = pytest.mark.django_db


def test_a_hub_lead_records_a_decision_once_however_often_it_is_sent(client, hub_lead):
    client.force_login(hub_lead)
    data = decision_form()
    first = client.post(reverse("together:decisions"), data)
    again = client.post(reverse("together:decisions"), data)
    (decision,) = Decision.objects.all()
    assert first["Location"] == again["Location"] == reverse("together:decision", args=[decision.pk])
    assert decision.recorded_by == hub_lead
    assert decision.forum == "Breakfast meeting"
    page = client.get(reverse("together:decisions"))
    assert page.status_code == 200
    assert "Phone lines answered by a person" in page.content.decode()


def test_bad_input_is_told_at_the_field(client, commissioner):
    client.force_login(commissioner)
    response = client.post(
        reverse("together:decisions"),
        decision_form(title="", **date_fields("decided_on", timezone.localdate() + dt.timedelta(days=3))),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter a title for the decision" in text
    assert "The date it was decided must be today or in the past" in text
    bad_date = client.post(reverse("together:decisions"), {**decision_form(), "decided_on-month": "13"})
    assert bad_date.status_code == 400
    assert "must be a real date" in bad_date.content.decode()
    assert not Decision.objects.exists()


@pytest.mark.parametrize("who", ["hub_worker", "practitioner", "outsider", "referrer"])
def test_no_one_else_keeps_or_reads_the_log(client, who, request):
    client.force_login(request.getfixturevalue(who))
    for name in ("decisions", "actions", "coproduction", "themes", "breakfast_packs"):
        assert client.get(reverse(f"together:{name}")).status_code == 403, name
    assert client.post(reverse("together:decisions"), decision_form()).status_code == 403
    assert client.get(reverse("together:decision", args=[1])).status_code == 403
    assert not Decision.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("together:decisions"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_an_action_needs_one_owner_and_is_done_once(client, hub_lead, commissioner):
    client.force_login(hub_lead)
    client.post(reverse("together:decisions"), decision_form())
    decision = Decision.objects.get()
    url = reverse("together:decision", args=[decision.pk])
    neither = client.post(url, action_form(owner_name=""))
    assert neither.status_code == 400
    assert "Choose a member of staff or enter who owns the action" in neither.content.decode()
    both = client.post(url, action_form(owner_user=str(commissioner.pk)))
    assert both.status_code == 400
    assert "Give one owner" in both.content.decode()
    nobody = client.post(url, action_form(owner_name="", owner_user="999999"))
    assert nobody.status_code == 400
    assert "Choose a member of staff from the list" in nobody.content.decode()
    assert client.post(url, action_form(owner_user=str(commissioner.pk), owner_name="")).status_code == 302
    action = Action.objects.get()
    assert action.decision == decision
    assert action.owner == commissioner.get_full_name()
    done = client.post(reverse("together:action_done", args=[action.pk]), {"back": url})
    assert done["Location"] == url
    first_done = Action.objects.get().done_at
    assert first_done is not None
    client.post(reverse("together:action_done", args=[action.pk]), {"back": "https://elsewhere.example/"})
    assert Action.objects.get().done_at == first_done
    assert client.post(reverse("together:action_done", args=[999999])).status_code == 404
    assert client.get(reverse("together:decision", args=[999999])).status_code == 404


def test_an_action_of_its_own_and_the_actions_page(client, commissioner):
    client.force_login(commissioner)
    assert client.post(reverse("together:actions"), action_form()).status_code == 302
    page = client.get(reverse("together:actions")).content.decode()
    assert "Put a second person on the phones at lunch" in page
    assert "Lambeth charity" in page


def _coproduction(**fields):
    data = {
        "participant": "Ada Okafor",
        "perspective": "uses_services",
        "meeting": "Designing the feedback form",
        "hours": "2.5",
        "recognition": "paid",
        "decision": "",
        "shaped": "The feedback form's questions",
        "submission_key": str(uuid.uuid4()),
        **date_fields("took_part_on", timezone.localdate()),
    }
    data.update(fields)
    return data


def test_the_co_production_log_names_people_to_the_hub_lead_only(client, hub_lead, commissioner):
    client.force_login(hub_lead)
    data = _coproduction()
    assert client.post(reverse("together:coproduction"), data).status_code == 302
    client.post(reverse("together:coproduction"), data)
    entry = CoProduction.objects.get()
    page = client.get(reverse("together:coproduction")).content.decode()
    assert "Ada Okafor" in page
    assert AuditEvent.objects.filter(
        action="view", object_type="together.coproduction", object_id=str(entry.pk)
    ).exists()
    client.force_login(commissioner)
    page = client.get(reverse("together:coproduction")).content.decode()
    assert "Ada Okafor" not in page
    assert "Designing the feedback form" in page
    assert "2.50" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"hours": "lots"}, "Hours must be a number, like 1.5"),
        ({"hours": "30"}, "Hours must be 24 or fewer"),
        ({"hours": "0"}, "Hours must be at least 0.25"),
        ({"shaped": ""}, "Choose the decision it shaped or say what change it shaped"),
        ({"recognition": "free"}, "Select a valid choice"),
        ({"participant": ""}, "Enter the participant"),
    ],
)
def test_bad_co_production_input_is_told_at_the_field(client, hub_lead, fields, message):
    client.force_login(hub_lead)
    response = client.post(reverse("together:coproduction"), _coproduction(**fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CoProduction.objects.exists()
