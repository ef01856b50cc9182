"""The public self-introduction form, field by field: what it accepts, stores and says when wrong.

Messages follow the NHS.UK error message patterns
(https://service-manual.nhs.uk/design-system/components/error-message).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django import forms
from django.core import validators
from django.urls import reverse

from livingwell.access.forms import SelfIntroductionForm
from livingwell.access.models import Introduction
from livingwell.access.referrer_forms import ProfessionalIntroductionForm
from livingwell.lib.clocks import LONDON
from livingwell.nhsuk_forms import error_summary_params
from livingwell.people.codes import Sex
from livingwell.testing import factories

FORM = reverse("access:self_introduction")
# A fixed day, so every boundary below is a known date: 120 years before is 1 March 1907.
TODAY = dt.date(2027, 3, 1)


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2027, 3, 1, 12, 0, tzinfo=LONDON), tick=False):
        yield


def _born(day: dt.date) -> dict[str, str]:
    return {
        "date_of_birth-day": str(day.day),
        "date_of_birth-month": str(day.month),
        "date_of_birth-year": str(day.year),
    }


def _form(**fields: Any) -> SelfIntroductionForm:
    return SelfIntroductionForm(factories.self_introduction_form(**fields))


def _errors(**fields: Any) -> dict[str, list[str]]:
    form = _form(**fields)
    assert not form.is_valid()
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


def _text(response: Any) -> str:
    return " ".join(response.content.decode().split())


def _summary_hrefs(html: str) -> list[str]:
    summary = html[html.index("nhsuk-error-summary__list") :]
    summary = summary[: summary.index("</ul>")]
    return re.findall(r'<a href="#([^"]+)"', summary)


# --- Date of birth ---


@pytest.mark.usefixtures("frozen")
def test_today_is_a_date_of_birth_but_tomorrow_is_not():
    assert _form(**_born(TODAY)).is_valid()
    assert _errors(**_born(TODAY + dt.timedelta(days=1))) == {
        "date_of_birth": ["Date of birth must be in the past"]
    }


@pytest.mark.usefixtures("frozen")
def test_exactly_120_years_ago_is_accepted_but_a_day_more_is_not():
    assert _form(**_born(dt.date(1907, 3, 1))).is_valid()
    assert _errors(**_born(dt.date(1907, 2, 28))) == {
        "date_of_birth": ["Date of birth must be after 28 February 1907"]
    }


def test_on_a_leap_day_120_years_is_counted_from_the_same_day():
    with time_machine.travel(dt.datetime(2028, 2, 29, 12, 0, tzinfo=LONDON), tick=False):
        assert _form(**_born(dt.date(1908, 2, 29))).is_valid()
        assert _errors(**_born(dt.date(1908, 2, 28))) == {
            "date_of_birth": ["Date of birth must be after 28 February 1908"]
        }


@pytest.mark.usefixtures("frozen")
def test_someone_under_18_can_introduce_themselves():
    eighteen_tomorrow = dt.date(2009, 3, 2)
    form = _form(**_born(eighteen_tomorrow))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == eighteen_tomorrow


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (
            {"date_of_birth-day": "", "date_of_birth-month": "", "date_of_birth-year": ""},
            "Enter your date of birth",
        ),
        ({"date_of_birth-month": ""}, "Date of birth must include a month"),
        ({"date_of_birth-day": ""}, "Date of birth must include a day"),
        ({"date_of_birth-year": ""}, "Date of birth must include a year"),
        ({"date_of_birth-day": "", "date_of_birth-month": ""}, "Date of birth must include a day and month"),
        ({"date_of_birth-day": "31", "date_of_birth-month": "2"}, "Date of birth must be a real date"),
        ({"date_of_birth-month": "13"}, "Date of birth must be a real date"),
        ({"date_of_birth-year": "84"}, "Date of birth must be a real date"),
        ({"date_of_birth-day": "first"}, "Date of birth must be a real date"),
    ],
)
def test_it_says_what_is_wrong_with_the_date_of_birth(parts, message):
    assert _errors(**parts) == {"date_of_birth": [message]}


@pytest.mark.django_db
def test_the_summary_links_to_the_first_empty_part_of_the_date(client):
    html = _text(client.post(FORM, factories.self_introduction_form(**{"date_of_birth-month": ""})))
    assert _summary_hrefs(html) == ["date_of_birth-month"]
    # Only the empty box is marked as wrong.
    assert re.search(r'nhsuk-input--error[^>]*id="date_of_birth-month"', html)
    assert not re.search(r'nhsuk-input--error[^>]*id="date_of_birth-day"', html)


# --- Phone ---


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("07911 123456", "+447911123456"),
        ("07700 900456", "+447700900456"),
        ("020 7946 0000", "+442079460000"),
        ("+44 (0)20 7946 0000", "+442079460000"),
        ("+1 202 555 0143", "+12025550143"),
        ("+33 6 12 34 56 78", "+33612345678"),
    ],
)
def test_it_accepts_uk_and_international_numbers_in_e164(typed, stored):
    form = _form(phone=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == stored


@pytest.mark.parametrize("typed", ["12345", "07911 12345", "07911 1234567", "999", "+1 202 555", "call me"])
def test_it_refuses_a_number_that_cannot_be_real(typed):
    assert _errors(phone=typed) == {"phone": ["Enter a phone number, like 07700 900 982 or +44 7700 900 982"]}


@pytest.mark.parametrize("method", ["phone", "text"])
def test_a_call_or_a_text_needs_a_phone_number(method):
    assert _errors(preferred_contact=method, phone="") == {
        "phone": ["Enter a phone number, like 07700 900 982 or +44 7700 900 982"]
    }


def test_an_email_or_a_letter_needs_no_phone_number():
    assert _form(preferred_contact="email", email="jo@example.org", phone="").is_valid()
    assert _form(preferred_contact="letter", phone="").is_valid()


@pytest.mark.django_db
def test_the_number_is_stored_in_e164(client):
    data = factories.self_introduction_form(phone="07911 123456")
    assert client.post(FORM, data).status_code == 302
    assert Introduction.objects.get().person.phone == "+447911123456"


def test_the_professional_form_checks_the_persons_number_the_same_way():
    data = {
        "submission_key": "00000000-0000-4000-8000-000000000001", "given_name": "Ann", "family_name": "Other",
        "date_of_birth-day": "2", "date_of_birth-month": "11", "date_of_birth-year": "1979",
        "preferred_contact": "phone", "language": "English", "whats_going_on": "Low mood.",
        "at_risk_now": "no", "urgency": "routine", "consent_obtained": "yes", "consent_share_gp": "no",
        "referrer_contact": "Dr Shah, 020 7946 0000", "source": "A1",
    }  # fmt: skip
    good = ProfessionalIntroductionForm({**data, "phone": "07911 123456"})
    assert good.is_valid(), good.errors
    assert good.cleaned_data["phone"] == "+447911123456"
    bad = ProfessionalIntroductionForm({**data, "phone": "12345"})
    assert bad.errors["phone"] == ["Enter a phone number, like 07700 900 982 or +44 7700 900 982"]


# --- Postcode ---


@pytest.mark.parametrize(
    ("typed", "stored"), [("sw98aa", "SW9 8AA"), (" ec1a  1bb ", "EC1A 1BB"), ("gir0aa", "GIR 0AA"), ("", "")]
)
def test_it_accepts_a_uk_postcode_in_capitals_with_one_space(typed, stored):
    form = _form(postcode=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["postcode"] == stored


@pytest.mark.parametrize("typed", ["SW9 8A", "QA1 1AA", "SW9 8CA", "12345", "SW9-8AA", "SW9 8AA SW9 8AA"])
def test_it_refuses_what_is_not_a_uk_postcode(typed):
    assert _errors(postcode=typed) == {"postcode": ["Enter a real postcode, like SW9 8AA"]}


# --- Sex ---


@pytest.mark.django_db
def test_sex_is_asked_in_plain_words_with_nothing_chosen(client):
    html = _text(client.get(FORM, {"at_risk": "no"}))
    radios = re.findall(
        r'<input class="nhsuk-radios__input" id="[^"]+" name="sex" type="radio" value="([^"]*)"( checked)?',
        html,
    )
    assert [value for value, _ in radios] == ["2", "1", "9", "X"]
    assert not any(checked for _, checked in radios)
    for label in ("Female", "Male", "Intersex or another way", "I would rather not say"):
        assert f"> {label} </label>" in html
    assert "Not known (not recorded)" not in html
    assert "Indeterminate" not in html


def test_the_stored_codes_are_the_data_dictionarys():
    field = SelfIntroductionForm().fields["sex"]
    assert {code for code, _ in field.choices} == set(Sex.values) == {"1", "2", "9", "X"}  # type: ignore[attr-defined]
    assert field.initial is None
    assert not field.required


@pytest.mark.django_db
@pytest.mark.parametrize(("chosen", "stored"), [("", "X"), ("X", "X"), ("2", "2"), ("1", "1"), ("9", "9")])
def test_no_answer_is_stored_as_not_known(client, chosen, stored):
    assert client.post(FORM, factories.self_introduction_form(sex=chosen)).status_code == 302
    assert Introduction.objects.get().person.sex == stored


def test_a_sex_not_offered_is_refused_in_plain_words():
    assert _errors(sex="F") == {"sex": ["Select your sex, or leave it empty"]}


# --- The error summary ---

EVERYTHING_WRONG = {
    "given_name": "", "family_name": "", "date_of_birth-year": "", "nhs_number": "12345",
    "postcode": "nowhere", "sex": "F", "ethnicity": "?", "preferred_contact": "text", "phone": "12",
    "email": "not-an-email", "contact_times": "x" * 201, "language": "", "whats_going_on": "",
    "life_areas": ["nothing"], "consent_share_alliance": "", "consent_share_gp": "",
}  # fmt: skip


@pytest.mark.django_db
def test_the_summary_lists_errors_in_the_order_the_page_asks(client):
    html = _text(client.post(FORM, factories.self_introduction_form(**EVERYTHING_WRONG)))
    hrefs = _summary_hrefs(html)
    assert len(hrefs) == len(_form(**EVERYTHING_WRONG).errors) == 15  # a text needs no second message
    form_part = html[html.index("<form") :]
    positions = [form_part.index(f'id="{href}"') for href in hrefs]
    assert positions == sorted(positions)


def test_the_summary_follows_the_fields_even_when_clean_adds_an_error_last():
    class TwoFields(forms.Form):
        first = forms.CharField(required=False)
        second = forms.CharField(error_messages={"required": "Enter the second"})

        def clean(self) -> dict[str, Any]:
            self.add_error("first", "Enter the first")
            return self.cleaned_data

    summary = error_summary_params(TwoFields({}))
    assert summary is not None
    assert [item["text"] for item in summary["errorList"]] == ["Enter the first", "Enter the second"]


# --- No Django wording ---

_DJANGO_WORDING = re.compile(
    r"Ensure this value|This field is required|Select a valid choice|Enter a valid|Enter a list of values"
)


def _django_defaults() -> set[str]:
    messages: set[str] = set()
    for cls in vars(forms.fields).values():
        if isinstance(cls, type) and issubclass(cls, forms.Field):
            messages.update(str(m) for m in getattr(cls, "default_error_messages", {}).values())
    for validator in (validators.MaxLengthValidator, validators.EmailValidator):
        messages.add(str(validator.message))
    return messages


def test_no_field_keeps_a_django_default_message():
    defaults = _django_defaults()
    for name, field in SelfIntroductionForm().fields.items():
        for code, message in field.error_messages.items():
            if code == "required" and not field.required:
                continue  # never shown
            assert str(message) not in defaults, (name, code)
        if getattr(field, "max_length", None):
            assert "max_length" in field.error_messages, name


@pytest.mark.django_db
def test_every_message_rendered_for_overlong_answers_is_the_services_own(client):
    overlong = {
        "given_name": "x" * 101, "family_name": "x" * 101, "nhs_number": "9" * 21, "postcode": "S" * 11,
        "phone": "0" * 31, "email": "a" * 250 + "@example.org", "contact_times": "x" * 201,
        "language": "x" * 61, "whats_going_on": "x" * 4001,
    }  # fmt: skip
    form = _form(**overlong)
    assert set(form.errors) == set(overlong)
    assert form.errors["whats_going_on"] == ["Your message must be 4,000 characters or fewer"]
    assert form.errors["given_name"] == ["First name must be 100 characters or fewer"]
    html = _text(client.post(FORM, factories.self_introduction_form(**{**EVERYTHING_WRONG, **overlong})))
    assert not _DJANGO_WORDING.search(html)
    for messages in form.errors.values():
        assert not _DJANGO_WORDING.search(" ".join(str(m) for m in messages))


def test_a_tampered_hidden_field_asks_to_send_the_form_again():
    errors = _errors(submission_key="not-a-key", at_risk_now="perhaps")
    assert set(errors) == {"submission_key", "at_risk_now"}
    assert all(not _DJANGO_WORDING.search(m) for messages in errors.values() for m in messages)
