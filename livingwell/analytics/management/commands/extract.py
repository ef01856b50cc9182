"""`livingwell extract [--out DIR] [--full]`: write the pseudonymised analytic extract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from livingwell.analytics.extract import ExtractRefused, extract, operational_borough
from livingwell.analytics.refresh import operational_folder, refresh


class Command(BaseCommand):
    help = (
        "Write the rows new or changed since the last run as a new batch of the borough's pseudonymised "
        "Parquet extract (or, with --full, a fresh extract swapped in whole)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            type=Path,
            help="the borough's extract folder (default: EXTRACT_DIR/<BOROUGH_ONS_CODE>)",
        )
        parser.add_argument(
            "--full", action="store_true", help="write a fresh extract and swap it in for the old one"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            borough = operational_borough()
        except KeyError as error:
            raise CommandError(f"{error.args[0]}: set BOROUGH_ONS_CODE to a borough it has") from None
        folder: Path = options["out"] or operational_folder()
        try:
            if folder == operational_folder():
                # The borough's own extract: through the change log, which this run then empties.
                run = refresh(full=options["full"])
            else:
                run = extract(
                    folder, borough=borough, secret=settings.PSEUDONYM_KEY.encode(), full=options["full"]
                )
        except ExtractRefused as error:
            raise CommandError(str(error)) from None
        if run.batch is None:
            self.stdout.write(f"Nothing changed since the last batch: no batch written to {folder}.")
            return
        fresh = " (a fresh extract)" if run.full else ""
        self.stdout.write(
            f"Wrote batch {run.batch}{fresh} of {borough.name} ({borough.ons_code}) to {folder}:"
        )
        for table, rows in run.rows.items():
            self.stdout.write(f"  {table}: {rows} rows")
