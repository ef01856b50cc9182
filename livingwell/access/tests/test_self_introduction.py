"""The public front door: the safety question, the online form, and its confirmation."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from livingwell.access.codes import IntroductionStatus
from livingwell.access.models import Introduction
from livingwell.codes import Source, Urgency
from livingwell.people.models import Person
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

SAFETY = reverse("access:safety")
FORM = reverse("access:self_introduction")
URGENT_NUMBERS = ('href="tel:999"', 'href="tel:111"', 'href="tel:116123"')


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _summary_links(html: str) -> dict[str, str]:
    """Map each error summary link's target to its message."""
    summary = html[html.index("nhsuk-error-summary__list") :]
    summary = summary[: summary.index("</ul>")]
    return {href: text.strip() for href, text in re.findall(r'<a href="#([^"]+)" >([^<]*)</a>', summary)}


def _field_error(html: str, field_id: str) -> str:
    match = re.search(
        rf'<span class="nhsuk-error-message" id="{re.escape(field_id)}-error" > <span class="nhsuk-u-visually-hidden">Error: </span>([^<]*)</span>',
        html,
    )
    assert match, f"no error message at {field_id}"
    return match.group(1).strip()


@pytest.mark.clock
def test_it_asks_the_safety_question_first(client):
    response = client.get(SAFETY)
    assert response.status_code == 200
    assert "in danger right now" in _text(response)


def test_it_sends_someone_at_risk_to_help_now(client):
    response = client.post(SAFETY, {"at_risk_now": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("access:help_now")
    html = _text(response)
    assert all(number in html for number in URGENT_NUMBERS)
    assert "NHS 111, option 2" in html
    assert "Samaritans" in html


def test_it_makes_a_crisis_introduction_for_someone_who_said_yes(client):
    page = client.get(reverse("access:help_now"))
    link = re.search(r'href="([^"]*at_risk=yes)"', page.content.decode())
    assert link, "help-now page has no way on to the form"
    continue_url = link.group(1).replace("&amp;", "&")
    form = client.get(continue_url)
    assert 'name="at_risk_now" value="yes"' in form.content.decode()
    response = client.post(FORM, factories.self_introduction_form(at_risk_now="yes"))
    assert response.status_code == 302
    introduction = Introduction.objects.get()
    assert introduction.urgency == Urgency.CRISIS
    assert introduction.at_risk_now


def test_it_sends_someone_not_at_risk_to_the_form(client):
    response = client.post(SAFETY, {"at_risk_now": "no"})
    assert response["Location"] == f"{FORM}?at_risk=no"


@pytest.mark.parametrize("data", [{"at_risk_now": ""}, {"at_risk_now": "maybe"}])
def test_it_asks_again_when_the_safety_question_is_unanswered(client, data):
    response = client.post(SAFETY, data)
    assert response.status_code == 400
    assert "#at_risk_now" in response.content.decode()


@pytest.mark.clock
def test_it_records_a_self_introduction_and_confirms_with_the_reference(client):
    data = factories.self_introduction_form()
    response = client.post(FORM, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("access:sent", kwargs={"key": data["submission_key"]})
    # Committed before the confirmation is rendered: the page reads it back from the database.
    introduction = Introduction.objects.get(submission_key=data["submission_key"])
    assert introduction.source == Source.SELF
    assert introduction.status == IntroductionStatus.AWAITING_CONTACT
    assert introduction.life_areas == ["mood", "work"]
    person = introduction.person
    assert (person.given_name, person.postcode, person.nhs_number) == ("Jo", "SE5 9RS", "9990000050")
    assert person.consent_share_alliance
    assert not person.consent_share_gp
    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    assert introduction.reference in _text(confirmation)


def test_it_makes_one_introduction_when_the_same_form_is_sent_twice(client):
    data = factories.self_introduction_form()
    first = client.post(FORM, data)
    second = client.post(FORM, data)
    assert first["Location"] == second["Location"]
    assert Introduction.objects.count() == 1
    assert Person.objects.count() == 1


def test_it_shows_no_confirmation_for_an_unknown_or_malformed_key(client):
    assert (
        client.get(reverse("access:sent", kwargs={"key": "00000000-0000-0000-0000-000000000000"})).status_code
        == 404
    )
    assert client.get(reverse("access:sent", kwargs={"key": "not-a-uuid"})).status_code == 404


@pytest.mark.parametrize(
    ("fields", "anchor", "message"),
    [
        ({"nhs_number": "943 476 5918"}, "id_nhs_number", "This is not a valid NHS number: check the digits"),
        ({"nhs_number": "12345"}, "id_nhs_number", "An NHS number is 10 digits, like 943 476 5919"),
        ({"date_of_birth-year": "2999"}, "date_of_birth-day", "Date of birth must be in the past"),
        (
            {"date_of_birth-day": "31", "date_of_birth-month": "2"},
            "date_of_birth-day",
            "Date of birth must be a real date",
        ),
        ({"date_of_birth-month": ""}, "date_of_birth-month", "Date of birth must include a month"),
        ({"postcode": "SW9 8A"}, "id_postcode", "Enter a real postcode, like SW9 8AA"),
        (
            {"given_name": "x" * 101},
            "id_given_name",
            "First name must be 100 characters or fewer",
        ),
        ({"given_name": ""}, "id_given_name", "Enter your first name"),
        (
            {"whats_going_on": "x" * 4001},
            "id_whats_going_on",
            "Your message must be 4,000 characters or fewer",
        ),
        ({"phone": ""}, "id_phone", "Enter a phone number, like 07700 900 982 or +44 7700 900 982"),
        (
            {"email": "not-an-email", "preferred_contact": "email"},
            "id_email",
            "Enter an email address like name@example.com",
        ),
        (
            {"consent_share_alliance": ""},
            "consent_share_alliance",
            "Select yes if we can share what you tell us with services that could help",
        ),
    ],
)
def test_it_shows_a_message_at_the_field_at_fault(client, fields, anchor, message):
    response = client.post(FORM, factories.self_introduction_form(**fields))
    assert response.status_code == 400
    html = _text(response)
    assert _summary_links(html) == {anchor: message}
    assert f'id="{anchor}"' in html  # the summary link lands on the field
    error_id = "date_of_birth" if anchor.startswith("date_of_birth") else anchor
    assert _field_error(html, error_id) == message
    assert not Introduction.objects.exists()


def test_it_keeps_what_was_typed_when_sending_back_errors(client):
    data = factories.self_introduction_form(postcode="nowhere")
    html = _text(client.post(FORM, data))
    assert f'value="{data["submission_key"]}"' in html
    assert 'value="Adeyemi"' in html
    assert "I have not been sleeping" in html


def test_it_shows_urgent_help_on_the_form_and_the_confirmation(client):
    form = client.get(FORM)
    assert all(number in form.content.decode() for number in URGENT_NUMBERS)
    response = client.post(FORM, factories.self_introduction_form(), follow=True)
    assert all(number in response.content.decode() for number in URGENT_NUMBERS)


def test_it_offers_the_parts_of_life_as_checkboxes_so_several_can_be_chosen(client):
    html = _text(client.get(FORM))
    boxes = re.findall(
        r'<input class="nhsuk-checkboxes__input" id="[^"]+" name="life_areas" type="checkbox"', html
    )
    assert len(boxes) == 9
    assert 'name="life_areas" type="radio"' not in html
