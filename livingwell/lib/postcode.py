"""UK postcodes: normalised to the capitalised form with one space before the inward code."""

from __future__ import annotations

import re

# The shape of a UK postcode (outward code 2–4 characters, inward code digit + 2 letters), after
# the pattern in the UK Government Data Standards Catalogue; it accepts GIR 0AA.
_POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2})$")


class InvalidPostcode(ValueError):
    """The text is not the shape of a UK postcode."""


def normalise(text: str) -> str:
    """Return the postcode in capitals with a single space before the last three characters."""
    compact = re.sub(r"\s+", "", text).upper()
    if not _POSTCODE.match(compact):
        raise InvalidPostcode("Enter a real postcode, like SW9 8AA")
    return f"{compact[:-3]} {compact[-3:]}"
