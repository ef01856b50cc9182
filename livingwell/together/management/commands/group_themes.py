"""Group the free text (feedback and published stories, redacted) into themes again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from livingwell.together.theme_core import EmbeddingsUnavailable
from livingwell.together.themes import regroup


class Command(BaseCommand):
    help = "Group feedback and published stories into themes (keeping named and linked themes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--method", choices=["tfidf", "embeddings"], default="tfidf")
        parser.add_argument("--groups", type=int, default=None, help="How many groups (default: chosen)")

    def handle(self, *args: Any, method: str, groups: int | None, **options: Any) -> None:
        try:
            run = regroup(method=method, groups=groups)
        except EmbeddingsUnavailable as why:
            self.stderr.write(f"Cannot use embeddings: {why}. Use --method tfidf.")
            raise SystemExit(2) from why
        self.stdout.write(f"Grouped {run.texts} texts into {run.groups} themes.")
