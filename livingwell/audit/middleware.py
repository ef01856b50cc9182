"""Record every page refused to a signed-in user, in one place rather than in each access helper."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from livingwell.audit.services import record_refusal

REFUSED = frozenset({403, 404})
# Set by the access helper (accounts.objects) once it has recorded a refusal against the object
# itself, naming the person: one row per refusal, the more telling one.
_RECORDED = "_livingwell_refusal_recorded"


def mark_refusal_recorded(request: HttpRequest) -> None:
    """Say that this request's refusal is already in the audit, so the middleware adds no second row."""
    setattr(request, _RECORDED, True)


class RefusalAuditMiddleware:
    """Write a REFUSED audit record when a signed-in user gets 403 or 404.

    Here rather than in the rules: the helpers raise PermissionDenied or Http404, views return 403
    or 404 themselves, and the CSRF check refuses before any view; all of them pass back through
    this middleware, so none is missed. Anonymous refusals are not recorded: anyone can send them,
    and a scanner would fill the chain with nothing anyone can be held to. Browsers' own asset
    requests (a missing favicon) are not refusals of a page. A refusal the access helper already
    recorded against the object it found (accounts.objects) is not recorded twice.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code in REFUSED
            and _signed_in(request)
            and not _asset(request.path)
            and not getattr(request, _RECORDED, False)
        ):
            record_refusal(request, response.status_code)
        return response


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _asset(path: str) -> bool:
    return path == "/favicon.ico" or path.startswith(settings.STATIC_URL or "/static/")
