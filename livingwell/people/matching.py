"""Finding people: one person, one record, whichever door they came through.

Whoever fills in a form can type anyone's NHS number, so a number alone never decides who a
submission is about (docs/hazard-log.md, H6). A *confident* match needs the NHS number, the date
of birth and the family name to agree; anything less is a *possible* match that the hub checks
and, if it is the same person, merges.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from livingwell.people.models import Person

# Spaces, hyphens (ASCII and Unicode) and apostrophes (straight, curly, modifier letter): "O'Brien",
# "O’Brien", "OBrien" and "o brien" are written differently for the same name.
_IGNORED_IN_FAMILY_NAMES = re.compile(r"[\s\-\u2010\u2011'\u2018\u2019\u02bc`]")


@dataclass(frozen=True)
class Match:
    """The record a submission may be about, and whether it can be trusted without a human."""

    person: Person | None
    confident: bool = False


def family_name_key(name: str) -> str:
    """Return the family name as matching compares it: no case, spaces, hyphens or apostrophes."""
    return _IGNORED_IN_FAMILY_NAMES.sub("", name).casefold()


def family_names_agree(person: Person, family_name: str) -> bool:
    """Say whether the name is the person's family name, now or recorded from before."""
    wanted = family_name_key(family_name)
    if not wanted:
        return False
    names: Iterable[str] = [person.family_name, *(person.previous_family_names or [])]
    return any(family_name_key(name) == wanted for name in names)


def _current() -> QuerySet[Person]:
    return Person.objects.filter(merged_into__isnull=True)


def find_match(
    *, nhs_number: str, given_name: str, family_name: str, date_of_birth: dt.date, postcode: str
) -> Match:
    """Return the record an introduction may be for: confident only if NHS number, birth date and family name agree."""
    if nhs_number:
        holders = list(_current().filter(nhs_number=nhs_number).order_by("pk"))
        for holder in holders:
            if holder.date_of_birth == date_of_birth and family_names_agree(holder, family_name):
                return Match(holder, confident=True)
        if holders:
            # Someone else's number, or a typo, or a changed name: a human decides.
            return Match(holders[0])
    candidates = _current().filter(date_of_birth=date_of_birth)
    if nhs_number:
        # A candidate with a different NHS number is a different person, however alike the names.
        candidates = candidates.filter(nhs_number="")
    for candidate in candidates.order_by("pk"):
        same_given = candidate.given_name.strip().casefold() == given_name.strip().casefold()
        same_postcode = bool(postcode) and candidate.postcode == postcode
        if family_names_agree(candidate, family_name) and (same_given or same_postcode):
            return Match(candidate)
    return Match(None)


def likely_matches(person: Person, limit: int = 10) -> list[Person]:
    """Return other records that may be the same person, for the hub to check and merge."""
    query = Q(date_of_birth=person.date_of_birth)
    if person.nhs_number:
        query |= Q(nhs_number=person.nhs_number)
    candidates = _current().filter(query).exclude(pk=person.pk)
    if person.nhs_number:
        # Two different valid NHS numbers mean two people.
        candidates = candidates.filter(Q(nhs_number="") | Q(nhs_number=person.nhs_number))
    # Family names compare as find_match compares them (case, spaces, hyphens, apostrophes and
    # previous names ignored), which SQL cannot do portably; one birth date holds few records.
    names = [person.family_name, *(person.previous_family_names or [])]
    likely = [
        candidate
        for candidate in candidates.order_by("family_name", "given_name", "pk")
        if (person.nhs_number and candidate.nhs_number == person.nhs_number)
        or any(family_names_agree(candidate, name) for name in names)
        or candidate.given_name.strip().casefold() == person.given_name.strip().casefold()
        or (person.postcode and candidate.postcode == person.postcode)
    ]
    return likely[:limit]
