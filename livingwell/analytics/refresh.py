"""Refreshing the operational borough's extract from the change log, and how fresh it is.

`refresh` is what the debounced task (`tasks.py`) and `livingwell extract` run for the borough's own
folder (EXTRACT_DIR/<BOROUGH_ONS_CODE>). Holding the extract's lock, it reads the change log
(`changes.py`), extracts only the rows the log names, and then forgets those entries. It reads every
table whole instead when the log cannot be trusted to describe the difference: no extract yet, a
trigger was missing, or the extract's last batch is not the one the last refresh left (something
else wrote to the folder). Either way the batch is the one a whole read would write.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from livingwell.analytics import changes
from livingwell.analytics.extract import ExtractRun, exclusive, extract_locked, operational_borough
from livingwell.analytics.kpis import store
from livingwell.analytics.models import ExtractChange, RefreshState


def operational_folder() -> Path:
    """Return the folder of the operational borough's own extract."""
    return Path(settings.EXTRACT_DIR) / str(settings.BOROUGH_ONS_CODE)


def _last_batch(folder: Path) -> str:
    """Name the extract's last batch by number and time ("" when there is no extract to read)."""
    try:
        batches = store.read_manifest(folder)["batches"]
    except store.ExtractError:
        return ""
    return f"{batches[-1]['batch']}@{batches[-1]['extracted_at']}" if batches else ""


def refresh(*, full: bool = False, now: dt.datetime | None = None) -> ExtractRun:
    """Bring the operational borough's extract up to date with the database; return what was written.

    Raises ExtractBusy while another run holds the lock, and ExtractRefused when the folder holds an
    extract this run cannot continue (another borough, key or a synthetic one).
    """
    borough = operational_borough()
    folder = operational_folder()
    now = now or timezone.now()
    with exclusive(folder, borough):
        unlogged = changes.install()
        state, _ = RefreshState.objects.get_or_create(ons_code=borough.ons_code)
        logged = changes.read()
        trusted = changes.supported() and not unlogged and bool(state.synced_batch)
        trusted = trusted and state.synced_batch == _last_batch(folder)
        run = extract_locked(
            folder,
            borough=borough,
            secret=settings.PSEUDONYM_KEY.encode(),
            full=full,
            now=now,
            changes=logged.changes if trusted else None,
        )
        changes.forget(logged.ids)
        RefreshState.objects.filter(ons_code=borough.ons_code).update(
            checked_at=now, synced_batch=_last_batch(folder)
        )
    return run


@dataclass(frozen=True)
class Freshness:
    """How fresh the operational borough's figures are, for a page to say."""

    # When the newest batch of the extract was written (None: there is no extract yet).
    extracted_at: dt.datetime | None
    # When a refresh last found the extract up to date with the database (it may write no batch).
    checked_at: dt.datetime | None
    # Writes have been made that no refresh has taken yet (one is queued, or will be).
    pending: bool

    @property
    def as_of(self) -> dt.datetime | None:
        """The moment the figures were last known to match the records."""
        times = [t for t in (self.extracted_at, self.checked_at) if t is not None]
        return max(times, default=None)


def freshness() -> Freshness:
    """Return how fresh the operational borough's extract is: two small queries and a file read."""
    try:
        batches = store.read_manifest(operational_folder())["batches"]
        extracted_at = max((dt.datetime.fromisoformat(b["extracted_at"]) for b in batches), default=None)
    except (store.ExtractError, KeyError, ValueError):
        extracted_at = None
    state = RefreshState.objects.filter(ons_code=settings.BOROUGH_ONS_CODE).first()
    requested = state is not None and state.requested_at is not None
    checked_at = state.checked_at if state is not None and extracted_at is not None else None
    return Freshness(extracted_at, checked_at, requested or ExtractChange.objects.exists())
