"""Finding other records that may be the same person, for the hub to check and merge."""

from __future__ import annotations

import datetime as dt

import pytest

from livingwell.people.matching import likely_matches
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
