"""Background work: run a scenario's replications with django-tasks (a `db_worker` in the demo)."""

from __future__ import annotations

import datetime as dt
import logging

from django_tasks import task

from livingwell.pathway import baselines, calibration, fit, runs
from livingwell.pathway.engine import ScenarioError
from livingwell.pathway.models import Calibration, RunStatus, ScenarioRun

logger = logging.getLogger(__name__)
FIT_REPLICATIONS = 5  # as `livingwell pathway calibrate` checks the fit by default


@task()
def run_scenario(run_id: int) -> int:
    """Add a batch of replications to a run, and queue the next batch until the rule holds."""
    run = ScenarioRun.objects.get(pk=run_id)
    if run.status == RunStatus.FINISHED:
        return run.replications_done
    try:
        finished = runs.advance(run)
    except Exception as error:  # the page must show a failure, not wait forever
        runs.fail(run_id, error)
        raise
    if not finished:
        # Behind any other run's batch: runs share the worker batch by batch.
        run_scenario.enqueue(run_id)
    else:
        # A run compared with this one and finished with fewer replications catches up with it.
        for partner_id in runs.reopen_shorter_partners(run):
            run_scenario.enqueue(partner_id)
    return run.replications_done


@task()
def calibrate_baseline(template: str, since: str, until: str) -> int | None:
    """Derive a baseline from the records of `since` to `until` (ISO dates) and offer it on the pages.

    Idempotent by period: a second request for the same template and period (a double click, a
    retried task) returns the calibration already saved. Records too few to calibrate from are
    logged and leave no calibration, as the command refuses them.
    """
    start, end = dt.date.fromisoformat(since), dt.date.fromisoformat(until)
    existing = Calibration.objects.filter(template=template, since=start, until=end).first()
    if existing is not None:
        return existing.pk
    try:
        calibrated = calibration.calibrate(baselines.shipped(template), start, end)
    except (ValueError, ScenarioError) as error:
        logger.warning("cannot calibrate %s to %s: %s", since, until, error)
        return None
    rows = fit.assess(calibrated, FIT_REPLICATIONS)
    return int(calibration.save(calibrated, template, fit.as_dicts(rows)).pk)
