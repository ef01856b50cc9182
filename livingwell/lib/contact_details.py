"""Phone numbers and postcodes as people type them: checked, then stored one way.

Pure functions, no Django: the forms and anything else that takes contact details call them, so a
number or postcode is checked the same way wherever it comes in.
"""

from __future__ import annotations

import re

import phonenumbers

DEFAULT_REGION = "GB"
# Longer than any number E.164 allows (15 digits) even with spaces, brackets and an extension.
PHONE_MAX_LENGTH = 30

PHONE_MESSAGE = "Enter a phone number, like 07700 900 982 or +44 7700 900 982"
POSTCODE_MESSAGE = "Enter a real postcode, like SW9 8AA"

# Ofcom keeps these ranges for drama and never gives them out, so `phonenumbers` calls them not
# valid; they are the numbers examples, test and demonstration data use (the message above too).
# Ofcom, "Telephone numbers for use in TV and radio drama programmes".
_DRAMA = re.compile(r"^\+44(?:7700900|1632960|8081570|3069990)\d{3}$")

# The shape of a UK postcode, after the pattern in the UK Government Data Standards Catalogue
# (as the ONS Postcode Directory and Royal Mail use it): outward code A9, A99, AA9, AA99, A9A or
# AA9A with the letters each position may take, a space, then the inward code, a digit and two
# letters that are not C, I, K, M, O or V. GIR 0AA (once Girobank's) is the one exception.
_POSTCODE = re.compile(
    r"^(?:GIR0AA|"
    r"(?:[A-PR-UWYZ][0-9][0-9]?"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
    r"[0-9][ABD-HJLNP-UW-Z]{2})$"
)


class InvalidPhoneNumber(ValueError):
    """The text is not a phone number anyone could be called or texted on."""


class InvalidPostcode(ValueError):
    """The text is not the shape of a UK postcode."""


def normalise_phone(text: str, region: str = DEFAULT_REGION) -> str:
    """Return the phone number in E.164 form (+447700900982); a number without +country is `region`'s."""
    if len(text) > PHONE_MAX_LENGTH:
        raise InvalidPhoneNumber(PHONE_MESSAGE)
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise InvalidPhoneNumber(PHONE_MESSAGE) from None
    if number.extension:  # E.164 has no place for one: refused rather than quietly dropped
        raise InvalidPhoneNumber(PHONE_MESSAGE)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if not (phonenumbers.is_valid_number(number) or _DRAMA.match(e164)):
        raise InvalidPhoneNumber(PHONE_MESSAGE)
    return e164


def phone_key(text: str) -> str:
    """Return what two phone numbers are compared by: E.164 where the text is a number, else itself.

    Records kept before phones were stored as E.164 hold them as typed ("07700 900777"): the same
    number as "+447700900777", not a difference to check with the person.
    """
    try:
        return normalise_phone(text)
    except InvalidPhoneNumber:
        return text.strip()


def display_phone(text: str, region: str = DEFAULT_REGION) -> str:
    """Write a stored phone number as people read and dial it: 07700 900982 at home, +33 1 23 45 67 89 abroad."""
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return text
    at_home = phonenumbers.region_code_for_number(number) == region or (
        _DRAMA.match(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)) is not None
    )
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL if at_home else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def normalise_postcode(text: str) -> str:
    """Return the postcode in capitals with a single space before the inward code (the last three)."""
    compact = re.sub(r"\s+", "", text).upper()
    if not _POSTCODE.match(compact):
        raise InvalidPostcode(POSTCODE_MESSAGE)
    return f"{compact[:-3]} {compact[-3:]}"
