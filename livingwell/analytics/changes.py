"""The change log: database triggers note every row written to a table the extract reads.

The refresh (`refresh.py`) reads only the rows named here, instead of every operational table
whole. None of the extracted models has an `updated_at`, and signals would miss the services'
`QuerySet.update()` calls (allocation, discharge, accepting an introduction, merging people), so the
database itself logs each insert and update, in the writing transaction: a change and its log entry
commit together or not at all. Deletions are not logged, as the extract does not follow them.

The triggers are (re)installed after every `migrate` (`apps.py`) and checked by every refresh: on
SQLite, Django rebuilds a table for some migrations, which drops its triggers, and writes made
while they were missing would be unlogged, so a refresh that finds one missing reinstalls it and
reads every table whole that once. SQLite and PostgreSQL are supported; on another database every
refresh reads the tables whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

from livingwell.access.models import ContactAttempt, Introduction, ResponseStandard
from livingwell.analytics.extract import Changes
from livingwell.analytics.models import ExtractChange
from livingwell.network.models import Service, ServiceIntroduction
from livingwell.outcomes.models import Goal, QuestionnaireResponse
from livingwell.people.models import Person
from livingwell.support.models import Episode, Session, SupportPlan
from livingwell.voice.models import Feedback

# What each logged source is: an extract table's own rows, or something its rows derive from.
SOURCES: dict[str, type[Model]] = {
    "introductions": Introduction,
    "contacts": ContactAttempt,
    "service_introductions": ServiceIntroduction,
    "episodes": Episode,
    "sessions": Session,
    "scores": QuestionnaireResponse,
    "people": Person,
    "circumstances": SupportPlan,  # a plan's accommodation and work (its row is the person's)
    "goals": Goal,
    "feedback": Feedback,  # Friends and Family Test answers
    "services": Service,  # its kind is on its episodes and introductions
    "standards": ResponseStandard,  # its hours are on every introduction of its urgency
}
# Removing a response standard brings back the default for its urgency: that changes rows too.
LOG_DELETIONS = frozenset({"standards"})
PREFIX = "livingwell_extract_"
_FORGET_CHUNK = 500


def watched_tables() -> frozenset[str]:
    """Return the database tables whose writes change the extract."""
    return frozenset(model._meta.db_table for model in SOURCES.values())


def _log_table() -> str:
    return ExtractChange._meta.db_table


def _sqlite_triggers() -> dict[str, str]:
    # Every name in these statements is the models' own or this module's, never input.
    log = _log_table()
    triggers = {}
    for source, model in SOURCES.items():
        events = ["INSERT", "UPDATE", *(["DELETE"] if source in LOG_DELETIONS else [])]
        for event in events:
            name, row = f"{PREFIX}{source}_{event.lower()}", "OLD" if event == "DELETE" else "NEW"
            insert = f"INSERT INTO \"{log}\" (source, row_id) VALUES ('{source}', {row}.id)"  # noqa: S608
            on = f'AFTER {event} ON "{model._meta.db_table}" FOR EACH ROW'
            triggers[name] = f"CREATE TRIGGER IF NOT EXISTS {name} {on} BEGIN {insert}; END"
    return triggers


_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {PREFIX}changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO "{{log}}" (source, row_id) VALUES (TG_ARGV[0], OLD.id);
    ELSE
        INSERT INTO "{{log}}" (source, row_id) VALUES (TG_ARGV[0], NEW.id);
    END IF;
    RETURN NULL;
END $$
"""  # noqa: S608 - the log's name is the model's own


def _postgresql_triggers() -> dict[str, str]:
    triggers = {}
    for source, model in SOURCES.items():
        events = " OR ".join(["INSERT", "UPDATE", *(["DELETE"] if source in LOG_DELETIONS else [])])
        triggers[f"{PREFIX}{source}"] = (
            f'CREATE OR REPLACE TRIGGER {PREFIX}{source} AFTER {events} ON "{model._meta.db_table}" '
            f"FOR EACH ROW EXECUTE FUNCTION {PREFIX}changed('{source}')"
        )
    return triggers


def _on_table(trigger: str) -> str:
    source = next(s for s in sorted(SOURCES, key=len, reverse=True) if trigger.startswith(PREFIX + s))
    return SOURCES[source]._meta.db_table


def supported(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Say whether the database can keep the change log (SQLite and PostgreSQL can)."""
    return connections[using].vendor in {"sqlite", "postgresql"}


def _wanted(using: str) -> dict[str, str]:
    return _sqlite_triggers() if connections[using].vendor == "sqlite" else _postgresql_triggers()


def installed(using: str = DEFAULT_DB_ALIAS) -> frozenset[str]:
    """Return the names of the change log's triggers the database has."""
    connection = connections[using]
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s"
        if connection.vendor == "sqlite"
        else "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [PREFIX + "%"])
        return frozenset(name for (name,) in cursor.fetchall())


def install(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Install whichever of the triggers are missing; return whether any was (writes went unlogged)."""
    if not supported(using):
        return False
    # After a partial `migrate` some tables may not exist yet: a trigger waits for its table, and
    # none is made before the log itself exists (a write would then fail).
    tables = set(connections[using].introspection.table_names())
    if _log_table() not in tables:
        return False
    wanted = _wanted(using)
    have = installed(using)
    missing = [sql for name, sql in wanted.items() if name not in have and _on_table(name) in tables]
    if not missing:
        return False
    with connections[using].cursor() as cursor:
        if connections[using].vendor == "postgresql":
            cursor.execute(_PG_FUNCTION.replace("{log}", _log_table()))
        for sql in missing:
            cursor.execute(sql)
    return True


@dataclass(frozen=True)
class Logged:
    """The change log's entries as read at one moment: their ids (to forget) and what they name."""

    ids: Sequence[int]
    changes: Changes


def read() -> Logged:
    """Return every entry of the change log now, as the `Changes` an extract run reads."""
    ids = []
    by_source: dict[str, set[int]] = defaultdict(set)
    for entry_id, source, row_id in ExtractChange.objects.values_list("id", "source", "row_id").iterator(
        chunk_size=10_000
    ):
        ids.append(entry_id)
        by_source[source].add(row_id)
    rows = {
        source: frozenset(ids_)
        for source, ids_ in by_source.items()
        if source not in {"services", "standards"}
    }
    changes = Changes(
        rows=rows,
        people=frozenset(by_source.get("people", ())),
        services=frozenset(by_source.get("services", ())),
        standards=bool(by_source.get("standards")),
    )
    return Logged(ids, changes)


def forget(ids: Sequence[int]) -> None:
    """Delete the entries a run has taken, and only those: others may have been written meanwhile.

    By id, never "up to the highest id read": on PostgreSQL a transaction still open when the log
    was read may commit a lower id afterwards, and its change must wait for the next run.
    """
    for start in range(0, len(ids), _FORGET_CHUNK):
        ExtractChange.objects.filter(id__in=ids[start : start + _FORGET_CHUNK]).delete()
