"""Issue 15's journey in a real browser, every page checked with axe-core at 320px and desktop:
a person signs in with a code sent to their confirmed email → reads their plan and adds to it →
withdraws their consent to share → downloads their data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from livingwell import notify
from livingwell.access.tests.browser.axe import DESKTOP, Auditor
from livingwell.network.models import ServiceIntroductionStatus
from livingwell.people.models import Person
from livingwell.support import plan_services
from livingwell.support.models import SupportPlan
from livingwell.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_signs_in_reads_their_plan_withdraws_consent_and_downloads_their_data(
    live_server, context: BrowserContext, settings, practitioner, short_term_support
) -> None:
    settings.NOTIFY_BACKEND = "memory"
    notify.memory_outbox().clear()
    base = live_server.url
    audit = Auditor()
    person = factories.person(
        given_name="Nia", family_name="Francis", email="nia@example.org", email_confirmed_at=timezone.now()
    )
    item = factories.service_introduction(
        factories.introduction(person), service_=short_term_support,
        status=ServiceIntroductionStatus.ACCEPTED, responded_at=timezone.now(),
    )  # fmt: skip
    factories.episode(item)
    plan = plan_services.plan_for(None, person.pk, by=practitioner)
    SupportPlan.objects.filter(pk=plan.pk).update(what_matters="Seeing my sister", strengths="I love to cook")
    page = context.new_page()
    page.set_viewport_size(DESKTOP)

    # --- Sign in with a code ------------------------------------------------------------------
    page.goto(f"{base}/my/")
    expect(page).to_have_url(re.compile(r"/my/sign-in/"))
    audit.check(page, "sign in")
    page.get_by_label("Your email address or mobile number").fill("nia@example.org")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("1990")
    page.get_by_role("button", name="Send me a code").click()
    expect(page.locator("h1")).to_have_text("Enter your code")
    audit.check(page, "enter the code")
    code = re.search(r"\b(\d{6})\b", notify.memory_outbox()[-1].text)
    assert code
    page.get_by_label("Your code").fill(code.group(1))
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Hello Nia")
    expect(page.locator("main")).to_contain_text(f"{short_term_support.name} can help you.")
    audit.check(page, "what is happening")

    # --- Read the plan and add to it ---------------------------------------------------------------
    page.get_by_role("link", name="Your plan").first.click()
    expect(page.locator("main")).to_contain_text("Seeing my sister")
    audit.check(page, "their plan")
    page.get_by_label("Add something to your plan").fill("I want to cook with the group.")
    page.get_by_role("button", name="Add this to my plan").click()
    expect(page.locator(".lw-message")).to_contain_text("added your words")
    expect(page.locator("main")).to_contain_text("I want to cook with the group.")

    # --- Withdraw consent to share ---------------------------------------------------------------
    page.get_by_role("link", name="Your choices").first.click()
    audit.check(page, "their choices")
    page.locator("input[name=consent_share_alliance][value=no]").check()
    page.get_by_role("button", name="Save who we share with").click()
    expect(page.locator(".lw-message")).to_contain_text("It works straight away")
    assert Person.objects.get(pk=person.pk).consent_share_alliance is False

    # --- Download their data -----------------------------------------------------------------------
    page.get_by_role("link", name="Your data").first.click()
    expect(page.locator("main")).to_contain_text("Francis")
    audit.check(page, "their data")
    with page.expect_download() as download:
        page.get_by_role("link", name="download it as a file").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["about_you"]["agrees_to_share_with_partners"] is False
    assert data["your_comments"][0]["text"] == "I want to cook with the group."
    page.get_by_role("link", name="who has looked at your record").click()
    audit.check(page, "who has looked", must_fit_narrow=False)

    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("You have signed out")
    page.goto(f"{base}/my/data/")
    expect(page).to_have_url(re.compile(r"/my/sign-in/"))
    audit.assert_clean()
