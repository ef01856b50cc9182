"""Time the hub dashboard on the 36-month borough beside a trivial page on the same server.

Run as `.venv/bin/python bench/bench_dashboard.py` (or `make bench`). It seeds a fresh SQLite file
(var/bench-dashboard.sqlite3) with `seed-demo --months 36`, then asks for each page through Django's
test client in this process: the same middleware, templates and database as the real server,
without the network. The target (issue 4): the dashboard well under a second on a 2-core machine.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = ROOT / "var" / "bench-dashboard.sqlite3"
REPEATS = 7


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["LIVINGWELL_ENV"] = "development"
    os.environ["DEBUG"] = "false"  # DEBUG keeps every query in memory and slows every page
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livingwell.settings")
    import django

    django.setup()


def _time(client: object, url: str) -> list[float]:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return times


def main() -> None:
    DATABASE.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)
    _setup()
    from django.core.management import call_command
    from django.test import Client

    from livingwell.accounts.models import User

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", "--months", "36", "--seed", "2013", "--no-outcomes", stdout=quiet)
    print(f"seed-demo --months 36: {time.perf_counter() - started:.1f} s")
    client = Client()
    client.force_login(User.objects.get(username="commissioner"))
    trivial = "/"  # the public start page: middleware, session and one small template
    client.get("/insight/hub/")  # compile the templates once, as a running server has
    for name, url in (("trivial page", trivial), ("hub dashboard", "/insight/hub/")):
        times = _time(client, url)
        print(
            f"{name:<14} median {statistics.median(times) * 1000:7.1f} ms   worst {max(times) * 1000:7.1f} ms"
        )


if __name__ == "__main__":
    main()
