"""Who may see and record in an episode of support, and the one access helper that checks it."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

import rules
from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from livingwell.accounts.objects import get_for_user
from livingwell.accounts.rules import is_hub_staff, is_partner_practitioner
from livingwell.lib.clocks import LONDON
from livingwell.support.models import Episode


class Permission(StrEnum):
    """What the support app's rules decide (docs/access-matrix.md)."""

    VIEW_EPISODE = "support.view_episode"
    CHANGE_EPISODE = "support.change_episode"


# How long an organisation's access lasts after its episode ends; the network's introductions
# (network.rules.live_relationship) and a person's page build on these.
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


@rules.predicate
def runs_episode(user: Any, episode: Episode) -> bool:
    """The episode is at a service of the user's organisation, however long ago it ended."""
    return episode.service.organisation_id in user.organisation_ids(role="partner_practitioner")


@rules.predicate
def is_at_episode_organisation(user: Any, episode: Episode) -> bool:
    """The episode is at a service of the user's organisation, open or lately ended (docs/access-matrix.md)."""
    # Access ends with the relationship: PARTNER_ACCESS_DAYS_AFTER_EPISODE after discharge.
    return runs_episode(user, episode) and ended_within_reach(episode.discharged_at)


rules.add_perm(Permission.VIEW_EPISODE, is_hub_staff | (is_partner_practitioner & is_at_episode_organisation))
rules.add_perm(Permission.CHANGE_EPISODE, is_partner_practitioner & is_at_episode_organisation)

# Who may know an episode exists: the hub, and the organisation that ran it, even after its access
# ended. Anyone else is told there is no such episode (404).
knows_episode = is_hub_staff | (is_partner_practitioner & runs_episode)


def get_episode_for_user(
    request: HttpRequest, pk: int, *, perm: StrEnum = Permission.VIEW_EPISODE
) -> Episode:
    """Return the episode if the user holds `perm` on it, recording the access; else 404 or 403.

    The one helper for an episode: its support pages pass support's permissions, its outcomes
    pages outcomes' (outcomes.rules), all written for an episode.
    """
    return get_for_user(
        request,
        Episode.objects.select_related("service__organisation", "person"),
        pk,
        perm=perm,
        related=knows_episode,
    )
