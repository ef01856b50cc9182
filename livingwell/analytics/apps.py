from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


def _install_triggers(using: str = "default", **kwargs: Any) -> None:
    """After `migrate`, put back any change-log trigger a migration dropped (see `changes.py`)."""
    from livingwell.analytics import changes
    from livingwell.analytics.models import RefreshState

    if changes.install(using):
        # Writes made while a trigger was missing went unlogged: the next refresh reads everything.
        RefreshState.objects.using(using).update(synced_batch="")


class AnalyticsConfig(AppConfig):
    name = "livingwell.analytics"
    label = "analytics"

    def ready(self) -> None:
        from livingwell.analytics import tasks

        connection_created.connect(tasks.install_watch, dispatch_uid="livingwell.analytics.watch")
        tasks.install_on_open_connections()
        request_finished.connect(tasks.ask_for_autocommitted_writes, dispatch_uid="livingwell.analytics.ask")
        post_migrate.connect(_install_triggers, sender=self, dispatch_uid="livingwell.analytics.triggers")
