"""A person's details, checked where they are typed: normalised when right, a message when wrong."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from livingwell.lib import contact_details, nhs_number
from livingwell.lib.clocks import years_before
from livingwell.people.forms import PersonDetailsForm


def _data(**fields: Any) -> dict[str, Any]:
    values = {
        "given_name": "Kit", "family_name": "Marlowe", "date_of_birth-day": "1", "date_of_birth-month": "2",
        "date_of_birth-year": "1990", "nhs_number": "", "postcode": "", "phone": "07700 900000",
        "preferred_contact": "phone", "language": "English", "sex": "X", "ethnicity": "Z",
    }  # fmt: skip
    values.update(fields)
    return values


def test_it_normalises_what_it_accepts():
    form = PersonDetailsForm(_data(nhs_number="943-476-5919", postcode="sw9 8aa"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["nhs_number"] == "9434765919"
    assert form.cleaned_data["postcode"] == "SW9 8AA"
    assert form.cleaned_data["date_of_birth"] == dt.date(1990, 2, 1)


@pytest.mark.clock
def test_it_accepts_today_as_a_date_of_birth_but_not_tomorrow():
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    born_today = {
        "date_of_birth-day": today.day,
        "date_of_birth-month": today.month,
        "date_of_birth-year": today.year,
    }
    born_tomorrow = {
        "date_of_birth-day": tomorrow.day,
        "date_of_birth-month": tomorrow.month,
        "date_of_birth-year": tomorrow.year,
    }
    assert PersonDetailsForm(_data(**born_today)).is_valid()
    assert PersonDetailsForm(_data(**born_tomorrow)).errors["date_of_birth"] == [
        "Date of birth must be in the past"
    ]


@pytest.mark.clock
def test_it_refuses_a_date_of_birth_more_than_120_years_ago():
    year = timezone.localdate().year - 121
    form = PersonDetailsForm(_data(**{"date_of_birth-year": str(year)}))
    last_refused = years_before(timezone.localdate(), 120) - dt.timedelta(days=1)
    assert form.errors["date_of_birth"] == [
        f"Date of birth must be after {last_refused.day} {last_refused:%B %Y}"
    ]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"preferred_contact": "letter"},
            "postcode",
            "Enter a postcode, or choose another way to contact you",
        ),
        (
            {"preferred_contact": "email"},
            "email",
            "Enter an email address, or choose another way to contact you",
        ),
        (
            {"preferred_contact": "text", "phone": ""},
            "phone",
            "Enter a phone number, like 07700 900 982 or +44 7700 900 982",
        ),
        ({"date_of_birth-year": "84"}, "date_of_birth", "Date of birth must be a real date"),
    ],
)
def test_it_asks_for_what_the_chosen_contact_needs(fields, field, message):
    assert PersonDetailsForm(_data(**fields)).errors[field] == [message]


@given(
    given_name=st.text(max_size=110),
    nhs=st.text(alphabet="0123456789 -x", max_size=14),
    code=st.text(alphabet="ABCDEFGHJKSW0123456789 abc", max_size=10),
    day=st.text(max_size=5),
    year=st.one_of(st.text(max_size=6), st.integers(min_value=-(10**12), max_value=10**12).map(str)),
)
def test_it_either_cleans_to_safe_values_or_says_what_is_wrong(given_name, nhs, code, day, year):
    form = PersonDetailsForm(
        _data(
            given_name=given_name,
            nhs_number=nhs,
            postcode=code,
            **{"date_of_birth-day": day, "date_of_birth-year": year},
        )
    )
    if not form.is_valid():
        assert all(messages for messages in form.errors.values())
        return
    data = form.cleaned_data
    assert len(data["given_name"]) <= 100
    assert data["nhs_number"] == "" or nhs_number.is_valid(data["nhs_number"])
    assert data["postcode"] == "" or contact_details.normalise_postcode(data["postcode"]) == data["postcode"]
    assert data["date_of_birth"] <= timezone.localdate()
