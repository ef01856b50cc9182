"""Saved calibrations and scenario runs: what the commissioners' pages run and compare.

Only aggregates are stored here (replication summaries, never a person), so every row may be
shown to commissioners.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import models

from livingwell.pathway.engine import Scenario, ScenarioError, scenario_from_mapping

SCENARIO_HELP = (
    "the scenario as JSON text: kept as text because PostgreSQL's jsonb reorders keys, and the "
    "order of a service's routes decides which random number picks which route"
)


def load_stored(text: str) -> Scenario:
    """Validate a stored scenario, keeping the order of its keys."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ScenarioError(f"stored scenario is not JSON: {error}") from None
    return scenario_from_mapping(data)


class Calibration(models.Model):
    """A baseline scenario derived from the platform's records, with how well it fits them."""

    created_at = models.DateTimeField(auto_now_add=True)
    since = models.DateField()
    until = models.DateField()
    template = models.CharField(max_length=100, help_text="shipped scenario the assumed parameters came from")
    scenario = models.TextField(help_text=SCENARIO_HELP)
    fit = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Calibration {self.since:%Y-%m-%d} to {self.until:%Y-%m-%d}"

    def scenario_model(self) -> Scenario:
        """Return the calibrated scenario, validated."""
        return load_stored(self.scenario)


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"


class ScenarioRun(models.Model):
    """Replications of one scenario, cached by the hash of everything that shapes the results."""

    parameters_hash = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    scenario = models.TextField(help_text=SCENARIO_HELP)
    months = models.PositiveIntegerField()
    warm_up_months = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    replications_done = models.PositiveIntegerField(default=0)
    replications_limit = models.PositiveIntegerField()
    precise_enough = models.BooleanField(default=False)
    # One {"system": {...}, "services": [{...}]} per replication, in replication order.
    replications = models.JSONField(default=list, blank=True)
    # service -> per-month sums (over replications) of the mean queue, for the charts.
    queue_sums = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.replications_done} replications)"

    def scenario_model(self) -> Scenario:
        """Return the run's scenario, validated."""
        return load_stored(self.scenario)


class Comparison(models.Model):
    """A baseline and a changed scenario, run with common random numbers and compared."""

    title = models.CharField(max_length=200)
    baseline_label = models.CharField(max_length=200)
    baseline = models.ForeignKey(ScenarioRun, on_delete=models.PROTECT, related_name="+")
    variant = models.ForeignKey(ScenarioRun, on_delete=models.PROTECT, related_name="+")
    changes = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title
