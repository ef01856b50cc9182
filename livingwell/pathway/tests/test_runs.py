"""Runs for the pages: cached by parameters hash, replications added with progress saved."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from types import SimpleNamespace

import pytest
from django.utils import timezone

from livingwell.pathway import baselines, comparisons, runs
from livingwell.pathway.engine import run_replications, scenario_from_mapping
from livingwell.pathway.models import Comparison, RunStatus, ScenarioRun
from livingwell.pathway.tasks import run_scenario
from livingwell.pathway.tests.factories import small_pathway_data

pytestmark = pytest.mark.django_db


def _scenario(**changes):
    data = small_pathway_data()
    data.update(changes)
    return scenario_from_mapping(data)


def test_hash_ignores_the_name_but_not_a_capacity():
    a = _scenario()
    b = _scenario(name="another name", description="words")
    data = small_pathway_data()
    data["services"]["hub"]["capacity"]["value"] = 3
    c = scenario_from_mapping(data)
    assert runs.parameters_hash(a, 12, 2, 1) == runs.parameters_hash(b, 12, 2, 1)
    assert runs.parameters_hash(a, 12, 2, 1) != runs.parameters_hash(c, 12, 2, 1)
    assert runs.parameters_hash(a, 12, 2, 1) != runs.parameters_hash(a, 12, 2, 2)
    assert runs.parameters_hash(a, 12, 2, 1) != runs.parameters_hash(a, 12, 3, 1)


def test_a_second_request_for_the_same_parameters_hits_the_cache(tiny_runs):
    first, created = runs.request_run(_scenario())
    again, created_again = runs.request_run(_scenario(name="same numbers"))
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert ScenarioRun.objects.count() == 1


def test_a_failed_run_is_tried_again(tiny_runs):
    run, _ = runs.request_run(_scenario())
    ScenarioRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error="worker died")
    again, needs_work = runs.request_run(_scenario())
    assert needs_work
    assert (again.status, again.error) == (RunStatus.QUEUED, "")


def test_comparisons_reuse_cached_runs(tiny_runs, commissioner):
    baseline = baselines.find("with_hub")
    assert baseline is not None
    plan = comparisons.CapacityPlan("hub", 45)
    first = comparisons.start(commissioner, baseline, [plan])
    done = ScenarioRun.objects.get(pk=first.variant_id).replications_done
    second = comparisons.start(commissioner, baseline, [plan])
    assert (second.baseline_id, second.variant_id) == (first.baseline_id, first.variant_id)
    assert ScenarioRun.objects.count() == 2
    assert Comparison.objects.count() == 2
    # Not run again: the cached replications are all there is.
    assert ScenarioRun.objects.get(pk=first.variant_id).replications_done == done
    assert first.changes == ["Hub: 40 places now → 45"]


def test_the_task_saves_progress_after_every_replication(tiny_runs, monkeypatch):
    run, _ = runs.request_run(_scenario())
    seen = []
    real = runs.run_replication

    def watched(network, seed, replication, events=False):
        seen.append(ScenarioRun.objects.get(pk=run.pk).replications_done)
        return real(network, seed, replication, events)

    monkeypatch.setattr(runs, "run_replication", watched)
    monkeypatch.setattr(runs, "precise_enough", lambda results: False)
    run_scenario.enqueue(run.pk)
    run.refresh_from_db()
    assert seen == [0, 1, 2]
    assert run.status == RunStatus.FINISHED
    assert run.replications_done == len(run.replications) == 3
    assert not run.precise_enough
    assert len(run.queue_sums["hub"]) == run.months


def test_it_stops_as_soon_as_the_rule_holds(tiny_runs, monkeypatch):
    run, _ = runs.request_run(_scenario())
    monkeypatch.setattr(runs, "precise_enough", lambda results: len(results) >= 2)
    run_scenario.enqueue(run.pk)
    run.refresh_from_db()
    assert (run.replications_done, run.precise_enough) == (2, True)


def test_replications_added_later_equal_a_run_all_at_once(tiny_runs):
    scenario = _scenario()
    run, _ = runs.request_run(scenario)
    run_scenario.enqueue(run.pk)
    run.refresh_from_db()
    run.replications_limit, run.status = 5, RunStatus.RUNNING
    while not runs.advance(run):
        pass
    at_once = run_replications(
        scenario, 5, seed=run.seed, months=run.months, warm_up_months=run.warm_up_months
    )
    assert [r.system for r in runs.stored_results(run)] == [replace(r.system) for r in at_once]


@pytest.mark.clock
@pytest.mark.parametrize(("minutes", "resumed"), [(4, False), (6, True)])
def test_a_run_that_lost_its_worker_is_queued_again(tiny_runs, monkeypatch, minutes, resumed):
    run, _ = runs.request_run(_scenario())
    queued: list[int] = []
    monkeypatch.setattr(comparisons, "run_scenario", SimpleNamespace(enqueue=queued.append))
    then = timezone.now() - dt.timedelta(minutes=minutes)
    ScenarioRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, updated_at=then)
    run.refresh_from_db()
    assert comparisons.resume_if_stale(run) is resumed
    assert queued == ([run.pk] if resumed else [])
    # Claimed once: a second look straight after does not queue it twice.
    assert comparisons.resume_if_stale(run) is False
    ScenarioRun.objects.filter(pk=run.pk).update(status=RunStatus.FINISHED, updated_at=then)
    run.refresh_from_db()
    assert comparisons.resume_if_stale(run) is False


def test_a_run_that_cannot_finish_is_marked_failed(tiny_runs):
    run, _ = runs.request_run(_scenario())
    ScenarioRun.objects.filter(pk=run.pk).update(scenario='{"name": "broken"}')
    run_scenario.enqueue(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "arrivals" in run.error


def test_precision_rule_on_both_sides_of_the_boundary(tiny_runs, monkeypatch):
    # Crises 100 and 110: mean 105, 95% half-width t(0.975, 1) · sd / √2 = 12.706 · 5 = 63.53.
    values = {("system", "crises"): [100.0, 110.0]}
    monkeypatch.setattr(runs, "key_values", lambda results: values)
    high = runs.confidence_interval([100.0, 110.0]).ci_high
    assert high is not None
    half = high - 105
    assert half == pytest.approx(63.53, abs=0.01)
    tiny_runs.PATHWAY_RELATIVE_PRECISION = (half + 0.01) / 105
    assert runs.precise_enough([])
    tiny_runs.PATHWAY_RELATIVE_PRECISION = (half - 0.01) / 105
    assert not runs.precise_enough([])
    # The absolute tolerance (5 crises) lets a measure near zero pass: 0 and 0.5 crises.
    values[("system", "crises")] = [0.0, 0.5]
    tiny_runs.PATHWAY_RELATIVE_PRECISION = 0.0
    assert runs.precise_enough([])  # half-width 3.18 <= 5
    values[("system", "crises")] = [0.0, 0.8]
    assert not runs.precise_enough([])  # half-width 5.08 > 5
    values[("system", "crises")] = [3.0]
    assert not runs.precise_enough([])  # one replication has no interval


def test_runs_compared_end_with_as_many_replications_as_each_other(tiny_runs, commissioner, monkeypatch):
    baseline = baselines.find("with_hub")
    assert baseline is not None
    enough = [3]  # the baseline needs 3 replications to be precise enough
    monkeypatch.setattr(runs, "precise_enough", lambda results: len(results) >= enough[0])
    base_run, _ = runs.request_run(baseline.scenario)
    run_scenario.enqueue(base_run.pk)
    base_run.refresh_from_db()
    assert base_run.replications_done == 3
    enough[0] = 2  # the changed scenario only 2
    comparison = comparisons.start(commissioner, baseline, [comparisons.CapacityPlan("hub", 45)])
    variant = ScenarioRun.objects.get(pk=comparison.variant_id)
    # Precise at 2, but run on to the baseline's 3: the comparison pairs all of them.
    assert (variant.replications_done, variant.status) == (3, RunStatus.FINISHED)


def test_a_shorter_finished_run_catches_up_with_a_longer_one_it_is_compared_with(
    tiny_runs, commissioner, monkeypatch
):
    baseline = baselines.find("with_hub")
    assert baseline is not None
    monkeypatch.setattr(runs, "precise_enough", lambda results: len(results) >= 3)
    plan = comparisons.CapacityPlan("hub", 45)
    comparison = comparisons.start(commissioner, baseline, [plan])
    variant = ScenarioRun.objects.get(pk=comparison.variant_id)
    # A cached changed run left with fewer than its baseline (as runs were before this rule).
    ScenarioRun.objects.filter(pk=variant.pk).update(
        replications=variant.replications[:2], replications_done=2, status=RunStatus.FINISHED
    )
    comparisons.start(commissioner, baseline, [plan])  # the next comparison of the two reopens it
    variant.refresh_from_db()
    assert (variant.replications_done, variant.status) == (3, RunStatus.FINISHED)
