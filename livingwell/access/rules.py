"""Who may see and work on introductions to the hub, and the access helper that checks it."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import rules
from django.http import HttpRequest

from livingwell.access.models import Introduction
from livingwell.accounts.objects import get_for_user
from livingwell.accounts.rules import is_commissioner, is_hub_lead, is_hub_staff, is_referrer


class Permission(StrEnum):
    """What the access app's rules decide (docs/access-matrix.md)."""

    VIEW_QUEUE = "access.view_queue"
    VIEW_INTRODUCTION = "access.view_introduction"
    WORK_INTRODUCTION = "access.work_introduction"
    ALLOCATE_INTRODUCTION = "access.allocate_introduction"
    REALLOCATE_INTRODUCTION = "access.reallocate_introduction"
    CHANGE_RESPONSE_STANDARDS = "access.change_response_standards"
    # Aggregates only: the hub's numbers with small cells suppressed (the insight pages).
    VIEW_AGGREGATES = "access.view_aggregates"
    INTRODUCE_AS_REFERRER = "access.introduce_as_referrer"
    # A referrer's own introductions only, with their status (access.referrer_rules).
    VIEW_OWN_INTRODUCTION = "access.view_own_introduction"


@rules.predicate
def is_allocated_to_user(user: Any, introduction: Introduction) -> bool:
    return introduction.allocated_to_id == user.pk


@rules.predicate
def made_by_user(user: Any, introduction: Introduction) -> bool:
    return introduction.referred_by_id is not None and introduction.referred_by_id == user.pk


rules.add_perm(Permission.VIEW_QUEUE, is_hub_staff)
rules.add_perm(Permission.VIEW_INTRODUCTION, is_hub_staff)
# Workers act on what they have taken; leads on anything in the hub.
rules.add_perm(Permission.WORK_INTRODUCTION, is_hub_lead | (is_hub_staff & is_allocated_to_user))
rules.add_perm(Permission.ALLOCATE_INTRODUCTION, is_hub_staff)
rules.add_perm(Permission.REALLOCATE_INTRODUCTION, is_hub_lead)
rules.add_perm(Permission.CHANGE_RESPONSE_STANDARDS, is_hub_lead)
rules.add_perm(Permission.VIEW_AGGREGATES, is_hub_lead | is_commissioner)
rules.add_perm(Permission.INTRODUCE_AS_REFERRER, is_referrer)
rules.add_perm(Permission.VIEW_OWN_INTRODUCTION, is_referrer & made_by_user)

# Who may know an introduction exists: the hub, and the professional who sent it. Anyone else is
# told there is no such introduction (404), so references cannot be tried one by one.
knows_introduction = is_hub_staff | made_by_user


def get_introduction_for_user(
    request: HttpRequest, reference: str, *, perm: Permission = Permission.VIEW_INTRODUCTION
) -> Introduction:
    """Return the introduction if the user holds `perm` on it, recording the access; else 404/403."""
    return get_for_user(
        request,
        Introduction.objects.select_related("person", "allocated_to"),
        reference,
        field="reference",
        perm=perm,
        related=knows_introduction,
    )
