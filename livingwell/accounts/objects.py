"""The one access helper behind every per-object helper: find, check the rule, audit, or refuse.

The rule it keeps (docs/access-matrix.md, "404 or 403"): a caller with no relationship to an
object gets 404, the same answer as for a key that matches nothing, so guessing keys tells them
nothing; a caller who may already know the object exists (the hub, the organisation that runs it,
the professional who sent it) but may not do this with it gets 403, which tells them why. Every
read and every refusal of an object that exists writes one audit row through
``audit.services.record``: a read names the object and the person, a refusal the object and
which of 404 or 403 was answered.
A key that matches nothing names no object: the refusal middleware records that request.

Here in accounts, below people, network, support and access, so that every app can use it.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from rules.predicates import Predicate

from livingwell.accounts.rules import can
from livingwell.audit.middleware import mark_refusal_recorded
from livingwell.audit.models import AuditAction
from livingwell.audit.services import record

M = TypeVar("M", bound=models.Model)


def get_for_user(
    request: HttpRequest,
    source: type[M] | models.QuerySet[M],
    key: object,
    *,
    perm: StrEnum,
    related: Predicate | Callable[..., bool],
    field: str = "pk",
    checked_on: Callable[[M], models.Model] | None = None,
    person: Callable[[M], int | None] | None = None,
    purpose: str | None = None,
) -> M:
    """Return the object whose `field` is `key` if the user holds `perm` on it, recording the read.

    `related(user, obj)` says whether the user may know the object exists: if they lack `perm`,
    True answers 403 and False 404. `checked_on` names the object the rules are written for when
    it is not this one (a questionnaire response is guarded by its episode's rules); `person`
    says whose record this is for the audit (by default the object's own `person_id`).
    """
    queryset = source._default_manager.all() if isinstance(source, type) else source
    obj = queryset.filter(**{field: key}).first()
    # One message for "none" and "not yours", so that not even the page's text tells them apart.
    missing = f"No such {queryset.model._meta.verbose_name}"
    if obj is None:
        raise Http404(missing)
    guarded = obj if checked_on is None else checked_on(obj)
    person_id = person(obj) if person is not None else getattr(obj, "person_id", None)
    detail: dict[str, Any] = {"perm": str(perm)}
    if purpose is not None:
        detail["purpose"] = purpose
    if can(request.user, perm, guarded):
        record(request, AuditAction.VIEW, obj, person_id=person_id, detail=detail)
        return obj
    relation = related if isinstance(related, Predicate) else Predicate(related)
    # Asked only on the way out, so a permitted read costs no query for it.
    status = 403 if relation.test(request.user, guarded) else 404
    # The object, not the person: a refusal is not a look, so it stays off their "who has looked".
    record(request, AuditAction.REFUSED, obj, detail={**detail, "status": status})
    mark_refusal_recorded(request)
    if status == 403:
        raise PermissionDenied
    raise Http404(missing)
