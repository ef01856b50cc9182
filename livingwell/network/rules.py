"""Who may see and answer an introduction to a service (and the access helper that checks it), and
who may read, edit and import the directory.

A partner organisation's access to a person lasts as long as the relationship: while an
introduction to one of its services waits for an answer or is accepted, and for
PARTNER_ACCESS_DAYS_AFTER_EPISODE days after the episode ends (support.rules, the episode's own
rule). A declined introduction gives none.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

import rules
from django.db.models import Q
from django.http import HttpRequest

from livingwell.accounts.models import Role
from livingwell.accounts.objects import get_for_user
from livingwell.accounts.rules import (
    is_directory_editor,
    is_hub_lead,
    is_hub_staff,
    is_network_staff,
    is_partner_practitioner,
)
from livingwell.network.models import Service, ServiceIntroduction, ServiceIntroductionStatus
from livingwell.support.rules import ended_within_reach, episode_in_reach


class Permission(StrEnum):
    """What the network app's rules decide (docs/access-matrix.md)."""

    VIEW_SERVICE_INTRODUCTIONS = "network.view_service_introductions"  # the inbox
    VIEW_SERVICEINTRODUCTION = "network.view_serviceintroduction"
    RESPOND_SERVICEINTRODUCTION = "network.respond_serviceintroduction"
    # The directory: it holds no one's personal details, and its entries are public (the read
    # API), so a member of staff who may not edit a service is told so (403), not that it does not
    # exist. Directory editors are each partner's administrators of its own entries; the hub lead
    # edits every service.
    VIEW_DIRECTORY = "network.view_directory"
    IMPORT_DIRECTORY = "network.import_directory"
    CHANGE_SERVICE = "network.change_service"


def live_relationship(prefix: str = "", *, now: dt.datetime | None = None) -> Q:
    """Match introductions to a service that still give the service's organisation access."""
    accepted = Q(**{f"{prefix}status": ServiceIntroductionStatus.ACCEPTED}) & (
        Q(**{f"{prefix}episode__isnull": True}) | episode_in_reach(f"{prefix}episode__", now=now)
    )
    return Q(**{f"{prefix}status": ServiceIntroductionStatus.PENDING}) | accepted


@rules.predicate
def is_at_service_organisation(user: Any, item: ServiceIntroduction) -> bool:
    return item.service.organisation_id in user.organisation_ids(role="partner_practitioner")


@rules.predicate
def is_live_relationship(user: Any, item: ServiceIntroduction) -> bool:
    if item.status == ServiceIntroductionStatus.PENDING:
        return True
    if item.status != ServiceIntroductionStatus.ACCEPTED:
        return False  # declined: the service said no, so it has no relationship with the person
    episode = getattr(item, "episode", None)
    return episode is None or ended_within_reach(episode.discharged_at)


partner_of_introduction = is_partner_practitioner & is_at_service_organisation & is_live_relationship

rules.add_perm(Permission.VIEW_SERVICE_INTRODUCTIONS, is_partner_practitioner)
rules.add_perm(Permission.VIEW_SERVICEINTRODUCTION, is_hub_staff | partner_of_introduction)
rules.add_perm(Permission.RESPOND_SERVICEINTRODUCTION, partner_of_introduction)


@rules.predicate
def edits_for_the_services_organisation(user: Any, service: Service) -> bool:
    return service.organisation_id is not None and service.organisation_id in user.organisation_ids(
        role=Role.DIRECTORY_EDITOR
    )


rules.add_perm(Permission.VIEW_DIRECTORY, is_network_staff)
rules.add_perm(Permission.IMPORT_DIRECTORY, is_hub_lead | is_directory_editor)
rules.add_perm(
    Permission.CHANGE_SERVICE, is_hub_lead | (is_directory_editor & edits_for_the_services_organisation)
)


def partner_names_for(user: Any) -> set[str] | None:
    """The partners whose services the user may import: None for all (the hub lead)."""
    if is_hub_lead(user):
        return None
    return set(
        user.memberships.filter(role=Role.DIRECTORY_EDITOR).values_list("organisation__name", flat=True)
    )


# Who may know an introduction to a service exists: the hub, and the service's organisation even
# once the relationship has ended or was declined (it was theirs). Anyone else: 404.
knows_service_introduction = is_hub_staff | (is_partner_practitioner & is_at_service_organisation)


def get_service_introduction_for_user(
    request: HttpRequest, pk: int, *, perm: Permission = Permission.VIEW_SERVICEINTRODUCTION
) -> ServiceIntroduction:
    """Return the introduction to a service if the user holds `perm` on it, recording the access."""
    return get_for_user(
        request,
        ServiceIntroduction.objects.select_related("service", "person", "introduction"),
        pk,
        perm=perm,
        related=knows_service_introduction,
    )
