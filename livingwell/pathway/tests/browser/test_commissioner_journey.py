"""A commissioner, new to the model, runs a shipped scenario with a changed capacity and compares.

Every page is checked with axe-core at 320px and desktop widths; the simulation is kept tiny
(a four-month run, at most three replications) through the `tiny_runs` settings.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, expect

from livingwell.access.tests.browser.axe import DESKTOP, Auditor
from livingwell.pathway.models import Comparison, RunStatus
from livingwell.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commissioner_runs_a_what_if(
    live_server, context: BrowserContext, screenshots: Path | None, commissioner, tiny_runs
) -> None:
    base = live_server.url
    audit = Auditor()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.set_viewport_size(DESKTOP)
    sign_in(page, base, commissioner.username)
    page.get_by_role("link", name="What if?").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What if? The pathway model")
    audit.check(page, "pathway model")

    # Continuing without a choice shows the error at the field.
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose a scenario to start from")
    audit.check(page, "pathway model, with errors")

    page.get_by_label("close beds before community capacity is ready").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change capacities")
    audit.check(page, "change capacities")

    page.get_by_label("Crisis outreach: places now").fill("90")
    page.get_by_role("button", name="Run the comparison").click()
    expect(page).to_have_url(re.compile(r"/pathway/comparisons/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Comparison")
    expect(page.locator("ul").filter(has_text="Crisis outreach: ")).to_contain_text("places now → 90")
    table = page.get_by_role("table", name="Baseline and changed scenario")
    for measure in ("Crises", "Bed-days", "Cost", "Mean wait for crisis outreach"):
        expect(table).to_contain_text(measure)
    # The chart is of what the commissioner decides on: each change from the baseline, with its interval.
    chart = page.locator("figure").filter(has_text="Change from the baseline, with 95% intervals")
    expect(chart.locator("svg.lw-chart")).to_be_visible()
    expect(chart).to_contain_text("no change")
    expect(chart).to_contain_text("Admissions to beds")
    audit.check(page, "comparison", must_fit_narrow=False)
    if screenshots is not None:
        page.screenshot(path=str(screenshots / "pathway-comparison-1280.png"), full_page=True)

    comparison = Comparison.objects.get()
    assert comparison.created_by == commissioner
    assert comparison.variant.status == RunStatus.FINISHED
    assert comparison.variant.replications_done >= 2

    audit.assert_clean()
    assert not errors, errors
