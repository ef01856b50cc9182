"""The API, version 1: create an introduction, read its status and its history."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Header, NinjaAPI, Path
from ninja.openapi.schema import OpenAPISchema

from livingwell.api import errors, limits
from livingwell.api.auth import TokenAuth
from livingwell.api.introductions import create_once, get_for_token, history_out, introduction_out
from livingwell.api.models import ApiToken
from livingwell.api.schemas import ErrorOut, HistoryOut, IntroductionIn, IntroductionOut

DESCRIPTION = f"""
Introductions to the Living Well Network hub from GP systems and partners' case systems. They join
the same queue, with the same matching and crisis handling, as every other introduction.

**Authentication**: `Authorization: Bearer <token>`. An administrator creates a token for your
organisation; it is shown once. A missing, unknown or revoked token gets 401.

**Idempotency**: every create needs an `Idempotency-Key` header (1–255 visible ASCII characters; a
UUID is ideal). A retry with the same key and body returns the first response (header
`Idempotent-Replayed: true`); the same key with a different body gets 422. Keys belong to your
token and are kept for {limits.idempotency_hours()} hours.

**Limits**: {limits.rate_per_minute()} requests a minute per token (over it: 429 with `Retry-After`
in seconds); bodies up to {limits.max_body_bytes()} bytes (over it: 413). Unknown fields are refused.

**Errors** always have the shape `{{"errors": [{{"field", "code", "message"}}]}}`; `field` is a
dotted path into the body (e.g. `person.nhs_number`), a header name, or empty.
"""

api = NinjaAPI(
    title="Living Well Network API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url=None,  # the interactive docs load scripts from a CDN; the document itself is enough
    auth=TokenAuth(),
)
errors.install(api)

ERRORS: dict[int, type[ErrorOut]] = dict.fromkeys((400, 401, 404, 413, 422, 429), ErrorOut)
KEY = Header(
    ...,
    alias="Idempotency-Key",
    min_length=1,
    max_length=255,
    pattern=r"^[\x21-\x7e]+$",
    description="A key you choose for this introduction (a UUID is ideal); retries reuse it",
    examples=["0b6f6c1e-9f5e-4c55-9a1d-3c9d1e7a2f10"],
)
REFERENCE = Path(..., pattern=r"^LW-[A-Z0-9]{6}$", examples=["LW-7K3M9Q"])


def _token(request: HttpRequest) -> ApiToken:
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)
    return token


@api.post(
    "/introductions",
    response={201: IntroductionOut, **ERRORS},
    summary="Introduce a person to the hub",
    operation_id="create_introduction",
)
def create_introduction(
    request: HttpRequest, payload: IntroductionIn, idempotency_key: str = KEY
) -> HttpResponse:
    outcome = create_once(request, _token(request), idempotency_key, payload)
    response = JsonResponse(outcome.body, status=outcome.status)
    if outcome.replayed:
        response["Idempotent-Replayed"] = "true"
    response["Location"] = f"{request.path.rstrip('/')}/{outcome.body.get('reference', '')}"
    return response


@api.get(
    "/introductions/{reference}",
    response={200: IntroductionOut, **ERRORS},
    summary="Read an introduction's status",
    operation_id="get_introduction",
)
def get_introduction(request: HttpRequest, reference: str = REFERENCE) -> HttpResponse:
    return JsonResponse(introduction_out(get_for_token(request, _token(request), reference)))


@api.get(
    "/introductions/{reference}/history",
    response={200: HistoryOut, **ERRORS},
    summary="Read what has happened to an introduction",
    operation_id="get_introduction_history",
)
def get_introduction_history(request: HttpRequest, reference: str = REFERENCE) -> HttpResponse:
    return JsonResponse(history_out(get_for_token(request, _token(request), reference)))


__all__ = ["OpenAPISchema", "api"]
