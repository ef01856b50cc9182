"""A questionnaire link is a secret: never in an audit record, and never pointing where a Host header says."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from livingwell.audit.models import AuditEvent
from livingwell.outcomes.models import QuestionnaireLink, ResponseStatus
from livingwell.outcomes.tests.conftest import token_from

pytestmark = pytest.mark.django_db


def _send(client, practitioner, episode, capture, **headers):
    client.force_login(practitioner)
    with capture(execute=True):
        page = client.post(
            reverse("outcomes:send_link", args=[episode.pk]),
            {"instrument": "PHQ-9", "channel": "sms"},
            **headers,
        )
    assert page.status_code == 302
    client.logout()


def test_no_audit_record_holds_the_token_and_the_link_still_works(
    client, practitioner, episode, outbox, django_capture_on_commit_callbacks
):
    _send(client, practitioner, episode, django_capture_on_commit_callbacks)
    token = token_from(outbox[0])
    # Item 9 above zero and sending both write an audit record from the link's own pages.
    for number, value in enumerate([0, 0, 0, 0, 0, 0, 0, 0, 1], start=1):
        page = client.post(reverse("outcomes:answer_question", args=[token, number]), {"answer": str(value)})
        assert page.status_code == 302
    assert client.post(reverse("outcomes:answer_check", args=[token])).status_code == 302
    assert client.get(reverse("outcomes:answer_done", args=[token])).status_code == 200
    link = QuestionnaireLink.objects.get()
    assert link.response.status == ResponseStatus.COMPLETED

    from_the_link = AuditEvent.objects.filter(detail__link=link.pk)
    assert from_the_link.count() == 2, "the risk flag and the sending name the link by its id"
    assert set(from_the_link.values_list("path", flat=True)) == {
        "/outcomes/q/<token>/9/",
        "/outcomes/q/<token>/check/",
    }
    for event in AuditEvent.objects.all():
        stored = json.dumps([event.path, event.object_id, event.object_type, event.detail])
        assert token not in stored


def test_the_link_starts_with_public_base_url_whatever_the_host_header_says(
    client, practitioner, episode, outbox, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_BASE_URL = "https://livingwell.example.org"
    settings.ALLOWED_HOSTS = ["*"]  # even where the Host header would be believed
    _send(
        client,
        practitioner,
        episode,
        django_capture_on_commit_callbacks,
        HTTP_HOST="answers.attacker.example",
    )
    text = outbox[0].text
    assert f"https://livingwell.example.org/outcomes/q/{token_from(outbox[0])}/" in text
    assert "attacker" not in text
