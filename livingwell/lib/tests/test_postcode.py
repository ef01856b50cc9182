"""UK postcodes: normalised to capitals with one space, or refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from livingwell.lib import postcode


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SW9 8AA", "SW9 8AA"),
        ("sw98aa", "SW9 8AA"),
        ("  se1   7eh ", "SE1 7EH"),
        ("W1A 1AA", "W1A 1AA"),
        ("ec1a1bb", "EC1A 1BB"),
        ("M1 1AE", "M1 1AE"),
        ("gir 0aa", "GIR 0AA"),
    ],
)
def test_it_normalises_postcodes(text, expected):
    assert postcode.normalise(text) == expected


@pytest.mark.parametrize(
    "text", ["", "SW9", "8AA", "SW9 8A", "SW98 AAA", "12345", "SW9 8AA X", "SW9-8AA", "Ⅻ1 1AA"]
)
def test_it_refuses_what_is_not_a_postcode(text):
    with pytest.raises(postcode.InvalidPostcode):
        postcode.normalise(text)


@given(st.text(max_size=12))
def test_it_is_idempotent_and_fits_the_column(text):
    try:
        once = postcode.normalise(text)
    except postcode.InvalidPostcode:
        return
    assert postcode.normalise(once) == once
    assert len(once) <= 8  # Person.postcode holds 8 characters
    assert once == once.upper()
    assert once.count(" ") == 1
