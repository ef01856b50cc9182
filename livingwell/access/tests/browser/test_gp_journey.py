"""Issue 3's journey in a real browser: a GP signs in, introduces a person with the professional
form, sees the introduction in their list, and the hub sees it in its queue.

Every page is checked with axe-core at 320px and desktop widths (no serious or critical violations).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from livingwell.access.models import Introduction
from livingwell.access.tests.browser.axe import DESKTOP, NARROW, Auditor
from livingwell.codes import Source
from livingwell.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFERENCE = re.compile(r"LW-[A-Z0-9]{6}")


def _shoot(page: Page, folder: Path | None, name: str) -> None:
    if folder is not None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_a_gp_introduces_someone_and_the_hub_sees_it(
    live_server, context: BrowserContext, screenshots: Path | None, referrer, hub_worker
) -> None:
    base = live_server.url
    audit = Auditor()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.set_viewport_size(NARROW)
    sign_in(page, base, referrer.username)
    expect(page).to_have_url(re.compile(r"/refer/$"))
    audit.check(page, "referrer list, empty")

    started = time.monotonic()
    page.get_by_role("button", name="Introduce someone").click()
    expect(page).to_have_url(re.compile(r"/refer/introduce/$"))
    audit.check(page, "professional form")

    page.get_by_role("button", name="Send the introduction").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    audit.check(page, "professional form, with errors")

    page.get_by_label("NHS number").fill("943 476 5919")
    page.get_by_label("First name").fill("Kemi")
    page.get_by_label("Last name").fill("Adebayo")
    page.locator("[name=date_of_birth-day]").fill("2")
    page.locator("[name=date_of_birth-month]").fill("11")
    page.locator("[name=date_of_birth-year]").fill("1979")
    page.get_by_label("Postcode").fill("SW9 8AA")
    page.get_by_label("The person's phone number").fill("07700 900321")
    page.get_by_label("Why are you introducing the person?").fill(
        "Low mood since a bereavement; not sleeping."
    )
    page.get_by_label("Mood", exact=True).check()
    page.locator("input[name=at_risk_now][value=no]").check()
    page.get_by_label("Urgent", exact=True).check()
    page.locator("input[name=consent_obtained][value=yes]").check()
    page.locator("input[name=consent_share_gp][value=yes]").check()
    page.get_by_label("How should the hub contact you about this introduction?").fill(
        "Dr Shah, 020 7946 0000"
    )
    page.get_by_role("button", name="Send the introduction").click()

    expect(page.locator(".lw-message")).to_contain_text("Introduction sent")
    elapsed = time.monotonic() - started
    found = REFERENCE.search(page.locator(".lw-message").inner_text())
    assert found is not None
    reference = found.group(0)
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Received: waiting for the hub")
    audit.check(page, "introduction sent")
    _shoot(page, screenshots, "gp-01-sent-320")

    page.get_by_role("link", name="Your introductions").first.click()
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    audit.check(page, "referrer list")

    introduction = Introduction.objects.get(reference=reference)
    assert introduction.source == Source.GP
    assert introduction.referred_by == referrer
    # A machine fills the form in seconds; a person has the two minutes the issue asks for.
    assert elapsed < 120

    context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    sign_in(page, base, hub_worker.username)
    expect(page).to_have_url(re.compile(r"/hub/queue/"))
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    audit.check(page, "hub queue", must_fit_narrow=False)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_text("Dr Shah, 020 7946 0000")).to_be_visible()
    audit.check(page, "hub introduction", must_fit_narrow=False)

    audit.assert_clean()
    assert not errors, errors
