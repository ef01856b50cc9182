"""Scenario runs for the pages: cache by parameters hash, add replications until precise enough.

The stopping rule (stated here because the issue leaves it open): after the first
`PATHWAY_FIRST_REPLICATIONS` (default 3) replications, and after every further batch of
`PATHWAY_BATCH_REPLICATIONS` (default 5), a run stops once the 95% confidence interval of every
key measure is narrow enough — its half-width at most `PATHWAY_RELATIVE_PRECISION` (default 5%)
of the mean, or at most the measure's absolute tolerance (`ABSOLUTE_TOLERANCE`: half a day for a
wait, 5 crises or bed-days, £10,000 of cost), whichever is looser — or when it reaches
`PATHWAY_MAX_REPLICATIONS` (default 40). Key measures: crises, bed-days, cost, onward specialist
introductions, and the mean wait at every service. The absolute floor stops a measure near zero
(a wait of minutes) from demanding replications no decision needs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from livingwell.pathway.engine import (
    DEFAULT_SEED,
    ReplicationResult,
    Scenario,
    ServiceRecord,
    SystemRecord,
    build_network,
    replication_seeds,
    run_replication,
)
from livingwell.pathway.engine.results import confidence_interval
from livingwell.pathway.models import Comparison, RunStatus, ScenarioRun

SYSTEM_KEY_MEASURES = ("crises", "bed_days", "cost", "specialist_introductions")
ABSOLUTE_TOLERANCE = {
    "crises": 5.0,
    "bed_days": 5.0,
    "cost": 10_000.0,
    "specialist_introductions": 5.0,
    "mean_wait_days": 0.5,
}
# Bump when the engine's results change meaning, so cached runs are not reused across versions.
RESULTS_VERSION = 1


def setting(name: str, default: int | float | None) -> Any:
    """Return a pathway page setting (tests shrink the simulation through these)."""
    return getattr(settings, name, default)


def run_length(scenario: Scenario) -> tuple[int, int]:
    """Return (months, warm-up months) the pages run a scenario for."""
    months = setting("PATHWAY_MONTHS", None) or scenario.months
    warm_up = setting("PATHWAY_WARM_UP_MONTHS", None)
    warm_up = scenario.warm_up_months if warm_up is None else warm_up
    return int(months), int(min(warm_up, months - 1))


def parameters_hash(scenario: Scenario, months: int, warm_up_months: int, seed: int) -> str:
    """Hash everything that shapes a run's results; the name and description do not."""
    data = scenario.model_dump(mode="json", exclude={"name", "description"})
    data["months"], data["warm_up_months"] = months, warm_up_months
    document = {"scenario": data, "seed": seed, "version": RESULTS_VERSION}
    text = json.dumps(document, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def request_run(scenario: Scenario) -> tuple[ScenarioRun, bool]:
    """Return the run for this scenario, creating it if no cached one exists; True if it needs work.

    A failed run is reset and tried again; a queued, running or finished one is reused as it is.
    """
    months, warm_up = run_length(scenario)
    seed = int(setting("PATHWAY_SEED", DEFAULT_SEED))
    digest = parameters_hash(scenario, months, warm_up, seed)
    with transaction.atomic():
        run, created = ScenarioRun.objects.select_for_update().get_or_create(
            parameters_hash=digest,
            defaults={
                "name": scenario.name,
                "scenario": scenario.model_dump_json(),
                "months": months,
                "warm_up_months": warm_up,
                "seed": seed,
                "replications_limit": int(setting("PATHWAY_MAX_REPLICATIONS", 40)),
            },
        )
        if not created and run.status == RunStatus.FAILED:
            run.status, run.error = RunStatus.QUEUED, ""
            run.save(update_fields=["status", "error", "updated_at"])
            return run, True
    return run, created


def stored_results(run: ScenarioRun) -> list[ReplicationResult]:
    """Rebuild the engine's records from a run's stored replications (no monthly records)."""
    results = []
    for r, item in enumerate(run.replications):
        system = SystemRecord(**item["system"])
        services = [ServiceRecord(**s) for s in item["services"]]
        results.append(ReplicationResult(r, system, services, []))
    return results


def key_values(results: Sequence[ReplicationResult]) -> dict[tuple[str, str], list[float]]:
    """Return each key measure's values across replications, keyed by (scope, measure)."""
    values: dict[tuple[str, str], list[float]] = {}
    for measure in SYSTEM_KEY_MEASURES:
        values["system", measure] = [float(getattr(r.system, measure)) for r in results]
    if results:
        for position, service in enumerate(results[0].services):
            values[service.service, "mean_wait_days"] = [r.services[position].mean_wait_days for r in results]
    return values


def precise_enough(results: Sequence[ReplicationResult]) -> bool:
    """Apply the stopping rule in this module's docstring."""
    relative = float(setting("PATHWAY_RELATIVE_PRECISION", 0.05))
    for (_, measure), values in key_values(results).items():
        row = confidence_interval(values)
        if row.mean is None or row.ci_high is None:
            return False
        half = row.ci_high - row.mean
        if half > max(relative * abs(row.mean), ABSOLUTE_TOLERANCE[measure]):
            return False
    return True


def partners(run: ScenarioRun) -> list[ScenarioRun]:
    """Return the runs compared with this one (its baselines and changed scenarios)."""
    pairs = Comparison.objects.filter(Q(baseline=run) | Q(variant=run)).values_list("baseline", "variant")
    ids = {pk for pair in pairs for pk in pair} - {run.pk}
    # Not their stored replications or queue sums: only counts and status are read, every batch.
    return list(ScenarioRun.objects.filter(pk__in=ids).defer("replications", "queue_sums").order_by("pk"))


def replications_wanted(run: ScenarioRun) -> int:
    """Return how many replications the run needs beyond its own stopping rule: as many as any
    run it is compared with has, so that every comparison pairs them all (within the limit).

    A comparison pairs replication r of one run with replication r of the other (common random
    numbers), so it can use only as many as both have: without this, a baseline run to 8 for one
    comparison and a changed scenario precise at 3 gave "baseline 8 runs, changed 3, means over 3".
    """
    return min(max((p.replications_done for p in partners(run)), default=0), run.replications_limit)


def reopen_shorter_partners(run: ScenarioRun) -> list[int]:
    """Mark finished partners with fewer replications than `run` as queued again; return their ids.

    The caller queues them (the task module, which this one cannot import).
    """
    reopened = []
    for partner in partners(run):
        if partner.status == RunStatus.FINISHED and partner.replications_done < min(
            run.replications_done, partner.replications_limit
        ):
            updated = ScenarioRun.objects.filter(pk=partner.pk, status=RunStatus.FINISHED).update(
                status=RunStatus.QUEUED
            )
            if updated:
                reopened.append(partner.pk)
    return reopened


def _save_replication(run: ScenarioRun, result: ReplicationResult) -> None:
    run.replications.append(
        {"system": asdict(result.system), "services": [asdict(s) for s in result.services]}
    )
    for month in result.months:
        sums = run.queue_sums.setdefault(month.service, [0.0] * run.months)
        sums[month.month] += month.mean_queue
    run.replications_done = len(run.replications)


def advance(run: ScenarioRun) -> bool:
    """Run the run's next batch of replications, saving after each one; True once it is finished.

    One batch at a time, so that a worker alternates between the runs waiting for it and every
    comparison gets a first answer quickly rather than queueing behind a long run.
    """
    scenario = run.scenario_model()
    network = build_network(scenario, run.months, run.warm_up_months)
    first = int(setting("PATHWAY_FIRST_REPLICATIONS", 3))
    batch = int(setting("PATHWAY_BATCH_REPLICATIONS", 5))
    ScenarioRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    run.status = RunStatus.RUNNING
    target = first if run.replications_done < first else run.replications_done + batch
    while run.replications_done < min(target, run.replications_limit):
        done = run.replications_done
        # Replication r always uses spawn key (r,), so adding replications later gives the
        # same numbers as running them all at once (and common random numbers across runs).
        seed = replication_seeds(run.seed, done + 1)[done]
        _save_replication(run, run_replication(network, seed, done))
        with transaction.atomic():
            run.save(update_fields=["replications", "queue_sums", "replications_done", "updated_at"])
    run.precise_enough = precise_enough(stored_results(run))
    short = run.replications_done < replications_wanted(run)
    if (short or not run.precise_enough) and run.replications_done < run.replications_limit:
        return False
    run.status = RunStatus.FINISHED
    with transaction.atomic():
        run.save(update_fields=["status", "precise_enough", "updated_at"])
    return True


def fail(run_id: int, error: Exception) -> None:
    """Record why a run could not finish, so the page can say so instead of waiting forever."""
    with transaction.atomic():
        ScenarioRun.objects.filter(pk=run_id).update(status=RunStatus.FAILED, error=str(error)[:2000])
