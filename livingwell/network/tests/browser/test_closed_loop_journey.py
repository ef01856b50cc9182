"""Issue 14's journey in a real browser, every page checked with axe-core at 320px and desktop:
the hub introduces a person to a charity's service → the charity declines → the hub sees them come
back and re-routes to Short Term Support → it accepts and records first contact → the support plan
gains an action owned by the charity's worker → the person opens their plan's link."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, expect

from livingwell.access.codes import IntroductionStatus
from livingwell.access.models import Conversation, RiskLevel
from livingwell.access.tests.browser.axe import DESKTOP, NARROW, Auditor
from livingwell.accounts.models import OrganisationKind, Role
from livingwell.network.models import ServiceIntroduction, ServiceIntroductionStatus, ServiceKind
from livingwell.support.models import PlanAction, SupportPlan
from livingwell.testing import factories
from livingwell.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_introduction_followed_across_organisations_to_the_persons_plan(
    live_server, context: BrowserContext, browser: Browser, hub_worker, practitioner, short_term_support
) -> None:
    base = live_server.url
    audit = Auditor()
    charity = factories.organisation(name="Thames Reach (journey)", kind=OrganisationKind.VOLUNTARY)
    befriending = factories.service(
        charity, name="Befriending (journey)", kind=ServiceKind.STAYING_WELL, response_standard_hours=120
    )
    charity_worker = factories.user(
        Role.PARTNER_PRACTITIONER, charity, username="charity-worker", first_name="Kofi", last_name="Boateng"
    )
    person = factories.person(given_name="Nia", family_name="Francis")
    introduction = factories.introduction(
        person, allocated_to=hub_worker, status=IntroductionStatus.IN_CONVERSATION
    )
    Conversation.objects.create(
        introduction=introduction, needs={"loneliness": "Has not seen anyone for weeks"}, what_matters="Making a friend",
        strengths="Loves cooking", risk_level=RiskLevel.LOW, recorded_by=hub_worker, recorded_at=timezone.now(),
    )  # fmt: skip
    page = context.new_page()
    page.set_viewport_size(DESKTOP)

    # --- The hub introduces Nia to the charity's befriending service -----------------------------
    sign_in(page, base, hub_worker.username)
    page.goto(f"{base}/hub/introductions/{introduction.reference}/decision/")
    audit.check(page, "decision", must_fit_narrow=False)
    page.locator("input[name=decision][value=introduce_on]").check()
    page.get_by_label(re.compile(re.escape(befriending.name))).check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator("main")).to_contain_text("Waiting for Befriending (journey) to accept or decline")

    # --- The charity declines, with a reason --------------------------------------------------
    context.clear_cookies()
    sign_in(page, base, charity_worker.username)
    page.goto(f"{base}/services/introductions/")
    audit.check(page, "the charity's inbox", must_fit_narrow=False)
    page.get_by_role("link", name="Nia Francis").click()
    expect(page.locator("main")).to_contain_text("Making a friend")  # told once, with consent
    audit.check(page, "the introduction at the charity", must_fit_narrow=False)
    page.locator("input[name=answer][value=decline]").check()
    page.locator("input[name=decline_code][value=no_capacity]").check()
    page.get_by_label("What should the hub know? It will see this.").fill("Our list is full until spring.")
    page.get_by_role("button", name="Save the answer").click()
    expect(page.locator(".lw-message")).to_contain_text("Declined")

    # --- The hub sees her come back, and re-routes to Short Term Support -----------------------
    context.clear_cookies()
    sign_in(page, base, hub_worker.username)
    expect(page).to_have_url(re.compile(r"/hub/queue/"))
    expect(page.locator("main")).to_contain_text("Came back from a service")
    audit.check(page, "queue with someone back", must_fit_narrow=False)
    page.get_by_role("link", name=introduction.reference).first.click()
    expect(page.locator("main")).to_contain_text("Declined by Befriending (journey)")
    audit.check(page, "the introduction, back with the hub", must_fit_narrow=False)
    page.get_by_role("link", name="Decide again").click()
    page.locator("input[name=decision][value=introduce_on]").check()
    page.get_by_label(re.compile(re.escape(short_term_support.name))).check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator("main")).to_contain_text("Waiting for Short Term Support (test) to accept or decline")

    # --- Short Term Support accepts, sees her, and adds to her plan -----------------------------
    context.clear_cookies()
    sign_in(page, base, practitioner.username)
    page.goto(f"{base}/services/introductions/")
    page.get_by_role("link", name="Nia Francis").click()
    page.locator("input[name=answer][value=accept]").check()
    first = timezone.localdate() + dt.timedelta(days=2)
    page.get_by_label("Day").fill(str(first.day))
    page.get_by_label("Month").fill(str(first.month))
    page.get_by_label("Year").fill(str(first.year))
    page.get_by_role("button", name="Save the answer").click()
    expect(page).to_have_url(re.compile(r"/support/episodes/\d+/$"))
    page.get_by_role("link", name="Record a session").click()
    audit.check(page, "record a session", must_fit_narrow=False)
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.locator(".nhsuk-summary-list").first).to_contain_text("First seen")
    expect(page.locator(".nhsuk-summary-list").first).not_to_contain_text("Not yet: first contact")
    audit.check(page, "episode, first seen", must_fit_narrow=False)

    page.goto(f"{base}/people/{person.pk}/plan/")
    audit.check(page, "no plan yet")
    page.get_by_role("button", name="Start a support plan").click()
    audit.check(page, "support plan", must_fit_narrow=False)
    page.get_by_label("What will be done").fill("Find a befriender when a place opens")
    page.locator("input[name=owner][value=practitioner]").check()
    page.get_by_label("Which practitioner").select_option(label="Kofi Boateng")
    due = timezone.localdate() + dt.timedelta(days=30)
    form = page.locator("form", has=page.get_by_label("What will be done"))
    form.get_by_label("Day").fill(str(due.day))
    form.get_by_label("Month").fill(str(due.month))
    form.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator("main")).to_contain_text("Find a befriender when a place opens: Kofi Boateng")
    page.get_by_role("button", name="Make a link to send them").click()
    link = page.locator("code").filter(has_text="/plan/").inner_text()
    # The link is made from the configured public address; this server is the test's own.
    link = base + "/plan/" + link.split("/plan/", 1)[1]

    # --- Nia opens her plan on her phone, with no account ---------------------------------------
    phone = browser.new_context(viewport=NARROW)
    own = phone.new_page()
    own.goto(link)
    expect(own.get_by_role("heading", level=1)).to_have_text("Your support plan, Nia")
    expect(own.locator("main")).to_contain_text("Find a befriender when a place opens")
    audit.check(own, "the person's plan")
    # Anyone finds community offers on a phone, signed in or not.
    factories.service(charity, name="Saturday walk (journey)", kind=ServiceKind.STAYING_WELL, accepts_introductions=False,
                      description="A friendly walk round the park every Saturday morning.")  # fmt: skip
    own.goto(f"{base}/services/community/")
    audit.check(own, "community offers")
    own.get_by_role("link", name="Saturday walk (journey)").click()
    expect(own.get_by_role("heading", level=1)).to_have_text("Saturday walk (journey)")
    audit.check(own, "a community offer")
    phone.close()

    onward = list(ServiceIntroduction.objects.filter(introduction=introduction).order_by("made_at"))
    assert [o.status for o in onward] == [
        ServiceIntroductionStatus.DECLINED,
        ServiceIntroductionStatus.ACCEPTED,
    ]
    action = PlanAction.objects.get(plan=SupportPlan.objects.get(person=person))
    assert action.owner_user == charity_worker
    audit.assert_clean()
