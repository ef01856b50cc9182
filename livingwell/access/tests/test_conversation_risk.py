"""The conversation's risk level: never pre-selected, and below high for a person at risk only with a reason.

Hazard H-F1 in docs/hazard-log.md: a level defaulted to Low would read as the worker's judgement
for a person who said they were at risk now.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from livingwell.access.models import Introduction, RiskLevel
from livingwell.accounts.models import User
from livingwell.codes import Urgency
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

REASON_ERROR = "Give the reason the risk is lower than high"


def _url(introduction: Introduction) -> str:
    return reverse("access:conversation", args=[introduction.reference])


def _form(**fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "strengths": "Walks the dog",
        "what_matters": "Work",
        "risk_level": RiskLevel.LOW,
        "risk_summary": "",
        "consent_share_alliance": "yes",
        "spoke_by": "phone",  # asked only while no contact is recorded
    }
    values.update(fields)
    return {name: value for name, value in values.items() if value is not None}


def _post(client: Client, worker: User, introduction: Introduction, **fields: Any) -> Any:
    client.force_login(worker)
    return client.post(_url(introduction), _form(**fields))


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _at_risk(worker: User, **fields: Any) -> Introduction:
    return factories.introduction(allocated_to=worker, at_risk_now=True, **fields)


def test_no_risk_level_is_pre_selected(client, hub_worker):
    introduction = _at_risk(hub_worker)
    client.force_login(hub_worker)
    text = _text(client.get(_url(introduction)))
    radios = re.findall(r'<input[^>]*name="risk_level"[^>]*>', text)
    assert len(radios) == 3
    assert not [radio for radio in radios if "checked" in radio]


def test_it_refuses_a_conversation_without_a_risk_level(client, hub_worker):
    introduction = factories.introduction(allocated_to=hub_worker)
    response = _post(client, hub_worker, introduction, risk_level=None)
    assert response.status_code == 400
    assert "Select the person's risk level" in _text(response)
    assert not hasattr(Introduction.objects.get(pk=introduction.pk), "conversation")


@pytest.mark.parametrize("level", [RiskLevel.LOW, RiskLevel.MEDIUM])
@pytest.mark.parametrize(
    "fields", [{"at_risk_now": True}, {"urgency": Urgency.CRISIS}], ids=["at-risk", "crisis"]
)
def test_it_refuses_a_level_below_high_without_a_reason_for_a_person_at_risk(
    client, hub_worker, level, fields
):
    introduction = factories.introduction(allocated_to=hub_worker, **fields)
    response = _post(client, hub_worker, introduction, risk_level=level, risk_level_reason="  ")
    assert response.status_code == 400
    assert REASON_ERROR in _text(response)
    assert not hasattr(Introduction.objects.get(pk=introduction.pk), "conversation")


@pytest.mark.parametrize("level", [RiskLevel.LOW, RiskLevel.MEDIUM])
@pytest.mark.parametrize(
    "fields", [{"at_risk_now": True}, {"urgency": Urgency.CRISIS}], ids=["at-risk", "crisis"]
)
def test_it_records_a_level_below_high_with_its_reason(client, hub_worker, level, fields):
    introduction = factories.introduction(allocated_to=hub_worker, **fields)
    reason = "Safety plan in place; partner at home tonight"
    response = _post(client, hub_worker, introduction, risk_level=level, risk_level_reason=reason)
    assert response.status_code == 302
    conversation = Introduction.objects.get(pk=introduction.pk).conversation
    assert (conversation.risk_level, conversation.risk_level_reason) == (level, reason)


def test_it_records_high_without_a_reason_for_a_person_at_risk(client, hub_worker):
    introduction = _at_risk(hub_worker, urgency=Urgency.CRISIS)
    response = _post(client, hub_worker, introduction, risk_level=RiskLevel.HIGH)
    assert response.status_code == 302
    conversation = Introduction.objects.get(pk=introduction.pk).conversation
    assert (conversation.risk_level, conversation.risk_level_reason) == (RiskLevel.HIGH, "")


def test_it_keeps_no_lower_than_high_reason_when_the_level_is_high(client, hub_worker):
    introduction = _at_risk(hub_worker)
    _post(
        client, hub_worker, introduction, risk_level=RiskLevel.HIGH, risk_level_reason="Typed, then changed"
    )
    assert Introduction.objects.get(pk=introduction.pk).conversation.risk_level_reason == ""


@pytest.mark.parametrize("urgency", [Urgency.ROUTINE, Urgency.URGENT])
def test_it_records_low_without_a_reason_for_a_person_not_at_risk(client, hub_worker, urgency):
    introduction = factories.introduction(allocated_to=hub_worker, urgency=urgency, at_risk_now=False)
    client.force_login(hub_worker)
    assert "Why is the risk lower than high?" not in _text(client.get(_url(introduction)))
    response = _post(client, hub_worker, introduction, risk_level=RiskLevel.LOW)
    assert response.status_code == 302
    assert Introduction.objects.get(pk=introduction.pk).conversation.risk_level == RiskLevel.LOW


def test_it_asks_why_the_risk_is_lower_only_for_a_person_at_risk(client, hub_worker):
    client.force_login(hub_worker)
    text = _text(client.get(_url(_at_risk(hub_worker))))
    assert "Why is the risk lower than high?" in text


def _open_and_tucked_away(text: str) -> tuple[list[str], list[str]]:
    before, details, _ = re.split(r'<details class="nhsuk-details"[^>]*>|</details>', text, maxsplit=2)
    boxes = r'<textarea[^>]*name="need_(\w+)"'
    return re.findall(boxes, before), re.findall(boxes, details)


def test_the_needs_boxes_start_from_the_areas_the_person_named(client, hub_worker):
    introduction = factories.introduction(allocated_to=hub_worker, life_areas=["money", "housing"])
    client.force_login(hub_worker)
    text = _text(client.get(_url(introduction)))
    shown, tucked_away = _open_and_tucked_away(text)
    assert shown == ["housing", "money"]  # in the usual order of the areas
    assert "Add needs in other areas" in text
    assert len(tucked_away) == 7
    assert not {"housing", "money"} & set(tucked_away)


def test_it_shows_every_needs_box_open_when_the_person_named_no_area(client, hub_worker):
    introduction = factories.introduction(allocated_to=hub_worker, life_areas=[])
    client.force_login(hub_worker)
    text = _text(client.get(_url(introduction)))
    assert "<details" not in text.split("<h2>Strengths")[0]
    assert len(re.findall(r'<textarea[^>]*name="need_', text)) == 9


def test_it_records_a_need_in_an_area_the_person_did_not_name_and_keeps_it_open(client, hub_worker):
    introduction = factories.introduction(allocated_to=hub_worker, life_areas=["money"])
    response = _post(
        client, hub_worker, introduction, need_money="Debts", need_loneliness="Few friends nearby"
    )
    assert response.status_code == 302
    assert Introduction.objects.get(pk=introduction.pk).conversation.needs == {
        "money": "Debts",
        "loneliness": "Few friends nearby",
    }
    shown, _ = _open_and_tucked_away(_text(client.get(_url(introduction))))
    assert shown == ["money", "loneliness"]


def test_the_introduction_page_shows_why_the_risk_is_lower_than_high(client, hub_worker):
    introduction = _at_risk(hub_worker)
    _post(
        client,
        hub_worker,
        introduction,
        risk_level=RiskLevel.MEDIUM,
        risk_level_reason="Staying with her sister",
    )
    text = _text(client.get(reverse("access:introduction", args=[introduction.reference])))
    assert "Why the risk is lower than high" in text
    assert "Staying with her sister" in text


def test_a_conversation_with_no_contact_recorded_asks_how_and_records_first_contact(client, hub_worker):
    introduction = factories.introduction(allocated_to=hub_worker, urgency=Urgency.CRISIS)
    assert not introduction.contacts.exists()
    client.force_login(hub_worker)
    assert "How did you speak with them?" in _text(client.get(_url(introduction)))
    refused = client.post(_url(introduction), _form(spoke_by=None, risk_level=RiskLevel.HIGH))
    assert refused.status_code == 400
    assert "Select how you spoke with the person" in _text(refused)
    saved = client.post(_url(introduction), _form(spoke_by="video", risk_level=RiskLevel.HIGH))
    assert saved.status_code == 302
    (contact,) = introduction.contacts.all()
    assert (contact.outcome, contact.method, contact.by) == ("spoke", "video", hub_worker)
    assert contact.at == introduction.conversation.recorded_at  # the clock stops when it was recorded
    # Once a contact is on record the question is not asked again, and no second one is made.
    assert "How did you speak with them?" not in _text(client.get(_url(introduction)))
    client.post(_url(introduction), _form(risk_level=RiskLevel.HIGH))
    assert introduction.contacts.count() == 1
