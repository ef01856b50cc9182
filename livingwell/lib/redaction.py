"""Find and remove what identifies someone in free text: names, NHS numbers, phones, emails, addresses.

Pure functions, no Django: stories and feedback are redacted before they are stored, and
`livingwell redact` does the same for any text (bulk exports). What is found is replaced by a
label in square brackets ("[phone number]") and listed, so a moderator can see what went.

- names: those passed in `known` (the person's own and their carers', from the record), whole
  words, any case. Names not on the record are the moderator's to catch.
- NHS numbers: ten digits, as 3-3-4 or run together, that are Modulus 11 valid
  (livingwell.lib.nhs_number) or do not start with 0 (a mistyped NHS number still identifies
  someone; a UK phone number written nationally starts with 0).
- phone numbers: `phonenumbers.PhoneNumberMatcher` for the UK, at its "possible" leniency so that
  Ofcom's drama ranges (07700 900xxx, which the demo uses) are caught too, keeping only matches of
  ten digits or more so that years and counts ("2024", "12 sessions") stay; then anything else in
  the shape of a UK number (0 or +44, then 9 or 10 digits) the matcher did not take.
- email addresses; UK postcodes (shape checked by livingwell.lib.contact_details); street addresses
  (a house number, up to three capitalised words and a street word such as Road or Avenue).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import phonenumbers

from livingwell.lib import nhs_number
from livingwell.lib.contact_details import InvalidPostcode, normalise_postcode

LABELS = {
    "name": "[name]",
    "nhs_number": "[NHS number]",
    "phone": "[phone number]",
    "email": "[email address]",
    "postcode": "[postcode]",
    "address": "[address]",
}
# Matches any label in redacted text, so a page can highlight them after a moderator's edits.
LABEL_PATTERN = re.compile("|".join(re.escape(label) for label in LABELS.values()))

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_TEN_DIGITS = re.compile(r"(?<![\d])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])")
# A loose postcode shape to find candidates; each is then checked by contact_details' pattern.
_POSTCODE_CANDIDATE = re.compile(r"\b[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2}\b")
_STREET_WORDS = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Place|Gardens|Grove|Terrace|"
    "Court|Square|Hill|Park|Mews|Row|Walk|Rise|Parade|Green|Vale|View|Estate|Boulevard"
)
# "12 Acre Lane", "Flat 3, 45a St John's Road": a number, capitalised words, a street word.
_ADDRESS = re.compile(
    r"(?:\b(?:Flat|Apartment|Unit)\s+\d+[A-Za-z]?,?\s+)?"
    r"\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][\w'’-]*\s+){1,3}(?:" + _STREET_WORDS + r")\b\.?",
)
# What the matcher may miss (a range it does not know, digits run on from a count before them).
_UK_PHONE_SHAPE = re.compile(r"(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(?0)\d(?:[\s\-)]?\d){8,9}(?!\d)")
# Phone matches shorter than this many digits are years or counts, not UK numbers (10–11 digits).
_PHONE_MIN_DIGITS = 10
_NAME_MIN_LENGTH = 2


@dataclass(frozen=True)
class Found:
    """One thing taken out of a text: what kind, what it said, and where it stood."""

    kind: str  # one of LABELS
    original: str
    start: int  # in the original text
    end: int


@dataclass(frozen=True)
class Redaction:
    """The text with every finding replaced by its label, and the findings (for the moderator)."""

    text: str
    found: list[Found] = field(default_factory=list)

    @property
    def kinds(self) -> set[str]:
        """The kinds of thing found."""
        return {f.kind for f in self.found}


def redact(text: str, known: Iterable[str] = ()) -> Redaction:
    """Return the text with names in `known`, NHS numbers, phones, emails and addresses replaced."""
    accepted: list[Found] = []
    # Most specific first: an email may hold a name, an address a postcode's neighbour.
    for candidate in (
        *_emails(text),
        *_nhs_numbers(text),
        *_phones(text),
        *_postcodes(text),
        *_addresses(text),
        *_names(text, known),
    ):
        if not any(candidate.start < f.end and f.start < candidate.end for f in accepted):
            accepted.append(candidate)
    accepted = _join_names(text, sorted(accepted, key=lambda f: f.start))
    parts: list[str] = []
    position = 0
    for found in accepted:
        parts.append(text[position : found.start])
        parts.append(LABELS[found.kind])
        position = found.end
    parts.append(text[position:])
    return Redaction("".join(parts), accepted)


def _join_names(text: str, found: list[Found]) -> list[Found]:
    # "Ada LOVELACE" given as two names is still one person: one [name], not "[name] [name]".
    joined: list[Found] = []
    for item in found:
        last = joined[-1] if joined else None
        if last and last.kind == item.kind == "name" and not text[last.end : item.start].strip():
            joined[-1] = Found("name", text[last.start : item.end], last.start, item.end)
        else:
            joined.append(item)
    return joined


def _emails(text: str) -> list[Found]:
    return [Found("email", m.group(), m.start(), m.end()) for m in _EMAIL.finditer(text)]


def _nhs_numbers(text: str) -> list[Found]:
    found = []
    for m in _TEN_DIGITS.finditer(text):
        digits = "".join(m.groups())
        if nhs_number.is_valid(digits) or not digits.startswith("0"):
            found.append(Found("nhs_number", m.group(), m.start(), m.end()))
    return found


def _phones(text: str) -> list[Found]:
    matcher = phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    found = [
        Found("phone", m.raw_string, m.start, m.end)
        for m in matcher
        if sum(c.isdigit() for c in m.raw_string) >= _PHONE_MIN_DIGITS
    ]
    found += [Found("phone", m.group(), m.start(), m.end()) for m in _UK_PHONE_SHAPE.finditer(text)]
    return found


def _postcodes(text: str) -> list[Found]:
    found = []
    for m in _POSTCODE_CANDIDATE.finditer(text):
        try:
            normalise_postcode(m.group())
        except InvalidPostcode:
            continue
        found.append(Found("postcode", m.group(), m.start(), m.end()))
    return found


def _addresses(text: str) -> list[Found]:
    return [Found("address", m.group(), m.start(), m.end()) for m in _ADDRESS.finditer(text)]


def _names(text: str, known: Iterable[str]) -> list[Found]:
    # Whole names before their parts ("Ada Lovelace" is one [name], not two), longest first.
    phrases: set[str] = set()
    for name in known:
        words = [w for w in re.split(r"\s+", name.strip()) if len(w) >= _NAME_MIN_LENGTH]
        if words:
            phrases.add(" ".join(words))
            phrases.update(words)
    found = []
    for phrase in sorted(phrases, key=len, reverse=True):
        pattern = r"(?<![\w])" + r"\s+".join(re.escape(w) for w in phrase.split(" ")) + r"(?![\w])"
        found += [
            Found("name", m.group(), m.start(), m.end())
            for m in re.finditer(pattern, text, flags=re.IGNORECASE)
        ]
    return found


def main(argv: Sequence[str]) -> int:
    """`livingwell redact [--known NAME ...]`: read standard input, write the redacted text."""
    parser = argparse.ArgumentParser(
        prog="livingwell redact",
        description="Remove names, NHS numbers, phone numbers, emails and addresses from text.",
    )
    parser.add_argument(
        "--known", action="append", default=[], metavar="NAME", help="a name to remove (repeatable)"
    )
    parser.add_argument("--report", action="store_true", help="list what was found on standard error")
    args = parser.parse_args(list(argv))
    result = redact(sys.stdin.read(), known=args.known)
    sys.stdout.write(result.text)
    if args.report:
        for found in result.found:
            sys.stderr.write(f"{found.kind}\t{found.start}\t{found.end}\n")
    return 0
