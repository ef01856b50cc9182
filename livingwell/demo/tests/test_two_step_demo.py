"""The demo prints an authenticator app key for each account that must use two-step, and it works."""

from __future__ import annotations

import base64
import re
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import TOTP

from livingwell.demo.borough import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_the_printed_key_signs_the_demo_hub_lead_in(client):
    out = StringIO()
    call_command(
        "seed_demo", "--months", "3", "--scale", "0.01", "--no-outcomes", "--no-extracts", stdout=out
    )
    keys = dict(re.findall(r"^  (\S+) .*\n\s+two-step verification: .*: ([A-Z2-7 ]+)$", out.getvalue(), re.M))
    assert set(keys) == {"hub.lead", "admin"}  # administrators and hub leads; nobody else needs one

    assert (
        client.post("/staff/sign-in/", {"username": "hub.lead", "password": DEMO_PASSWORD}).status_code == 302
    )
    totp = TOTP(base64.b32decode(keys["hub.lead"].replace(" ", "")))
    totp.time = time.time()
    response = client.post("/staff/sign-in/code/", {"code": f"{totp.token():06d}"})
    assert response["Location"] == reverse("access:home")
    assert client.get("/insight/hub/").status_code == 200


def test_demo_code_prints_a_code_for_an_account_with_an_app_and_refuses_others():
    from django.core.management import CommandError

    call_command(
        "seed_demo", "--months", "3", "--scale", "0.01", "--no-outcomes", "--no-extracts", stdout=StringIO()
    )
    out = StringIO()
    call_command("demo_code", "admin", stdout=out)
    assert re.fullmatch(r"\d{6}\n", out.getvalue())
    with pytest.raises(CommandError):
        call_command("demo_code", "hub.worker")
