"""Who is calling: an organisation's token, checked with the body size and its rate limit."""

from __future__ import annotations

import math
import time

from django.http import HttpRequest
from ninja.security import HttpBearer

from livingwell import ratelimit
from livingwell.api import limits, services
from livingwell.api.errors import ApiProblem
from livingwell.api.models import ApiToken


def _check_body_size(request: HttpRequest) -> None:
    limit = limits.max_body_bytes()
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    # The declared length is checked before anything is read; the body itself in case it was wrong.
    if declared > limit or len(request.body) > limit:
        raise ApiProblem(413, "", "body_too_large", f"The body must be at most {limit} bytes")


def _check_rate(token: ApiToken) -> None:
    """Count the call in this token's one-minute window; over the limit, say when to retry."""
    now = time.time()
    window = int(now // 60)
    count = ratelimit.hit(f"api-rate:{token.pk}:{window}", 120)
    if count > limits.rate_per_minute():
        retry_after = max(1, math.ceil((window + 1) * 60 - now))
        raise ApiProblem(
            429,
            "",
            "rate_limited",
            f"Too many requests: at most {limits.rate_per_minute()} a minute. Retry after {retry_after} seconds.",
            {"Retry-After": str(retry_after)},
        )


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        _check_body_size(request)
        found = services.authenticate(token)
        if found is None:
            return None
        _check_rate(found)
        return found
