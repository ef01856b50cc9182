"""The directory at 10,000 services: importing them, the read API's /services, and the staff search.

Run as `.venv/bin/python bench/bench_directory.py` (or `make bench`). It makes a fresh SQLite file
(var/bench-directory.sqlite3), imports `synthetic_directory(10000)` through the Open Referral UK
import (once, and again to show that an unchanged file writes nothing), then asks for pages through
Django's test client in this process: the same middleware, views and database as the real server,
without the network. Each is printed beside a trivial page on the same server.

The targets (issue 14): the import of 10,000 services under 30 s; `/openreferral/services` p95 under
50 ms and a fixed number of queries at any page; the staff directory search under 100 ms.
"""

from __future__ import annotations

import math
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = ROOT / "var" / "bench-directory.sqlite3"
SERVICES = 10_000
REPEATS = 40
IMPORT_TARGET_S = 30.0
PAGE_TARGET_MS = 50.0
SEARCH_TARGET_MS = 100.0


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["LIVINGWELL_ENV"] = "development"
    os.environ["DEBUG"] = "false"  # DEBUG keeps every query in memory and slows every page
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livingwell.settings")
    import django

    django.setup()


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def _times(client: object, url: str) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(REPEATS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)  # type: ignore[attr-defined]
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return times, len(queries)


def main() -> None:
    DATABASE.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)
    _setup()
    from django.core.management import call_command
    from django.test import Client

    from livingwell.accounts.models import Membership, Organisation, Role, User
    from livingwell.codes import LifeArea
    from livingwell.demo import borough
    from livingwell.demo.directory_data import synthetic_directory
    from livingwell.network.oruk_import import import_directory

    call_command("migrate", verbosity=0)
    for name, kind, ods in borough.ORGANISATIONS:
        Organisation.objects.create(name=name, kind=kind, ods_code=ods)
    documents = synthetic_directory(SERVICES)
    started = time.perf_counter()
    result = import_directory(documents)
    import_s = time.perf_counter() - started
    assert result.created == SERVICES
    started = time.perf_counter()
    again = import_directory(documents)
    again_s = time.perf_counter() - started
    assert again.unchanged == SERVICES

    anonymous, client = Client(), Client()
    user = User.objects.create(username="bench-worker")
    Membership.objects.create(
        user=user, organisation=Organisation.objects.earliest("pk"), role=Role.HUB_WORKER
    )
    client.force_login(user)
    trivial, _ = _times(anonymous, "/accessibility/")
    pages = {
        "/openreferral/services (page 1 of 50)": "/openreferral/services",
        "/openreferral/services?page=150 (of 200)": "/openreferral/services?page=150&per_page=50",
        "/openreferral/services?per_page=500": "/openreferral/services?per_page=500",
        "/openreferral/services?taxonomy_term_id=…": "/openreferral/services?taxonomy_term_id="
        + documents[0]["attributes"][0]["taxonomy_term_id"],
        "/openreferral/services/{id}": "/openreferral/services/" + documents[123]["id"],
    }
    searches = {
        "staff search: need and age": f"/services/directory/?need={LifeArea.HOUSING}&age=30",
        "staff search: words": "/services/directory/?q=support+group",
        "staff search: taking introductions now": "/services/directory/?taking_now=on&need=mood",
    }
    print(
        f"Imported {SERVICES:,} services in {import_s:.1f} s (target: under {IMPORT_TARGET_S:g} s, "
        f"{'met' if import_s < IMPORT_TARGET_S else 'NOT MET'}); the same file again, unchanged, in {again_s:.1f} s"
    )
    trivial_ms = p95(trivial) * 1000
    print(f"{'page':<44}{'p95 ms':>8}{'queries':>9}  (a trivial page: {trivial_ms:.1f} ms)")
    for label, url in {**pages, **searches}.items():
        times, queries = _times(anonymous if url.startswith("/openreferral") else client, url)
        ms = p95(times) * 1000
        target = PAGE_TARGET_MS if label.startswith("/openreferral") else SEARCH_TARGET_MS
        verdict = "met" if ms < target else "NOT MET"
        print(f"{label:<44}{ms:>8.1f}{queries:>9}  target under {target:g} ms: {verdict}")


if __name__ == "__main__":
    main()
