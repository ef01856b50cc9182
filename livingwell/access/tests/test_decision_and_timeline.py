"""The hub worker's tools: the decision form's revealed choices, the timeline and plain history."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from livingwell.access.models import ContactAttempt
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.audit.wording import describe
from livingwell.network.models import ServiceKind
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

RAW_NAMES = ("serviceintroduction", "contactattempt", "access.", "network.")


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _conditional(html: str, value: str) -> str:
    """The content revealed by the decision radio with this value."""
    match = re.search(rf'value="{value}"[^>]*data-aria-controls="(conditional-[^"]+)"', html)
    assert match, f"the {value} radio reveals nothing"
    start = html.index(f'id="{match.group(1)}"')
    return (
        html[start : html.index("nhsuk-radios__item", start)]
        if "nhsuk-radios__item" in html[start:]
        else html[start:]
    )


def test_it_reveals_services_with_introducing_on_and_reasons_with_closing(
    client, hub_worker, short_term_support
):
    introduction = factories.introduction(allocated_to=hub_worker)
    client.force_login(hub_worker)
    html = _text(client.get(reverse("access:decision", args=[introduction.reference])))
    introduce_on = _conditional(html, "introduce_on")
    assert 'name="services"' in introduce_on
    assert 'name="close_reason"' not in introduce_on
    close = _conditional(html, "close")
    assert 'name="close_reason"' in close
    assert 'name="services"' not in close
    # Hidden only where JavaScript runs, so the form works without it.
    assert "nhsuk-radios__conditional--hidden" in html


def test_it_keeps_the_chosen_decision_open_after_an_error(client, hub_worker, short_term_support):
    introduction = factories.introduction(allocated_to=hub_worker)
    client.force_login(hub_worker)
    response = client.post(
        reverse("access:decision", args=[introduction.reference]), {"decision": "close", "version": 0}
    )
    assert response.status_code == 400
    html = _text(response)
    assert "Choose a reason for closing" in html
    match = re.search(r'value="close"[^>]*data-aria-controls="(conditional-[^"]+)"', html)
    assert match
    assert f'nhsuk-radios__conditional" id="{match.group(1)}"' in html


def test_it_describes_each_service_under_its_checkbox(client, hub_worker, charity):
    described = factories.service(charity, name="Walk and Talk", description="Group walks twice a week")
    undescribed = factories.service(
        charity, name="Peer Circle", kind=ServiceKind.PEER_SUPPORT, description=""
    )
    introduction = factories.introduction(allocated_to=hub_worker)
    client.force_login(hub_worker)
    html = _text(client.get(reverse("access:decision", args=[introduction.reference])))
    assert re.search(rf'value="{described.pk}".*?Group walks twice a week', html)
    # Without a description, the kind of help it is.
    assert re.search(rf'value="{undescribed.pk}".*?Peer support', html)


def test_it_shows_a_contact_attempts_note_on_the_timeline(client, hub_worker):
    introduction = factories.introduction(allocated_to=hub_worker)
    client.force_login(hub_worker)
    response = client.post(
        reverse("access:contact_attempt", args=[introduction.reference]),
        {"method": "phone", "outcome": "no_answer", "note": "Asked to call after 3pm"},
    )
    assert response.status_code == 302, _text(response)
    html = _text(client.get(reverse("access:introduction", args=[introduction.reference])))
    timeline = html[html.rindex("<ol") :]
    assert "Note: Asked to call after 3pm" in timeline


def test_it_adds_nothing_to_the_timeline_for_a_contact_without_a_note(client, hub_worker):
    introduction = factories.introduction(allocated_to=hub_worker)
    ContactAttempt.objects.create(
        introduction=introduction, at=timezone.now(), method="phone", outcome="no_answer", by=hub_worker
    )
    client.force_login(hub_worker)
    html = _text(client.get(reverse("access:introduction", args=[introduction.reference])))
    assert "Note:" not in html[html.rindex("<ol") :]


def test_it_words_the_history_in_plain_english_on_the_person_page(client, hub_worker, short_term_support):
    introduction = factories.introduction(allocated_to=hub_worker)
    onward = factories.service_introduction(introduction, short_term_support)
    contact = ContactAttempt.objects.create(
        introduction=introduction, at=timezone.now(), method="phone", outcome="no_answer", by=hub_worker
    )
    request = factories.request_for(hub_worker)
    record(request, AuditAction.VIEW, onward, person_id=introduction.person_id)
    record(request, AuditAction.CREATE, contact, person_id=introduction.person_id)
    client.force_login(hub_worker)
    for url in (
        reverse("access:introduction", args=[introduction.reference]),
        reverse("people:detail", args=[introduction.person_id]),
    ):
        html = _text(client.get(url))
        words = re.sub(r"<[^>]+>", " ", html).lower()  # what a reader sees, not ids or addresses
        for raw in RAW_NAMES:
            assert raw not in words, (url, raw)
    history = html[html.index("Who has looked at or changed this record") :]
    assert "Viewed the introduction to Short Term Support (test)" in history
    assert "Recorded a contact attempt" in history
    assert "Viewed their record" in history


@pytest.mark.parametrize(
    ("action", "object_type", "words"),
    [
        (AuditAction.VIEW, "network.serviceintroduction", "Viewed the introduction to a service"),
        (AuditAction.CREATE, "access.contactattempt", "Recorded a contact attempt"),
        (AuditAction.VIEW, "access.introduction", "Viewed the introduction to the hub"),
        (AuditAction.LIST, "people.possible_matches", "Checked for possible matching records"),
        (AuditAction.VIEW, "something.new", "Viewed part of the record"),
        ("unheard_of", "people.person", "Used their record"),
    ],
)
def test_it_words_every_event_without_system_names(action, object_type, words):
    assert describe(action, object_type) == words
