"""Changes to a person's record: a new record, merging two, applying confirmed details, consent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.people.matching import family_name_key
from livingwell.people.models import Person


class MergeNotAllowed(Exception):
    """The two records cannot be merged; the message says why."""


class ConsentNotChanged(Exception):
    """There was no consent to withdraw; the message says why."""


# Filled on the surviving record from the merged one only where the survivor has nothing.
_FILL_FIELDS = ("nhs_number", "postcode", "email", "phone", "contact_times")
# Each contact detail with when the hub confirmed it with the person (people.models.Person).
CONFIRMABLE = {"email": "email_confirmed_at", "phone": "phone_confirmed_at"}
# Each consent with the date it was given or refused: the newest dated answer is the person's wish.
CONSENTS = {
    "consent_share_alliance": "consent_share_alliance_at",
    "consent_share_gp": "consent_share_gp_at",
}
# What the hub may copy from a submission on to the record once it has checked with the person.
APPLICABLE_FIELDS = (
    "email",
    "phone",
    "postcode",
    "preferred_contact",
    "contact_times",
    "language",
    "interpreter_needed",
    "sex",
    "ethnicity",
    *CONSENTS,
)


def add_person(
    request: HttpRequest | None, details: Mapping[str, Any], *, answered_at: dt.datetime
) -> Person:
    """Create a record for someone not yet known, dating each consent answered in `details`."""
    dated = {CONSENTS[name]: answered_at for name in details if name in CONSENTS}
    with transaction.atomic():
        person = Person.objects.create(**details, **dated)
        record(request, AuditAction.CREATE, person, person_id=person.pk)
    return person


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
                # A detail moves with whether it was confirmed: never more confirmed than it was.
                if name in CONFIRMABLE:
                    setattr(survivor, CONFIRMABLE[name], getattr(duplicate, CONFIRMABLE[name]))
        consent_taken = _take_newer_consent(survivor, duplicate)
        _keep_family_names(survivor, duplicate)
        survivor.save()
        duplicate.merged_into = survivor
        duplicate.save(update_fields=["merged_into"])
        detail = {
            "survivor": survivor.pk,
            "duplicate": duplicate.pk,
            "reason": reason,
            "moved": moved,
            "consent_from_duplicate": consent_taken,
        }
        # Both records log the merge, so either one's history explains where things went.
        record(request, AuditAction.MERGE, survivor, person_id=survivor.pk, detail=detail)
        record(request, AuditAction.MERGE, duplicate, person_id=duplicate.pk, detail=detail)
    return survivor


def _take_newer_consent(survivor: Person, duplicate: Person) -> list[str]:
    """Copy each consent the duplicate answered more recently; a withdrawal must survive a merge."""
    taken = []
    for flag, dated in CONSENTS.items():
        theirs, ours = getattr(duplicate, dated), getattr(survivor, dated)
        if theirs is not None and (ours is None or theirs > ours):
            setattr(survivor, flag, getattr(duplicate, flag))
            setattr(survivor, dated, theirs)
            taken.append(flag)
    return taken


def _keep_family_names(survivor: Person, duplicate: Person) -> None:
    """Remember the duplicate's family names, so a referral under either still finds the person."""
    known = {family_name_key(survivor.family_name)}
    kept = []
    for name in [
        *(survivor.previous_family_names or []),
        duplicate.family_name,
        *(duplicate.previous_family_names or []),
    ]:
        if family_name_key(name) and family_name_key(name) not in known:
            known.add(family_name_key(name))
            kept.append(name)
    survivor.previous_family_names = kept


def apply_details(
    request: HttpRequest, person: Person, changes: Mapping[str, Any], *, because: dict[str, Any]
) -> list[str]:
    """Write details the hub has confirmed with the person on to the record, dating any consent; return what changed.

    An email address or phone number applied here is confirmed: the hub checked it with the person.
    """
    unknown = set(changes) - set(APPLICABLE_FIELDS)
    if unknown:
        raise ValueError(f"not a field the hub applies: {sorted(unknown)}")
    now = timezone.now()
    changed = [name for name, value in changes.items() if getattr(person, name) != value]
    with transaction.atomic():
        dated = {**CONSENTS, **CONFIRMABLE}
        for name in changed:
            setattr(person, name, changes[name])
            if name in dated:
                setattr(person, dated[name], now if changes[name] != "" or name in CONSENTS else None)
        if changed:
            # Only what changed: the caller's copy of the person may be older than the row.
            person.save(update_fields=[*changed, *(dated[name] for name in changed if name in dated)])
            record(
                request, AuditAction.UPDATE, person, person_id=person.pk,
                detail={"fields": changed, **because},
            )  # fmt: skip
    return changed


def confirm_contact_details(request: HttpRequest, person: Person) -> list[str]:
    """Record that the hub has checked the person's email and phone with them; return which were confirmed.

    Only a confirmed detail may receive a one-time code to sign in (livingwell.mine.signin).
    """
    now = timezone.now()
    confirmed = [name for name in CONFIRMABLE if getattr(person, name)]
    if not confirmed:
        return []
    with transaction.atomic():
        for name in confirmed:
            setattr(person, CONFIRMABLE[name], now)
        person.save(update_fields=[CONFIRMABLE[name] for name in confirmed])
        record(
            request, AuditAction.UPDATE, person, person_id=person.pk,
            detail={"confirmed": confirmed, "fields": [CONFIRMABLE[name] for name in confirmed]},
        )  # fmt: skip
    return confirmed


def set_extract_opt_out(request: HttpRequest | None, person: Person, *, opt_out: bool, how: str) -> bool:
    """Record, dated now, the person's wish to be left out of (or back in) the planning extract.

    Return whether anything changed. It takes effect from the next extract (analytics.extract).
    """
    if person.extract_opt_out == opt_out:
        return False
    with transaction.atomic():
        person.extract_opt_out = opt_out
        person.extract_opt_out_at = timezone.now()
        person.save(update_fields=["extract_opt_out", "extract_opt_out_at"])
        record(
            request, AuditAction.UPDATE, person, person_id=person.pk,
            detail={"fields": ["extract_opt_out"], "extract_opt_out": opt_out, "how": how},
        )  # fmt: skip
    return True


def withdraw_consent(request: HttpRequest, person: Person, *, consents: Sequence[str], how: str) -> list[str]:
    """Record, dated now, that the person withdrew the consents named; return which were withdrawn."""
    unknown = set(consents) - set(CONSENTS)
    if unknown:
        raise ValueError(f"not a consent: {sorted(unknown)}")
    given = [name for name in consents if getattr(person, name)]
    if not given:
        raise ConsentNotChanged("The person has not given that consent, so there is nothing to withdraw")
    now = timezone.now()
    with transaction.atomic():
        for name in given:
            setattr(person, name, False)
            setattr(person, CONSENTS[name], now)
        person.save(update_fields=[*given, *(CONSENTS[name] for name in given)])
        record(
            request, AuditAction.UPDATE, person, person_id=person.pk,
            detail={"withdrawn": given, "fields": given, "how": how},
        )  # fmt: skip
    return given


def give_consent(request: HttpRequest, person: Person, *, consents: Sequence[str], how: str) -> list[str]:
    """Record, dated now, that the person gave the consents named; return which were newly given."""
    unknown = set(consents) - set(CONSENTS)
    if unknown:
        raise ValueError(f"not a consent: {sorted(unknown)}")
    newly = [name for name in consents if not getattr(person, name)]
    if not newly:
        return []
    now = timezone.now()
    with transaction.atomic():
        for name in newly:
            setattr(person, name, True)
            setattr(person, CONSENTS[name], now)
        person.save(update_fields=[*newly, *(CONSENTS[name] for name in newly)])
        record(
            request, AuditAction.UPDATE, person, person_id=person.pk,
            detail={"given": newly, "fields": newly, "how": how},
        )  # fmt: skip
    return newly
