"""NHS numbers by the Modulus 11 rule, against published examples and as properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from livingwell.lib import nhs_number

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


def _weighted_remainder(first_nine: str) -> int:
    """The Data Dictionary's sum, written out independently of the code under test."""
    return sum(int(d) * w for d, w in zip(first_nine, [10, 9, 8, 7, 6, 5, 4, 3, 2], strict=True)) % 11


@pytest.mark.parametrize(
    "text", ["9434765919", "943 476 5919", "943-476-5919", " 943 476 5919 ", "9000000009"]
)
def test_it_accepts_published_valid_numbers(text):
    assert nhs_number.is_valid(text)


def test_it_normalises_spaces_and_hyphens_to_ten_digits():
    assert nhs_number.normalise("943 476-5919") == "9434765919"
    assert nhs_number.normalise("900\t000 0009") == "9000000009"


@pytest.mark.parametrize(
    "text",
    ["9434765918", "943476591", "94347659190", "", "943476591X", "943.476.5919", "٩٤٣٤٧٦٥٩١٩", "abcdefghij"],
)
def test_it_rejects_invalid_numbers(text):
    assert not nhs_number.is_valid(text)
    with pytest.raises(nhs_number.InvalidNHSNumber):
        nhs_number.normalise(text)


def test_it_treats_a_check_digit_of_ten_as_invalid():
    # 9×10 + 9×9 + 9×8 = 243; 243 mod 11 = 1; 11 − 1 = 10: no digit can be right.
    assert _weighted_remainder("999000000") == 1
    assert nhs_number.check_digit("999000000") is None
    assert not any(nhs_number.is_valid(f"999000000{d}") for d in range(10))


def test_it_treats_a_check_digit_of_eleven_as_zero():
    # 243 + 5×2 = 253 = 23 × 11; 11 − 0 = 11, which means 0.
    assert _weighted_remainder("999000005") == 0
    assert nhs_number.check_digit("999000005") == 0
    assert nhs_number.is_valid("9990000050")
    assert not nhs_number.is_valid("9990000051")


@pytest.mark.parametrize(
    ("digits", "expected"),
    [("9990000000", True), ("9999999999", True), ("9989999999", False), ("9434765919", False)],
)
def test_it_knows_the_range_reserved_for_testing(digits, expected):
    assert nhs_number.is_test_number(digits) is expected


def test_it_formats_three_three_four():
    assert nhs_number.formatted("9434765919") == "943 476 5919"


@given(nine_digits)
def test_it_gives_every_prefix_exactly_one_valid_number_or_none(prefix):
    valid = [d for d in range(10) if nhs_number.is_valid(f"{prefix}{d}")]
    remainder = _weighted_remainder(prefix)
    if remainder == 1:
        assert valid == []
    else:
        assert valid == [(11 - remainder) % 11]


@given(nine_digits)
def test_it_round_trips_format_and_normalise(prefix):
    check = nhs_number.check_digit(prefix)
    if check is None:
        return
    digits = f"{prefix}{check}"
    assert nhs_number.normalise(nhs_number.formatted(digits)) == digits
    assert nhs_number.normalise(nhs_number.formatted(digits).replace(" ", "-")) == digits


@given(st.text(max_size=30))
def test_it_either_normalises_to_ten_valid_digits_or_raises(text):
    try:
        digits = nhs_number.normalise(text)
    except nhs_number.InvalidNHSNumber:
        return
    assert len(digits) == 10
    assert digits.isascii()
    assert digits.isdigit()
    assert nhs_number.check_digit(digits[:9]) == int(digits[9])
