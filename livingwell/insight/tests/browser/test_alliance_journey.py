"""A commissioner reads the alliance dashboard, one KPI, the board pack, and compares the boroughs.

The data are hand-built extracts of three boroughs written to a temporary EXTRACT_DIR (fast: no
borough is seeded in the database). Every page is checked with axe-core at 320px and 1280px.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, expect

from livingwell.access.tests.browser.axe import Auditor
from livingwell.insight.tests import alliance_data
from livingwell.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commissioner_reads_the_alliance_pages(
    live_server, context: BrowserContext, screenshots: Path | None, commissioner, settings, tmp_path
) -> None:
    settings.EXTRACT_DIR = alliance_data.build(tmp_path)
    settings.BOROUGH_ONS_CODE = alliance_data.OWN
    base = live_server.url
    audit = Auditor()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    sign_in(page, base, commissioner.username)
    # The header names the dashboard (at 320px it may sit under "More"); follow its address.
    link = page.locator("header a", has_text="Alliance dashboard").first
    expect(link).to_have_attribute("href", "/insight/alliance/")
    page.goto(f"{base}/insight/alliance/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The alliance dashboard")
    summary = page.get_by_role("table", name="Headline measures, latest complete month")
    onward = summary.get_by_role("row").filter(has_text="Onward introductions to specialist care")
    expect(onward).to_contain_text("Special cause improvement: low")
    expect(onward).to_contain_text("Hit and miss against the target")
    page.get_by_text("What the icons mean").click()
    expect(page.get_by_text("Of concern: the latest month is unusually high")).to_be_visible()
    audit.check(page, "alliance dashboard")
    if screenshots:
        page.screenshot(path=str(screenshots / "alliance-dashboard.png"), full_page=True)

    onward.get_by_role("link", name="Onward introductions to specialist care").click()
    expect(page).to_have_url(re.compile(r"/insight/alliance/onward-specialist/$"))
    expect(
        page.get_by_role("img", name=re.compile("Onward introductions to specialist care"))
    ).to_be_visible()
    data = page.get_by_role("table", name="Onward introductions to specialist care, by month")
    expect(data.get_by_role("row").filter(has_text="August 2024")).to_contain_text("hidden")
    audit.check(page, "a KPI page")
    # On a 320px phone the chart keeps legible text (it scrolls sideways) rather than 3px letters.
    wide = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    letters = page.locator(".lw-svg-chart svg text").first
    assert letters.evaluate("e => e.getBoundingClientRect().height") >= 9
    if wide:
        page.set_viewport_size(wide)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download this table")).click()
    assert download.value.suggested_filename.startswith("onward-specialist-E09000022-")

    # An equity measure's page: the dashboard's one table by group over the year, no months.
    page.goto(f"{base}/insight/alliance/crisis-rate-by-ethnicity/")
    equity = page.get_by_role(
        "table", name=re.compile("Crisis introductions per 1,000 adults, by ethnic group")
    )
    # Twelve months of one crisis each are hidden month by month, so the year's count is hidden too.
    expect(equity.get_by_role("row").filter(has_text="Black")).to_contain_text("hidden")
    expect(equity.get_by_role("row").filter(has_text="2024")).to_have_count(0)
    audit.check(page, "an equity KPI page")

    page.goto(f"{base}/insight/alliance/board-pack/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lambeth alliance board pack: December 2024")
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_visible()  # shown by its script
    page.get_by_label("Month", exact=True).select_option(label="October 2024")
    page.get_by_role("button", name="Show the pack for this month").click()
    expect(page).to_have_url(re.compile(r"\?month=2024-10$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lambeth alliance board pack: October 2024")
    audit.check(page, "board pack")
    # On paper the header and the pack's own controls are gone.
    page.emulate_media(media="print")
    expect(page.locator("header.nhsuk-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_hidden()
    # The browser's "Save as PDF" makes an A4 document of it.
    pdf = page.pdf(format="A4", path=str(screenshots / "board-pack.pdf") if screenshots else None)
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 2  # the charts run over several pages
    page.emulate_media(media="screen")

    page.goto(f"{base}/insight/alliance/board-pack/?month=1999-01")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Choose a month from January 2024 to December 2024"
    )
    audit.check(page, "board pack, with an error")

    page.goto(f"{base}/insight/boroughs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Borough comparison")
    page.get_by_label("Measure").select_option(label="People supported before crisis")
    page.get_by_role("button", name="Compare the boroughs").click()
    expect(page).to_have_url(re.compile(r"/insight/boroughs/\?kpi=before-crisis$"))
    table = page.get_by_role("table", name=re.compile("People supported before crisis: boroughs compared"))
    expect(table.get_by_role("row").filter(has_text="Lambeth (this borough)")).to_contain_text("E09000022")
    expect(page.get_by_role("img", name=re.compile("boroughs compared"))).to_be_visible()
    audit.check(page, "borough comparison")
    if screenshots:
        page.screenshot(path=str(screenshots / "boroughs.png"), full_page=True)

    audit.assert_clean()
    assert not errors, errors
