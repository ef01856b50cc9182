"""The person's own read-only view of their support plan, through a link that needs no account.

Hashed, expiring (28 days) and revocable, as questionnaire links are; an unknown, expired or
stopped link gets the same page, which says only that the link does not work. Printable.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from livingwell.support import plan_services


@never_cache
@require_safe
def plan_by_link(request: HttpRequest, token: str) -> HttpResponse:
    opened = plan_services.open_link(request, token)
    if opened is None:
        return render(request, "support/plan_link_gone.jinja", status=404)
    plan = opened.plan
    context = {
        "plan": plan,
        "person": plan.person,
        # The person's goals (outcomes' Goal-Based Outcomes goals), by the reverse relation.
        "goals": list(plan.person.goals.order_by("created_at", "pk")),
        "network": list(plan.network.all()),
        "actions": list(plan.actions.select_related("owner_user", "owner_organisation")),
    }
    response = render(request, "support/plan_link.jinja", context)
    response["Referrer-Policy"] = "no-referrer"  # the token is in the address
    response["X-Robots-Tag"] = "noindex"
    return response
