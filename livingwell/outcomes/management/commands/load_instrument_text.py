"""`livingwell load-instrument-text FILE --organisation NAME`: load the wording an organisation is licensed to use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from livingwell.accounts.models import Organisation
from livingwell.outcomes.instruments import InstrumentTextError
from livingwell.outcomes.services import load_instrument_text


class Command(BaseCommand):
    help = "Load an instrument's item wording for one organisation from a JSON content file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--organisation", required=True, help="the organisation's name or ODS code (the licence holder)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        wanted = options["organisation"].strip()
        organisation = Organisation.objects.filter(
            Q(name__iexact=wanted) | Q(ods_code=wanted.upper())
        ).first()
        if organisation is None:
            raise CommandError(f"No organisation named or coded {wanted!r}")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path} is not a JSON file: {error}") from None
        try:
            loaded, created = load_instrument_text(organisation, data)
        except InstrumentTextError as error:
            raise CommandError(str(error)) from None
        verb = "Loaded" if created else "Replaced"
        self.stdout.write(
            f"{verb} {loaded.instrument} wording for {organisation.name} ({len(loaded.items)} items)."
        )
