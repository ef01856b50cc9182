"""The public pages tell each person what happens for them: at risk now, under 18, and how to call."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.http import HttpResponse
from django.urls import reverse

from livingwell.access.models import Introduction, ResponseStandard
from livingwell.codes import Urgency
from livingwell.lib.clocks import LONDON
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

FORM = reverse("access:self_introduction")
HUB_PHONE = "+442079460321"  # Ofcom's drama range: never a real line
URGENT_PAGES = (
    "access:start",
    "access:urgent_help",
    "access:help_now",
    "access:safety",
    "access:self_introduction",
)
# Each number as text people can read and dial, and as a link.
NUMBERS_AS_TEXT = ("999", "NHS 111, option 2", "Samaritans on 116 123")
NUMBERS_AS_LINKS = ('href="tel:999"', 'href="tel:111"', 'href="tel:116123"')


def _text(response) -> str:
    """The page's words without markup, spaces collapsed (and none left before a comma or full stop)."""
    words = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    return re.sub(r" ([,.])", r"\1", words)


def _sent(client, introduction: Introduction):
    return client.get(reverse("access:sent", kwargs={"key": introduction.submission_key}))


def _assert_urgent_numbers(response) -> None:
    html, text = response.content.decode(), _text(response)
    assert all(link in html for link in NUMBERS_AS_LINKS)
    assert all(number in text for number in NUMBERS_AS_TEXT)


# --- At risk now --------------------------------------------------------------------------------


def test_it_tells_someone_at_risk_the_crisis_standard_and_repeats_urgent_help(client):
    introduction = factories.introduction(at_risk_now=True, urgency=Urgency.CRISIS)
    page = _sent(client, introduction)
    text = _text(page)
    assert "we will treat this as a crisis" in text
    assert "within 4 hours" in text  # the national default crisis standard
    assert "within a few days" not in text
    assert "If you need help now, do not wait for us" in text
    _assert_urgent_numbers(page)


def test_it_reads_the_crisis_standard_the_hub_has_set(client):
    ResponseStandard.objects.create(urgency=Urgency.CRISIS, hours=2)
    introduction = factories.introduction(at_risk_now=True, urgency=Urgency.CRISIS)
    assert "within 2 hours" in _text(_sent(client, introduction))


def test_it_says_when_the_team_next_reads_forms_to_someone_at_risk_out_of_hours(client):
    introduction = factories.introduction(at_risk_now=True, urgency=Urgency.CRISIS)
    with time_machine.travel(dt.datetime(2026, 9, 19, 11, 0, tzinfo=LONDON), tick=False):  # a Saturday
        text = _text(_sent(client, introduction))
    assert "the team is not reading forms now. We will read yours from Monday 21 September at 9am" in text


def test_it_tells_someone_not_at_risk_about_a_few_days(client):
    introduction = factories.introduction(at_risk_now=False)
    page = _sent(client, introduction)
    text = _text(page)
    assert "Most people hear from us within a few days" in text
    assert "crisis" not in text
    _assert_urgent_numbers(page)  # the inset, not the callout


def test_a_self_introduction_at_risk_now_reaches_the_crisis_wording(client):
    response = client.post(FORM, factories.self_introduction_form(at_risk_now="yes"), follow=True)
    assert "within 4 hours" in _text(response)
    assert Introduction.objects.get().urgency == Urgency.CRISIS


# --- Urgent help numbers as text -----------------------------------------------------------------


@pytest.mark.parametrize("name", URGENT_PAGES)
def test_it_shows_every_urgent_number_as_text_and_a_link(client, name):
    _assert_urgent_numbers(client.get(reverse(name)))


def test_the_error_pages_show_the_numbers_as_text_too(client):
    _assert_urgent_numbers(client.get("/no-such-page/"))


# --- Under 18 --------------------------------------------------------------------------------------

# Received half an hour after midnight in London on 16 September 2026, which is still the 15th in
# UTC: the age is counted on the London date.
RECEIVED = dt.datetime(2026, 9, 16, 0, 30, tzinfo=LONDON)
EIGHTEENTH_BIRTHDAY_TODAY = dt.date(2008, 9, 16)
EIGHTEENTH_BIRTHDAY_TOMORROW = dt.date(2008, 9, 17)


def _introduction_born(born: dt.date) -> Introduction:
    return factories.introduction(factories.person(date_of_birth=born), received_at=RECEIVED)


def test_it_points_someone_of_17_to_help_for_young_people(client):
    text = _text(_sent(client, _introduction_born(EIGHTEENTH_BIRTHDAY_TOMORROW)))
    assert "Help for young people" in text
    assert "children and young people's services" in text
    assert "Childline on 0800 1111" in text


def test_it_treats_someone_as_an_adult_on_their_18th_birthday(client):
    page = _sent(client, _introduction_born(EIGHTEENTH_BIRTHDAY_TODAY))
    assert "Help for young people" not in _text(page)
    assert "tel:08001111" not in page.content.decode()


def test_it_links_childline_by_number(client):
    page = _sent(client, _introduction_born(EIGHTEENTH_BIRTHDAY_TOMORROW))
    assert 'href="tel:08001111"' in page.content.decode()


def _hub_page(client, hub_worker, introduction: Introduction) -> str:
    client.force_login(hub_worker)
    return _text(client.get(reverse("access:introduction", args=[introduction.reference])))


def test_it_flags_someone_of_17_to_the_hub_with_their_age(client, hub_worker):
    text = _hub_page(client, hub_worker, _introduction_born(EIGHTEENTH_BIRTHDAY_TOMORROW))
    assert "Under 18 (age 17)" in text


def test_it_does_not_flag_someone_on_their_18th_birthday(client, hub_worker):
    text = _hub_page(client, hub_worker, _introduction_born(EIGHTEENTH_BIRTHDAY_TODAY))
    assert "Under 18" not in text


def test_a_young_persons_self_introduction_is_recorded_and_flagged(client, hub_worker):
    with time_machine.travel(dt.datetime(2026, 9, 16, 12, 0, tzinfo=LONDON), tick=False):
        data = factories.self_introduction_form(
            **{"date_of_birth-day": "17", "date_of_birth-month": "9", "date_of_birth-year": "2009"}
        )
        sent = client.post(FORM, data, follow=True)
        assert "Childline on 0800 1111" in _text(sent)
        introduction = Introduction.objects.get()
        assert "Under 18 (age 16)" in _hub_page(client, hub_worker, introduction)


# --- The hub's phone number --------------------------------------------------------------------------


@pytest.fixture
def with_phone(settings):
    settings.HUB_PHONE = HUB_PHONE


@pytest.fixture
def without_phone(settings):
    settings.HUB_PHONE = ""


def _phone_pages(client) -> dict[str, HttpResponse]:
    introduction = factories.introduction()
    return {
        "start": client.get(reverse("access:start")),
        "sent": _sent(client, introduction),
        "accessibility": client.get(reverse("access:accessibility")),
    }


@pytest.mark.usefixtures("with_phone")
def test_it_shows_the_hub_phone_as_text_and_a_link_when_set(client):
    for name, page in _phone_pages(client).items():
        assert "020 7946 0321" in _text(page), name
        assert f'href="tel:{HUB_PHONE}"' in page.content.decode(), name


@pytest.mark.usefixtures("with_phone")
def test_it_asks_for_the_reference_when_people_call(client):
    introduction = factories.introduction()
    text = _text(_sent(client, introduction))
    assert f"If you call us on 020 7946 0321, give your reference number {introduction.reference}" in text


@pytest.mark.usefixtures("without_phone")
def test_it_never_says_call_us_without_a_number(client):
    for name, page in _phone_pages(client).items():
        text = _text(page).lower()
        assert "call us" not in text, name
        assert "phone us" not in text, name
        assert "7946" not in text, name


@pytest.mark.usefixtures("without_phone")
def test_it_still_gives_the_reference_without_a_phone(client):
    introduction = factories.introduction()
    assert f"Keep your reference number, {introduction.reference}" in _text(_sent(client, introduction))


# --- The accessibility statement ---------------------------------------------------------------------


def test_the_accessibility_statement_says_what_the_regulations_ask(client):
    text = _text(client.get(reverse("access:accessibility")))
    for heading in (
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ):
        assert heading in text
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard" in text
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert "Equality Commission for Northern Ireland (ECNI)" in text
    assert "This statement was prepared on 3 December 2026. It was last reviewed on 3 December 2026." in text


def test_the_statement_dates_do_not_follow_the_clock(client):
    with time_machine.travel(dt.datetime(2028, 2, 29, 12, 0, tzinfo=LONDON), tick=False):
        text = _text(client.get(reverse("access:accessibility")))
    assert "prepared on 3 December 2026" in text
    assert "29 February 2028" not in text
