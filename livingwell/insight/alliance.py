"""The alliance's analytic data: every borough extract under EXTRACT_DIR, with every KPI run once.

`livingwell extract` writes the operational borough's pseudonymised extract to
EXTRACT_DIR/<ONS code>/, and synthetic extracts of other boroughs sit beside it. The pages read
them through `load()`, which opens the store and runs the KPI catalogue (`kpis.engine`), and keeps
the result in this process until a manifest changes: a page load must not rerun every query when
no new batch has been written. Each manifest is replaced atomically when a batch is added, so its
path, modification time, size and inode say whether anything changed.

What the pages make of one load — the hub's KPIs over the operational borough (`hub_rows`), the
tables and charts they show — is kept with it (`derived`), so it too is made once per extract
version and then read from memory: a dashboard view then costs about what a trivial page does.

Months are complete calendar months (Europe/London): from a borough's first month with any KPI
row up to the month before its latest batch was extracted, so that a month still being recorded is
never read as a fall.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings

from livingwell.analytics.kpis import engine, store
from livingwell.analytics.kpis.catalogue import KPI
from livingwell.analytics.kpis.engine import KPIRow
from livingwell.analytics.kpis.schema import TABLES
from livingwell.insight import left_out
from livingwell.lib.clocks import london_month, month_starts

# The store's pages read at most this many extract folders' results at once (tests use many).
_CACHE_SIZE = 4
T = TypeVar("T")


class NoExtract(Exception):
    """There is no analytic extract to read (or none for the operational borough)."""


@dataclass(frozen=True)
class Borough:
    """One borough extract: who it is, its population table and its complete months."""

    ons_code: str
    name: str
    synthetic: bool
    adults: dict[str, int]  # by Census 2021 broad ethnic group
    population_as_of: str
    population_source: str
    hub_opened: dt.date | None
    extracted_at: dt.datetime  # the latest batch's
    months: tuple[dt.date, ...]  # complete months with data
    # How many people asked to be left out of this extract (None: the manifest does not say).
    left_out: int | None = None

    @property
    def total_adults(self) -> int:
        return sum(self.adults.values())

    @property
    def left_out_note(self) -> str:
        """The KPI notes' line on the people left out at their request (docs/opting-out.md)."""
        return left_out.left_out_note(self.left_out)


@dataclass(frozen=True)
class Alliance:
    """Every borough extract and every KPI's rows, as one load read them."""

    root: Path
    own_code: str
    boroughs: dict[str, Borough]
    rows: dict[str, list[KPIRow]] = field(repr=False)
    # What pages made of this load, by name (see `derived`), and the lock that makes each once.
    _derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    @property
    def own(self) -> Borough:
        """Return the operational borough; NoExtract when it has no extract yet."""
        if self.own_code not in self.boroughs:
            raise NoExtract(
                f"No analytic extract yet for {borough_name()} ({self.own_code}) in {self.root}: "
                "run `livingwell extract`."
            )
        return self.boroughs[self.own_code]

    def common_months(self, until: dt.date | None = None) -> list[dt.date]:
        """Return the complete months every borough with data has, up to `until` when given.

        A borough with no complete month yet is left out (the comparison lists it as having no
        data) rather than leaving no month common to all and nothing compared.
        """
        with_data = [set(b.months) for b in self.boroughs.values() if b.months]
        shared = set.intersection(*with_data) if with_data else set()
        return sorted(m for m in shared if until is None or m <= until)

    def derived(self, name: str, make: Callable[[], T]) -> T:
        """Return what `make` makes of this load, made once (the first caller makes it, others wait).

        `name` must say everything the result depends on besides this load (a measure, a breakdown).
        """
        with self._lock:
            if name not in self._derived:
                self._derived[name] = make()
            result: T = self._derived[name]
            return result

    def hub_rows(self, kpis: Iterable[KPI]) -> dict[str, list[KPIRow]]:
        """Return the rows of the hub's KPIs over the operational borough, running each once per load."""
        wanted = list(kpis)
        with self._lock:
            done: dict[str, list[KPIRow]] = self._derived.setdefault("hub-rows", {})
            missing = [k for k in wanted if k.id not in done]
            if missing:
                done.update(run_own(self.root, self.own.ons_code, missing))
            return {k.id: done[k.id] for k in wanted}

    @property
    def hub_first_month(self) -> dt.date | None:
        """Return the operational borough's first month with a hub or direct introduction."""
        return self.derived("hub-first-month", lambda: first_month(self.root, self.own.ons_code))


def extract_root() -> Path:
    """Return the folder of borough extracts (settings.EXTRACT_DIR)."""
    return Path(settings.EXTRACT_DIR)


def own_ons_code() -> str:
    return str(settings.BOROUGH_ONS_CODE)


def borough_name() -> str:
    return str(settings.BOROUGH_NAME)


def previous_month(month: dt.date) -> dt.date:
    return (month - dt.timedelta(days=1)).replace(day=1)


def _first_months(rows: dict[str, list[KPIRow]]) -> dict[str, dt.date]:
    first: dict[str, dt.date] = {}
    for kpi_rows in rows.values():
        for r in kpi_rows:
            if r.ons_code not in first or r.month < first[r.ons_code]:
                first[r.ons_code] = r.month
    return first


def _borough(manifest: dict[str, Any], first: dt.date | None) -> Borough:
    extracted_at = max(dt.datetime.fromisoformat(b["extracted_at"]) for b in manifest["batches"])
    last = previous_month(london_month(extracted_at))
    population = manifest["population"]
    opened = manifest.get("hub_opened")
    return Borough(
        ons_code=manifest["ons_code"],
        name=manifest["borough"],
        synthetic=bool(manifest.get("synthetic")),
        adults={str(g): int(n) for g, n in population["adults"].items()},
        population_as_of=str(population.get("as_of", "")),
        population_source=str(population.get("source", "")),
        hub_opened=dt.date.fromisoformat(opened).replace(day=1) if opened else None,
        extracted_at=extracted_at,
        months=tuple(month_starts(first, last)) if first else (),
        left_out=left_out.left_out_count(manifest),
    )


def read(root: Path, own_code: str) -> Alliance:
    """Open every borough extract under `root` and run every KPI on them (no caching)."""
    dirs = store.borough_dirs(root) if root.is_dir() else []
    if not dirs:
        raise NoExtract(f"No analytic extract yet in {root}: run `livingwell extract`.")
    manifests = [store.read_manifest(d) for d in dirs]
    # Views over the Parquet files, not tables in memory: with the London set every web process would
    # otherwise hold every borough's rows, and DuckDB reads Parquet almost as fast.
    con = store.open_store(root, materialise=False)
    try:
        rows = engine.run(con)
    finally:
        con.close()
    first = _first_months(rows)
    boroughs = {m["ons_code"]: _borough(m, first.get(m["ons_code"])) for m in manifests}
    return Alliance(root, own_code, boroughs, rows)


def _own_store(root: Path, ons_code: str) -> Any:
    """Open the store with its tables narrowed to one borough, under the tables' own names.

    The views `own.<table>` keep the borough's rows of `main.<table>`, and the search path finds
    them first, so the catalogue's SQL runs unchanged; DuckDB drops the other boroughs' files from
    the plan, since each borough's branch of a view has its ONS code as a constant.
    """
    con = store.open_store(root, materialise=False)
    con.execute("CREATE SCHEMA own")
    code = "'" + ons_code.replace("'", "''") + "'"
    for table in TABLES:
        con.execute(f"CREATE VIEW own.{table} AS SELECT * FROM main.{table} WHERE ons_code = {code}")  # noqa: S608 - table names are the schema's
    con.execute("SET search_path = 'own,main'")
    return con


def run_own(root: Path, ons_code: str, kpis: Iterable[KPI]) -> dict[str, list[KPIRow]]:
    """Run KPIs over one borough's extract only (the hub's KPIs: they are of the operational borough)."""
    con = _own_store(root, ons_code)
    try:
        return engine.run(con, kpis)
    finally:
        con.close()


def first_month(root: Path, ons_code: str) -> dt.date | None:
    """Return a borough's first month with a hub introduction or an introduction to a service."""
    con = _own_store(root, ons_code)
    try:
        found = con.execute(
            "SELECT MIN(month) FROM (SELECT month FROM introductions UNION ALL "
            "SELECT month FROM service_introductions) m"
        ).fetchone()
    finally:
        con.close()
    month = found[0] if found else None
    return month if isinstance(month, dt.date) else None


def _fingerprint(root: Path) -> tuple[tuple[str, int, int, int], ...]:
    if not root.is_dir():
        return ()
    found = []
    for path in sorted(root.glob("*/manifest.json")):
        stat = path.stat()
        found.append((str(path), stat.st_mtime_ns, stat.st_size, stat.st_ino))
    return tuple(found)


_lock = threading.Lock()
_cache: dict[tuple[Path, str], tuple[Sequence[Any], Alliance]] = {}


def load() -> Alliance:
    """Return the alliance's data, reading the extracts again only when a manifest has changed.

    Raises NoExtract when there is no extract at all, and store.ExtractError when one cannot be read.
    """
    root, own = extract_root(), own_ons_code()
    key = (root, own)
    fingerprint = _fingerprint(root)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        alliance = read(root, own)
        _cache.pop(key, None)
        while len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = (fingerprint, alliance)
        return alliance
