"""Background work: run a scenario's replications with django-tasks (a `db_worker` in the demo)."""

from __future__ import annotations

from django_tasks import task

from livingwell.pathway import runs
from livingwell.pathway.models import RunStatus, ScenarioRun


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
    return run.replications_done
