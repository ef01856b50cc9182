"""Project-wide middleware: request size limit and the Content-Security-Policy."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from livingwell import error_pages
from livingwell.api.errors import error_response


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is over the limit with 413, before reading it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            if request.path.startswith("/api/"):
                # API clients get the API's one documented error shape, not an HTML page.
                message = f"The body must be at most {settings.MAX_REQUEST_BYTES} bytes"
                return error_response(413, [{"field": "", "code": "body_too_large", "message": message}])
            return error_pages.render_error(request, 413)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Allow scripts and styles only from this site (and one nonce for NHS.UK's inline class switch)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{nonce}'; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
        )
        return response
