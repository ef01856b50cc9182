"""Seed the demo borough: `livingwell seed-demo [--people N] [--seed S] [--reset]`."""

from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from livingwell.accounts.models import Organisation
from livingwell.demo import borough


class Command(BaseCommand):
    help = "Seed a small synthetic borough for the demo (deterministic for a seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=300)
        parser.add_argument("--seed", type=int, default=2013)
        parser.add_argument("--reset", action="store_true", help="empty the database first")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
        elif Organisation.objects.exists():
            self.stdout.write("The demo borough is already seeded (use --reset to start again).")
            self._print_sign_ins()
            return
        if options["people"] < 1:
            raise CommandError("--people must be at least 1")
        summary = borough.seed(people=options["people"], seed_value=options["seed"])
        self.stdout.write(
            f"Seeded {summary.organisations} organisations, {summary.services} services, {summary.staff} staff, "
            f"{summary.people} people, {summary.introductions} introductions, {summary.episodes} episodes."
        )
        self._print_sign_ins()

    def _print_sign_ins(self) -> None:
        port = os.environ.get("PORT", "8000")
        self.stdout.write(
            f"\nDemo sign-ins (password for all: {borough.DEMO_PASSWORD}) at http://127.0.0.1:{port}/staff/sign-in/"
        )
        for username, (first, last), role, org in borough.STAFF:
            self.stdout.write(f"  {username:<14} {role.label:<22} {first} {last}, {org}")
