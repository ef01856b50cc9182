"""Issue 5's journey in a real browser: a practitioner sends a link, the person answers it on a
320px phone without an account, and the practitioner sees the new point and its classification.

Every page on the way is checked with axe-core at 320px and desktop widths; the person's pages
must fit a 320px screen without sideways scrolling.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from livingwell import notify
from livingwell.access.tests.browser.axe import DESKTOP, NARROW, Auditor
from livingwell.outcomes.models import QuestionnaireResponse, ResponseStatus
from livingwell.outcomes.services import record_questionnaire
from livingwell.outcomes.tests.conftest import token_from
from livingwell.testing import factories
from livingwell.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shoot(page: Page, folder: Path | None, name: str) -> None:
    if folder is not None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_a_link_answered_on_a_phone_shows_as_a_classified_point(
    live_server, context: BrowserContext, practitioner, short_term_support, screenshots: Path | None
) -> None:
    base = live_server.url
    audit = Auditor()
    outbox = notify.memory_outbox()
    outbox.clear()
    episode = factories.episode(factories.service_introduction(service_=short_term_support))
    # The first PHQ-9, recorded at the first session: 15, moderately severe.
    record_questionnaire(
        None,
        episode,
        instrument="PHQ-9",
        answers=[2, 2, 2, 2, 2, 2, 2, 1, 0],
        by=practitioner,
        submission_key="first",
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))

    # --- The practitioner sends a link --------------------------------------------------------
    page.set_viewport_size(DESKTOP)
    sign_in(page, base, practitioner.username)
    page.goto(f"{base}/support/episodes/{episode.pk}/")
    page.get_by_role("link", name="Questionnaires and goals in this episode").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(episode.person.full_name)
    audit.check(page, "episode questionnaires", must_fit_narrow=False)
    page.get_by_role("link", name="Send a link to answer from a phone").click()
    audit.check(page, "send a link", must_fit_narrow=False)
    page.locator("input[name=instrument][value='PHQ-9']").check()
    page.locator("input[name=channel][value=sms]").check()
    page.get_by_role("button", name="Send link").click()
    expect(page.locator(".lw-message")).to_contain_text("on its way")
    assert len(outbox) == 1
    token = token_from(outbox[0])

    # --- The person, on a phone, with no account ---------------------------------------------
    context.clear_cookies()
    page.set_viewport_size(NARROW)
    page.goto(f"{base}/outcomes/q/{token}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("A few short questions")
    audit.check(page, "link start")
    _shoot(page, screenshots, "q-01-start-320")
    page.get_by_role("link", name="Start").click()
    answers = [1, 0, 1, 0, 1, 0, 0, 0, 0]  # total 3
    for number, value in enumerate(answers, start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Question {number} of 9")
        if number == 1:
            audit.check(page, "question")
            _shoot(page, screenshots, "q-02-question-320")
        page.locator(f"input[name=answer][value='{value}']").check()
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    audit.check(page, "check answers")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("your answers have been sent")
    expect(page.locator(".lw-urgent-help")).to_have_count(0)
    audit.check(page, "answers sent")
    _shoot(page, screenshots, "q-03-done-320")
    response = QuestionnaireResponse.objects.get(source="link")
    assert response.status == ResponseStatus.COMPLETED
    assert response.total == 3
    page.goto(f"{base}/outcomes/q/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You have already sent your answers")
    audit.check(page, "used link")

    # --- The practitioner sees the new point and what it means ----------------------------------
    page.set_viewport_size(DESKTOP)
    sign_in(page, base, practitioner.username)
    page.goto(f"{base}/outcomes/episodes/{episode.pk}/")
    expect(page.get_by_test_id("classification-PHQ-9")).to_have_text(
        "Reliable improvement, now below the clinical cut-off (recovered)"
    )
    table = page.get_by_role("table", name=re.compile("PHQ-9 scores"))
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tbody tr").nth(1)).to_contain_text("below cut-off")
    expect(page.locator("svg circle")).to_have_count(2)
    audit.check(page, "episode questionnaires with the new point", must_fit_narrow=False)
    _shoot(page, screenshots, "q-04-episode-1280")

    audit.assert_clean()
    assert not errors, "The browser reported errors:\n" + "\n".join(errors)
