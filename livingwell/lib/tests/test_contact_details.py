"""Phone numbers and postcodes: stored one way when they could be real, refused when not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from livingwell.lib import contact_details
from livingwell.lib.contact_details import InvalidPhoneNumber, InvalidPostcode


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07911 123456", "+447911123456"),  # a UK mobile
        ("07911123456", "+447911123456"),
        ("+44 7911 123456", "+447911123456"),
        ("+44 (0)7911 123456", "+447911123456"),
        ("0044 7911 123456", "+447911123456"),
        ("020 7946 0000", "+442079460000"),  # a London landline
        ("0118 496 0000", "+441184960000"),
        ("0808 157 0192", "+448081570192"),  # freephone
        ("07700 900 982", "+447700900982"),  # Ofcom's drama range, as in the message
        ("01632 960001", "+441632960001"),
        ("+1 202 555 0143", "+12025550143"),  # international
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+353 85 123 4567", "+353851234567"),
    ],
)
def test_it_stores_real_numbers_in_e164(text, expected):
    assert contact_details.normalise_phone(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "999",  # an emergency number is not a number to contact someone on
        "12345",
        "07911 12345",  # a digit short
        "07911 1234567",  # a digit over
        "07700 90098",
        "+44 7911",
        "+1 202 555",
        "not a number",
        "020 7946 0000 ext 12",  # E.164 has no place for the extension
        "0" * 31,
    ],
)
def test_it_refuses_what_is_not_a_number(text):
    with pytest.raises(InvalidPhoneNumber, match=r"^Enter a phone number, like 07700 900 982"):
        contact_details.normalise_phone(text)


def test_a_number_without_a_country_is_the_regions():
    assert contact_details.normalise_phone("06 12 34 56 78", region="FR") == "+33612345678"
    with pytest.raises(InvalidPhoneNumber):
        contact_details.normalise_phone("06 12 34 56 78")


@given(st.text(max_size=35))
def test_a_stored_number_reads_back_as_itself(text):
    try:
        once = contact_details.normalise_phone(text)
    except InvalidPhoneNumber:
        return
    assert once.startswith("+")
    assert once[1:].isdigit()
    assert len(once) <= 16  # E.164: at most 15 digits
    assert contact_details.normalise_phone(once) == once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SW9 8AA", "SW9 8AA"),
        ("sw98aa", "SW9 8AA"),
        ("  se5   9rs ", "SE5 9RS"),
        ("M1 1AE", "M1 1AE"),  # A9
        ("B33 8TH", "B33 8TH"),  # A99
        ("CR2 6XH", "CR2 6XH"),  # AA9
        ("DN55 1PT", "DN55 1PT"),  # AA99
        ("W1A 1HQ", "W1A 1HQ"),  # A9A
        ("ec1a1bb", "EC1A 1BB"),  # AA9A
        ("gir 0aa", "GIR 0AA"),
        ("GIR0AA", "GIR 0AA"),
    ],
)
def test_it_normalises_postcodes(text, expected):
    assert contact_details.normalise_postcode(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "SW9",
        "8AA",
        "SW9 8A",
        "SW98 AAA",
        "12345",
        "SW9 8AA X",
        "SW9-8AA",
        "QA1 1AA",  # no postcode starts with Q, V or X
        "AI1 1AA",  # the second letter is never I, J or Z
        "SW9 8CA",  # the inward code never has C, I, K, M, O or V
        "GIR 0AB",
        "Ⅻ1 1AA",
    ],
)
def test_it_refuses_what_is_not_a_postcode(text):
    with pytest.raises(InvalidPostcode, match=r"^Enter a real postcode, like SW9 8AA$"):
        contact_details.normalise_postcode(text)


@given(st.text(max_size=12))
def test_a_postcode_is_idempotent_and_fits_the_column(text):
    try:
        once = contact_details.normalise_postcode(text)
    except InvalidPostcode:
        return
    assert contact_details.normalise_postcode(once) == once
    assert len(once) <= 8  # Person.postcode holds 8 characters
    assert once == once.upper()
    assert once.count(" ") == 1


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+447700900982", "07700 900982"),  # Ofcom's drama range, at home
        ("+442079460321", "020 7946 0321"),
        ("07700 900777", "07700 900777"),  # kept as typed before E.164: read the same
        ("+33123456789", "+33 1 23 45 67 89"),  # abroad: with its country code
        ("not a number", "not a number"),
        ("", ""),
    ],
)
def test_a_stored_phone_is_shown_as_people_dial_it(stored, shown):
    assert contact_details.display_phone(stored) == shown


def test_the_same_number_typed_two_ways_is_the_same_phone():
    assert contact_details.phone_key("07700 900777") == contact_details.phone_key("+447700900777")
    assert contact_details.phone_key("07700 900777") != contact_details.phone_key("07700 900778")
    assert contact_details.phone_key(" call my mum ") == "call my mum"
