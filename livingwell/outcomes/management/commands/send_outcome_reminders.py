"""`livingwell send-outcome-reminders`: the periodic, idempotent sweep that queues questionnaire reminders."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from livingwell.outcomes.tasks import send_questionnaire_reminders


class Command(BaseCommand):
    help = "Queue one reminder for each link questionnaire left unanswered for a few days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", default="", help="where links point (default: PUBLIC_BASE_URL)")

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_questionnaire_reminders.enqueue(options["base_url"])
        self.stdout.write(f"Reminder sweep queued ({result.id}).")
