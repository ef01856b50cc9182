"""Two-step verification: a code after the password, required of hub leads and administrators."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from livingwell.accounts import mfa
from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.testing.factories import PASSWORD
from livingwell.testing.two_step import code_for, give_app

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign_in")
CODE = reverse("accounts:two_step")
SET_UP = reverse("accounts:two_step_set_up")
QUEUE = reverse("access:queue")


def _password(client, username: str, password: str = PASSWORD, **extra):
    return client.post(SIGN_IN, {"username": username, "password": password}, **extra)


def _code(client, code: str, **extra):
    return client.post(CODE, {"code": code}, **extra)


def test_a_hub_lead_without_an_app_is_sent_to_set_up_and_can_open_nothing_else(client, hub_lead):
    response = _password(client, "lead")
    assert response["Location"] == SET_UP
    assert client.get(QUEUE)["Location"] == f"{SET_UP}?next={QUEUE.replace('/', '%2F')}"
    assert client.get("/people/1/")["Location"].startswith(SET_UP)
    assert client.get(reverse("access:urgent_help")).status_code == 200  # help is never behind it
    page = client.get(SET_UP)
    assert page.status_code == 200
    assert "Your role needs two-step verification" in page.content.decode()


def test_an_administrator_without_an_app_cannot_open_the_admin_site(client, alliance):
    from livingwell.accounts.administrators import grant_admin_site
    from livingwell.accounts.models import Role
    from livingwell.testing import factories

    grant_admin_site(factories.user(Role.ADMINISTRATOR, alliance, username="admin"))
    client.post("/admin/login/", {"username": "admin", "password": PASSWORD, "next": "/admin/"})
    assert client.get("/admin/")["Location"].startswith(SET_UP)
    assert client.get("/admin/accounts/user/")["Location"].startswith(SET_UP)


def test_set_up_shows_the_secret_and_a_qr_code_drawn_here_then_ten_recovery_codes_once(client, hub_lead):
    _password(client, "lead")
    page = client.get(f"{SET_UP}?next=/hub/queue/").content.decode()
    device = TOTPDevice.objects.get(user=hub_lead, confirmed=False)
    assert mfa.secret_text(device) in page
    qr_code = page.split("<svg ", 1)[1].split("</svg>", 1)[0]
    assert "http" not in qr_code.replace("http://www.w3.org/2000/svg", "")  # drawn here, nothing fetched
    assert client.post(SET_UP, {"code": "000000", "next": "/hub/queue/"}).status_code == 400

    device.throttle_reset()  # django-otp's own back-off after the wrong code above
    done = client.post(SET_UP, {"code": code_for(device), "next": "/hub/queue/"})
    assert done.status_code == 200
    assert done["Cache-Control"].startswith("max-age=0") or "no-store" in done["Cache-Control"]
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=hub_lead).values_list("token", flat=True)
    )
    assert client.get(QUEUE).status_code == 200
    again = client.get(SET_UP).content.decode()
    assert "10 unused recovery codes" in again
    assert codes[0] not in again  # shown that once only
    assert AuditEvent.objects.filter(
        user=hub_lead, action=AuditAction.UPDATE, detail__two_step="set up"
    ).exists()


def test_a_wrong_set_up_code_says_what_to_check(client, hub_worker):
    client.force_login(hub_worker)
    client.get(SET_UP)
    response = client.post(SET_UP, {"code": "12 34 56"})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=hub_worker, confirmed=True).exists()


def test_a_code_is_asked_after_the_password_of_anyone_with_an_app(client, hub_worker):
    device = give_app(hub_worker)  # hub workers need not, but this one chose to
    response = _password(client, "worker", QUERY_STRING="next=/hub/queue/")
    assert response["Location"] == f"{CODE}?next=%2Fhub%2Fqueue%2F"
    assert client.get(QUEUE)["Location"].startswith(CODE)
    assert AuditEvent.objects.filter(
        user=hub_worker, action=AuditAction.SIGN_IN, detail__step="password"
    ).exists()

    response = _code(
        client, code_for(device)[:3] + " " + code_for(device)[3:], QUERY_STRING="next=/hub/queue/"
    )
    assert response["Location"] == QUEUE
    assert client.get(QUEUE).status_code == 200
    event = AuditEvent.objects.get(user=hub_worker, action=AuditAction.SIGN_IN, detail__step="code")
    assert event.detail["method"] == "totp"


def test_someone_with_only_the_password_cannot_set_up_a_new_app_over_the_old(client, hub_lead):
    give_app(hub_lead)
    _password(client, "lead")
    assert client.get(f"{SET_UP}?again=1")["Location"].startswith(CODE)
    assert client.post(f"{SET_UP}?again=1", {"code": "123456"})["Location"].startswith(CODE)
    assert not TOTPDevice.objects.filter(user=hub_lead, confirmed=False).exists()


def test_a_wrong_code_is_refused_clearly_and_counts_as_a_failed_sign_in(client, hub_lead):
    device = give_app(hub_lead)
    _password(client, "lead")
    right = code_for(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = _code(client, wrong)
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    assert client.get(QUEUE)["Location"].startswith(CODE)
    failed = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED, detail__step="code")
    assert failed.user == hub_lead
    assert failed.detail["username"] == "lead"
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _code(client, wrong)
    device.throttle_reset()
    paused = _code(client, code_for(device))  # the right code, but the username is now paused
    assert paused.status_code == 429
    assert "Too many failed sign-in attempts" in paused.content.decode()
    assert client.get(QUEUE)["Location"].startswith(CODE)


def test_the_password_alone_does_not_forget_failed_codes(client, hub_lead):
    device = give_app(hub_lead)
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _password(client, "lead")  # a right password each time: failures are not forgotten
        _code(client, "000000")
        client.post(reverse("accounts:sign_out"))
    assert _password(client, "lead").status_code == 429
    device.throttle_reset()


def test_a_recovery_code_works_once(client, hub_lead):
    pending = mfa.pending_device(hub_lead)
    confirmed = mfa.confirm_set_up(pending, code_for(pending))
    assert confirmed is not None
    first = confirmed.recovery_codes[0]

    _password(client, "lead")
    response = _code(client, first.upper())
    assert response["Location"] == reverse("access:home")
    assert client.get(QUEUE).status_code == 200
    assert AuditEvent.objects.filter(user=hub_lead, detail__method="recovery_code").exists()
    assert mfa.recovery_codes_left(hub_lead) == 9

    client.post(reverse("accounts:sign_out"))
    _password(client, "lead")
    again = _code(client, first)
    assert again.status_code == 400
    assert "a recovery code you have not used before" in again.content.decode()


def test_a_strong_sign_in_elsewhere_counts_as_two_step(hub_lead):
    request = RequestFactory().get("/")
    request.session = {}  # type: ignore[assignment]
    request.user = hub_lead
    assert mfa.next_step(request) == mfa.NextStep.SET_UP
    mfa.mark_strong_sign_in(request, "cis2")  # what the NHS CIS2 sign-in is to call
    assert request.session[mfa.AMR_SESSION_KEY] == ["cis2", "mfa"]
    assert mfa.next_step(request) is None


def test_staff_who_need_it_are_administrators_hub_leads_and_anyone_in_the_admin_site(
    hub_lead, hub_worker, practitioner, commissioner
):
    assert mfa.is_required_for(hub_lead)
    assert not mfa.is_required_for(hub_worker)
    assert not mfa.is_required_for(practitioner)
    assert not mfa.is_required_for(commissioner)
    commissioner.is_staff = True
    assert mfa.is_required_for(commissioner)
