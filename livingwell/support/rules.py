"""Who may see and record in an episode of support, and the access helper that checks it."""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from livingwell.accounts.rules import is_hub_staff, is_partner_practitioner
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.support.models import Episode


@rules.predicate
def is_at_episode_organisation(user: Any, episode: Episode) -> bool:
    return episode.service.organisation_id in user.organisation_ids(role="partner_practitioner")


rules.add_perm("support.view_episode", is_hub_staff | (is_partner_practitioner & is_at_episode_organisation))
rules.add_perm("support.change_episode", is_partner_practitioner & is_at_episode_organisation)


def get_episode_for_user(request: HttpRequest, pk: int, *, perm: str = "support.view_episode") -> Episode:
    """Return the episode if the user holds `perm` on it, recording the access; else 404/403."""
    episode = Episode.objects.select_related("service", "person").filter(pk=pk).first()
    if episode is None:
        raise Http404("No such episode")
    if not request.user.has_perm(perm, episode):
        raise PermissionDenied
    record(request, AuditAction.VIEW, episode, person_id=episode.person_id, detail={"perm": perm})
    return episode
