"""Writing extract batches and reading a folder of borough extracts as one set of DuckDB views.

A batch is written file by file under temporary names, renamed into place, and only then listed in
the manifest, which is itself replaced atomically. Readers read only the files the manifest lists,
so a run that dies half-way leaves the extract exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from livingwell.analytics.kpis.schema import PRIMARY_KEYS, SCHEMA_VERSION, TABLES


class ExtractError(ValueError):
    """An extract folder that cannot be read as one (missing or malformed manifest, missing batch
    file, other schema version). Pages catch it and show its message, so it names the file."""


def manifest_path(borough_dir: Path) -> Path:
    return borough_dir / "manifest.json"


def read_manifest(borough_dir: Path) -> dict[str, Any]:
    """Return a borough extract's manifest; an ExtractError says what is wrong with it."""
    path = manifest_path(borough_dir)
    if not path.exists():
        raise ExtractError(f"{borough_dir} has no manifest.json: it is not an extract")
    try:
        manifest = json.loads(path.read_text())
    except json.JSONDecodeError as error:
        raise ExtractError(f"{path} is not valid JSON ({error}): the extract cannot be read") from None
    if not isinstance(manifest, dict):
        raise ExtractError(f"{path} is not a JSON object: the extract cannot be read")
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise ExtractError(
            f"{path} is schema version {manifest.get('schema_version')}, this platform reads {SCHEMA_VERSION}"
        )
    batches = manifest.get("batches")
    # Writing a batch needs the list too, so it is checked here; the borough's own fields only
    # where extracts are read together (open_store).
    if not isinstance(batches, list) or not all(
        isinstance(b, dict) and isinstance(b.get("batch"), int) for b in batches
    ):
        raise ExtractError(
            f"{path} has no list of batches (each with its number): the extract cannot be read"
        )
    return manifest


def extracted_at(manifest: Mapping[str, Any]) -> dt.datetime:
    """Return when the extract a manifest describes was last brought up to date (its latest batch)."""
    return max(dt.datetime.fromisoformat(b["extracted_at"]) for b in manifest["batches"])


def _write_json_atomically(path: Path, data: Mapping[str, Any]) -> None:
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")
    os.replace(tmp, path)


def conform(table_name: str, table: pa.Table, batch: int) -> pa.Table:
    """Return `table` with exactly the schema's columns, in order and type, and its batch number."""
    schema = TABLES[table_name]
    missing = [f.name for f in schema if f.name not in table.column_names and f.name != "batch"]
    extra = [c for c in table.column_names if c not in schema.names]
    if missing or extra:
        raise ExtractError(f"{table_name}: missing columns {missing}, unexpected columns {extra}")
    columns = []
    for field in schema:
        if field.name == "batch":
            columns.append(pa.array([batch] * table.num_rows, pa.int32()))
        else:
            columns.append(table.column(field.name).cast(field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def write_batch(
    borough_dir: Path,
    tables: Mapping[str, pa.Table],
    *,
    manifest: Mapping[str, Any],
    extracted_at: dt.datetime,
) -> int:
    """Write one batch of every table and list it in the manifest; return the batch number.

    `manifest` gives the borough's fields (ons_code, borough, synthetic, population, hub_opened,
    practice, and anything else worth keeping); `batches` and `schema_version` are kept here.
    """
    borough_dir.mkdir(parents=True, exist_ok=True)
    previous = read_manifest(borough_dir) if manifest_path(borough_dir).exists() else {"batches": []}
    batch = max((b["batch"] for b in previous["batches"]), default=0) + 1
    rows = {}
    for name in TABLES:
        table = conform(name, tables.get(name, TABLES[name].empty_table()), batch)
        folder = borough_dir / name
        folder.mkdir(exist_ok=True)
        final = folder / f"batch-{batch:06d}.parquet"
        tmp = folder / f".batch-{batch:06d}.parquet.tmp"
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, final)
        rows[name] = table.num_rows
    entry = {"batch": batch, "extracted_at": extracted_at.astimezone(dt.UTC).isoformat(), "rows": rows}
    _write_json_atomically(
        manifest_path(borough_dir),
        {**manifest, "schema_version": SCHEMA_VERSION, "batches": [*previous["batches"], entry]},
    )
    return batch


def borough_dirs(root: Path) -> list[Path]:
    """Return every borough extract under `root` (folders with a manifest), in ONS code order."""
    return sorted(p.parent for p in root.glob("*/manifest.json"))


def batch_files(borough_dir: Path, manifest: Mapping[str, Any], table: str) -> list[Path]:
    """Return a table's Parquet files in a borough extract, one per batch the manifest lists, in order."""
    return [borough_dir / table / f"batch-{b['batch']:06d}.parquet" for b in manifest["batches"]]


def _dated(batch: Any) -> bool:
    try:
        return dt.datetime.fromisoformat(batch["extracted_at"]).tzinfo is not None
    except (TypeError, KeyError, ValueError):
        return False


def _check_readable(borough_dir: Path, manifest: Mapping[str, Any]) -> None:
    """Refuse an extract that would be read wrongly or fail late, naming the file at fault.

    The folder must be named by the manifest's ONS code: a copied folder would otherwise count
    its borough twice. Missing batch files are found here rather than as a DuckDB error mid-query.
    """
    path = manifest_path(borough_dir)
    population = manifest.get("population")
    missing = [name for name in ("ons_code", "borough") if not isinstance(manifest.get(name), str)]
    if not isinstance(population, dict) or not isinstance(population.get("adults"), dict):
        missing.append("population.adults")
    batches = manifest.get("batches")
    if not isinstance(batches, list) or not batches or not all(_dated(b) for b in batches):
        missing.append("batches, each with its extracted_at")
    if missing:
        raise ExtractError(f"{path} lacks {', '.join(missing)}: the extract cannot be read")
    if manifest["ons_code"] != borough_dir.name:
        raise ExtractError(
            f"{path} is the extract of {manifest['ons_code']} but its folder is named {borough_dir.name}: "
            f"a borough's extract must sit in a folder named by its ONS code, once"
        )
    for table in TABLES:
        for file in batch_files(borough_dir, manifest, table):
            if not file.exists():
                raise ExtractError(f"{file} is listed in {path} but missing: the extract cannot be read")


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# The type of every `ons_code` in the store: an ENUM of the boroughs opened. Every KPI joins and
# groups on the ONS code beside a key, and DuckDB compares an ENUM as a small integer rather than as
# text: the KPI set takes about a fifth less time. It reads back, and compares with text, as text.
ONS_CODE = "ons_code_t"


def _table_sql(table: str, sources: Iterable[tuple[str, list[str], bool]]) -> str:
    """SQL for a table's latest rows across boroughs, each row tagged with its borough's ONS code."""
    columns = ", ".join(f.name for f in TABLES[table] if f.name != "batch")
    key = PRIMARY_KEYS[table]
    parts = []
    for ons_code, files, incremental in sources:
        scan = f"read_parquet([{', '.join(_quoted(f) for f in files)}])"
        if incremental:
            # The newest batch holds a row's latest version.
            scan = f"(SELECT * FROM {scan} QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY batch DESC) = 1)"
        parts.append(f"SELECT CAST({_quoted(ons_code)} AS {ONS_CODE}) AS ons_code, {columns} FROM {scan}")
    return "\nUNION ALL\n".join(parts)


def open_store(root: Path, *, materialise: bool = False) -> duckdb.DuckDBPyConnection:
    """Open every borough extract under `root` as DuckDB views named as the tables.

    Each view has an `ons_code` column first (of the ENUM type `ONS_CODE`). Beside them:
    `boroughs` (ons_code, borough, synthetic, hub_opened), `population` (ons_code, ethnic_group,
    adults) and `extracts` (ons_code, extracted_at: the instant the latest batch was taken, up to
    which the tables are complete — the "now" of every KPI that asks who is still waiting). With `materialise`, the tables are loaded into memory once (faster when many queries
    follow).
    """
    dirs = borough_dirs(root)
    if not dirs:
        raise ExtractError(f"No borough extracts under {root}")
    manifests = [(d, read_manifest(d)) for d in dirs]
    for d, m in manifests:
        _check_readable(d, m)
    con = duckdb.connect()
    codes = ", ".join(_quoted(m["ons_code"]) for _, m in manifests)
    con.execute(f"CREATE TYPE {ONS_CODE} AS ENUM ({codes})")
    kind = "TABLE" if materialise else "VIEW"
    for table in TABLES:
        sources = [
            (m["ons_code"], [str(f) for f in batch_files(d, m, table)], len(m["batches"]) > 1)
            for d, m in manifests
        ]
        con.execute(f"CREATE {kind} {table} AS {_table_sql(table, sources)}")
    con.execute(
        f"CREATE TABLE boroughs (ons_code {ONS_CODE}, borough VARCHAR, synthetic BOOLEAN, hub_opened DATE)"
    )
    con.execute(f"CREATE TABLE population (ons_code {ONS_CODE}, ethnic_group VARCHAR, adults BIGINT)")
    con.execute(f"CREATE TABLE extracts (ons_code {ONS_CODE}, extracted_at TIMESTAMPTZ)")
    for _, m in manifests:
        con.execute(
            "INSERT INTO boroughs VALUES (?, ?, ?, ?)",
            [m["ons_code"], m["borough"], bool(m.get("synthetic")), m.get("hub_opened")],
        )
        for group, adults in m["population"]["adults"].items():
            con.execute("INSERT INTO population VALUES (?, ?, ?)", [m["ons_code"], group, adults])
        con.execute("INSERT INTO extracts VALUES (?, ?)", [m["ons_code"], extracted_at(m)])
    return con


def latest_rows(root: Path, ons_code: str) -> dict[str, list[dict[str, Any]]]:
    """Return every table's latest rows of one borough's extract under `root`, in key order.

    What an incremental refresh and a full extract must agree on, row for row.
    """
    con = open_store(root)
    try:
        return {
            table: con.sql(
                f"SELECT * FROM {table} WHERE ons_code = $code ORDER BY {key}",  # the schema's names
                params={"code": ons_code},
            )
            .to_arrow_table()
            .to_pylist()
            for table, key in PRIMARY_KEYS.items()
        }
    finally:
        con.close()
