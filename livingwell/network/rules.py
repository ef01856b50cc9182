"""Who may see and answer an introduction to a service, and the access helper that checks it.

A partner organisation's access to a person lasts as long as the relationship: while an
introduction to one of its services waits for an answer or is accepted, and for
PARTNER_ACCESS_DAYS_AFTER_EPISODE days after the episode ends. A declined introduction gives none.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone

from livingwell.accounts.rules import can, is_hub_staff, is_partner_practitioner
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.lib.clocks import LONDON
from livingwell.network.models import ServiceIntroduction, ServiceIntroductionStatus


def partner_access_since(now: dt.datetime | None = None) -> dt.datetime:
    """Return the earliest end of an episode that still gives its organisation access now."""
    # Whole London days: discharged on 1 March, the last day of access is day 90 (30 May), all day.
    today = timezone.localdate(now or timezone.now(), LONDON)
    first_day = today - dt.timedelta(days=settings.PARTNER_ACCESS_DAYS_AFTER_EPISODE)
    return dt.datetime.combine(first_day, dt.time.min, tzinfo=LONDON)


def ended_within_reach(discharged_at: dt.datetime | None, *, now: dt.datetime | None = None) -> bool:
    """Say whether an episode that ended then (or is still open) is still within its organisation's reach."""
    return discharged_at is None or discharged_at >= partner_access_since(now)


def episode_in_reach(prefix: str = "", *, now: dt.datetime | None = None) -> Q:
    """Match episodes still open, or ended recently enough for their organisation to see them."""
    return Q(**{f"{prefix}discharged_at__isnull": True}) | Q(
        **{f"{prefix}discharged_at__gte": partner_access_since(now)}
    )


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

rules.add_perm("network.view_service_introductions", is_partner_practitioner)
rules.add_perm("network.view_serviceintroduction", is_hub_staff | partner_of_introduction)
rules.add_perm("network.respond_serviceintroduction", partner_of_introduction)


def get_service_introduction_for_user(
    request: HttpRequest, pk: int, *, perm: str = "network.view_serviceintroduction"
) -> ServiceIntroduction:
    """Return the introduction to a service if the user holds `perm` on it, recording the access."""
    item = (
        ServiceIntroduction.objects.select_related("service", "person", "introduction").filter(pk=pk).first()
    )
    if item is None:
        raise Http404("No such introduction")
    if not can(request.user, perm, item):
        raise PermissionDenied
    record(request, AuditAction.VIEW, item, person_id=item.person_id, detail={"perm": perm})
    return item
