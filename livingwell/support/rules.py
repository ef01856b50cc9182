"""Who may see and record in an episode of support, and the access helper that checks it."""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from livingwell.accounts.rules import can, is_hub_staff, is_partner_practitioner
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.network.rules import ended_within_reach
from livingwell.support.models import Episode


@rules.predicate
def is_at_episode_organisation(user: Any, episode: Episode) -> bool:
    """The episode is at a service of the user's organisation, open or lately ended (docs/access-matrix.md)."""
    if episode.service.organisation_id not in user.organisation_ids(role="partner_practitioner"):
        return False
    # Access ends with the relationship: PARTNER_ACCESS_DAYS_AFTER_EPISODE after discharge.
    return ended_within_reach(episode.discharged_at)


rules.add_perm("support.view_episode", is_hub_staff | (is_partner_practitioner & is_at_episode_organisation))
rules.add_perm("support.change_episode", is_partner_practitioner & is_at_episode_organisation)


def get_episode_for_user(request: HttpRequest, pk: int, *, perm: str = "support.view_episode") -> Episode:
    """Return the episode if the user holds `perm` on it, recording the access; else 404/403."""
    episode = Episode.objects.select_related("service", "person").filter(pk=pk).first()
    if episode is None:
        raise Http404("No such episode")
    if not can(request.user, perm, episode):
        raise PermissionDenied
    record(request, AuditAction.VIEW, episode, person_id=episode.person_id, detail={"perm": perm})
    return episode
