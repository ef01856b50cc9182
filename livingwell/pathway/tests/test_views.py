"""The commissioners' pages: who may see them, the form's errors, and a comparison's results."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from livingwell.accounts.models import Role
from livingwell.pathway import baselines, comparisons
from livingwell.pathway.models import Calibration, Comparison
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

PLAN = reverse("pathway:plan") + "?baseline=with_hub"


def _form(**changes):
    scenario = baselines.shipped("with_hub")
    data = {f"{name}-capacity": str(s.capacity.value) for name, s in scenario.services.items()}
    data.update(changes)
    return data


@pytest.fixture
def a_comparison(tiny_runs, commissioner):
    baseline = baselines.find("with_hub")
    assert baseline is not None
    return comparisons.start(commissioner, baseline, [comparisons.CapacityPlan("hub", 30)])


@pytest.fixture
def pages(a_comparison):
    Calibration.objects.create(
        since=dt.date(2025, 1, 1), until=dt.date(2025, 12, 31), template="with_hub",
        scenario=baselines.shipped("with_hub").model_dump_json(),
        fit=[{"measure": "Introductions to the hub a month", "recorded": 0.25, "simulated": 0.3, "ci_low": 0.1,
              "ci_high": 0.5, "difference_percent": 20.0, "verdict": "fair", "note": "", "records": 3}],
    )  # fmt: skip
    return [
        reverse("pathway:index"),
        PLAN,
        reverse("pathway:comparison", args=[a_comparison.pk]),
        reverse("pathway:calibration"),
    ]


@pytest.mark.parametrize("who", ["outsider", "practitioner", "hub_worker"])
def test_it_refuses_anyone_but_commissioners_and_hub_leads(client, request, pages, who):
    client.force_login(request.getfixturevalue(who))
    for page in pages:
        assert client.get(page).status_code == 403, page
    assert client.post(PLAN, _form()).status_code == 403
    assert Comparison.objects.count() == 1


@pytest.mark.parametrize("who", ["commissioner", "hub_lead"])
def test_it_shows_commissioners_and_hub_leads_every_page(client, request, pages, who):
    client.force_login(request.getfixturevalue(who))
    for page in pages:
        assert client.get(page).status_code == 200, page


def test_it_sends_the_signed_out_to_sign_in(client, pages):
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302
        assert "/staff/sign-in/" in response["Location"]


def test_calibration_page_hides_a_figure_resting_on_fewer_than_five_records(client, commissioner, pages):
    client.force_login(commissioner)
    text = client.get(reverse("pathway:calibration")).content.decode()
    assert "fewer than 5 records" in text
    assert "0.2" not in text.split("fewer than 5 records")[0].rsplit("<tr", 1)[-1]
    assert "20.0%" not in text


def test_index_offers_shipped_and_calibrated_baselines(client, commissioner, pages):
    client.force_login(commissioner)
    text = client.get(reverse("pathway:index")).content.decode()
    for key in ("before_hub", "with_hub", "close_beds_early", "close_beds_after", "calibrated"):
        assert f'value="{key}"' in text
    assert "With the hub: Hub: 40 places now → 30" in text


def test_an_unknown_baseline_is_an_error_at_the_field(client, commissioner):
    client.force_login(commissioner)
    response = client.get(reverse("pathway:plan") + "?baseline=nowhere")
    assert response.status_code == 400
    assert "Choose one of the scenarios listed" in response.content.decode()
    response = client.get(reverse("pathway:plan"))
    assert response.status_code == 400
    assert "Choose a scenario to start from" in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"hub-capacity": "-1"}, "Enter 0 or more places"),
        ({"hub-capacity": "lots"}, "Enter a whole number, like 40"),
        ({"hub-capacity": ""}, "Enter the places hub has now"),
        ({"acute_beds-change_month": "2"}, "Enter the places from that month, or clear the month"),
        ({"acute_beds-change_capacity": "45"}, "Enter the month the change starts, or clear the places"),
        (
            {"acute_beds-change_month": "4", "acute_beds-change_capacity": "45"},
            "Enter month 3 or earlier (the run lasts 4 months)",
        ),
        ({"acute_beds-change_month": "0", "acute_beds-change_capacity": "45"}, "Enter month 1 or later"),
    ],
)
def test_bad_plans_get_errors_at_the_field(client, commissioner, tiny_runs, changes, message):
    client.force_login(commissioner)
    response = client.post(PLAN, _form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Comparison.objects.count() == 0


def test_the_edge_of_the_run_is_allowed(client, commissioner, tiny_runs):
    client.force_login(commissioner)
    changes = {"acute_beds-change_month": "3", "acute_beds-change_capacity": "45"}
    response = client.post(PLAN, _form(**changes))
    assert response.status_code == 302
    assert Comparison.objects.get().changes == [
        "Acute beds: planned change 45 places from month 3 of the run"
    ]


def test_a_plan_runs_and_shows_the_comparison_with_intervals(client, commissioner, tiny_runs):
    client.force_login(commissioner)
    response = client.post(PLAN, _form(**{"crisis_outreach-capacity": "70"}))
    comparison = Comparison.objects.get()
    assert response["Location"] == reverse("pathway:comparison", args=[comparison.pk])
    text = client.get(response["Location"]).content.decode()
    assert "Crisis outreach: 55 places now → 70" in text  # plain names, not keys
    assert "crisis_outreach" not in text
    assert re.search(r"£[0-9.]+m", text)  # costs rounded as a commissioner reads them
    for measure in ("Crises", "Bed-days", "Cost", "Mean wait for hub"):
        assert measure in text
    assert "<svg" in text
    assert "95% interval" in text
    assert "Refresh to see progress" not in text  # the immediate backend has finished
    assert "hx-trigger" not in text  # and the page no longer polls


def test_a_comparison_in_progress_offers_a_refresh_link(client, commissioner, a_comparison):
    a_comparison.variant.replications_done = 0
    a_comparison.variant.status = "running"
    a_comparison.variant.save()
    client.force_login(commissioner)
    text = client.get(reverse("pathway:comparison", args=[a_comparison.pk])).content.decode()
    assert "Refresh to see progress" in text  # without JavaScript
    # With it, htmx polls the page and swaps the live part in (a meta refresh would fail WCAG 2.2.1).
    assert 'hx-trigger="every 3s"' in text
    assert 'hx-select="#lw-comparison-live"' in text
    assert '<meta http-equiv="refresh"' not in text
    assert "The first results appear after a few replications" in text
    assert "<table" not in text


def test_index_queries_do_not_grow_with_comparisons(
    client, commissioner, a_comparison, django_assert_max_num_queries
):
    client.force_login(commissioner)
    with django_assert_max_num_queries(12):
        client.get(reverse("pathway:index"))
    for _ in range(5):
        Comparison.objects.create(
            title="again", baseline_label="x", baseline=a_comparison.baseline, variant=a_comparison.variant
        )
    with django_assert_max_num_queries(12):
        assert client.get(reverse("pathway:index")).status_code == 200


def test_navigation_shows_the_model_to_commissioners_only(client, commissioner):
    client.force_login(commissioner)
    assert "What if?" in client.get(reverse("pathway:index")).content.decode()
    worker = factories.user(Role.HUB_WORKER)
    client.force_login(worker)
    assert "What if?" not in client.get(reverse("access:queue")).content.decode()


def test_it_says_results_are_estimates_not_forecasts(client, commissioner, pages):
    # Hazard H-P1: a commissioner must not read a what-if as a prediction.
    client.force_login(commissioner)
    text = client.get(reverse("pathway:index")).content.decode()
    assert "model estimates, not forecasts" in text
    assert "calibrated" in text
    assert "assumed" in text
