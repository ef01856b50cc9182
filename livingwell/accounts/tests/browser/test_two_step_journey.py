"""A new hub lead sets up two-step verification in a real browser, then signs in with a code.

Every page is checked with axe-core at 320px and desktop widths; every step is a plain form.
"""

from __future__ import annotations

import base64
import time
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import BrowserContext, expect

from livingwell.access.tests.browser.axe import Auditor
from livingwell.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code_from_key(typed: str) -> str:
    """Work out the app's code from the key as shown on the page, as a phone would."""
    key = base64.b32decode(typed.replace(" ", "") + "=" * (-len(typed.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_a_hub_lead_sets_up_two_step_and_signs_in_with_a_code(
    live_server, context: BrowserContext, screenshots: Path | None, hub_lead
) -> None:
    base = live_server.url
    audit = Auditor()
    page = context.new_page()

    sign_in(page, base, hub_lead.username)  # no app yet: the helper stops after the password
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step verification")
    expect(page.locator("svg.lw-qr-code")).to_be_visible()
    audit.check(page, "set up two-step verification")
    if screenshots:
        page.screenshot(path=str(screenshots / "two-step-set-up.png"), full_page=True)

    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("That code is not right")
    audit.check(page, "set up two-step verification, with errors")

    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=hub_lead).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    page.get_by_label("Code from the app").fill(_code_from_key(page.locator("#two-step-secret").inner_text()))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step verification is set up")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    audit.check(page, "recovery codes")
    page.get_by_role("link", name="I have saved my recovery codes").click()

    page.goto(f"{base}/staff/sign-out/")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")

    page.goto(f"{base}/staff/sign-in/")
    page.get_by_label("Username").fill(hub_lead.username)
    from livingwell.testing.factories import PASSWORD

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    audit.check(page, "enter your code")
    page.goto(f"{base}/hub/queue/")  # nothing else opens until the code is entered
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")

    page.goto(f"{base}/staff/sign-out/")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, hub_lead.username)  # the helper enters the app's code itself now
    page.goto(f"{base}/hub/queue/")
    expect(page).to_have_url(f"{base}/hub/queue/")
    audit.assert_clean()
