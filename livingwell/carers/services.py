"""What happens to carers: introduced by their own form, checked and linked by the hub, shown a plan with consent.

Every change is audited against the person it is about (the person cared for, or the carer's own
record as a person). Nothing a form sends changes a record that exists: the carer's form always
makes a new carer record and a pending link, which the hub checks (`confirm_caring_for`) and, when
the carer is one it already has, links to the earlier record (`link_same_carer`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from livingwell.access import services as access
from livingwell.access.models import Introduction
from livingwell.accounts.models import User
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.carers.models import Carer, CaringFor
from livingwell.codes import Source
from livingwell.network import directory_search
from livingwell.network.models import Service, ServiceIntroduction
from livingwell.people.models import Person
from livingwell.support import plan_services
from livingwell.support.models import NetworkRelationship, PlanNetworkMember

CONFIRMABLE = {"email": "email_confirmed_at", "phone": "phone_confirmed_at"}


class CarerChangeNotAllowed(Exception):
    """The change cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class CarerDetails:
    """What a carer says about themselves on the form."""

    given_name: str
    family_name: str
    date_of_birth: dt.date
    email: str = ""
    phone: str = ""
    preferred_contact: str = "phone"
    consents: bool = False


@dataclass(frozen=True)
class CarerIntroduction:
    """A carer's form: about the person they care for, about themselves, and how they are related."""

    carer: CarerDetails
    person: access.PersonDetails
    relationship: str
    person_knows: str
    submission_key: str
    at_risk_now: bool = False
    whats_going_on: str = ""
    life_areas: Sequence[str] = field(default_factory=tuple)


def introduce_by_carer(request: HttpRequest | None, ask: CarerIntroduction) -> tuple[Introduction, bool]:
    """Record the carer's introduction (source B2), a new carer record and a pending link, once per key.

    The introduction is made by the same service as every other (access.services.introduce): a
    confident match keeps the person's record as it is, and what the carer typed waits beside it
    for the hub. The person's consent to share is never taken from the carer: the hub asks them.
    """
    with transaction.atomic():
        introduction, new = access.introduce(
            request,
            access.IntroductionRequest(
                person=ask.person,
                source=Source.CARER,
                submission_key=ask.submission_key,
                at_risk_now=ask.at_risk_now,
                whats_going_on=ask.whats_going_on,
                life_areas=ask.life_areas,
            ),
        )
        if not new:
            return introduction, False
        now = timezone.now()
        carer = Carer.objects.create(
            given_name=ask.carer.given_name,
            family_name=ask.carer.family_name,
            date_of_birth=ask.carer.date_of_birth,
            email=ask.carer.email,
            phone=ask.carer.phone,
            preferred_contact=ask.carer.preferred_contact,
            consents=ask.carer.consents,
            consents_at=now,
            submission_key=ask.submission_key,
        )
        record(request, AuditAction.CREATE, carer, detail={"introduction": introduction.pk})
        link = CaringFor.objects.create(
            carer=carer,
            person=introduction.person,
            relationship=ask.relationship,
            introduction=introduction,
            person_knows=ask.person_knows,
        )
        record(
            request, AuditAction.CREATE, link, person_id=introduction.person_id, detail={"carer": carer.pk}
        )
    return introduction, True


def possible_matches(carer: Carer) -> QuerySet[Carer]:
    """Earlier carer records that may be the same carer: same date of birth and family name, or contact."""
    same_contact = Q()
    if carer.email:
        same_contact |= Q(email__iexact=carer.email)
    if carer.phone:
        same_contact |= Q(phone=carer.phone)
    alike = Q(family_name__iexact=carer.family_name) | same_contact
    return (
        Carer.objects.filter(date_of_birth=carer.date_of_birth, same_as__isnull=True, pk__lt=carer.pk)
        .filter(alike)
        .order_by("pk")
    )


def confirm_contact_details(request: HttpRequest, carer: Carer) -> list[str]:
    """Record that the hub has checked the carer's email and phone with them; return which were confirmed.

    Only a confirmed detail may receive a one-time code to sign in (carers.signin).
    """
    confirmed = [name for name in CONFIRMABLE if getattr(carer, name)]
    if not confirmed:
        return []
    now = timezone.now()
    with transaction.atomic():
        for name in confirmed:
            setattr(carer, CONFIRMABLE[name], now)
        carer.save(update_fields=[CONFIRMABLE[name] for name in confirmed])
        record(request, AuditAction.UPDATE, carer, person_id=carer.person_id, detail={"confirmed": confirmed})
    return confirmed


def change_details(request: HttpRequest, carer: Carer, values: dict[str, object]) -> list[str]:
    """Change the carer's details as the hub checked them with the carer; a changed detail is unconfirmed."""
    changed = [name for name, value in values.items() if getattr(carer, name) != value]
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(carer, name, values[name])
            if name in CONFIRMABLE:
                # A new number or address has not been checked: no code goes to it until it is.
                setattr(carer, CONFIRMABLE[name], None)
        if "consents" in changed:
            carer.consents_at = timezone.now()
        carer.save()
        record(request, AuditAction.UPDATE, carer, person_id=carer.person_id, detail={"fields": changed})
    return changed


def confirm_caring_for(request: HttpRequest, link: CaringFor, *, by: User) -> bool:
    """Record that the hub has checked with the person that this carer looks after them; False if it had."""
    if link.confirmed_at is not None:
        return False
    with transaction.atomic():
        link.confirmed_at = timezone.now()
        link.confirmed_by = by
        link.save(update_fields=["confirmed_at", "confirmed_by"])
        record(request, AuditAction.UPDATE, link, person_id=link.person_id, detail={"confirmed": True})
    return True


def link_to_person(
    request: HttpRequest, carer: Carer, person: Person, *, relationship: str, by: User
) -> CaringFor:
    """Record, checked by the hub, that the carer looks after the person (confirmed now)."""
    if carer.same_as_id is not None:
        raise CarerChangeNotAllowed("This record is linked to an earlier one: make the change there")
    if CaringFor.objects.filter(carer=carer, person=person).exists():
        raise CarerChangeNotAllowed(f"{carer.full_name} is already linked to {person.full_name}")
    with transaction.atomic():
        link = CaringFor.objects.create(
            carer=carer,
            person=person,
            relationship=relationship,
            confirmed_at=timezone.now(),
            confirmed_by=by,
        )
        record(request, AuditAction.CREATE, link, person_id=person.pk, detail={"carer": carer.pk})
    return link


def link_same_carer(request: HttpRequest, carer: Carer, *, earlier: Carer, by: User) -> int:
    """Link a new carer record to the earlier one the hub checked is the same carer; return links moved.

    The earlier record's details are left as they are (the new one's were only typed on a form);
    the people the new record cares for move to the earlier record, unless already there.
    """
    if earlier.pk == carer.pk or earlier.same_as_id is not None or carer.same_as_id is not None:
        raise CarerChangeNotAllowed("Choose an earlier carer record that is not itself linked to another")
    with transaction.atomic():
        already = set(earlier.caring_for.values_list("person_id", flat=True))
        moved = carer.caring_for.exclude(person_id__in=already).update(carer=earlier)
        carer.same_as = earlier
        carer.save(update_fields=["same_as"])
        record(request, AuditAction.MERGE, carer, detail={"same_as": earlier.pk, "moved": moved, "by": by.pk})
    return moved


def give_plan_consent(request: HttpRequest, link: CaringFor, *, how: str) -> bool:
    """Record, dated now, that the person agrees the carer may read their plan; False if they had."""
    if link.confirmed_at is None:
        raise CarerChangeNotAllowed("Check with the person that this carer looks after them first")
    if link.person_consents_to_share_plan:
        return False
    return _set_plan_consent(request, link, given=True, how=how)


def withdraw_plan_consent(request: HttpRequest, link: CaringFor, *, how: str) -> bool:
    """Record, dated now, that the person no longer agrees: the carer's next request is refused the plan."""
    if not link.person_consents_to_share_plan:
        return False
    return _set_plan_consent(request, link, given=False, how=how)


def _set_plan_consent(request: HttpRequest, link: CaringFor, *, given: bool, how: str) -> bool:
    with transaction.atomic():
        link.person_consents_to_share_plan = given
        link.person_consent_at = timezone.now()
        link.person_consent_how = how
        link.save(update_fields=["person_consents_to_share_plan", "person_consent_at", "person_consent_how"])
        record(
            request, AuditAction.UPDATE, link, person_id=link.person_id,
            detail={"given" if given else "withdrawn": ["share_plan_with_carer"], "how": how},
        )  # fmt: skip
    return True


def name_in_network(request: HttpRequest, link: CaringFor, *, by: User, note: str = "") -> PlanNetworkMember:
    """Name the carer in the person's support network (relationship carer), with both their consents."""
    if not link.plan_shared:
        raise CarerChangeNotAllowed(
            "The person has not agreed to share their plan with this carer, so they cannot be named in it"
        )
    if not link.carer.consents:
        raise CarerChangeNotAllowed("The carer has not agreed to be recorded and contacted")
    if link.network_member_id is not None and link.network_member is not None:
        return link.network_member
    with transaction.atomic():
        plan = plan_services.plan_for(request, link.person_id, by=by)
        member = plan_services.add_network_member(
            request,
            plan,
            by=by,
            name=link.carer.full_name,
            relationship=NetworkRelationship.CARER,
            carer_consents=link.carer.consents,
            note=note or link.get_relationship_display(),
        )
        link.network_member = member
        link.save(update_fields=["network_member"])
    return member


def carers_services() -> QuerySet[Service]:
    """The directory's support for carers themselves that takes introductions (the council's first)."""
    return directory_search.ranked_for(
        ["relationships"], Service.objects.filter(name__icontains="carer")
    ).order_by("name")


def introduce_own_needs(
    request: HttpRequest,
    carer: Carer,
    *,
    services: Sequence[Service],
    note: str,
    by: User,
    submission_key: str,
) -> list[ServiceIntroduction]:
    """Introduce the carer's own needs on to carers' support, through the hub's closed loop.

    The carer becomes a person the network supports: an introduction to the hub (they asked for
    help for themselves, source B1) made by the same service as every other, then introduced on
    (access.services.introduce_on), so the service accepts or declines it and the loop follows it.
    The carer's own consent to be recorded and contacted is their consent to share with partners.
    """
    if not carer.consents:
        raise CarerChangeNotAllowed(
            "The carer has not agreed to be recorded and contacted: ask them before introducing them on"
        )
    if not services:
        raise CarerChangeNotAllowed("Choose at least one service")
    with transaction.atomic():
        introduction, _ = access.introduce(
            request,
            access.IntroductionRequest(
                person=access.PersonDetails(
                    given_name=carer.given_name,
                    family_name=carer.family_name,
                    date_of_birth=carer.date_of_birth,
                    email=carer.email,
                    phone=carer.phone,
                    preferred_contact=carer.preferred_contact,
                    consent_share_alliance=carer.consents,
                ),
                source=Source.SELF,
                submission_key=submission_key,
                whats_going_on=note,
                life_areas=("relationships",),
            ),
        )
        if carer.person_id is None:
            carer.person = introduction.person
            carer.save(update_fields=["person"])
            record(request, AuditAction.UPDATE, carer, person_id=carer.person_id, detail={"person": True})
        if introduction.onward.exists():
            return list(introduction.onward.all())  # the same form sent twice: already introduced on
        try:
            return access.introduce_on(
                request, introduction, by=by, services=services, note=note, version=introduction.version
            )
        except access.DecisionNotAllowed as error:
            raise CarerChangeNotAllowed(str(error)) from None
