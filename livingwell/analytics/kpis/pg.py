"""Load an extract, as DuckDB reads it, into PostgreSQL tables of the same names, indexed as in production.

This is how the same KPI definitions are run on PostgreSQL over identical rows: the benchmark and
a test compare both engines' answers. Rows travel through DuckDB's CSV writer and PostgreSQL's COPY,
the fastest route each has, a table at a time.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from livingwell.analytics.kpis.schema import PRIMARY_KEYS, TABLES

_PG_TYPES = {
    pa.int64(): "BIGINT",
    pa.int32(): "INTEGER",
    pa.string(): "TEXT",
    pa.bool_(): "BOOLEAN",
    pa.date32(): "DATE",
    pa.float64(): "DOUBLE PRECISION",
}

# The indexes a production analytic database would carry for these queries: every key that a KPI
# joins on, and the month each event is counted by.
INDEXES: dict[str, list[tuple[str, ...]]] = {
    "people": [],
    "introductions": [("ons_code", "person_key"), ("ons_code", "month"), ("ons_code", "urgency")],
    "contacts": [("ons_code", "introduction_key"), ("ons_code", "month")],
    "service_introductions": [
        ("ons_code", "introduction_key"),
        ("ons_code", "person_key"),
        ("ons_code", "service_kind", "month"),
    ],
    "episodes": [("ons_code", "service_introduction_key"), ("ons_code", "service_kind")],
    "sessions": [("ons_code", "episode_key"), ("ons_code", "month")],
    "scores": [("ons_code", "episode_key", "instrument")],
    "circumstances": [],  # one row per person: its primary key is the only join
    "goals": [("ons_code", "achieved_month")],
    "feedback": [("ons_code", "month")],
}


def _pg_type(field: pa.Field) -> str:
    if pa.types.is_timestamp(field.type):
        return "TIMESTAMPTZ"
    return _PG_TYPES[field.type]


def _columns(table: str) -> list[pa.Field]:
    return [f for f in TABLES[table] if f.name != "batch"]


def load(duck: duckdb.DuckDBPyConnection, pg: Any, *, schema: str = "analytics") -> dict[str, int]:
    """Copy every extract table from `duck` (an open store) into `schema` on the psycopg connection `pg`.

    The schema is dropped and made anew. Returns the rows loaded per table. The caller commits.
    """
    rows = {}
    with pg.cursor() as cur, tempfile.TemporaryDirectory() as tmp:
        cur.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        cur.execute(f"CREATE SCHEMA {schema}")
        cur.execute(f"SET search_path TO {schema}")
        for table in [*TABLES, "population", "extracts"]:
            if table == "population":
                ddl = "ons_code TEXT NOT NULL, ethnic_group TEXT NOT NULL, adults BIGINT NOT NULL"
                names = "ons_code, ethnic_group, adults"
            elif table == "extracts":
                ddl = "ons_code TEXT NOT NULL, extracted_at TIMESTAMPTZ NOT NULL"
                names = "ons_code, extracted_at"
            else:
                fields = _columns(table)
                ddl = ", ".join(["ons_code TEXT NOT NULL", *(f"{f.name} {_pg_type(f)}" for f in fields)])
                names = ", ".join(["ons_code", *(f.name for f in fields)])
            cur.execute(f"CREATE TABLE {table} ({ddl})")
            path = Path(tmp) / f"{table}.csv"
            # Timestamps as UTC with an explicit offset, so that PostgreSQL reads the same instant.
            duck.execute("SET TimeZone = 'UTC'")
            duck.execute(f"COPY (SELECT {names} FROM {table}) TO '{path}' (FORMAT csv, HEADER false)")
            with (
                path.open("rb") as source,
                cur.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT csv)") as copy,
            ):
                while block := source.read(1 << 20):
                    copy.write(block)
            rows[table] = _count(cur, table)
        for table, key in PRIMARY_KEYS.items():
            cur.execute(f"ALTER TABLE {table} ADD PRIMARY KEY (ons_code, {key})")
            for columns in INDEXES[table]:
                cur.execute(f"CREATE INDEX ON {table} ({', '.join(columns)})")
        cur.execute("ANALYZE")
    return rows


def _count(cur: Any, table: str) -> int:
    cur.execute(f"SELECT COUNT(*) FROM {table}")
    return int(cur.fetchone()[0])
