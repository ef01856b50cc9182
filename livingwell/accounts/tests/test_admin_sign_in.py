"""The admin site's sign-in is throttled and audited as the staff page is, and then asks for the code."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import RequestFactory

from livingwell.accounts.administrators import grant_admin_site
from livingwell.accounts.models import Role
from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.testing import factories
from livingwell.testing.factories import PASSWORD
from livingwell.testing.two_step import code_for, give_app

pytestmark = pytest.mark.django_db

ADMIN_SIGN_IN = "/admin/login/"


@pytest.fixture
def administrator(alliance):
    return grant_admin_site(factories.user(Role.ADMINISTRATOR, alliance, username="admin"))


def _admin_sign_in(client, username: str, password: str, address: str = "198.51.100.7"):
    return client.post(
        ADMIN_SIGN_IN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


def test_admin_sign_in_failures_are_audited(client, administrator):
    response = _admin_sign_in(client, "admin", "not-the-password")
    assert response.status_code == 200  # the admin's own page, saying the password is wrong
    failed = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert failed.detail == {"username": "admin", "step": "password"}
    assert failed.ip_address == "198.51.100.7"
    assert failed.path == ADMIN_SIGN_IN


def test_admin_sign_in_pauses_a_username_after_too_many_failures(client, administrator):
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        _admin_sign_in(client, "admin", "guess", address=f"198.51.100.{n}")
    response = _admin_sign_in(client, "admin", PASSWORD, address="198.51.100.200")
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert client.get("/admin/")["Location"].startswith(ADMIN_SIGN_IN)  # the right password, still out
    assert not AuditEvent.objects.filter(action=AuditAction.SIGN_IN).exists()


def test_the_staff_page_and_the_admin_site_count_failures_together(client, administrator):
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(
            "/staff/sign-in/", {"username": "admin", "password": "guess"}, REMOTE_ADDR=f"203.0.113.{n}"
        )
    response = _admin_sign_in(client, "admin", PASSWORD)
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_any_other_caller_of_authenticate_is_throttled_too(administrator):
    from django.contrib.auth import authenticate

    request = RequestFactory().post("/some/other/sign-in/", REMOTE_ADDR="198.51.100.8")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert authenticate(request, username="admin", password="guess") is None
    assert authenticate(request, username="admin", password=PASSWORD) is None
    throttled = AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED).order_by("-seq").first()
    assert throttled is not None
    assert throttled.detail == {
        "username": "admin",
        "step": "password",
        "throttled": True,
    }


def test_a_successful_admin_sign_in_is_audited_and_then_asks_for_the_code(client, administrator):
    device = give_app(administrator)
    response = _admin_sign_in(client, "admin", PASSWORD)
    assert response.status_code == 302
    signed_in = AuditEvent.objects.get(action=AuditAction.SIGN_IN, user=administrator)
    assert signed_in.detail == {"step": "password", "next": "code"}
    assert signed_in.path == ADMIN_SIGN_IN
    assert client.get("/admin/")["Location"] == "/staff/sign-in/code/?next=%2Fadmin%2F"
    assert (
        client.post("/staff/sign-in/code/?next=/admin/", {"code": code_for(device)})["Location"] == "/admin/"
    )
    assert client.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.SIGN_IN, user=administrator, detail__step="code"
    ).exists()
