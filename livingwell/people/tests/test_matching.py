"""Finding other records that may be the same person, for the hub to check and merge."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from livingwell.people.matching import Match, family_name_key, find_match, likely_matches
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

BORN = dt.date(1975, 11, 5)


def test_it_finds_records_with_the_same_birth_date_and_a_name_or_postcode_in_common():
    person = factories.person(given_name="Dee", family_name="Okoro", date_of_birth=BORN, postcode="SE15 4QL")
    same_family = factories.person(given_name="Deborah", family_name="OKORO", date_of_birth=BORN, postcode="")
    same_given = factories.person(
        given_name="dee", family_name="Okoro-Smith", date_of_birth=BORN, postcode=""
    )
    same_postcode = factories.person(given_name="D", family_name="O", date_of_birth=BORN, postcode="SE15 4QL")
    factories.person(
        given_name="Dee", family_name="Okoro", date_of_birth=dt.date(1975, 11, 6)
    )  # not the same birth date
    factories.person(given_name="X", family_name="Y", date_of_birth=BORN, postcode="")  # nothing in common
    assert set(likely_matches(person)) == {same_family, same_given, same_postcode}


def test_it_compares_family_names_as_a_confident_match_does_for_likely_matches():
    person = factories.person(given_name="Dee", family_name="O'Brien", date_of_birth=BORN, postcode="")
    apostrophe_dropped = factories.person(
        given_name="D", family_name="obrien", date_of_birth=BORN, postcode=""
    )
    married = factories.person(
        given_name="Deirdre",
        family_name="Hale",
        previous_family_names=["O Brien"],
        date_of_birth=BORN,
        postcode="",
    )
    factories.person(given_name="D", family_name="Brien", date_of_birth=BORN, postcode="")  # another name
    assert set(likely_matches(person)) == {apostrophe_dropped, married}


def test_it_finds_the_same_nhs_number_whatever_the_name():
    person = factories.person(nhs_number="9434765919", date_of_birth=BORN)
    renamed = factories.person(
        given_name="Alexandra", family_name="New", nhs_number="9434765919", date_of_birth=dt.date(1980, 1, 1)
    )
    assert likely_matches(person) == [renamed]


def test_it_leaves_out_itself_merged_records_and_different_nhs_numbers():
    person = factories.person(
        given_name="Dee", family_name="Okoro", date_of_birth=BORN, nhs_number="9434765919"
    )
    factories.person(given_name="Dee", family_name="Okoro", date_of_birth=BORN, merged_into=person)
    factories.person(given_name="Dee", family_name="Okoro", date_of_birth=BORN, nhs_number="9000000009")
    assert likely_matches(person) == []


def test_it_does_not_match_on_two_blank_postcodes():
    person = factories.person(given_name="A", family_name="B", date_of_birth=BORN, postcode="")
    factories.person(given_name="C", family_name="D", date_of_birth=BORN, postcode="")
    assert likely_matches(person) == []


# A confident match: NHS number, date of birth and family name agree. Anything less is possible.
NHS = "9434765919"


def _find(**fields):
    values: dict[str, Any] = {
        "nhs_number": NHS,
        "given_name": "Siobhan",
        "family_name": "O'Brien-Smith",
        "date_of_birth": BORN,
        "postcode": "",
    }
    values.update(fields)
    return find_match(**values)


@pytest.fixture
def siobhan():
    return factories.person(
        given_name="Siobhan", family_name="O'Brien-Smith", date_of_birth=BORN, nhs_number=NHS,
        previous_family_names=["Murphy"],
    )  # fmt: skip


@pytest.mark.parametrize(
    "typed", ["O'Brien-Smith", "o'brien-smith", "OBrien Smith", "O’Brien‐Smith", " obriensmith "]
)
def test_the_family_name_agrees_ignoring_case_spaces_hyphens_and_apostrophes(siobhan, typed):
    assert _find(family_name=typed) == Match(siobhan, confident=True)


@pytest.mark.parametrize("typed", ["O'Brian-Smith", "Smith", "Brien", ""])
def test_a_different_family_name_is_only_a_possible_match(siobhan, typed):
    assert _find(family_name=typed) == Match(siobhan, confident=False)


@pytest.mark.parametrize("typed", ["Murphy", "MURPHY", "mur-phy"])
def test_a_recorded_previous_family_name_agrees(siobhan, typed):
    assert _find(family_name=typed) == Match(siobhan, confident=True)


def test_a_different_birth_date_is_only_a_possible_match(siobhan):
    assert _find(date_of_birth=dt.date(1975, 11, 6)) == Match(siobhan, confident=False)


def test_the_nhs_number_alone_is_only_a_possible_match(siobhan):
    assert _find(given_name="Someone", family_name="Else", date_of_birth=dt.date(1990, 1, 1)) == Match(
        siobhan, confident=False
    )


def test_a_sounds_alike_name_does_not_agree(siobhan):
    # No phonetic matching: Smyth is not Smith, however it sounds.
    assert not _find(family_name="O'Brien-Smyth").confident


def test_without_an_nhs_number_a_match_is_never_confident(siobhan):
    assert _find(nhs_number="", postcode="") == Match(siobhan, confident=False)


def test_it_finds_the_holder_whose_details_agree_among_two_with_the_number(siobhan):
    factories.person(
        given_name="Other", family_name="Sender", date_of_birth=dt.date(1990, 1, 1), nhs_number=NHS
    )
    assert _find(family_name="OBrien Smith") == Match(siobhan, confident=True)


def test_nothing_in_common_is_no_match():
    assert _find() == Match(None)


def test_the_family_name_key_ignores_only_case_spaces_hyphens_and_apostrophes():
    assert family_name_key(" O’Brien-Smith ") == family_name_key("obriensmith") == "obriensmith"
    assert family_name_key("Müller") != family_name_key("Muller")
