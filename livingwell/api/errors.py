"""One error shape for every refusal: {"errors": [{"field", "code", "message"}]}."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

# Where ninja says a value came from; dropped from the field path a client sees.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


class ApiProblem(Exception):
    """Refuse the request with this status, errors and headers."""

    def __init__(
        self, status: int, field: str, code: str, message: str, headers: Mapping[str, str] | None = None
    ):
        super().__init__(message)
        self.status = status
        self.errors = [{"field": field, "code": code, "message": message}]
        self.headers = dict(headers or {})


def error_response(
    status: int, errors: Iterable[Mapping[str, str]], headers: Mapping[str, str] | None = None
) -> HttpResponse:
    """Build a JSON response in the documented error shape."""
    response = JsonResponse({"errors": [dict(e) for e in errors]}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field(loc: Iterable[Any]) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[0] in _SOURCES:
        source = parts.pop(0)
        # The body arrives as one parameter ("payload"); its name means nothing to a client.
        if source == "body" and parts and parts[0] == "payload":
            parts.pop(0)
    return ".".join(parts)


def _message(field: str, error: Mapping[str, Any]) -> str:
    text = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    if error.get("type") == "extra_forbidden":
        text = "is not a field this API accepts"
    elif error.get("type") == "missing":
        text = "is required"
    return f"{field}: {text}" if field else text


def validation_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Turn pydantic's errors into the documented shape, each naming its field."""
    shaped = []
    for error in errors:
        field = _field(error.get("loc", ()))
        shaped.append(
            {"field": field, "code": str(error.get("type", "invalid")), "message": _message(field, error)}
        )
    return shaped


def install(api: NinjaAPI) -> None:
    """Make every refusal the API gives use the one shape."""

    @api.exception_handler(ValidationError)
    def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(422, validation_errors(exc.errors))

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(
            401,
            [
                {
                    "field": "Authorization",
                    "code": "invalid_token",
                    "message": "Send a current API token as 'Authorization: Bearer <token>'. This one is missing, unknown or revoked.",
                }
            ],
            {"WWW-Authenticate": 'Bearer realm="livingwell"'},
        )

    @api.exception_handler(ApiProblem)
    def _problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
        return error_response(exc.status, exc.errors, exc.headers)

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = "unreadable_body" if exc.status_code == 400 else "error"
        message = "The body must be JSON" if exc.status_code == 400 else str(exc)
        return error_response(exc.status_code, [{"field": "", "code": code, "message": message}])
