"""Token lifecycle: created by an administrator, shown once, stored hashed, revocable, last use noted."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.utils import timezone

from livingwell.api import services
from livingwell.api.models import ApiToken, IdempotencyRecord
from livingwell.api.tests.conftest import URL, body, post
from livingwell.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_the_secret_is_stored_only_as_its_hash(issued):
    _, raw = issued
    assert raw.startswith("lw_")
    assert len(raw) > 40
    stored = ApiToken.objects.get()
    assert raw not in {stored.hashed, stored.prefix, stored.name}
    assert stored.hashed == services.hash_token(raw)
    assert raw.startswith(stored.prefix)


def test_it_notes_when_a_token_was_last_used(client, issued, bearer):
    assert issued[0].last_used_at is None
    client.get(f"{URL}/LW-AAAAAA", **bearer)
    assert ApiToken.objects.get().last_used_at is not None


def test_a_revoked_token_gets_401(client, issued, bearer):
    assert post(client, bearer, body()).status_code == 201
    services.revoke_token(None, issued[0])
    assert post(client, bearer, body()).status_code == 401
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(issued[0].pk)).count() == 1
    revoked_at = ApiToken.objects.get().revoked_at
    services.revoke_token(None, issued[0])  # a second revocation changes nothing
    assert ApiToken.objects.get().revoked_at == revoked_at


def test_an_administrator_creates_a_token_and_sees_it_once(client, administrator, gp_practice):
    client.force_login(administrator)
    response = client.post("/admin/api/apitoken/add/", {"organisation": gp_practice.pk, "name": "EMIS Web"})
    token = ApiToken.objects.get()
    assert response.status_code == 200, "the page itself, not a redirect to a page that reads a message"
    found = re.findall(re.escape(token.prefix) + r"[A-Za-z0-9_-]+", response.content.decode())
    assert found, "the new secret is shown"
    raw = found[0]
    assert services.authenticate(raw) == token
    assert "no-store" in response["Cache-Control"]
    assert token.created_by == administrator
    assert raw not in client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert raw not in client.get("/admin/api/apitoken/").content.decode()


def test_an_administrator_revokes_tokens_from_the_list(client, administrator, issued):
    client.force_login(administrator)
    client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [issued[0].pk]})
    assert ApiToken.objects.get().revoked_at is not None
    assert services.authenticate(issued[1]) is None


def test_the_secret_never_goes_into_the_messages_cookie_or_the_session(client, administrator, gp_practice):
    client.force_login(administrator)
    response = client.post("/admin/api/apitoken/add/", {"organisation": gp_practice.pk, "name": "EMIS Web"})
    raw = re.findall(re.escape(ApiToken.objects.get().prefix) + r"[A-Za-z0-9_-]+", response.content.decode())[
        0
    ]
    request = response.wsgi_request
    stored = [str(m) for m in get_messages(request)]  # what the messages storage still holds
    assert all(raw not in m for m in stored)
    assert raw not in str(response.cookies.get("messages", ""))
    assert raw not in json.dumps(dict(client.session.items()), default=str)
    # and the next page shows nothing of it
    assert raw not in client.get("/admin/api/apitoken/").content.decode()


@pytest.mark.parametrize("who", ["hub_lead", "commissioner", "outsider"])
def test_others_cannot_reach_the_token_pages(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/admin/api/apitoken/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


@pytest.mark.clock
def test_the_sweep_deletes_records_older_than_the_window_and_can_rerun(client, bearer, settings):
    settings.API_IDEMPOTENCY_HOURS = 24
    post(client, bearer, body(), key="old")
    post(client, bearer, body(reason="Another"), key="new")
    IdempotencyRecord.objects.filter(key="old").update(
        created_at=timezone.now() - dt.timedelta(hours=24, seconds=1)
    )
    IdempotencyRecord.objects.filter(key="new").update(
        created_at=timezone.now() - dt.timedelta(hours=23, minutes=59)
    )
    call_command("sweep_idempotency_records")
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]
    call_command("sweep_idempotency_records")
    assert IdempotencyRecord.objects.count() == 1
