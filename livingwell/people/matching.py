"""Finding people: one person, one record, whichever door they came through."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from livingwell.people.models import Person


def _current() -> QuerySet[Person]:
    return Person.objects.filter(merged_into__isnull=True)


def find_match(
    *, nhs_number: str, given_name: str, family_name: str, date_of_birth: dt.date, postcode: str
) -> Person | None:
    """Return the existing person an introduction is for: by NHS number, else name + birth date + postcode."""
    if nhs_number:
        by_number = _current().filter(nhs_number=nhs_number).order_by("pk").first()
        if by_number is not None:
            return by_number
    if not postcode:
        return None
    candidates = _current().filter(
        date_of_birth=date_of_birth,
        postcode=postcode,
        family_name__iexact=family_name.strip(),
        given_name__iexact=given_name.strip(),
    )
    # A candidate with a different NHS number is a different person, however alike the names.
    if nhs_number:
        candidates = candidates.filter(Q(nhs_number="") | Q(nhs_number=nhs_number))
    return candidates.order_by("pk").first()


def likely_matches(person: Person, limit: int = 10) -> list[Person]:
    """Return other records that may be the same person, for the hub to check and merge."""
    same_birth = Q(date_of_birth=person.date_of_birth) & (
        Q(family_name__iexact=person.family_name)
        | Q(given_name__iexact=person.given_name)
        | (Q(postcode=person.postcode) & ~Q(postcode=""))
    )
    query = same_birth
    if person.nhs_number:
        query |= Q(nhs_number=person.nhs_number)
    candidates = _current().filter(query).exclude(pk=person.pk)
    if person.nhs_number:
        # Two different valid NHS numbers mean two people.
        candidates = candidates.filter(Q(nhs_number="") | Q(nhs_number=person.nhs_number))
    return list(candidates.order_by("family_name", "given_name")[:limit])
