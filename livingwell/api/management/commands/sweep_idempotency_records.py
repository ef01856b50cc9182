"""Delete API idempotency records older than the stated window (run hourly; safe to rerun)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from livingwell.api import limits
from livingwell.api.services import sweep_idempotency_records


class Command(BaseCommand):
    help = "Delete API idempotency records older than the idempotency window."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = sweep_idempotency_records()
        self.stdout.write(
            f"Deleted {deleted} idempotency records older than {limits.idempotency_hours()} hours."
        )
