"""Error pages: each says what went wrong in plain words and where to get urgent help."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

TITLES = {
    400: ("Sorry, there is a problem with that request", "Go back and try again."),
    403: ("You do not have permission to see this page", "If you think you should, ask your team lead."),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    413: ("What you sent is too large", "Make the text shorter and try again."),
    429: (
        "Too many forms have been sent from this connection",
        "Please wait an hour and try again, or phone us instead.",
    ),
    500: (
        "Sorry, there is a problem with the service",
        "Try again later. Nothing you already sent has been lost.",
    ),
}


def render_error(request: HttpRequest, status: int) -> HttpResponse:
    """Render the error page for a status; it must not fail, whatever state the request is in."""
    title, advice = TITLES[status]
    html: str
    try:
        html = render_to_string(
            "errors/error.jinja", {"title": title, "advice": advice, "status": status}, request
        )
    except Exception:  # pragma: no cover - the last line of defence must not raise
        html = (
            f"<h1>{title}</h1><p>If you need help now: call 999, NHS 111 option 2, or Samaritans 116 123.</p>"
        )
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render_error(request, 400)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render_error(request, 403)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render_error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render_error(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Refuse a form sent without a valid CSRF token, with the same page as any other 403."""
    return render_error(request, 403)
