"""Time the hub and alliance dashboards on the 36-month borough beside a trivial page on the same server.

Run as `.venv/bin/python bench/bench_dashboard.py` (or `make bench`). It seeds a fresh SQLite file
(var/bench-dashboard.sqlite3) with `seed-demo --months 36`, which also writes the borough's analytic
extract and five synthetic London boroughs beside it (var/bench-extracts/), then asks for each page
through Django's test client in this process: the same middleware, templates, database and
extracts as the real server, without the network. `--reuse` keeps a database and extracts seeded
by an earlier run.

The target (issue 12): each dashboard's 95th percentile within 3× the trivial page's. Both read
the KPI catalogue over the extract; the first view after a new batch runs the queries and builds
the pages' tables, every later one reads them from memory, so the first view is printed apart.
"""

from __future__ import annotations

import math
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = ROOT / "var" / "bench-dashboard.sqlite3"
EXTRACTS = ROOT / "var" / "bench-extracts"
REPEATS = 40
TARGET = 3.0


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["LIVINGWELL_ENV"] = "development"
    os.environ["DEBUG"] = "false"  # DEBUG keeps every query in memory and slows every page
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ["LIVINGWELL_EXTRACT_DIR"] = str(EXTRACTS)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livingwell.settings")
    import django

    django.setup()


def _times(client: object, url: str) -> list[float]:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return times


def p95(times: list[float]) -> float:
    """Return the 95th percentile by the nearest-rank method."""
    ordered = sorted(times)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def _seed() -> None:
    import shutil

    from django.core.management import call_command

    DATABASE.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(EXTRACTS, ignore_errors=True)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", "--months", "36", "--seed", "2013", "--no-outcomes", stdout=quiet)
    print(f"seed-demo --months 36 (and its extracts): {time.perf_counter() - started:.1f} s")


def main() -> None:
    reuse = "--reuse" in sys.argv[1:] and DATABASE.exists() and EXTRACTS.is_dir()
    _setup()
    if not reuse:
        _seed()
    from django.test import Client

    from livingwell.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="commissioner"))
    client.get("/")  # compile the templates once, as a running server has
    trivial = p95(_times(client, "/"))  # the public start page: middleware, session, one small template
    print(f"{'trivial page':<20} p95 {trivial * 1000:7.1f} ms")
    from livingwell.insight import alliance

    for name, url in (("hub dashboard", "/insight/hub/"), ("alliance dashboard", "/insight/alliance/")):
        alliance._cache.clear()  # as after a new batch: each dashboard's first view makes all it reads
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        first = time.perf_counter() - started
        value = p95(_times(client, url))
        verdict = "meets" if value <= TARGET * trivial else "MISSES"
        print(
            f"{name:<20} p95 {value * 1000:7.1f} ms   {value / trivial:5.1f}× the trivial page "
            f"({verdict} the target of {TARGET:g}×)   first view after a new extract {first * 1000:,.0f} ms"
        )


if __name__ == "__main__":
    main()
