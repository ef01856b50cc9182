"""Changes to a person's record: merging two records of the same person."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.people.models import Person


class MergeNotAllowed(Exception):
    """The two records cannot be merged; the message says why."""


# Filled on the surviving record from the merged one only where the survivor has nothing.
_FILL_FIELDS = ("nhs_number", "postcode", "email", "phone", "contact_times")


def merge(request: HttpRequest, *, survivor: Person, duplicate: Person, reason: str) -> Person:
    """Merge the duplicate into the survivor: its history moves over, the record stays, marked merged."""
    if survivor.pk == duplicate.pk:
        raise MergeNotAllowed("Choose two different records")
    if survivor.merged_into_id or duplicate.merged_into_id:
        raise MergeNotAllowed("One of these records has already been merged")
    if survivor.nhs_number and duplicate.nhs_number and survivor.nhs_number != duplicate.nhs_number:
        raise MergeNotAllowed("These records have different NHS numbers: they are different people")
    if survivor.date_of_birth != duplicate.date_of_birth and not reason.strip():
        raise MergeNotAllowed("The dates of birth differ: say why these are the same person")
    with transaction.atomic():
        moved = {
            "introductions": duplicate.introductions.update(person=survivor),
            "service_introductions": duplicate.service_introductions.update(person=survivor),
            "episodes": duplicate.episodes.update(person=survivor),
            # Outcomes belong to the person too: a questionnaire left on the merged record would
            # vanish from the survivor's history and from every outcome count.
            "questionnaire_responses": duplicate.questionnaire_responses.update(person=survivor),
            "goals": duplicate.goals.update(person=survivor),
        }
        for name in _FILL_FIELDS:
            if not getattr(survivor, name) and getattr(duplicate, name):
                setattr(survivor, name, getattr(duplicate, name))
        survivor.save()
        duplicate.merged_into = survivor
        duplicate.save(update_fields=["merged_into"])
        detail = {"survivor": survivor.pk, "duplicate": duplicate.pk, "reason": reason, "moved": moved}
        # Both records log the merge, so either one's history explains where things went.
        record(request, AuditAction.MERGE, survivor, person_id=survivor.pk, detail=detail)
        record(request, AuditAction.MERGE, duplicate, person_id=duplicate.pk, detail=detail)
    return survivor
