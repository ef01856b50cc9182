"""A story in a real browser, every page checked with axe-core at 320px and desktop: told through the
public form → moderated (redactions highlighted, edited) → published → answered by the service →
"I've experienced this too", all without JavaScript needed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, expect

from livingwell.access.tests.browser.axe import Auditor
from livingwell.testing.browser import sign_in
from livingwell.testing.two_step import give_app

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_story_is_moderated_published_and_answered(
    live_server, context: BrowserContext, hub_lead, practitioner, short_term_support
) -> None:
    base = live_server.url
    audit = Auditor()
    give_app(hub_lead)  # hub leads sign in with a second step
    page = context.new_page()

    # --- Someone tells their story through the public form ---------------------------------------
    page.goto(f"{base}/voice/stories/tell/")
    audit.check(page, "tell a story")
    page.get_by_role("button", name="Send my story").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Tell us your story")
    audit.check(page, "tell a story, with errors")
    page.get_by_label("A carer").check()
    page.get_by_label("Which service is it about?").select_option(label=short_term_support.name)
    page.get_by_label("Give your story a short title").fill("They called my dad back")
    page.get_by_label("Your story", exact=True).fill(
        "They rang my dad on 07700 900982 the same day. He felt heard."
    )
    page.get_by_label(re.compile("You can put my story on this website")).check()
    page.get_by_role("button", name="Send my story").click()
    expect(page.locator("h1")).to_have_text("We have your story")
    audit.check(page, "story sent")
    page.goto(f"{base}/voice/stories/")
    expect(page.locator("main")).not_to_contain_text("They called my dad back")  # not before moderation

    # --- The moderator sees what was removed, edits and publishes ------------------------------
    sign_in(page, base, hub_lead.username)
    page.goto(f"{base}/voice/moderation/")
    audit.check(page, "stories to moderate", must_fit_narrow=False)
    page.get_by_role("link", name="They called my dad back").click()
    expect(page.locator("mark").first).to_have_text("[phone number]")
    audit.check(page, "moderate a story", must_fit_narrow=False)
    page.get_by_label("Story as it will be published").fill("They rang my dad the same day. He felt heard.")
    page.get_by_label("Publish it", exact=True).check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".lw-message")).to_contain_text("Story published")

    # --- The service answers publicly -----------------------------------------------------------
    context.clear_cookies()
    sign_in(page, base, practitioner.username)
    page.goto(f"{base}/voice/stories/")
    page.get_by_role("link", name="They called my dad back").click()
    page.get_by_role("link", name="Answer this story for your service").click()
    audit.check(page, "answer a story", must_fit_narrow=False)
    page.get_by_label("Your organisation's answer").fill("Thank you. We try to call back the same day.")
    page.get_by_role("button", name="Publish answer").click()
    expect(page.locator("main")).to_contain_text("We try to call back the same day")

    # --- The public reads it, and says they have had this too ---------------------------------
    context.clear_cookies()
    page.goto(f"{base}/voice/stories/")
    expect(page.locator("main")).to_contain_text(f"{short_term_support.organisation.name} said:")
    audit.check(page, "published stories")
    page.get_by_role("button", name=re.compile("I've had this too")).click()
    expect(page.locator("main")).to_contain_text("1 person has had this too")
    expect(page.locator("main")).to_contain_text("You said you had this too")
    audit.check(page, "after me too")
    audit.assert_clean()
