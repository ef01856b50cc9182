"""Start a what-if comparison and read its results for the page (aggregates only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from livingwell.accounts.models import User
from livingwell.pathway import charts, runs
from livingwell.pathway.baselines import Baseline
from livingwell.pathway.engine import Scenario, SummaryRow, compare, scenario_from_mapping, summarise
from livingwell.pathway.models import Comparison, RunStatus, ScenarioRun
from livingwell.pathway.names import service_name
from livingwell.pathway.tasks import run_scenario

CHANGE_SOURCE = "Commissioner's what-if on the pathway model page"


@dataclass(frozen=True)
class CapacityPlan:
    """The form's answer for one service: capacity now, and optionally a change from a month."""

    service: str
    capacity: int
    change_month: int | None = None
    change_capacity: int | None = None


def apply_plans(scenario: Scenario, plans: list[CapacityPlan]) -> tuple[Scenario, list[str]]:
    """Return the scenario with the planned capacities, and a sentence for each change made.

    The form edits a service's capacity now and its first planned change; later planned changes
    in the scenario are kept when they come after the edited one.
    """
    data = scenario.model_dump(mode="json")
    changes: list[str] = []
    for plan in plans:
        capacity = data["services"][plan.service]["capacity"]
        before = [(c["month"], c["value"]) for c in capacity.get("changes", [])]
        after = before[1:]
        if plan.change_month is not None and plan.change_capacity is not None:
            first = (plan.change_month, plan.change_capacity)
            after = [first, *(c for c in before[1:] if c[0] > plan.change_month)]
        if capacity["value"] == plan.capacity and after == before:
            continue
        name = service_name(plan.service)
        if capacity["value"] != plan.capacity:
            changes.append(f"{name}: {capacity['value']} places now → {plan.capacity}")
        if after != before:
            planned = ", ".join(f"{value} places from month {month} of the run" for month, value in after)
            changes.append(f"{name}: planned change {planned or 'none'}")
        capacity["value"] = plan.capacity
        capacity["changes"] = [{"month": m, "value": v} for m, v in after]
        capacity["basis"], capacity["source"] = "assumed", CHANGE_SOURCE
    if changes:
        data["name"] = f"{scenario.name}, changed"
    return scenario_from_mapping(data), changes


def start(user: User | None, baseline: Baseline, plans: list[CapacityPlan]) -> Comparison:
    """Create a comparison of the baseline with the planned capacities, and queue its runs.

    Runs are cached by parameters hash: a scenario someone has already run is not run again.
    """
    variant, changes = apply_plans(baseline.scenario, plans)
    base_run, base_new = runs.request_run(baseline.scenario)
    variant_run, variant_new = runs.request_run(variant)
    title = f"{baseline.label}: " + ("; ".join(changes) if changes else "no change")
    with transaction.atomic():
        comparison = Comparison.objects.create(
            title=title[:200],
            baseline_label=baseline.label,
            baseline=base_run,
            variant=variant_run,
            changes=changes,
            created_by=user,
        )
    # After the commit above, so a worker never looks for a run it cannot see yet.
    for run, new in ((base_run, base_new), (variant_run, variant_new)):
        if new:
            run_scenario.enqueue(run.pk)
    # Two cached runs finished with different numbers of replications: the shorter catches up.
    for run in (base_run, variant_run):
        for partner_id in runs.reopen_shorter_partners(run):
            run_scenario.enqueue(partner_id)
    return comparison


# A batch of a ten-year borough takes well under a minute; a run this long without saving any
# progress has lost its worker (a restart, a crash), and would otherwise wait for ever.
STALE_AFTER = dt.timedelta(minutes=5)


def resume_if_stale(run: ScenarioRun) -> bool:
    """Queue a run again if it is unfinished and has saved nothing for STALE_AFTER; True if so."""
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        return False
    cutoff = timezone.now() - STALE_AFTER
    with transaction.atomic():
        # One claim per stale run: the update matches only while it is still stale.
        claimed = ScenarioRun.objects.filter(
            pk=run.pk, status__in=(RunStatus.QUEUED, RunStatus.RUNNING), updated_at__lt=cutoff
        ).update(status=RunStatus.QUEUED, updated_at=timezone.now())
    if claimed:
        run_scenario.enqueue(run.pk)
        run.refresh_from_db()
    return bool(claimed)


def first_answer_ready(run: ScenarioRun) -> bool:
    """Return True once a run has enough replications for a confidence interval."""
    return run.replications_done >= 2


@dataclass(frozen=True)
class MeasureRow:
    """One line of the comparison table: both scenarios and their paired difference."""

    label: str
    unit: str
    baseline: SummaryRow
    variant: SummaryRow
    difference: SummaryRow


KEY_MEASURES = (
    ("system", "crises", "Crises", "people"),
    ("system", "admissions", "Admissions to beds", "admissions"),
    ("system", "bed_days", "Bed-days", "days"),
    ("system", "out_of_area_bed_days", "Out-of-area bed-days", "days"),
    ("system", "specialist_introductions", "Onward specialist introductions", "people"),
    ("system", "cost", "Cost", "£"),
)


def measure_rows(comparison: Comparison) -> list[MeasureRow]:
    """Return the key measures for both runs over their common replications."""
    baseline = runs.stored_results(comparison.baseline)
    variant = runs.stored_results(comparison.variant)
    n = min(len(baseline), len(variant))
    baseline, variant = baseline[:n], variant[:n]
    if n == 0:
        return []
    index = {(r.scope, r.measure): r for r in summarise(baseline)}
    other = {(r.scope, r.measure): r for r in summarise(variant)}
    paired = {(r.scope, r.measure): r for r in compare(baseline, variant)}
    rows = [
        MeasureRow(label, unit, index[scope, m], other[scope, m], paired[scope, m])
        for scope, m, label, unit in KEY_MEASURES
    ]
    for service in (s.service for s in baseline[0].services):
        key = (service, "mean_wait_days")
        if key in other and key in paired:
            label = f"Mean wait for {service_name(service).lower()}"
            rows.append(MeasureRow(label, "days", index[key], other[key], paired[key]))
    return rows


def queue_series(run: ScenarioRun) -> dict[str, list[float]]:
    """Return each service's mean queue by month, averaged over the run's replications."""
    n = run.replications_done or 1
    return {service: [v / n for v in sums] for service, sums in run.queue_sums.items()}


Chart = tuple[str, str]  # caption, SVG


def amount(value: float, unit: str) -> str:
    """Write a model figure as the page's table does (`_numbers.jinja`): £164.6m, £52k; 1,234; 12.3."""
    sign = "−" if value < 0 else ""
    size = abs(value)
    if unit == "£":
        if size >= 1_000_000:
            return f"{sign}£{size / 1_000_000:,.1f}m"
        return f"{sign}£{size / 1000:,.0f}k" if size >= 10_000 else f"{sign}£{size:,.0f}"
    if size < 0.05:
        return "0.0"
    return f"{sign}{size:,.0f}" if size >= 100 else f"{sign}{size:,.1f}"


def _signed(value: float, unit: str) -> str:
    text = amount(value, unit)
    return text if text.startswith("−") or text == "0.0" else f"+{text}"


def difference_text(row: MeasureRow) -> str:
    """The paired difference in the measure's units, and its interval: "−29.0 (−41.0 to −17.0) admissions"."""
    d = row.difference
    if d.mean is None:
        return "not yet"
    unit = "" if row.unit == "£" else f" {row.unit}"
    interval = (
        f" ({_signed(d.ci_low, row.unit)} to {_signed(d.ci_high, row.unit)})"
        if d.ci_low is not None and d.ci_high is not None
        else ""
    )
    return f"{_signed(d.mean, row.unit)}{interval}{unit}"


def charts_for(comparison: Comparison, rows: list[MeasureRow]) -> tuple[list[Chart], Chart | None]:
    """Return the chart of paired differences (what a commissioner decides on: every key measure
    and wait, as a share of its baseline, with its interval), and the queue chart of the service
    whose queue the change moved most (the hub when nothing moved). The levels stay in the table."""
    title = "Change from the baseline, with 95% intervals"
    paired = [
        charts.Difference(row.label, difference_text(row), row.baseline.mean, row.difference) for row in rows
    ]
    intervals = [(title, charts.differences(title, paired, "chart-differences"))]
    base, other = queue_series(comparison.baseline), queue_series(comparison.variant)
    shared = [name for name in base if name in other]
    if not shared:
        return intervals, None
    first = comparison.baseline.warm_up_months

    def moved(name: str) -> float:
        return abs(sum(other[name][first:]) - sum(base[name][first:]))

    services = comparison.baseline.scenario_model().services
    access = [n for n in shared if n in services and services[n].kind == "access"]
    chosen = max(shared, key=moved)
    if moved(chosen) == 0 and access:
        chosen = access[0]
    caption = f"People waiting for {service_name(chosen).lower()}, by month"
    svg = charts.queues(
        caption, [("Baseline", base[chosen]), ("Changed", other[chosen])], first, "chart-queue"
    )
    return intervals, (caption, svg)


def progress(run: ScenarioRun) -> dict[str, Any]:
    """Return what the status page says about a run."""
    return {
        "done": run.replications_done,
        "limit": run.replications_limit,
        "status": RunStatus(run.status).label,
        "finished": run.status == RunStatus.FINISHED,
        "failed": run.status == RunStatus.FAILED,
        "precise": run.precise_enough,
        "percent": round(100 * run.replications_done / max(run.replications_limit, 1)),
    }
