"""The cost of the audit hash chain: a chained record beside the unchained insert it replaced.

Run as `.venv/bin/python bench/bench_audit.py` (or `make bench`). It migrates a fresh SQLite file
(var/bench-audit.sqlite3), then writes audit records one at a time, each in its own transaction as
a page view writes it: first as a plain INSERT (what `record` did before the chain), then through
`record` (lock the chain head, hash, insert, move the head), then a 200-person list page's one
record, and finally times `audit verify` over everything written. `--database-url URL` runs the
same on PostgreSQL (e.g. postgres://postgres@127.0.0.1:5432/livingwell_bench_audit; the database
is created and dropped here).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = ROOT / "var" / "bench-audit.sqlite3"
RECORDS = 2000


def _setup(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["LIVINGWELL_ENV"] = "development"
    os.environ["DEBUG"] = "false"  # DEBUG keeps every query in memory
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livingwell.settings")
    import django

    django.setup()


def _per_record(times: list[float]) -> str:
    return f"median {statistics.median(times) * 1e6:7.0f} µs   p95 {sorted(times)[int(len(times) * 0.95)] * 1e6:7.0f} µs"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)
    postgres = args.database_url.startswith("postgres")
    if postgres:
        _recreate_postgres(args.database_url)
        url = args.database_url
    else:
        DATABASE.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{DATABASE}"
    _setup(url)
    from django.core.management import call_command
    from django.db import connection, transaction

    from livingwell.accounts.models import Organisation
    from livingwell.audit import chain
    from livingwell.audit.models import AuditAction, AuditEvent
    from livingwell.audit.services import record, record_list

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name="Bench organisation")
    detail = {"as": "hub", "introduction": 1234}

    # Interleaved, so that both see the same load on a shared machine.
    plain, chained = [], []
    for i in range(RECORDS):
        event = AuditEvent(
            action=AuditAction.VIEW, object_type="accounts.organisation", object_id=str(organisation.pk),
            path="/hub/introductions/LW-ABC123/", detail=detail, seq=10_000_000 + i, previous_hash="", hash="",
        )  # fmt: skip
        started = time.perf_counter()
        with transaction.atomic():
            AuditEvent.objects.get_queryset().bulk_create([event])  # one INSERT, no chain
        plain.append(time.perf_counter() - started)
        started = time.perf_counter()
        record(None, AuditAction.VIEW, organisation, detail=detail)
        chained.append(time.perf_counter() - started)
    AuditEvent.objects.get_queryset().filter(seq__gte=10_000_000).delete()

    sample = AuditEvent.objects.order_by("seq").first()
    started = time.perf_counter()
    for _ in range(RECORDS):
        chain.record_hash(sample)
    hashing = (time.perf_counter() - started) / RECORDS

    class _Request:  # enough of a request for record_list
        path = "/hub/"
        path_info = "/hub/"
        method = "GET"
        META = {"REMOTE_ADDR": "192.0.2.1"}
        user = None
        resolver_match = None

    listing = []
    for _ in range(200):
        started = time.perf_counter()
        record_list(_Request(), "access.queue", range(1000, 1200))  # type: ignore[arg-type]
        listing.append(time.perf_counter() - started)

    started = time.perf_counter()
    result = chain.verify()
    verified = time.perf_counter() - started
    assert result.ok, result.problem

    print(f"audit records on {connection.vendor}, {RECORDS} each, one transaction per record")
    print(f"unchained insert      {_per_record(plain)}")
    print(f"chained record()      {_per_record(chained)}")
    print(
        f"  of which the hash   {hashing * 1e6:7.1f} µs (canonical JSON + SHA-256; the rest is the head's lock and update)"
    )
    print(f"200-person list page  {_per_record(listing)}   (one record naming all 200)")
    print(
        f"audit verify          {result.checked} records in {verified * 1000:.0f} ms "
        f"({result.checked / verified:,.0f} records/s)"
    )
    if postgres:
        connection.close()
        _drop_postgres(args.database_url)


def _admin_url(url: str) -> tuple[str, str]:
    base, _, name = url.rpartition("/")
    return f"{base}/postgres", name


def _recreate_postgres(url: str) -> None:
    import psycopg

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _drop_postgres(url: str) -> None:
    import psycopg

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
