"""What the extract's refresh keeps in the operational database: the change log and its own state."""

from __future__ import annotations

from django.db import models


class ExtractChange(models.Model):
    """One row written to a table the extract reads, logged by a database trigger (`changes.py`).

    Triggers, not signals: the services change rows with `QuerySet.update()` too (allocation,
    discharge, a service accepting an introduction, a merge), which sends no signal. A trigger sees
    every write, made in the same transaction, so a logged change commits or rolls back with it.
    """

    # The extract table (or `standards`, `services`) and the database id of the row written.
    source = models.CharField(max_length=32)
    row_id = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.source} {self.row_id}"


class RefreshState(models.Model):
    """The operational borough's refresh: whether one is queued, and what the last one found.

    One row per borough (by ONS code), so that the web processes and the task worker agree on
    whether a refresh is queued (the debounce) whichever of them saw the write.
    """

    ons_code = models.CharField(max_length=9, primary_key=True)
    # When a write asked for the refresh now queued; empty when none is.
    requested_at = models.DateTimeField(null=True, blank=True)
    # When the last refresh finished, having found the extract up to date with what it read.
    checked_at = models.DateTimeField(null=True, blank=True)
    # The extract's last batch as the last refresh left it ("<batch>@<extracted_at>"): a batch
    # written since by anything else means the change log no longer describes the difference.
    synced_batch = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return self.ons_code
