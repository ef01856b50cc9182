"""The names redaction removes for a person: their own (and former) names and their carers'."""

from __future__ import annotations

from livingwell.carers.models import CaringFor
from livingwell.people.models import Person


def known_names(person: Person | None, *, carer_id: int | None = None) -> list[str]:
    """Return the names on the record for the person, and for every carer recorded for them."""
    names: list[str] = []
    if person is not None:
        names += [person.given_name, person.family_name, *person.previous_family_names]
        for caring in CaringFor.objects.filter(person=person).select_related("carer"):
            names += [caring.carer.given_name, caring.carer.family_name]
    if carer_id is not None:
        for caring in CaringFor.objects.filter(carer_id=carer_id).select_related("carer", "person"):
            names += [caring.carer.given_name, caring.carer.family_name]
            names += [caring.person.given_name, caring.person.family_name]
    return [name for name in names if name]
