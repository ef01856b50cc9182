"""`livingwell pathway calibrate`: derive a baseline scenario from the records and say how well it fits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from livingwell.lib.clocks import years_before
from livingwell.pathway import baselines, calibration, fit
from livingwell.pathway.engine import ScenarioError


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"'{text}' is not a date: use YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Derive a baseline pathway scenario from the platform's records and report its fit."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="first day of records (default: a year before --until)")
        parser.add_argument("--until", help="last day of records (default: today)")
        parser.add_argument("--template", default="with_hub", help="shipped scenario for assumed parameters")
        parser.add_argument("--output", metavar="FILE", help="write the scenario here (YAML; default stdout)")
        parser.add_argument("--replications", type=int, default=5, help="replications for the fit check")
        parser.add_argument("--no-save", action="store_true", help="do not offer it on the pages")

    def handle(self, *args: Any, **options: Any) -> None:
        until = _date(options["until"]) if options["until"] else timezone.localdate()
        since = _date(options["since"]) if options["since"] else years_before(until, 1)
        if options["replications"] < 2:
            raise CommandError("--replications must be at least 2 for a confidence interval")
        try:
            template = baselines.shipped(options["template"])
        except KeyError:
            choices = ", ".join(baselines.shipped_keys())
            raise CommandError(
                f"no shipped scenario '{options['template']}' (choose from {choices})"
            ) from None
        try:
            calibrated = calibration.calibrate(template, since, until)
        except (ValueError, ScenarioError) as error:
            raise CommandError(f"cannot calibrate: {error}") from None
        rows = fit.assess(calibrated, options["replications"])
        text = yaml.safe_dump(
            calibrated.scenario.model_dump(mode="json", exclude_none=True),
            sort_keys=False,
            allow_unicode=True,
        )
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text)
        for note in calibrated.notes:
            self.stderr.write(f"note: {note}")
        self.stderr.write(self._fit_table(rows))
        if not options["no_save"]:
            saved = calibration.save(calibrated, options["template"], fit.as_dicts(rows))
            self.stderr.write(f"saved as calibration {saved.pk}; the pathway pages offer it as a baseline")

    @staticmethod
    def _fit_table(rows: list[fit.FitRow]) -> str:
        def number(value: float | None) -> str:
            return "–" if value is None else f"{value:,.1f}"

        lines = [f"{'measure':<64} {'recorded':>10} {'simulated':>10} {'95% CI':>21} {'diff %':>7}  fit"]
        for row in rows:
            interval = f"{number(row.ci_low)} to {number(row.ci_high)}"
            lines.append(
                f"{row.measure:<64} {number(row.recorded):>10} {number(row.simulated):>10} "
                f"{interval:>21} {number(row.difference_percent):>7}  {row.verdict}"
            )
        return "\n".join(lines)
