"""Write audit records. Every view or change of a person, introduction or episode calls this."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.urls import Resolver404, resolve

from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.lib import addresses


def client_address(request: HttpRequest) -> str | None:
    """Return the caller's address: REMOTE_ADDR, or behind a TRUSTED_PROXIES proxy the client it names."""
    return addresses.client_address(
        request.META.get("REMOTE_ADDR"),
        request.META.get("HTTP_X_FORWARDED_FOR"),
        settings.TRUSTED_PROXIES,
    )


def record(
    request: HttpRequest | None,
    action: AuditAction | str,
    obj: models.Model,
    *,
    person_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record who did what to which object, when and from where."""
    return _write(
        request,
        action,
        obj._meta.label_lower,
        str(obj.pk),
        user=_signed_in(request),
        person_id=person_id,
        detail=detail,
    )


def record_list(
    request: HttpRequest,
    listing: str,
    people_ids: Iterable[int | None],
    *,
    detail: dict[str, Any] | None = None,
) -> AuditEvent | None:
    """Record, in one row, that a page listing people showed these people (ids in order shown).

    One row per page view, not one per person: a 200-row queue costs one insert and one hash,
    and the table grows with page views rather than page views times people. Who saw a person in
    a list is still answerable from ``detail["people"]``; the person's page lists detail views.
    """
    shown = list(dict.fromkeys(pk for pk in people_ids if pk is not None))
    if not shown:
        return None  # a page that showed nobody disclosed nobody
    return _write(
        request,
        AuditAction.LIST,
        listing,
        "",
        user=_signed_in(request),
        detail={**(detail or {}), "people": shown, "count": len(shown)},
    )


def shown(
    request: HttpRequest,
    listing: str,
    items: Iterable[Any],
    *,
    person: Callable[[Any], int | None] = lambda item: item.pk,
    detail: dict[str, Any] | None = None,
) -> list[Any]:
    """Return the items a page lists as a list, having recorded which people they show (if any)."""
    items = list(items)
    record_list(request, listing, (person(item) for item in items), detail=detail)
    return items


def record_refusal(request: HttpRequest, status: int) -> AuditEvent:
    """Record that a signed-in user was refused a page (403) or told it does not exist (404)."""
    return _write(
        request,
        AuditAction.REFUSED,
        "request",
        "",
        user=_signed_in(request),
        detail={"status": status, "method": request.method},
    )


def record_sign_in_failure(
    request: HttpRequest | None, *, detail: dict[str, Any], user: Any = None
) -> AuditEvent:
    """Record a refused sign-in step, naming `user` only once their password has proved who they are."""
    # Whoever is refused is not signed in, so the request has no user to name: the caller says.
    return _write(request, AuditAction.SIGN_IN_FAILED, "accounts.user", "", user=user, detail=detail)


# URL keyword arguments that are capabilities, never stored in a path: a questionnaire link's
# token, and the submission key that opens a self-introduction's confirmation page.
SECRET_URL_KWARGS = frozenset({"token", "key"})


def audit_path(request: HttpRequest) -> str:
    """Return the request's path with any secret URL argument replaced by its name, e.g. /q/<token>/."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return path[:300]
    for name, value in match.kwargs.items():
        if name in SECRET_URL_KWARGS and value:
            path = path.replace(str(value), f"<{name}>")
    return path[:300]


def _signed_in(request: HttpRequest | None) -> Any:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _write(
    request: HttpRequest | None,
    action: AuditAction | str,
    object_type: str,
    object_id: str,
    *,
    user: Any,
    person_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    # The one place an audit row is written (the chain itself is kept by AuditEvent.save).
    return AuditEvent.objects.create(
        user=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        person_id=person_id,
        ip_address=client_address(request) if request is not None else None,
        path=audit_path(request) if request is not None else "",
        detail=detail or {},
    )
