"""Seed the demo borough: `livingwell seed-demo [--months 36] [--seed S] [--now T] [--scale F] [--reset]`."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from livingwell.accounts.models import Organisation
from livingwell.demo import borough, extracts_write, history, london, mine_now, two_step
from livingwell.demo.london import COMPARISON_BOROUGHS
from livingwell.lib.clocks import LONDON


def start_of_this_hour() -> dt.datetime:
    """Return the start of the current hour, in Europe/London (its offsets are whole hours)."""
    return timezone.now().replace(minute=0, second=0, microsecond=0).astimezone(LONDON)


def london_datetime(text: str) -> dt.datetime:
    """Parse an ISO 8601 date and time; one without an offset is a Europe/London wall-clock time."""
    try:
        at = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date and time: {text!r}") from None
    if at.tzinfo is None:
        # Through UTC and back, so a time in the spring gap resolves as clocks.py's instants do.
        at = at.replace(tzinfo=LONDON).astimezone(dt.UTC)
    return at.astimezone(LONDON)


class Command(BaseCommand):
    help = "Seed a synthetic Lambeth-like borough with months of history before and after the hub (deterministic for a seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--months", type=int, default=36, help="months of history ending this month")
        parser.add_argument("--seed", type=int, default=2013)
        # The history ends at --now, the only clock seeding reads: the same --seed, --months and
        # --now give the same borough whenever and however fast it runs.
        parser.add_argument(
            "--now",
            type=london_datetime,
            default=None,
            help="when the history ends, ISO 8601 (Europe/London unless it has an offset; default: the start of this hour)",
        )
        # --scale replaces the small seed's --people: the borough's volumes come from params.py,
        # and a fraction of them makes a quicker, smaller borough with the same shape.
        parser.add_argument("--scale", type=float, default=1.0, help="fraction of the borough's volumes")
        parser.add_argument("--reset", action="store_true", help="empty the database first")
        parser.add_argument(
            "--no-outcomes", action="store_true", help="leave episodes without questionnaire histories"
        )
        parser.add_argument(
            "--no-extracts",
            action="store_true",
            help="write no analytic extracts (the borough's own, and five synthetic London boroughs)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["months"] < 3:
            raise CommandError("--months must be at least 3")
        if not 0 < options["scale"] <= 5:
            raise CommandError("--scale must be more than 0 and at most 5")
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
        elif Organisation.objects.exists():
            self.stdout.write("The demo borough is already seeded (use --reset to start again).")
            self._print_sign_ins()
            return
        now = options["now"] or start_of_this_hour()
        if isinstance(now, str):  # call_command(now="...") passes the text unparsed
            now = london_datetime(now)
        started = time.perf_counter()
        summary = history.seed(
            months=options["months"], seed_value=options["seed"], now=now, scale=options["scale"]
        )
        self.stdout.write(
            f"Seeded {summary.months} months (the hub opens in month {summary.hub_opens_month}, counting from 0): "
            f"{summary.people} people, {summary.introductions} hub introductions, "
            f"{summary.service_introductions} introductions to services, {summary.episodes} episodes, "
            f"{summary.sessions} sessions in {time.perf_counter() - started:.1f} s."
        )
        if not options["no_outcomes"]:
            # The outcomes histories are seeded from the episodes just made, once, with the same seed.
            call_command("seed_outcome_history", seed=options["seed"], now=now, stdout=self.stdout)
        if not options["no_extracts"]:
            self._write_extracts(months=options["months"], seed=options["seed"], now=now)
        self._print_sign_ins()

    def _write_extracts(self, *, months: int, seed: int, now: dt.datetime) -> None:
        """Extract the borough afresh and write the comparison boroughs beside it, over the same months.

        The alliance dashboard and borough comparison read the analytic extracts, not the database:
        without them the demo's commissioner would see only "no extract yet".
        """
        call_command("extract", full=True, stdout=self.stdout)
        started = time.perf_counter()
        end = extracts_write.last_full_month(now)
        written = extracts_write.write_boroughs(
            settings.EXTRACT_DIR, COMPARISON_BOROUGHS, months=months, end_month=end, seed=seed
        )
        names = ", ".join(london.profile(code).name for code in written)
        self.stdout.write(
            f"Wrote synthetic extracts of {len(written)} London boroughs to compare with ({names}) "
            f"in {time.perf_counter() - started:.1f} s."
        )

    def _print_sign_ins(self) -> None:
        # Where the demo is served (`make demo` sets PUBLIC_BASE_URL from PORT).
        base = settings.PUBLIC_BASE_URL or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
        self.stdout.write(
            f"\nDemo sign-ins (password for all: {borough.DEMO_PASSWORD}) at {base.rstrip('/')}/staff/sign-in/"
        )
        apps = two_step.secrets()
        for username, (first, last), role, org in borough.STAFF:
            self.stdout.write(f"  {username:<16} {role.label:<22} {first} {last}, {org}")
            if username in apps:
                self.stdout.write(
                    f"  {'':<16} two-step verification: add this key to an authenticator app: {apps[username]}"
                )
        if apps:
            self.stdout.write(
                "Accounts with a key ask for a code after the password (administrators and hub leads must have one); "
                "without a phone, `LIVINGWELL_ENV_FILE=demo.env .venv/bin/livingwell demo-code USERNAME` prints the current code"
            )
        if line := mine_now.sign_in_line():
            self.stdout.write(line)
        self.stdout.write("Commissioners and hub leads: the hub dashboard is at /insight/hub/")
        self.stdout.write(
            "The alliance dashboard and its board pack: /insight/alliance/; boroughs: /insight/boroughs/"
        )
