"""Write audit records. Every view or change of a person, introduction or episode calls this."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from livingwell.audit.models import AuditAction, AuditEvent


def client_address(request: HttpRequest) -> str | None:
    """Return the caller's address (REMOTE_ADDR; a proxy in front must set it, not a header)."""
    return request.META.get("REMOTE_ADDR") or None


def record(
    request: HttpRequest | None,
    action: AuditAction | str,
    obj: models.Model,
    *,
    person_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record who did what to which object, when and from where."""
    user = getattr(request, "user", None)
    return AuditEvent.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        person_id=person_id,
        ip_address=client_address(request) if request is not None else None,
        path=request.path[:300] if request is not None else "",
        detail=detail or {},
    )
