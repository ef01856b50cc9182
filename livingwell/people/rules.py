"""Who may see and change a person's record, and the one access helper every view uses to get it."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import rules
from django.db.models import Q
from django.http import HttpRequest

from livingwell.accounts.objects import get_for_user
from livingwell.accounts.rules import is_hub_lead, is_hub_staff, is_partner_practitioner
from livingwell.network.rules import live_relationship
from livingwell.people.models import Person


class Permission(StrEnum):
    """What the people app's rules decide (docs/access-matrix.md)."""

    VIEW_PERSON = "people.view_person"
    CHANGE_PERSON = "people.change_person"
    MERGE_PERSON = "people.merge_person"
    # The support plan (support.models.plan): whoever supports the person may read and change it.
    WORK_ON_PLAN = "people.work_on_plan"


@rules.predicate
def is_supported_by_users_organisation(user: Any, person: Person) -> bool:
    """The person agreed to share with partners and is in a live relationship with the user's organisation."""
    if not person.consent_share_alliance:
        return False
    organisations = user.organisation_ids(role="partner_practitioner")
    # Live: pending, or accepted and not ended more than PARTNER_ACCESS_DAYS_AFTER_EPISODE ago.
    return (
        person.service_introductions.filter(service__organisation_id__in=organisations)
        .filter(live_relationship())
        .exists()
    )


@rules.predicate
def was_introduced_to_users_organisation(user: Any, person: Person) -> bool:
    """The person was ever introduced to a service of the user's organisation, whatever came of it."""
    organisations = user.organisation_ids(role="partner_practitioner")
    return person.service_introductions.filter(service__organisation_id__in=organisations).exists()


rules.add_perm(
    Permission.VIEW_PERSON, is_hub_staff | (is_partner_practitioner & is_supported_by_users_organisation)
)
rules.add_perm(Permission.CHANGE_PERSON, is_hub_staff)
rules.add_perm(Permission.MERGE_PERSON, is_hub_lead)
rules.add_perm(
    Permission.WORK_ON_PLAN, is_hub_staff | (is_partner_practitioner & is_supported_by_users_organisation)
)

# Who may know a person is on record: the hub, and an organisation the person was introduced to,
# even once the relationship has ended or without their consent to share (403 tells them why).
# Anyone else, a referrer too (they never see which record their introduction matched), gets 404.
knows_person = is_hub_staff | (is_partner_practitioner & was_introduced_to_users_organisation)


def get_person_for_user(
    request: HttpRequest, pk: int, *, perm: Permission = Permission.VIEW_PERSON, purpose: str = "view"
) -> Person:
    """Return the person if the signed-in user holds `perm` on them, recording the look; else 404/403."""
    return get_for_user(
        request, Person, pk, perm=perm, related=knows_person, person=lambda person: person.pk, purpose=purpose
    )


def services_in_view(user: Any) -> Q:
    """Match the introductions to services and episodes of a person's history the user may see."""
    # The hub sees the whole history; a partner sees only its own organisation's part of it, never
    # where else the person was introduced, nor why other services discharged them.
    if is_hub_staff(user):
        return Q()
    return Q(service__organisation_id__in=user.organisation_ids(role="partner_practitioner"))
