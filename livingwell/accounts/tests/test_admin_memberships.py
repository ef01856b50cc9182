"""Administrators manage staff and their roles, but never their own, and every change is audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from livingwell.accounts.administrators import grant_admin_site
from livingwell.accounts.models import Membership, Role
from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


def _membership_form(user, organisation, role: str, existing: int = 0) -> dict[str, str]:
    """Post the staff change form back as the admin site renders it, with one membership added."""
    prefix = "memberships"
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "groups": [str(g.pk) for g in user.groups.all()],
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
        f"{prefix}-TOTAL_FORMS": str(existing + 1),
        f"{prefix}-INITIAL_FORMS": str(existing),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-{existing}-organisation": str(organisation.pk),
        f"{prefix}-{existing}-role": role,
    }


@pytest.fixture
def administrator(alliance):
    return grant_admin_site(factories.user(Role.ADMINISTRATOR, alliance, username="admin"))


def test_it_does_not_let_an_administrator_give_themselves_a_role(client, administrator, alliance):
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[administrator.pk])
    client.post(url, _membership_form(administrator, alliance, Role.HUB_LEAD, existing=1))
    assert not Membership.objects.filter(user=administrator, role=Role.HUB_LEAD).exists()
    page = client.get(url).content.decode()
    assert 'name="memberships-0-role"' not in page  # shown, not offered for change


def test_it_lets_an_administrator_give_someone_else_a_role_and_audits_it(client, administrator, alliance):
    colleague = factories.user(None, username="new.starter")
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_user_change", args=[colleague.pk]),
        _membership_form(colleague, alliance, Role.HUB_WORKER),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Membership.objects.filter(user=colleague, role=Role.HUB_WORKER).exists()
    event = AuditEvent.objects.get(
        action=AuditAction.UPDATE, object_type="accounts.user", object_id=str(colleague.pk)
    )
    assert event.user == administrator
    assert event.detail["memberships"]["added"] == [{"organisation": alliance.pk, "role": Role.HUB_WORKER}]
