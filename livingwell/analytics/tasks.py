"""The debounced refresh: a write to a table the extract reads queues one refresh, soon after.

Every query passes through `watch_writes` (installed on each database connection by `apps.py`). An
INSERT, UPDATE or DELETE on one of the change log's tables (`changes.watched_tables`) asks, once the
transaction commits, for a refresh (`request_refresh`). A write outside a transaction has committed
already, but on SQLite its statement may still be open (an INSERT's RETURNING is read after it), so
it asks just before the connection's next query, or when the web request ends. The first request claims the borough's
`RefreshState` row and queues `refresh_extract` to run EXTRACT_REFRESH_DELAY seconds later; requests
while it is queued find it claimed and do nothing, so a burst of writes, from any process, makes one
job. The job releases the claim as it starts, so a write during the run queues the next one.

The setting EXTRACT_REFRESH_ON_WRITE turns the watching off (the tests' default). A claim whose job
never ran (its worker was lost) is taken over once it is well past its time.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from livingwell.analytics import changes, refresh
from livingwell.analytics.extract import ExtractBusy
from livingwell.analytics.models import RefreshState

# A queued refresh this long past its time is taken to be lost, and a new one is queued.
LOST_AFTER = dt.timedelta(minutes=10)
_WRITES = ("INSERT", "UPDATE", "DELETE")
logger = logging.getLogger(__name__)
# The connections (by alias) of this thread with an autocommitted write not yet asked about.
_asking = threading.local()


@task()
def refresh_extract() -> dict[str, Any]:
    """Refresh the operational borough's extract (the queued job; running it twice is harmless)."""
    RefreshState.objects.filter(ons_code=settings.BOROUGH_ONS_CODE).update(requested_at=None)
    try:
        run = refresh.refresh()
    except ExtractBusy:
        # Another run (the nightly command, say) holds the lock and may have read the tables before
        # the writes that queued this job: queue another rather than lose them.
        request_refresh()
        return {"busy": True}
    return {"batch": run.batch, "rows": run.rows}


def request_refresh(now: dt.datetime | None = None) -> bool:
    """Queue a refresh unless one is queued already; return whether this call queued it."""
    now = now or timezone.now()
    delay = dt.timedelta(seconds=settings.EXTRACT_REFRESH_DELAY)
    code = settings.BOROUGH_ONS_CODE
    with transaction.atomic():
        RefreshState.objects.get_or_create(ons_code=code)
        # One UPDATE decides between processes: the claim is the row's requested_at going from empty.
        claimed = (
            RefreshState.objects.filter(ons_code=code)
            .filter(Q(requested_at__isnull=True) | Q(requested_at__lt=now - delay - LOST_AFTER))
            .update(requested_at=now)
        )
        if claimed:
            job = refresh_extract
            if job.get_backend().supports_defer:
                job = job.using(run_after=now + delay)
            # In the claim's transaction, so a claim is never left without its job.
            job.enqueue()
    return bool(claimed)


def _request_after_commit() -> None:
    request_refresh()


def _table_written(sql: str) -> str:
    """Return the table an INSERT, UPDATE or DELETE statement writes ("" for any other statement)."""
    words = sql.lstrip()[:200].split(None, 3)
    if not words or words[0].upper() not in _WRITES:
        return ""
    # INSERT INTO "t" ..., UPDATE "t" ..., DELETE FROM "t" ...: as Django writes them.
    name = words[1] if words[0].upper() == "UPDATE" else (words[2] if len(words) > 2 else "")
    return name.strip('"`')


_watched: frozenset[str] | None = None


def _pending() -> set[str]:
    if not hasattr(_asking, "aliases"):
        _asking.aliases = set()
    aliases: set[str] = _asking.aliases
    return aliases


def ask_for_autocommitted_writes(alias: str | None = None, **kwargs: Any) -> None:
    """Ask for the refresh that autocommitted writes are owed (before a query; at a request's end)."""
    pending = _pending()
    if not settings.EXTRACT_REFRESH_ON_WRITE:
        pending.clear()
    for name in [alias] if alias else list(pending):
        if name not in pending or connections[name].in_atomic_block:
            continue
        pending.discard(name)
        try:
            request_refresh()
        except DatabaseError:
            # Another statement is still being read (a loop over a query that writes as it goes):
            # ask again before the next query.
            pending.add(name)
            logger.debug("extract refresh request put off", exc_info=True)


def watch_writes(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """Pass a query on; after a write to an extracted table, ask for a refresh once it commits."""
    global _watched
    connection = context["connection"]
    if connection.alias in _pending():
        ask_for_autocommitted_writes(connection.alias)
    result = execute(sql, params, many, context)
    if settings.EXTRACT_REFRESH_ON_WRITE and isinstance(sql, str):
        if _watched is None:
            _watched = changes.watched_tables()
        if _table_written(sql) in _watched:
            if not connection.in_atomic_block:
                _pending().add(connection.alias)
                return result
            # One request per transaction: later writes in it find the first one waiting.
            waiting = getattr(connection, "run_on_commit", [])
            if not any(entry[1] is _request_after_commit for entry in waiting):
                # Robust: the write has committed, and a failure to queue must not undo the page.
                transaction.on_commit(_request_after_commit, using=connection.alias, robust=True)
    return result


def install_watch(connection: Any, **kwargs: Any) -> None:
    """Watch a new database connection's writes (connected to `connection_created`)."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def install_on_open_connections() -> None:
    """Watch the connections already open (they were made before the signal was connected)."""
    for connection in connections.all(initialized_only=True):
        install_watch(connection)
