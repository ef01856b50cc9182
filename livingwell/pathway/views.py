"""The commissioners' pages: choose a baseline, plan capacities, run, compare. Aggregates only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from livingwell.accounts.rules import can, current_user
from livingwell.lib.clocks import years_before
from livingwell.pathway import baselines, comparisons, runs, tasks
from livingwell.pathway.engine import scenario_warnings
from livingwell.pathway.forms import BaselineForm, PlanForm
from livingwell.pathway.models import Calibration, Comparison
from livingwell.pathway.rules import Permission

RECENT = 20
CALIBRATION_TEMPLATE = "with_hub"  # the shipped scenario whose assumed parameters a calibration keeps


def _require(request: HttpRequest) -> None:
    if not can(request.user, Permission.USE_MODEL):
        raise PermissionDenied


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Recent comparisons, and where to start a new one."""
    _require(request)
    form = BaselineForm(baselines=baselines.available())
    return _index(request, form)


def _index(request: HttpRequest, form: BaselineForm, status: int = 200) -> HttpResponse:
    recent = Comparison.objects.select_related("baseline", "variant").order_by("-created_at", "-pk")[:RECENT]
    context = {"form": form, "recent": recent, "calibration": Calibration.objects.first()}
    return render(request, "pathway/index.jinja", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest) -> HttpResponse:
    """Change the chosen baseline's capacities, and start the comparison."""
    _require(request)
    choices = baselines.available()
    chosen = BaselineForm(request.GET or {"baseline": ""}, baselines=choices)
    if not chosen.is_valid():
        return _index(request, chosen, status=400)
    baseline = next(b for b in choices if b.key == chosen.cleaned_data["baseline"])
    months, _ = runs.run_length(baseline.scenario)
    form = PlanForm(request.POST or None, scenario=baseline.scenario, months=months)
    if request.method == "POST" and form.is_valid():
        comparison = comparisons.start(current_user(request), baseline, form.plans())
        return redirect("pathway:comparison", pk=comparison.pk)
    context = {"form": form, "baseline": baseline, "months": months}
    return render(request, "pathway/plan.jinja", context, status=400 if form.errors else 200)


@login_required
def comparison(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress while the runs go on; then both scenarios side by side with intervals."""
    _require(request)
    item = get_object_or_404(Comparison.objects.select_related("baseline", "variant"), pk=pk)
    both = (item.baseline, item.variant)
    for run in both:
        comparisons.resume_if_stale(run)
    ready = all(comparisons.first_answer_ready(run) for run in both)
    rows = comparisons.measure_rows(item) if ready else []
    labels = ("Baseline", "Changed")
    interval_charts, queue_chart = comparisons.charts_for(item, rows) if ready else ([], None)
    context = {
        "comparison": item,
        "progress": [(label, comparisons.progress(run)) for label, run in zip(labels, both, strict=True)],
        "ready": ready,
        "finished": all(comparisons.progress(run)["finished"] for run in both),
        "rows": rows,
        "interval_charts": interval_charts,
        "queue_chart": queue_chart,
        "warnings": scenario_warnings(item.variant.scenario_model()),
        "replications": min(run.replications_done for run in both),
    }
    return render(request, "pathway/comparison.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def calibration(request: HttpRequest) -> HttpResponse:
    """The latest calibration, and how well it fits the records; a hub lead can start another."""
    _require(request)
    may_calibrate = can(request.user, Permission.CALIBRATE)
    if request.method == "POST":
        if not may_calibrate:
            raise PermissionDenied  # a commissioner sees this page, so may know the action exists
        until = timezone.localdate()
        since = years_before(until, 1)
        tasks.calibrate_baseline.enqueue(CALIBRATION_TEMPLATE, since.isoformat(), until.isoformat())
        return redirect(reverse("pathway:calibration") + "?started=1")
    latest = Calibration.objects.first()
    context = {
        "calibration": latest,
        "calibration_template_name": baselines.shipped_name(latest.template) if latest else "",
        "may_calibrate": may_calibrate,
        "started": request.GET.get("started") == "1",
    }
    return render(request, "pathway/calibration.jinja", context)
