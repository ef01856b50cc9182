"""Issue 15's carer journey in a real browser, every page checked with axe-core at 320px and desktop:
a mother introduces her son from the front door → the hub checks the link with him, confirms her
phone and records that he agrees she may read his plan → she signs in with a code sent to her phone
and reads his plan. The public and carer's pages must fit a 320px screen without sideways scrolling."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, expect

from livingwell import notify
from livingwell.access.tests.browser.axe import NARROW, Auditor
from livingwell.carers.models import Carer, CaringFor
from livingwell.codes import Source
from livingwell.support.models import SupportPlan
from livingwell.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_carer_introduces_their_son_and_later_reads_his_plan(
    live_server, context: BrowserContext, hub_worker, settings
) -> None:
    settings.NOTIFY_BACKEND = "memory"
    notify.memory_outbox().clear()
    base = live_server.url
    audit = Auditor()
    page = context.new_page()
    page.set_viewport_size(NARROW)

    # --- Grace introduces her son Kai from the front door, on a phone -----------------------------
    # The server's first page builds its template environment: slow on a loaded machine.
    page.goto(f"{base}/", timeout=60_000)
    page.get_by_role("link", name="Tell us about someone you look after").click()
    audit.check(page, "the carer's safety question")
    page.locator("input[name=at_risk_now][value=no]").check()
    page.get_by_role("button", name="Continue").click()
    audit.check(page, "the carer's form")
    page.get_by_label("Their first name").fill("Kai")
    page.get_by_label("Their last name").fill("Mensah")
    page.locator("[name=date_of_birth-day]").fill("2")
    page.locator("[name=date_of_birth-month]").fill("9")
    page.locator("[name=date_of_birth-year]").fill("2004")
    page.get_by_label("What is going on for them?").fill("My son has stopped going out and hardly eats.")
    page.locator("input[name=person_knows][value=agrees]").check()
    page.get_by_label("Your first name").fill("Grace")
    page.get_by_label("Your last name").fill("Mensah")
    page.locator("[name=carer_date_of_birth-day]").fill("14")
    page.locator("[name=carer_date_of_birth-month]").fill("5")
    page.locator("[name=carer_date_of_birth-year]").fill("1975")
    page.locator("input[name=relationship][value=parent]").check()
    page.locator("input[name=carer_consents][value=yes]").check()
    # Her phone is forgotten: the page says so at the field, and keeps what she typed.
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter your phone number")
    audit.check(page, "the carer's form with a mistake")
    page.get_by_label("Your phone number").fill("07700 900 321")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("h1")).to_contain_text("We have your form")
    expect(page.locator("main")).to_contain_text(re.compile(r"LW-[A-Z0-9]{6}"))
    audit.check(page, "the carer's confirmation")
    link = CaringFor.objects.select_related("introduction", "person").get()
    assert link.introduction is not None
    assert link.introduction.source == Source.CARER
    assert link.confirmed_at is None

    # --- The hub checks with Kai, confirms Grace's phone, and records Kai's yes -----------------
    SupportPlan.objects.create(
        person=link.person, coordinator=hub_worker, what_matters="Going back to college"
    )
    sign_in(page, base, hub_worker.username)
    page.goto(f"{base}/carers/hub/")
    audit.check(page, "the hub's carers", must_fit_narrow=False)
    page.get_by_role("link", name="Grace Mensah").click()
    audit.check(page, "the carer's record", must_fit_narrow=False)
    page.get_by_role("button", name="The person says this carer looks after them").click()
    page.get_by_role("button", name="Confirm their phone and email").click()
    expect(page.locator(".lw-message")).to_contain_text("Confirmed: phone")
    page.get_by_role("link", name=re.compile("Record the person's answer about their plan")).click()
    audit.check(page, "the person's answer", must_fit_narrow=False)
    page.locator("input[name=share_plan][value=yes]").check()
    page.get_by_label("How did they tell you?").fill("Kai told me on the phone")
    page.get_by_role("button", name="Save their answer").click()
    page.get_by_role("button", name="Name the carer in their support network").click()
    expect(page.locator("main")).to_contain_text("Named in their support network")
    context.clear_cookies()

    # --- Grace signs in with a code sent to her phone and reads Kai's plan ---------------------
    page.goto(f"{base}/carers/my/")
    expect(page).to_have_url(re.compile(r"/my/sign-in/"))
    page.get_by_label("Your email address or mobile number").fill("07700 900321")
    page.locator("[name=date_of_birth-day]").fill("14")
    page.locator("[name=date_of_birth-month]").fill("5")
    page.locator("[name=date_of_birth-year]").fill("1975")
    page.get_by_role("button", name="Send me a code").click()
    code = re.search(r"\b(\d{6})\b", notify.memory_outbox()[-1].text)
    assert code
    page.get_by_label("Your code").fill(code.group(1))
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/carers/my/")
    expect(page.locator("main")).to_contain_text("Kai Mensah")
    audit.check(page, "the carer's own view")
    page.get_by_role("link", name=re.compile("Read the plan")).click()
    expect(page.locator("main")).to_contain_text("Going back to college")
    expect(page.locator("main")).to_contain_text("Grace Mensah, carer")
    audit.check(page, "the plan the carer reads")
    assert Carer.objects.get().phone_confirmed_at is not None
    audit.assert_clean()
