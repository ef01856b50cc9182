"""The carer's own view: the people they look after and, only where that person agrees, their plan.

Every page finds the carer from their own-view session (mine.session), never from the address. The
one id in an address is of the carer's link to a person (CaringFor): a link that is not this carer's,
not yet checked by the hub, or whose person has not agreed (or has withdrawn, asked afresh on every
request) is answered 404, the same as a link that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from livingwell.audit.models import AuditAction
from livingwell.audit.services import record
from livingwell.carers.models import Carer, CaringFor
from livingwell.mine.session import signed_in_carer_id
from livingwell.support.models import SupportPlan

View = Callable[..., HttpResponse]
# A record the hub linked to an earlier one leads there, however many links deep (as merged people do).
MOST_LINKS = 10


def signed_in_carer(request: HttpRequest) -> Carer | None:
    """Return the carer signed in to their own view (following the hub's links to an earlier record), or None."""
    pk = signed_in_carer_id(request)
    carer = Carer.objects.filter(pk=pk).first() if pk is not None else None
    for _ in range(MOST_LINKS):
        if carer is None or carer.same_as_id is None:
            break
        carer = Carer.objects.filter(pk=carer.same_as_id).first()
    return carer


def carer_view(view: View) -> View:
    """Only for a signed-in carer: anyone else goes to the own view's sign-in. Never cached."""

    @never_cache
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        carer = signed_in_carer(request)
        if carer is None:
            return redirect(f"{reverse('mine:sign_in')}?next={request.path}")
        response = view(request, carer, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapped


@require_safe
@carer_view
def home(request: HttpRequest, carer: Carer) -> HttpResponse:
    """The people the hub has checked this carer looks after, and whether each shares their plan."""
    links = list(carer.caring_for.filter(confirmed_at__isnull=False).select_related("person"))
    for link in links:
        # Their name is shown to the carer: a look at the person, recorded as the carer's.
        record(
            request,
            AuditAction.VIEW,
            link,
            person_id=link.person_id,
            detail={"by": "carer", "carer": carer.pk},
        )
    waiting = carer.caring_for.filter(confirmed_at__isnull=True).count()
    return render(request, "carers/my/home.jinja", {"carer": carer, "links": links, "waiting": waiting})


@require_safe
@carer_view
def plan(request: HttpRequest, carer: Carer, pk: int) -> HttpResponse:
    """The person's support plan, to read: only while they agree, asked again on this request."""
    link = (
        CaringFor.objects.filter(
            pk=pk, carer=carer, confirmed_at__isnull=False, person_consents_to_share_plan=True
        )
        .select_related("person")
        .first()
    )
    if link is None:
        return render(request, "carers/my/not_found.jinja", status=404)
    person = link.person
    plan_ = SupportPlan.objects.filter(person=person).select_related("coordinator").first()
    detail = {"by": "carer", "carer": carer.pk, "page": "plan"}
    record(request, AuditAction.VIEW, plan_ or person, person_id=person.pk, detail=detail)
    context = {
        "carer": carer,
        "person": person,
        "plan": plan_,
        "goals": list(person.goals.order_by("created_at", "pk")),
        "network": list(plan_.network.all()) if plan_ else [],
        "actions": list(plan_.actions.select_related("owner_user", "owner_organisation")) if plan_ else [],
    }
    return render(request, "carers/my/plan.jinja", context)
