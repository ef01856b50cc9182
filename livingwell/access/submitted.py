"""What a form or API call said about the person, kept on its introduction until the hub confirms it.

Nobody outside the hub can prove who they are, so an introduction never changes an existing
record's contact details or consent by itself (docs/hazard-log.md, H6). The hub sees what was sent
beside the record, checks it with the person, and applies what the person confirms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from livingwell.access.models import Introduction, MatchOutcome, SubmittedDetails
from livingwell.accounts.models import User
from livingwell.lib import contact_details
from livingwell.people import services as people_services
from livingwell.people.models import Person

if TYPE_CHECKING:
    from livingwell.access.services import PersonDetails

# Shown side by side, in this order; the names, date of birth and NHS number are for the hub to
# compare, never applied.
LABELS = {
    "given_name": "First name",
    "family_name": "Last name",
    "date_of_birth": "Date of birth",
    "nhs_number": "NHS number",
    "email": "Email",
    "phone": "Phone",
    "postcode": "Postcode",
    "preferred_contact": "Preferred contact",
    "contact_times": "Best times to contact",
    "language": "Language",
    "interpreter_needed": "Interpreter needed",
    "sex": "Sex",
    "ethnicity": "Ethnic group",
    "consent_share_alliance": "Shares with alliance partners",
    "consent_share_gp": "Shares with their GP",
}


class NothingToApply(Exception):
    """The submitted details cannot be applied; the message says why."""


@dataclass(frozen=True)
class Row:
    """One detail: its label, what was sent, what the record says, and whether the hub may apply it."""

    name: str
    label: str
    sent: str
    on_record: str
    differs: bool
    applicable: bool


def keep(
    introduction: Introduction, details: PersonDetails, match: str, possible: Person | None
) -> SubmittedDetails:
    """Store what was sent with the introduction (inside the caller's transaction)."""
    return SubmittedDetails.objects.create(
        introduction=introduction, match=match, possible_match=possible, **details.__dict__
    )


def sent_with(introduction: Introduction) -> SubmittedDetails | None:
    """Return what was sent with the introduction, or None for one recorded before they were kept."""
    try:
        return introduction.submitted
    except SubmittedDetails.DoesNotExist:
        return None


def _shown(obj: Any, name: str) -> str:
    value = getattr(obj, name)
    if name == "phone":
        return contact_details.display_phone(value) or "–"
    display = getattr(obj, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "strftime"):
        return value.strftime("%-d %B %Y")
    return str(value) if value else "–"


def comparison(submitted: SubmittedDetails, person: Person) -> list[Row]:
    """Set what was sent beside the record, detail by detail."""
    rows = []
    for name, label in LABELS.items():
        sent, kept = getattr(submitted, name), getattr(person, name)
        if name == "phone":  # the same number typed two ways is not a difference
            sent, kept = contact_details.phone_key(sent), contact_details.phone_key(kept)
        differs = sent != kept
        rows.append(
            Row(
                name=name,
                label=label,
                sent=_shown(submitted, name),
                on_record=_shown(person, name),
                differs=differs,
                applicable=differs and name in people_services.APPLICABLE_FIELDS,
            )
        )
    return rows


def can_apply(submitted: SubmittedDetails | None) -> bool:
    """Say whether the hub may still apply what was sent: a confident match not yet applied."""
    return submitted is not None and submitted.match == MatchOutcome.MATCHED and submitted.applied_at is None


def apply(request: HttpRequest, introduction: Introduction, *, by: User, fields: list[str]) -> list[str]:
    """Copy the details the person confirmed from what was sent on to their record; return what changed."""
    with transaction.atomic():
        submitted = SubmittedDetails.objects.select_for_update().filter(introduction=introduction).first()
        if submitted is None or not can_apply(submitted):
            raise NothingToApply("These details have already been applied, or there is nothing to apply")
        wrong = set(fields) - set(people_services.APPLICABLE_FIELDS)
        if wrong or not fields:
            raise NothingToApply("Choose the details the person confirmed")
        person = Person.objects.select_for_update().get(pk=introduction.person_id)
        changed = people_services.apply_details(
            request,
            person,
            {name: getattr(submitted, name) for name in fields},
            because={"introduction": introduction.reference, "confirmed_with_person": True},
        )
        submitted.applied_at, submitted.applied_by, submitted.applied_fields = timezone.now(), by, changed
        submitted.save(update_fields=["applied_at", "applied_by", "applied_fields"])
    return changed
