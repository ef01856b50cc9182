"""Blind retries racing each other: one key makes one introduction, and every caller gets it."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from livingwell.access.models import Introduction
from livingwell.api.models import IdempotencyRecord
from livingwell.api.tests.conftest import body, post

THREADS = 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_make_one_introduction(bearer):
    if connection.vendor != "postgresql":
        # SQLite's shared in-memory test database answers "table is locked" rather than waiting.
        pytest.skip("a real race needs PostgreSQL: set DATABASE_URL=postgres://...")
    barrier = threading.Barrier(THREADS)
    answers: list[tuple[int, str]] = []
    failures: list[BaseException] = []

    def retry() -> None:
        try:
            client = Client()
            barrier.wait(timeout=10)
            response = post(client, bearer, body(), key="the-same-key")
            answers.append((response.status_code, response.json().get("reference", "")))
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=retry) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not failures, failures
    assert len(answers) == THREADS
    assert {status for status, _ in answers} == {201}
    assert len({reference for _, reference in answers}) == 1
    assert Introduction.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1
