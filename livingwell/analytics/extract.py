"""`livingwell extract`: a pseudonymised, incremental analytic copy of the operational database.

The copy has the shape `kpis/schema.py` defines and is written by `kpis/store.write_batch`. Nothing
that names a person leaves: people and records appear only as keyed pseudonyms (`kpis/pseudonym.py`,
keyed with settings.PSEUDONYM_KEY), age only as a band at the introduction, and no free text.

Incremental: a run reads the operational tables whole, or, given the `Changes` that the database's
change log recorded since the last batch (`changes.py`, `refresh.py`), only the rows named there and
what derives from them; either way it compares each row read with its latest version in the
extract, and writes one batch holding only the rows that are new or changed (none at all when
nothing changed, so running twice is harmless). A row "changes" when any extracted value does,
including derived ones: changing a response standard rewrites every introduction of that urgency.
`full=True` writes a fresh extract in a temporary folder beside the old one and swaps it in by
renaming, so a reader finds the old extract or the new one, never part of one. A batch is only
added to an extract of the same borough made with the same key (the manifest's `key_check`) and
the same schema version; an extract of an older version is replaced whole, as with `full`.
One run at a time: a run holds a lock file beside the folder (`.<folder name>.lock`), and a second
run started meanwhile is refused rather than writing the same batch number. Rows are written in the
order of their keys, never of database ids, so a row's place in a file tells nothing of its id.

People who asked to be left out (`Person.extract_opt_out`, docs/opting-out.md) are left out of
every table, with every row about them: their introductions, contacts, onward introductions,
episodes, sessions, scores, circumstances, goals and any feedback they chose to be named on. A
merged record counts as the person it was merged into: if either asked, both are left out. The
manifest's `left_out` says how many people are (pages show the number suppressed as any count)
and holds a digest of their keys; a run that finds the set changed since the last batch writes
the extract afresh (as `full`), so that someone who asks after being extracted is gone from the
next extract, not only from rows written after they asked.

What a run does not do:
- Track deletions. The operational models PROTECT what refers to them, so rows are not deleted in
  practice; a row that somehow is keeps its last version in the extract until a full run.
- Keep merged people apart. A merged duplicate's history moves to the survivor (people/services.merge
  moves introductions, onward introductions and episodes; its questionnaire responses stay), so
  every `person_key` is the survivor's, following chains of merges, and the `people` table holds
  only people who were not merged. A duplicate extracted before its merge keeps that old `people`
  row, which nothing refers to any more, until a full run.
- Read one snapshot. The tables are read one after another without a transaction (on SQLite that
  would hold the write lock for the whole run). They are read children first, so every key a row
  refers to is present in the same batch; a row written during the run arrives with the next one.

Memory stays bounded by the Arrow size of the tables (tens of bytes a row): rows are streamed from
the database in chunks and turned into Arrow record batches chunk by chunk, never held as Python
objects. The number of queries is fixed whatever the number of rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import itertools
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from livingwell.access.models import ContactAttempt, Introduction
from livingwell.access.queue import response_hours
from livingwell.analytics.kpis import population, store
from livingwell.analytics.kpis.pseudonym import NAMESPACES, pseudonym
from livingwell.analytics.kpis.schema import PRIMARY_KEYS, SCHEMA_VERSION, TABLES
from livingwell.lib.ages import age_band
from livingwell.lib.clocks import LONDON, london_month, month_index
from livingwell.network.models import ServiceIntroduction, ServiceIntroductionStatus
from livingwell.outcomes.models import Goal, QuestionnaireResponse, ResponseStatus
from livingwell.people.models import Person
from livingwell.support.models import Episode, Session, SupportPlan
from livingwell.voice.models import Feedback

CHUNK_ROWS = 10_000
# Children before the rows they refer to: a row read has its parents already, and they cannot be
# deleted (PROTECT), so they are read too, and no key in a batch is left without its row.
READ_ORDER = (
    "feedback",
    "goals",
    "circumstances",
    "scores",
    "sessions",
    "episodes",
    "service_introductions",
    "contacts",
    "introductions",
    "people",
)
PRACTICE = "the operational platform's own extract"
# A pseudonym of nothing in particular, kept in the manifest so that a run with another key is
# refused rather than making every row look new. It tells no more about the key than any other key.
KEY_CHECK = ("key-check", 0)
# A table with more changed rows than this is read whole: one scan beats a query with a list of
# thousands of ids (and SQLite limits the parameters of one query).
MAX_CHANGED_IDS = 5_000


class ExtractRefused(ValueError):
    """The extract cannot be written where asked; the message says why and what to do."""


class ExtractBusy(ExtractRefused):
    """Another run holds the extract's lock: trying again later will do."""


@dataclass(frozen=True)
class Borough:
    ons_code: str
    name: str
    population: dict[str, Any]


@dataclass(frozen=True)
class ExtractRun:
    """What a run wrote: the batch number (None when nothing changed) and its rows per table."""

    folder: Path
    batch: int | None
    rows: dict[str, int]
    full: bool


@dataclass(frozen=True)
class Changes:
    """The operational rows written since the last batch, as the database's change log names them.

    `rows` holds database ids by extract table. A changed person (`people`) has their rows in every
    table read again, with those of everyone merged into them: a corrected date of birth moves age
    bands and a merge moves keys. A changed service has its episodes and introductions read again
    (their kind). A changed response standard has every introduction read again (`standard_hours`).
    """

    rows: Mapping[str, Collection[int]] = field(default_factory=dict)
    people: Collection[int] = frozenset()
    services: Collection[int] = frozenset()
    standards: bool = False


def operational_borough() -> Borough:
    """Return the borough this platform serves, from settings; KeyError names a code with no Census table."""
    code = settings.BOROUGH_ONS_CODE
    return Borough(code, settings.BOROUGH_NAME, population.population(code))


# --- Reading the operational tables ------------------------------------------------------------


@dataclass(frozen=True)
class LeftOut:
    """The people left out of the extract because they asked to be: record ids and how many people.

    `ids` holds every record to leave out (a person who asked, what was merged into them, and what
    they were merged into); `people` counts the people, one per surviving record.
    """

    ids: frozenset[int]
    people: frozenset[int]

    def check(self, secret: bytes) -> str:
        """A digest of the left-out people's keys: equal digests, the same people left out.

        Made of keyed pseudonyms, it says nothing of who they are to anyone without the key.
        """
        keys = sorted(pseudonym(secret, NAMESPACES["person_key"], i) for i in self.ids)
        return hashlib.sha256(json.dumps(keys).encode()).hexdigest()

    def manifest(self, secret: bytes) -> dict[str, Any]:
        return {"people": len(self.people), "check": self.check(secret)}


def _left_out(survivor: Mapping[int, int]) -> LeftOut:
    """Return who is left out: those who asked, with every record merged into or from theirs."""
    asked = Person.objects.filter(extract_opt_out=True).values_list("id", flat=True)
    people = frozenset(survivor.get(person_id, person_id) for person_id in asked)
    merged_in = {person_id for person_id, last in survivor.items() if last in people}
    return LeftOut(frozenset(people | merged_in), people)


def left_out() -> LeftOut:
    """Return who is left out of the extract now (two small queries)."""
    merged = dict(Person.objects.filter(merged_into__isnull=False).values_list("id", "merged_into_id"))
    return _left_out({person_id: _follow(merged, person_id) for person_id in merged})


def _month_and_index(at: dt.datetime) -> tuple[dt.date, int]:
    month = london_month(at)
    return month, month_index(month)


class _Reader:
    """Turns ORM rows into the schema's columns: pseudonyms, London months, age bands, standards."""

    def __init__(self, secret: bytes, changes: Changes | None = None) -> None:
        self.secret = secret
        self.hours = response_hours()
        merged = dict(Person.objects.filter(merged_into__isnull=False).values_list("id", "merged_into_id"))
        self.merged = frozenset(merged)
        self.survivor = {person_id: _follow(merged, person_id) for person_id in merged}
        self.changes = changes
        self.affected = _people_affected(merged, changes.people) if changes else frozenset()
        # Made with the same merges as the keys, so a merge during the run cannot split a person.
        self.left_out = _left_out(self.survivor).ids

    def out(self, *person_ids: int | None) -> bool:
        """Say whether a row about these people is left out (any of them asked to be)."""
        return any(p in self.left_out for p in person_ids if p is not None)

    def only(
        self, name: str, rows: QuerySet[Any, Any], *, person: str = "", service: str = "", every: bool = False
    ) -> QuerySet[Any, Any]:
        """Narrow a table's query to the rows `changes` names (all of them when there are too many)."""
        if self.changes is None or every:
            return rows
        ids = self.changes.rows.get(name, ())
        people = self.affected if person else frozenset()
        services = self.changes.services if service else frozenset()
        if len(ids) + len(people) + len(services) > MAX_CHANGED_IDS:
            return rows
        where = Q(id__in=sorted(ids))
        if people:
            where |= Q(**{f"{person}__in": sorted(people)})
        if services:
            where |= Q(**{f"{service}__in": sorted(services)})
        return rows.filter(where)

    def key(self, column: str, record_id: int | None) -> int | None:
        return None if record_id is None else pseudonym(self.secret, NAMESPACES[column], record_id)

    def person(self, person_id: int) -> int | None:
        return self.key("person_key", self.survivor.get(person_id, person_id))

    def scores(self) -> pa.Table:
        # Goal ratings are not scores of an instrument. `value` is what is reported: the total, or
        # SWEMWBS's metric score (the schema's `total`).
        rows = self.only(
            "scores",
            QuestionnaireResponse.objects.filter(
                status=ResponseStatus.COMPLETED, completed_at__isnull=False, goal__isnull=True
            ),
            person="person_id",
        ).values_list("id", "episode_id", "person_id", "instrument", "completed_at", "value")

        def row(
            id_: int,
            episode_id: int | None,
            person_id: int,
            instrument: str,
            completed_at: dt.datetime,
            value: float,
        ) -> tuple[Any, ...]:
            return (
                self.key("score_key", id_), self.key("episode_key", episode_id), self.person(person_id),
                instrument, completed_at, london_month(completed_at), value,
            )  # fmt: skip

        return _arrow("scores", rows, row, skip=lambda r: self.out(r[2]))

    def sessions(self) -> pa.Table:
        rows = self.only("sessions", Session.objects.all()).values_list(
            "id", "episode_id", "at", "kind", "attendance", "episode__person_id"
        )

        def row(
            id_: int, episode_id: int | None, at: dt.datetime, kind: str, attendance: str, _person: int
        ) -> tuple[Any, ...]:
            return (
                self.key("session_key", id_), self.key("episode_key", episode_id), at, *_month_and_index(at),
                kind, attendance,
            )  # fmt: skip

        return _arrow("sessions", rows, row, skip=lambda r: self.out(r[-1]))

    def episodes(self) -> pa.Table:
        # The date of birth is read only to band the age on the (London) day of acceptance.
        rows = self.only(
            "episodes", Episode.objects.all(), person="person_id", service="service_id"
        ).values_list(
            "id", "person_id", "service_introduction_id", "service__kind", "service_id", "accepted_at",
            "discharged_at", "person__date_of_birth", "discharge_reason",
        )  # fmt: skip

        def row(
            id_: int,
            person_id: int,
            service_introduction_id: int | None,
            kind: str,
            service_id: int,
            accepted_at: dt.datetime,
            discharged_at: dt.datetime | None,
            born: dt.date,
            discharge_reason: str,
        ) -> tuple[Any, ...]:
            return (
                self.key("episode_key", id_), self.person(person_id),
                self.key("service_introduction_key", service_introduction_id), kind, service_id, accepted_at,
                discharged_at, None if discharged_at is None else london_month(discharged_at),
                age_band(born, accepted_at.astimezone(LONDON).date()),
                # A reason is an episode's ending: none while it is open.
                (discharge_reason or None) if discharged_at is not None else None,
            )  # fmt: skip

        return _arrow("episodes", rows, row, skip=lambda r: self.out(r[1]))

    def service_introductions(self) -> pa.Table:
        rows = self.only(
            "service_introductions",
            ServiceIntroduction.objects.all(),
            person="person_id",
            service="service_id",
        ).values_list(
            "id", "introduction_id", "person_id", "service__kind", "made_at", "status", "service_id",
            "responded_at", "decline_code", "introduced_by_organisation_id",
        )  # fmt: skip

        def row(
            id_: int,
            introduction_id: int | None,
            person_id: int,
            kind: str,
            made_at: dt.datetime,
            status: str,
            service_id: int,
            responded_at: dt.datetime | None,
            decline_code: str,
            by_organisation: int | None,
        ) -> tuple[Any, ...]:
            # The coded reason only (never the words beside it), and only for one declined.
            declined = status == ServiceIntroductionStatus.DECLINED
            return (
                self.key("service_introduction_key", id_), self.key("introduction_key", introduction_id),
                self.person(person_id), kind, made_at, *_month_and_index(made_at), status, service_id,
                None if status == ServiceIntroductionStatus.PENDING else responded_at,
                (decline_code or None) if declined else None, by_organisation is not None,
            )  # fmt: skip

        return _arrow("service_introductions", rows, row, skip=lambda r: self.out(r[2]))

    def contacts(self) -> pa.Table:
        rows = self.only("contacts", ContactAttempt.objects.all()).values_list(
            "id", "introduction_id", "at", "method", "outcome", "introduction__person_id"
        )

        def row(
            id_: int, introduction_id: int | None, at: dt.datetime, method: str, outcome: str, _person: int
        ) -> tuple[Any, ...]:
            return (
                self.key("contact_key", id_), self.key("introduction_key", introduction_id), at,
                *_month_and_index(at), method, outcome,
            )  # fmt: skip

        return _arrow("contacts", rows, row, skip=lambda r: self.out(r[-1]))

    def introductions(self) -> pa.Table:
        # The date of birth is read only to band the age on the (London) day of receipt.
        every = self.changes is not None and self.changes.standards
        rows = self.only("introductions", Introduction.objects.all(), person="person_id", every=every).values_list(
            "id", "person_id", "person__date_of_birth", "received_at", "source", "urgency", "status",
            "decided_at",
        )  # fmt: skip

        def row(
            id_: int,
            person_id: int,
            born: dt.date,
            received_at: dt.datetime,
            source: str,
            urgency: str,
            status: str,
            decided_at: dt.datetime | None,
        ) -> tuple[Any, ...]:
            return (
                self.key("introduction_key", id_), self.person(person_id), received_at,
                *_month_and_index(received_at), source, urgency, status, decided_at,
                age_band(born, received_at.astimezone(LONDON).date()), self.hours[urgency],
            )  # fmt: skip

        return _arrow("introductions", rows, row, skip=lambda r: self.out(r[1]))

    def circumstances(self) -> pa.Table:
        # Accommodation and work as the plan records them now, each dated by the day it was
        # recorded; the plan's words (what matters, strengths) never leave. A merged duplicate's
        # plan is not a person's of its own (as in `people`), so each person has one row.
        rows = self.only("circumstances", SupportPlan.objects.all(), person="person_id").values_list(
            "person_id", "settled_accommodation", "accommodation_recorded_on", "employment_status",
            "employment_recorded_on",
        )  # fmt: skip

        def row(
            person_id: int,
            accommodation: str,
            accommodation_on: dt.date | None,
            employment: str,
            employment_on: dt.date | None,
        ) -> tuple[Any, ...]:
            return (
                self.key("person_key", person_id), accommodation or None,
                accommodation_on if accommodation else None, employment or None,
                employment_on if employment else None,
            )  # fmt: skip

        return _arrow("circumstances", rows, row, skip=lambda r: r[0] in self.merged or self.out(r[0]))

    def goals(self) -> pa.Table:
        # The big outcome a goal serves and when it was set and achieved; never its description
        # (the person's own words). A merged duplicate's goals move to the survivor (people/services
        # .merge), and their key is the survivor's, as every person_key is.
        rows = self.only("goals", Goal.objects.all(), person="person_id").values_list(
            "id", "person_id", "big_outcome", "created_at", "achieved_at"
        )

        def row(
            id_: int,
            person_id: int,
            big_outcome: str,
            created_at: dt.datetime,
            achieved_at: dt.datetime | None,
        ) -> tuple[Any, ...]:
            return (
                self.key("goal_key", id_), self.person(person_id), big_outcome, london_month(created_at),
                achieved_at, None if achieved_at is None else london_month(achieved_at),
            )  # fmt: skip

        return _arrow("goals", rows, row, skip=lambda r: self.out(r[1]))

    def people(self) -> pa.Table:
        # Merged duplicates are not people of their own. The set skipped is the one the keys above
        # were made with, so a merge during the run cannot leave a key no person row answers to.
        rows = self.only("people", Person.objects.all(), person="id").values_list(
            "id", "ethnicity", "sex", "previously_known_to_specialist_care"
        )

        def row(id_: int, ethnicity: str, sex: str, previously_known: bool | None) -> tuple[Any, ...]:
            return self.key("person_key", id_), ethnicity, sex, previously_known

        return _arrow("people", rows, row, skip=lambda r: r[0] in self.merged or self.out(r[0]))

    def feedback(self) -> pa.Table:
        # The service, the answer and the London month only: never the words, the person, the
        # episode or the instant, so an answer stays as anonymous as it was given. One given named
        # by someone left out of the extract is left out with them.
        rows = self.only("feedback", Feedback.objects.all()).values_list(
            "id", "service_id", "answer", "received_at", "person_id", "episode__person_id"
        )

        def row(
            id_: int, service_id: int | None, answer: int, received_at: dt.datetime, _person: int | None,
            _episode_person: int | None,
        ) -> tuple[Any, ...]:  # fmt: skip
            return (self.key("feedback_key", id_), service_id, answer, *_month_and_index(received_at))

        return _arrow("feedback", rows, row, skip=lambda r: self.out(r[4], r[5]))


def _people_affected(merged: dict[int, int], changed: Collection[int]) -> frozenset[int]:
    """Return the changed people, where their history now lives, and everyone merged into them."""
    changed = set(changed)
    affected = set(changed)
    for person_id in merged:
        chain = {person_id}
        while person_id in merged and merged[person_id] not in chain:
            person_id = merged[person_id]
            chain.add(person_id)
        if chain & changed:
            affected |= chain
    return frozenset(affected)


def _follow(merged: dict[int, int], person_id: int) -> int:
    """Return the record a merged person's history now lives on, following merges of merges."""
    seen = {person_id}
    while person_id in merged and merged[person_id] not in seen:
        person_id = merged[person_id]
        seen.add(person_id)
    return person_id


def _columns(name: str) -> pa.Schema:
    """The schema's columns for a table, without `batch` (which write_batch numbers)."""
    schema = TABLES[name]
    return schema.remove(schema.get_field_index("batch"))


def _arrow(
    name: str,
    rows: QuerySet[Any, tuple[Any, ...]],
    row: Callable[..., tuple[Any, ...]],
    *,
    skip: Callable[[tuple[Any, ...]], bool] | None = None,
) -> pa.Table:
    """Stream one query's rows into an Arrow table chunk by chunk: one query, one chunk in Python."""
    schema = _columns(name)
    # In no particular order: read_tables puts the rows in key order.
    source = rows.order_by().iterator(chunk_size=CHUNK_ROWS)
    if skip is not None:
        source = (r for r in source if not skip(r))
    batches = []
    while chunk := [row(*r) for r in itertools.islice(source, CHUNK_ROWS)]:
        arrays = [
            pa.array(values, type=f.type) for values, f in zip(zip(*chunk, strict=True), schema, strict=True)
        ]
        batches.append(pa.RecordBatch.from_arrays(arrays, schema=schema))
    return pa.Table.from_batches(batches, schema=schema)


def read_tables(secret: bytes, changes: Changes | None = None) -> dict[str, pa.Table]:
    """Read every extract table from the operational database, pseudonymised, in the schema's order.

    With `changes`, only the rows they name (and what derives from them) are read. Each table's rows
    are in the order of its key (a pseudonym), never of the database id: ids show in staff URLs, and
    the k-th row of a table in id order is the k-th id, whatever its key.
    """
    reader = _Reader(secret, changes)
    tables = {name: getattr(reader, name)() for name in READ_ORDER}
    return {name: tables[name].sort_by(PRIMARY_KEYS[name]) for name in TABLES}


# --- Writing the extract -----------------------------------------------------------------------


def manifest_fields(borough: Borough, tables: dict[str, pa.Table], secret: bytes) -> dict[str, Any]:
    """Return the borough's manifest fields for the extract made of `tables`."""
    first = pc.min(tables["introductions"]["month"]).as_py()
    return {
        "ons_code": borough.ons_code,
        "borough": borough.name,
        "synthetic": False,
        "population": borough.population,
        "hub_opened": None if first is None else first.isoformat(),
        "practice": PRACTICE,
        "key_check": pseudonym(secret, *KEY_CHECK),
    }


def _check_continuable(manifest: dict[str, Any], borough: Borough, secret: bytes, folder: Path) -> None:
    """Refuse to add a batch to an extract whose rows this run's cannot be compared with."""
    if manifest.get("synthetic"):
        raise ExtractRefused(
            f"{folder} holds a synthetic extract: write to another folder, or replace it with --full"
        )
    if manifest.get("ons_code") != borough.ons_code:
        raise ExtractRefused(
            f"{folder} holds the extract of {manifest.get('ons_code')}, not {borough.ons_code}: "
            "write to another folder, or replace it with --full"
        )
    if manifest.get("key_check") != pseudonym(secret, *KEY_CHECK):
        raise ExtractRefused(
            f"{folder} was written with another pseudonym key (LIVINGWELL_PSEUDONYM_KEY), so its keys cannot "
            "be matched: restore that key, or replace the extract with --full"
        )


def changed_rows(folder: Path, tables: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """Return the rows of `tables` that are new or differ from their latest version in the extract."""
    manifest = store.read_manifest(folder)
    changed = {}
    with duckdb.connect() as con:
        for name, fresh in tables.items():
            files = [str(f) for f in store.batch_files(folder, manifest, name)]
            columns = ", ".join(fresh.column_names)
            key = PRIMARY_KEYS[name]
            con.register("fresh", fresh)
            # EXCEPT compares whole rows and counts two nulls as equal, which is "unchanged" here.
            # Only the keys read are compared, so reading a few changed rows compares a few.
            changed[name] = con.sql(
                f"""
                SELECT * FROM (
                    SELECT {columns} FROM fresh
                    EXCEPT
                    SELECT {columns} FROM read_parquet($files)
                    WHERE {key} IN (SELECT {key} FROM fresh)
                    QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY batch DESC) = 1
                ) ORDER BY {key}
                """,  # noqa: S608 - the names are the schema's own
                params={"files": files},
            ).to_arrow_table()
            con.unregister("fresh")
    return changed


def _replace(folder: Path, tables: dict[str, pa.Table], manifest: dict[str, Any], now: dt.datetime) -> int:
    """Write a fresh extract beside `folder` and rename it into place; return its batch number."""
    if folder.exists() and any(folder.iterdir()) and not store.manifest_path(folder).exists():
        raise ExtractRefused(f"{folder} is not an extract and not empty: --full replaces only an extract")
    folder.parent.mkdir(parents=True, exist_ok=True)
    # The work folder is a sibling on the same file system, so the renames are atomic. The extracts
    # inside it sit one level deeper than a borough's, so store.borough_dirs never sees them.
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.full-", dir=folder.parent))
    try:
        batch = store.write_batch(work / "new", tables, manifest=manifest, extracted_at=now)
        if folder.exists():
            os.rename(folder, work / "old")
        # Between the two renames a reader finds no extract; it never finds half of one.
        try:
            os.rename(work / "new", folder)
        except OSError:
            if (work / "old").exists():
                os.rename(work / "old", folder)
            raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return batch


def lock_path(folder: Path) -> Path:
    """The lock file of a borough's extract: beside the folder, since --full renames the folder."""
    return folder.parent / f".{folder.name}.lock"


@contextlib.contextmanager
def exclusive(folder: Path, borough: Borough) -> Iterator[None]:
    """Hold the extract's lock for a run, or refuse at once when another run holds it.

    Two runs at once (cron and `make demo`) would both number their batch N and overwrite each
    other. The lock file stays: removing it would let a third run lock a new file while a second
    still holds the old one. The system drops the lock when the process ends, however it ends.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(folder), "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ExtractBusy(
                f"another extract of {borough.name} ({borough.ons_code}) is running into {folder}: "
                "wait for it to finish"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def extract(
    folder: Path,
    *,
    borough: Borough,
    secret: bytes,
    full: bool = False,
    now: dt.datetime | None = None,
    changes: Changes | None = None,
) -> ExtractRun:
    """Write the rows new or changed since the last batch into `folder` (everything afresh with `full`).

    With `changes`, only the rows they name are read (see `Changes`); without, every row is.
    Only one run at a time writes to a folder; another refuses (ExtractRefused) while it runs.
    """
    with exclusive(folder, borough):
        return extract_locked(folder, borough=borough, secret=secret, full=full, now=now, changes=changes)


def _schema_version(folder: Path) -> object:
    """Return the schema version an extract's manifest states, without refusing another one."""
    try:
        manifest = json.loads(store.manifest_path(folder).read_text())
    except (OSError, ValueError):
        return None
    return manifest.get("schema_version") if isinstance(manifest, dict) else None


def _left_out_check(folder: Path) -> object:
    """Return the digest of the people left out that an extract's manifest holds (None: none)."""
    try:
        manifest = json.loads(store.manifest_path(folder).read_text())
    except (OSError, ValueError):
        return None
    left = manifest.get("left_out") if isinstance(manifest, dict) else None
    return left.get("check") if isinstance(left, dict) else None


def extract_locked(
    folder: Path,
    *,
    borough: Borough,
    secret: bytes,
    full: bool = False,
    now: dt.datetime | None = None,
    changes: Changes | None = None,
) -> ExtractRun:
    """Run `extract` for a caller that holds the folder's lock (`exclusive`) already."""
    now = now or timezone.now()
    continuing = not full and store.manifest_path(folder).exists()
    if continuing and _schema_version(folder) != SCHEMA_VERSION:
        # The rows of an older shape cannot be compared with this one's: begin afresh.
        full, continuing = True, False
    if continuing:
        _check_continuable(store.read_manifest(folder), borough, secret, folder)
    leaving = left_out()
    if continuing and _left_out_check(folder) != leaving.check(secret):
        # Someone asked to be left out (or back in) since the last batch: their rows already in
        # the extract cannot be taken out by adding a batch, so the extract is written afresh.
        full, continuing = True, False
    tables = read_tables(secret, changes if continuing else None)
    manifest = manifest_fields(borough, tables, secret)
    manifest["left_out"] = leaving.manifest(secret)
    if full:
        batch = _replace(folder, tables, manifest, now)
        return ExtractRun(folder, batch, {name: t.num_rows for name, t in tables.items()}, full=True)
    if continuing:
        if changes is not None:
            # A few rows cannot say when the hub opened; the extract so far can, with their help.
            opened = [m for m in (store.read_manifest(folder).get("hub_opened"), manifest["hub_opened"]) if m]
            manifest["hub_opened"] = min(opened, default=None)
        tables = changed_rows(folder, tables)
        if not any(t.num_rows for t in tables.values()):
            return ExtractRun(folder, None, dict.fromkeys(tables, 0), full=False)
    batch = store.write_batch(folder, tables, manifest=manifest, extracted_at=now)
    return ExtractRun(folder, batch, {name: t.num_rows for name, t in tables.items()}, full=False)
