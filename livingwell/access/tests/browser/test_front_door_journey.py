"""Issue 2's journey in a real browser: a person introduces themselves, the hub works the
introduction and introduces them on, and the service accepts, opening an episode of support.

Every page on the way is checked with axe-core at 320px and desktop widths (no serious or
critical violations), and the public pages must fit a 320px screen without sideways scrolling.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect

from livingwell.access.codes import IntroductionStatus
from livingwell.access.models import Introduction
from livingwell.access.tests.browser.axe import DESKTOP, NARROW, Auditor
from livingwell.network.models import ServiceIntroduction, ServiceIntroductionStatus
from livingwell.support.models import Episode, EpisodeStatus
from livingwell.testing import factories
from livingwell.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFERENCE = re.compile(r"LW-[A-Z0-9]{6}")


def _shoot(page: Page, folder: Path | None, name: str) -> None:
    if folder is not None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _watch_console(page: Page) -> list[str]:
    """Collect errors the browser reports: a CSP block, a missing asset, a script error.

    A form sent with mistakes is answered 400 on purpose, so the page's own status is not an error.
    """
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if message.text.startswith("Failed to load resource") and message.location.get("url") == page.url:
            return
        errors.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    return errors


def _fill_about_you(page: Page) -> None:
    page.get_by_label("First name").fill("Amara")
    page.get_by_label("Last name").fill("Okafor")
    page.locator("[name=date_of_birth-day]").fill("15")
    page.locator("[name=date_of_birth-month]").fill("3")
    page.locator("[name=date_of_birth-year]").fill("1984")
    page.get_by_label("Postcode").fill("SE11 5QY")
    page.locator("input[name=preferred_contact][value=phone]").check()
    page.get_by_label("Phone number").fill("07700 900123")
    page.get_by_label("What is going on for you at the moment?").fill(
        "I have not been sleeping and I feel low most days."
    )
    page.locator("input[name=consent_share_alliance][value=yes]").check()
    page.locator("input[name=consent_share_gp][value=no]").check()


def test_introduction_to_open_episode(
    live_server,
    context: BrowserContext,
    screenshots: Path | None,
    hub_worker,
    practitioner,
    short_term_support,
) -> None:
    base = live_server.url
    audit = Auditor()
    page = context.new_page()
    errors = _watch_console(page)

    # --- The person, on a phone: no sign-in -------------------------------------------------
    page.set_viewport_size(NARROW)
    page.goto(f"{base}/")
    audit.check(page, "start")
    _shoot(page, screenshots, "01-start-320")
    page.goto(f"{base}/introduce/")
    audit.check(page, "safety question")
    page.locator("input[name=at_risk_now][value=no]").check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/introduce/about-you/"))
    expect(page.get_by_label("What is going on for you at the moment?")).to_have_value("")
    audit.check(page, "about you")

    # Sending it empty shows the error summary; that page must be accessible too.
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    audit.check(page, "about you, with errors")
    _shoot(page, screenshots, "02-about-you-errors-320")

    _fill_about_you(page)
    page.get_by_role("button", name="Send").click()
    expect(page).to_have_url(re.compile(r"/introduce/sent/[0-9a-f-]{36}/"))
    panel = page.locator(".nhsuk-panel")
    expect(panel).to_contain_text(REFERENCE)
    found = REFERENCE.search(panel.inner_text())
    assert found is not None
    reference = found.group(0)
    audit.check(page, "sent")
    _shoot(page, screenshots, "03-sent-320")

    introduction = Introduction.objects.get(reference=reference)
    assert introduction.person.full_name == "Amara Okafor"
    assert introduction.status == IntroductionStatus.AWAITING_CONTACT

    # --- The hub worker, at a desk --------------------------------------------------------------
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}/staff/sign-in/")
    audit.check(page, "sign in")
    page.get_by_label("Username").fill(hub_worker.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/hub/queue/"))
    audit.check(page, "queue", must_fit_narrow=False)
    _shoot(page, screenshots, "04-queue-1280")

    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amara Okafor")
    expect(page.get_by_role("link", name="Amara Okafor", exact=True)).to_be_visible()
    audit.check(page, "introduction", must_fit_narrow=False)
    page.get_by_role("button", name="Allocate to me").click()
    expect(page.locator(".lw-message")).to_contain_text(f"{reference} is now yours")
    audit.check(page, "introduction, allocated", must_fit_narrow=False)

    page.get_by_role("link", name="Record a contact attempt").click()
    audit.check(page, "contact attempt", must_fit_narrow=False)
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Spoke with the person").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".lw-message")).to_contain_text("Contact attempt recorded")

    page.get_by_role("link", name="Record the conversation").click()
    audit.check(page, "conversation", must_fit_narrow=False)
    page.get_by_label("Strengths").fill("Close to her sister; walks every morning.")
    page.get_by_label("What matters to the person").fill("Getting back to work.")
    page.locator("input[name=risk_level][value=low]").check()  # no level is pre-selected
    page.locator("input[name=consent_share_alliance][value=yes]").check()
    page.get_by_role("button", name="Save the conversation").click()
    expect(page.locator(".lw-message")).to_contain_text("Conversation saved")

    page.get_by_role("link", name="Decide what happens next").click()
    audit.check(page, "decision", must_fit_narrow=False)
    page.locator("input[name=decision][value=introduce_on]").check()
    page.get_by_label(re.compile(re.escape(short_term_support.name))).check()
    page.get_by_label("Note").fill("Low mood and poor sleep; would like help getting back to work.")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator(".lw-message")).to_contain_text("Introduced on")
    audit.check(page, "introduction, introduced on", must_fit_narrow=False)
    _shoot(page, screenshots, "05-introduced-on-1280")

    introduction.refresh_from_db()
    assert introduction.status == IntroductionStatus.INTRODUCED_ON
    assert introduction.allocated_to == hub_worker
    contact = introduction.contacts.get()
    assert (contact.outcome, contact.note) == ("spoke", "")
    # Fields left empty stay empty (not the text "None").
    assert introduction.conversation.needs == {}
    assert introduction.conversation.risk_summary == ""

    # --- The practitioner at the service ---------------------------------------------------
    context.clear_cookies()
    sign_in(page, base, practitioner.username)
    expect(page).to_have_url(re.compile(r"/services/introductions/$"))
    audit.check(page, "service inbox", must_fit_narrow=False)
    page.get_by_role("link", name="Amara Okafor").click()
    audit.check(page, "service introduction", must_fit_narrow=False)
    # Told once: what she said to the hub is here, with her agreement to share it.
    expect(page.locator("main")).to_contain_text("Getting back to work.")
    page.locator("input[name=answer][value=accept]").check()
    appointment = timezone.localdate() + dt.timedelta(days=3)
    page.get_by_label("Day").fill(str(appointment.day))
    page.get_by_label("Month").fill(str(appointment.month))
    page.get_by_label("Year").fill(str(appointment.year))
    page.get_by_role("button", name="Save the answer").click()
    expect(page).to_have_url(re.compile(r"/support/episodes/\d+/$"))
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Open")
    audit.check(page, "episode", must_fit_narrow=False)
    _shoot(page, screenshots, "06-episode-1280")

    episode = Episode.objects.get(person=introduction.person)
    assert episode.service == short_term_support
    assert episode.status == EpisodeStatus.OPEN
    assert page.url.endswith(f"/support/episodes/{episode.pk}/")
    onward = ServiceIntroduction.objects.get(introduction=introduction)
    assert onward.status == ServiceIntroductionStatus.ACCEPTED

    audit.assert_clean()
    assert not errors, "The browser reported errors:\n" + "\n".join(errors)
    minor = "".join(f"\n  {line}" for line in audit.minor) or " none"
    print(
        f"\naxe: {len(audit.pages)} pages, no serious or critical violations at 320px or 1280px. Minor:{minor}"
    )


def test_self_introduction_works_without_javascript(live_server, browser, screenshots: Path | None) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=NARROW)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/introduce/")
        page.locator("input[name=at_risk_now][value=no]").check()
        page.get_by_role("button", name="Continue").click()
        expect(page).to_have_url(re.compile(r"/introduce/about-you/"))
        _fill_about_you(page)
        page.get_by_role("button", name="Send").click()
        expect(page).to_have_url(re.compile(r"/introduce/sent/[0-9a-f-]{36}/"))
        found = REFERENCE.search(page.locator(".nhsuk-panel").inner_text())
        assert found is not None
        reference = found.group(0)
        _shoot(page, screenshots, "07-sent-no-js-320")
    finally:
        context.close()
    assert Introduction.objects.filter(reference=reference, person__given_name="Amara").exists()


def test_life_areas_are_checkboxes(live_server, context: BrowserContext) -> None:
    """'Select all that apply' must offer checkboxes, so a person can choose more than one."""
    page = context.new_page()
    page.goto(f"{live_server.url}/introduce/about-you/")
    expect(page.locator("input[name=life_areas]")).to_have_count(9)
    expect(page.locator("input[name=life_areas][type=checkbox]")).to_have_count(9, timeout=1_000)
