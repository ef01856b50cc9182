"""Schemathesis in-process through the WSGI app, bounded in examples and in time: shared by the API
tests that fuzz an OpenAPI document (the introductions API, the Open Referral UK read API)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@contextlib.contextmanager
def wsgi_app_in_the_tests_transaction() -> Iterator[Any]:
    """The real WSGI app, whose requests do not close the connection holding the test's transaction.

    As Django's test client does: otherwise the handler would see autocommit off and think the
    connection unusable.
    """
    signals.request_started.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)


def fuzz(
    schema: Any,
    *,
    mode: Any,
    checks: Sequence[Callable[..., Any]],
    headers: dict[str, str] | None = None,
    max_examples: int = 100,
    seconds: float = 15.0,
) -> list[int]:
    """Send schemathesis's cases, check each answer, and return the statuses seen."""
    started = time.monotonic()
    seen: list[int] = []

    @settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        if time.monotonic() - started > seconds:
            return
        case = data.draw(schema.as_strategy(generation_mode=mode))
        response = case.call(headers=headers) if headers else case.call()
        seen.append(response.status_code)
        if headers:
            case.validate_response(response, checks=checks, headers=headers)
        else:
            case.validate_response(response, checks=checks)

    run()
    print(mode, sorted(set(seen)), len(seen), round(time.monotonic() - started, 1))
    return seen
