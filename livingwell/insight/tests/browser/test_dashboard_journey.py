"""A commissioner signs in and lands on the hub dashboard of a small seeded borough, reads how fresh
its figures are, breaks a measure down by ethnic group and downloads its table. The borough is
extracted first, as `livingwell extract` does, into the test's EXTRACT_DIR: the dashboard reads the
KPI catalogue over that extract. Every page is checked with axe-core at 320px and desktop widths.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from livingwell.access.tests.browser.axe import Auditor
from livingwell.demo import history
from livingwell.demo.borough import DEMO_PASSWORD
from livingwell.insight.tests.measure_data import figures
from livingwell.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commissioner_reads_the_dashboard(
    live_server, context: BrowserContext, screenshots: Path | None
) -> None:
    history.seed(months=15, seed_value=1, now=timezone.now(), scale=0.05)
    figures(now=timezone.now())
    base = live_server.url
    audit = Auditor()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    sign_in(page, base, "commissioner", DEMO_PASSWORD)  # the demo borough's commissioner
    # Commissioners land on the hub dashboard; the header names it too (at 320px perhaps under "More").
    page.goto(f"{base}/hub/")
    expect(page).to_have_url(f"{base}/insight/hub/")
    link = page.locator("header a", has_text="Hub dashboard").first
    expect(link).to_have_attribute("href", "/insight/hub/")
    expect(page.locator("header a", has_text="Hub in numbers")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text("The hub dashboard")
    expect(page.get_by_text(re.compile(r"^Figures from data extracted at \d\d:\d\d on "))).to_be_visible()
    expect(page.get_by_role("heading", name="Onward introductions to specialist care")).to_be_visible()
    audit.check(page, "hub dashboard", must_fit_narrow=False)
    if screenshots:
        page.screenshot(path=str(screenshots / "hub-dashboard.png"), full_page=True)

    page.get_by_role("link", name="Crisis introductions by ethnic group").click()
    expect(page).to_have_url(re.compile(r"/insight/hub/crisis-introductions/\?by=ethnicity$"))
    expect(page.get_by_role("columnheader", name="Black")).to_be_visible()
    audit.check(page, "crisis introductions by ethnic group", must_fit_narrow=False)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download this table (CSV)").click()
    assert download.value.suggested_filename.startswith("crisis-introductions-by-ethnicity-")

    audit.assert_clean()
    assert not errors, errors
