"""Writing the support plan: starting it, changing it, its network, its actions, and its read-only link.

Each change is audited against the person and kept in the plan's history (`PlanChange`: who, when
and what, in words). A form opened before someone else's change is refused (`StalePlan`) rather
than silently undoing the other change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from livingwell.accounts.models import User
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.lib.link_tokens import hash_token, new_token
from livingwell.support.models import (
    ActionOwner,
    PlanAction,
    PlanChange,
    PlanLink,
    PlanNetworkMember,
    SupportPlan,
)

LINK_LIFETIME = dt.timedelta(days=28)
PLAN_FIELDS = {
    "coordinator": "the coordinator",
    "what_matters": "what matters to them",
    "strengths": "their strengths",
    "settled_accommodation": "their accommodation",
    "employment_status": "their work",
}


class StalePlan(Exception):
    """The plan changed after the form was opened."""


def plan_for(request: HttpRequest | None, person_id: int, *, by: User) -> SupportPlan:
    """The person's plan, started now (with the one starting it as coordinator) if they have none."""
    with transaction.atomic():
        plan, created = SupportPlan.objects.get_or_create(person_id=person_id, defaults={"coordinator": by})
        if created:
            PlanChange.objects.create(plan=plan, changed_by=by, what="Started the plan")
            record(request, AuditAction.CREATE, plan, person_id=person_id)
    return plan


def _shown(plan: SupportPlan, name: str) -> str:
    value = getattr(plan, name)
    if name == "coordinator":
        return (value.get_full_name() or value.username) if value else "nobody"
    display = getattr(plan, f"get_{name}_display", None)
    return str(display()) if display and value else (value or "nothing")


def change_plan(
    request: HttpRequest | None, plan: SupportPlan, *, by: User, version: int, **values: Any
) -> list[str]:
    """Change the plan's own fields; return what changed, in words (none: nothing was written)."""
    today = timezone.localdate()
    with transaction.atomic():
        current = SupportPlan.objects.select_for_update().get(pk=plan.pk)
        if current.version != version:
            raise StalePlan(
                "Someone changed this plan after you opened it. Check it as it is now, then make your change again."
            )
        changed = [name for name, value in values.items() if getattr(current, name) != value]
        if not changed:
            return []
        before = {name: _shown(current, name) for name in changed}
        for name in changed:
            setattr(current, name, values[name])
        if "settled_accommodation" in changed:
            current.accommodation_recorded_on = today if current.settled_accommodation else None
        if "employment_status" in changed:
            current.employment_recorded_on = today if current.employment_status else None
        current.version = F("version") + 1
        current.save()
        current.refresh_from_db()
        words = [f"Changed {PLAN_FIELDS[name]}" for name in changed]
        PlanChange.objects.create(
            plan=current,
            changed_by=by,
            what="; ".join(words),
            detail={name: {"from": before[name], "to": _shown(current, name)} for name in changed},
        )
        record(request, AuditAction.UPDATE, current, person_id=current.person_id, detail={"changed": changed})
    plan.refresh_from_db()
    return words


def add_network_member(
    request: HttpRequest | None,
    plan: SupportPlan,
    *,
    by: User,
    name: str,
    relationship: str,
    carer_consents: bool,
    note: str,
) -> PlanNetworkMember:
    with transaction.atomic():
        member = PlanNetworkMember.objects.create(
            plan=plan, name=name, relationship=relationship, carer_consents=carer_consents, note=note
        )
        PlanChange.objects.create(plan=plan, changed_by=by, what=f"Added {name} to their support network")
        record(request, AuditAction.CREATE, member, person_id=plan.person_id)
    return member


def add_action(
    request: HttpRequest | None,
    plan: SupportPlan,
    *,
    by: User,
    description: str,
    owner: str,
    due_on: dt.date,
    owner_user: User | None = None,
    owner_organisation_id: int | None = None,
) -> PlanAction:
    with transaction.atomic():
        action = PlanAction.objects.create(
            plan=plan,
            description=description,
            owner=owner,
            owner_user=owner_user if owner == ActionOwner.PRACTITIONER else None,
            owner_organisation_id=owner_organisation_id if owner == ActionOwner.PARTNER else None,
            due_on=due_on,
        )
        PlanChange.objects.create(plan=plan, changed_by=by, what=f"Added the action “{description}”")
        record(request, AuditAction.CREATE, action, person_id=plan.person_id)
    return action


def tick_action(request: HttpRequest | None, action: PlanAction, *, by: User) -> bool:
    """Mark an action done; False if it already was (a second tick changes nothing)."""
    with transaction.atomic():
        updated = PlanAction.objects.filter(pk=action.pk, done_at__isnull=True).update(
            done_at=timezone.now(), done_by=by
        )
        if updated:
            PlanChange.objects.create(plan=action.plan, changed_by=by, what=f"Done: “{action.description}”")
            record(
                request, AuditAction.UPDATE, action, person_id=action.plan.person_id, detail={"done": True}
            )
    action.refresh_from_db()
    return bool(updated)


def issue_link(request: HttpRequest | None, plan: SupportPlan, *, by: User) -> str:
    """A new read-only link for the person; returns the token (shown once, never stored)."""
    token = new_token()
    with transaction.atomic():
        link = PlanLink.objects.create(
            plan=plan, token_hash=hash_token(token), created_by=by, expires_at=timezone.now() + LINK_LIFETIME
        )
        PlanChange.objects.create(plan=plan, changed_by=by, what="Made a link for them to read the plan")
        record(request, AuditAction.CREATE, link, person_id=plan.person_id)
    return token


def revoke_links(request: HttpRequest | None, plan: SupportPlan, *, by: User) -> int:
    with transaction.atomic():
        revoked = PlanLink.objects.filter(plan=plan, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            PlanChange.objects.create(plan=plan, changed_by=by, what="Stopped every link to the plan working")
            record(
                request, AuditAction.UPDATE, plan, person_id=plan.person_id, detail={"links_revoked": revoked}
            )
    return revoked


@dataclass(frozen=True)
class OpenedLink:
    link: PlanLink
    plan: SupportPlan


def open_link(
    request: HttpRequest | None, token: str, *, now: dt.datetime | None = None
) -> OpenedLink | None:
    """The plan a link opens, or None when it is unknown, expired or revoked (the page says no more)."""
    now = now or timezone.now()
    link = (
        PlanLink.objects.select_related("plan__person", "plan__coordinator")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if link is None:
        return None
    PlanLink.objects.filter(pk=link.pk).update(last_opened_at=now)
    record(
        request,
        AuditAction.VIEW,
        link.plan,
        person_id=link.plan.person_id,
        detail={"by": "the person, by link"},
    )
    return OpenedLink(link, link.plan)
