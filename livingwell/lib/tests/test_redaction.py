"""Redaction: seeded examples, the person's own name, and a property that nothing generated survives."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from livingwell.lib import nhs_number
from livingwell.lib.redaction import LABEL_PATTERN, main, redact


@pytest.mark.parametrize(
    ("text", "kind", "gone"),
    [
        ("My NHS number is 943 476 5919.", "nhs_number", "943 476 5919"),
        ("My NHS number is 9434765919.", "nhs_number", "9434765919"),
        ("Ring me on 07700 900982 after six", "phone", "07700 900982"),
        ("or +44 20 7946 0018 at work", "phone", "7946 0018"),
        ("Email ada.l+care@example.org.uk any time", "email", "ada.l+care@example.org.uk"),
        ("We live near SW9 8AA now", "postcode", "SW9 8AA"),
        ("post to sw98aa please", "postcode", "sw98aa"),
        ("I live at 12 Acre Lane, Brixton", "address", "12 Acre Lane"),
        ("Flat 3, 45a St John's Road is mine", "address", "St John's Road"),
    ],
)
def test_seeded_examples_are_found_and_labelled(text: str, kind: str, gone: str) -> None:
    result = redact(text)
    assert gone not in result.text
    assert kind in result.kinds
    assert LABEL_PATTERN.search(result.text)


def test_the_persons_own_name_goes_whole_and_in_parts_in_any_case() -> None:
    result = redact("Ada Lovelace was kind. ADA came back; lovelace too. Adam stays.", known=["Ada Lovelace"])
    assert result.text == "[name] was kind. [name] came back; [name] too. Adam stays."
    assert [f.original for f in result.found] == ["Ada Lovelace", "ADA", "lovelace"]


def test_found_gives_spans_in_the_original() -> None:
    text = "Call 07700 900982 now"
    (found,) = redact(text).found
    assert text[found.start : found.end] == found.original == "07700 900982"


def test_years_counts_dates_and_plain_words_stay() -> None:
    text = "In 2024 I had 12 sessions over 6 weeks, on 12/03/2024 at 10:30. The road was long."
    assert redact(text).text == text


def test_an_invalid_ten_digit_number_in_nhs_shape_still_goes() -> None:
    assert "[NHS number]" in redact("number 123 456 7890").text


def test_the_command_reads_stdin_and_writes_stdout(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Bo Jones, 07700 900123\n"))
    assert main(["--known", "Bo Jones"]) == 0
    assert capsys.readouterr().out == "[name], [phone number]\n"


# --- the property: no generated NHS number, phone number or email survives -----------------------

_WORDS = st.sampled_from(
    ["the", "nurse", "was", "kind", "call", "me", "on", "or", "at", "and", "in", "2024", "12"]
)
_FILLER = st.lists(_WORDS, max_size=6).map(" ".join)


@st.composite
def nhs_numbers(draw: st.DrawFn) -> str:
    first_nine = draw(st.text("0123456789", min_size=9, max_size=9))
    check = nhs_number.check_digit(first_nine)
    digits = first_nine + str(check if check is not None else 0)
    return nhs_number.formatted(digits) if draw(st.booleans()) else digits


@st.composite
def phones(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["mobile", "london", "regional", "drama"]))
    if kind == "mobile":
        rest = draw(st.text("0123456789", min_size=8, max_size=8))
        number = "07" + draw(st.sampled_from("1234579")) + rest
        national = f"{number[:5]} {number[5:]}"
    elif kind == "london":
        rest = draw(st.text("0123456789", min_size=7, max_size=7))
        national = f"020 {draw(st.sampled_from('378'))}{rest[:3]} {rest[3:]}"
    elif kind == "regional":
        rest = draw(st.text("0123456789", min_size=6, max_size=6))
        national = f"0161 {draw(st.sampled_from('2345678'))}{rest[:2]} {rest[2:]}"
    else:
        national = f"07700 900{draw(st.text('0123456789', min_size=3, max_size=3))}"
    if draw(st.booleans()):
        return "+44 " + national[1:]
    return national if draw(st.booleans()) else national.replace(" ", "")


@given(before=_FILLER, secret=st.one_of(nhs_numbers(), phones()), after=_FILLER)
def test_no_generated_nhs_number_or_phone_survives(before: str, secret: str, after: str) -> None:
    text = f"{before} {secret}, {after}"
    redacted = redact(text).text
    digits = "".join(c for c in secret if c.isdigit())
    assert digits[-6:] not in "".join(c for c in redacted if c.isdigit())


@given(before=_FILLER, local=st.from_regex(r"[a-z][a-z0-9._+-]{0,15}", fullmatch=True), after=_FILLER)
def test_no_generated_email_survives(before: str, local: str, after: str) -> None:
    email = f"{local}@example-{len(local)}.co.uk"
    redacted = redact(f"{before} {email} {after}").text
    assert email not in redacted
    assert "@" not in redacted
