"""NHS number validation by the Modulus 11 rule (NHS Data Dictionary, "NHS Number").

Weights 10 down to 2 on the first nine digits; check digit = 11 − (sum mod 11); a result of 11
means 0 and a result of 10 means the number is invalid. 999 000 0000 to 999 999 9999 is the
range reserved for testing, so the demo and tests use only numbers from it.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s-]")
TEST_RANGE = (9990000000, 9999999999)


class InvalidNHSNumber(ValueError):
    """The text is not a valid NHS number."""


def normalise(text: str) -> str:
    """Return the ten digits of an NHS number written with or without spaces or hyphens."""
    digits = _SEPARATORS.sub("", text)
    if not digits.isascii() or not digits.isdigit() or len(digits) != 10:
        raise InvalidNHSNumber("An NHS number is 10 digits, like 943 476 5919")
    if check_digit(digits[:9]) != int(digits[9]):
        raise InvalidNHSNumber("This is not a valid NHS number: check the digits")
    return digits


def check_digit(first_nine: str) -> int | None:
    """Return the Modulus 11 check digit for nine digits, or None when no digit is valid."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid(text: str) -> bool:
    """Say whether the text is a valid NHS number."""
    try:
        normalise(text)
    except InvalidNHSNumber:
        return False
    return True


def is_test_number(digits: str) -> bool:
    """Say whether a normalised NHS number lies in the range reserved for testing."""
    return TEST_RANGE[0] <= int(digits) <= TEST_RANGE[1]


def formatted(digits: str) -> str:
    """Write a normalised NHS number the way people read it: 3-3-4 digits."""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
