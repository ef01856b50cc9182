"""`livingwell directory import FILE` and `livingwell directory export [FILE]`: Open Referral UK JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from livingwell.network import oruk_json
from livingwell.network.models import Service
from livingwell.network.oruk_import import ImportRefused, import_directory, parse


class Command(BaseCommand):
    help = (
        "Import an Open Referral UK v3.0 file (a list of fully nested services, one service, or a "
        "taxonomy) into the directory, all or nothing; or export the directory as such a file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        into = actions.add_parser(
            "import", help="import a file: every problem listed, or every service upserted"
        )
        into.add_argument("file", type=Path)
        out = actions.add_parser(
            "export", help="write every service, fully nested, to FILE or standard output"
        )
        out.add_argument("file", type=Path, nargs="?")
        out.add_argument(
            "--public",
            action="store_true",
            help="leave out the alliance's own fields (partner, introductions, response standard, capacity)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options["file"])
        else:
            self._export(options["file"], staff=not options["public"])

    def _import(self, path: Path) -> None:
        try:
            data = parse(path.read_bytes())
            result = import_directory(data)
        except FileNotFoundError:
            raise CommandError(f"There is no file {path}") from None
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"Nothing was imported: {len(refused.problems)} problem(s) in {path}"
            ) from None
        if result.taxonomy_terms:
            self.stdout.write(f"Imported a taxonomy with {result.taxonomy_terms} terms")
        else:
            self.stdout.write(
                f"{result.created} services added, {result.updated} changed, {result.unchanged} unchanged"
            )

    def _export(self, path: Path | None, *, staff: bool) -> None:
        services = list(oruk_json.with_everything(Service.objects.order_by("name", "uuid")))
        oruk_json.attach_all_attributes(services)
        text = json.dumps(
            [oruk_json.service_full(s, staff=staff) for s in services], indent=2, ensure_ascii=False
        )
        if path is None:
            sys.stdout.write(text + "\n")
        else:
            path.write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"Wrote {len(services)} services to {path}")
