"""One support plan per person: started on purpose, changed with its history, shared with those
supporting the person, actions with owners, a carer only with their own consent, and a read-only
link for the person that expires and can be stopped."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from livingwell.codes import EmploymentStatus, SettledAccommodation
from livingwell.outcomes.models import Goal
from livingwell.outcomes.services import add_goal
from livingwell.support import plan_services
from livingwell.support.models import ActionOwner, PlanAction, SupportPlan
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return factories.person(given_name="Rosa", family_name="Quinn")


@pytest.fixture
def plan(person, hub_worker):
    return plan_services.plan_for(None, person.pk, by=hub_worker)


def plan_data(plan: SupportPlan, **changes) -> dict:
    data = {
        "coordinator": plan.coordinator_id or "",
        "what_matters": plan.what_matters,
        "strengths": plan.strengths,
        "settled_accommodation": plan.settled_accommodation,
        "employment_status": plan.employment_status,
        "version": plan.version,
    }
    data.update(changes)
    return data


def test_a_plan_is_started_on_purpose_never_by_looking(client, person, hub_worker):
    client.force_login(hub_worker)
    url = reverse("people:plan", args=[person.pk])
    assert "Start a support plan" in client.get(url).content.decode()
    assert not SupportPlan.objects.exists()
    assert client.post(url, {"start": "1"}).status_code == 302
    plan = SupportPlan.objects.get(person=person)
    assert plan.coordinator == hub_worker
    assert client.post(url, {"start": "1"}).status_code == 302
    assert SupportPlan.objects.count() == 1  # one plan per person, however often it is started


def test_changes_are_saved_dated_and_kept_in_the_history(client, plan, hub_worker):
    client.force_login(hub_worker)
    url = reverse("people:plan", args=[plan.person_id])
    response = client.post(
        url,
        plan_data(
            plan,
            what_matters="Keeping her allotment",
            settled_accommodation=SettledAccommodation.YES,
            employment_status=EmploymentStatus.VOLUNTEERING,
        ),
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.what_matters == "Keeping her allotment"
    assert plan.accommodation_recorded_on == timezone.localdate()
    assert plan.employment_recorded_on == timezone.localdate()
    page = client.get(url).content.decode()
    assert "Changed what matters to them; Changed their accommodation; Changed their work" in page
    assert "Unpaid voluntary work" in page


def test_a_stale_form_is_refused_plainly(client, plan, hub_worker):
    client.force_login(hub_worker)
    url = reverse("people:plan", args=[plan.person_id])
    first = plan_data(plan, strengths="Kind")
    second = plan_data(plan, strengths="Funny")
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 400
    assert "Someone changed this plan after you opened it" in response.content.decode()
    plan.refresh_from_db()
    assert plan.strengths == "Kind"


def test_an_action_has_an_owner_and_a_date_and_is_ticked_off_once(
    client, plan, hub_worker, charity, practitioner
):
    client.force_login(hub_worker)
    url = reverse("people:plan_add_action", args=[plan.person_id])
    due = timezone.localdate() + dt.timedelta(days=14)
    date = {"due_on-day": due.day, "due_on-month": due.month, "due_on-year": due.year}
    missing = client.post(url, {"description": "Help with the housing form", "owner": "partner", **date})
    assert missing.status_code == 400
    assert "Choose the partner that will do it" in missing.content.decode()
    ok = client.post(
        url,
        {
            "description": "Help with the housing form",
            "owner": "partner",
            "owner_organisation": charity.pk,
            **date,
        },
    )
    assert ok.status_code == 302
    action = PlanAction.objects.get()
    assert (action.owner, action.owner_organisation, action.due_on) == (ActionOwner.PARTNER, charity, due)
    tick = reverse("people:plan_tick_action", args=[plan.person_id, action.pk])
    client.post(tick)
    action.refresh_from_db()
    assert action.done_by == hub_worker
    done_at = action.done_at
    assert not plan_services.tick_action(None, action, by=practitioner)
    action.refresh_from_db()
    assert action.done_at == done_at
    assert client.post(reverse("people:plan_tick_action", args=[plan.person_id, 999_999])).status_code == 404


def test_a_carer_is_named_only_with_their_own_consent(client, plan, hub_worker):
    client.force_login(hub_worker)
    url = reverse("people:plan_add_network_member", args=[plan.person_id])
    refused = client.post(url, {"name": "Marta", "relationship": "carer"})
    assert refused.status_code == 400
    assert "only with their own agreement" in refused.content.decode()
    assert (
        client.post(url, {"name": "Marta", "relationship": "carer", "carer_consents": "on"}).status_code
        == 302
    )
    assert client.post(url, {"name": "Dev", "relationship": "friend"}).status_code == 302
    assert [m.name for m in plan.network.order_by("pk")] == ["Marta", "Dev"]


def test_the_person_reads_their_plan_by_a_link_until_it_expires_or_is_stopped(client, plan, hub_worker):
    plan_services.change_plan(
        None, plan, by=hub_worker, version=plan.version, what_matters="Seeing my grandson"
    )
    client.force_login(hub_worker)
    page = client.post(reverse("people:plan_link", args=[plan.person_id])).content.decode()
    found = re.search(r"<code>(http[^<]+/plan/[^<]+/)</code>", page)
    assert found is not None
    link = found.group(1)
    assert link.startswith(settings.PUBLIC_BASE_URL + "/plan/")  # never the request's Host
    path = link.removeprefix(settings.PUBLIC_BASE_URL)
    client.logout()
    opened = client.get(path)
    assert opened.status_code == 200
    assert "Seeing my grandson" in opened.content.decode()
    assert opened["Referrer-Policy"] == "no-referrer"
    plan.links.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(path).status_code == 404
    plan.links.update(expires_at=timezone.now() + dt.timedelta(days=1))
    assert client.get(path).status_code == 200
    plan_services.revoke_links(None, plan, by=hub_worker)
    gone = client.get(path)
    assert gone.status_code == 404
    assert "This link does not work" in gone.content.decode()
    nonsense = client.get("/plan/nonsense/")
    assert nonsense.status_code == 404
    assert "This link does not work" in nonsense.content.decode()


def test_only_those_supporting_the_person_see_the_plan(
    client, plan, practitioner, commissioner, outsider, short_term_support
):
    url = reverse("people:plan", args=[plan.person_id])
    for user in (practitioner, commissioner, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404, user.username
    factories.episode(factories.service_introduction(factories.introduction(plan.person), short_term_support))
    client.force_login(practitioner)
    assert client.get(url).status_code == 200
    person = plan.person
    person.consent_share_alliance = False
    person.save()
    assert client.get(url).status_code == 403  # their organisation knows the person; no consent to share


def test_a_goal_set_on_the_plan_belongs_to_it_and_is_dated_when_achieved(client, plan, hub_worker):
    client.force_login(hub_worker)
    url = reverse("outcomes:add_plan_goal", args=[plan.person_id])
    refused = client.post(url, {"description": "", "big_outcome": ""})
    assert refused.status_code == 400
    assert "Enter the goal" in refused.content.decode()
    assert (
        client.post(url, {"description": "Cook for friends again", "big_outcome": "participate"}).status_code
        == 302
    )
    goal = Goal.objects.get(person=plan.person)
    assert goal.episode is None
    assert (
        "Cook for friends again (Participate on an equal footing in daily life)"
        in client.get(reverse("people:plan", args=[plan.person_id])).content.decode()
    )
    achieved = reverse("outcomes:plan_goal_achieved", args=[plan.person_id, goal.pk])
    client.post(achieved)
    goal.refresh_from_db()
    first = goal.achieved_at
    assert first is not None
    assert goal.achieved_recorded_by == hub_worker
    client.post(achieved)
    goal.refresh_from_db()
    assert goal.achieved_at == first  # a second mark changes nothing
    # A goal set outside any episode is rated in none: its rating page is not found.
    assert client.get(reverse("outcomes:rate_goal", args=[goal.pk])).status_code == 404


def test_goals_set_in_episodes_are_on_the_plan_too(
    client, plan, hub_worker, practitioner, short_term_support
):
    episode = factories.episode(
        factories.service_introduction(factories.introduction(plan.person), short_term_support)
    )
    add_goal(
        factories.request_for(practitioner), episode, description="Sleep through the night", big_outcome="recover",
        rating=3, by=practitioner, submission_key="plan-goal",
    )  # fmt: skip
    client.force_login(hub_worker)
    assert (
        "Sleep through the night"
        in client.get(reverse("people:plan", args=[plan.person_id])).content.decode()
    )


def test_an_outsider_cannot_add_a_goal_to_a_plan(client, plan, outsider, commissioner):
    for user in (outsider, commissioner):
        client.force_login(user)
        response = client.post(
            reverse("outcomes:add_plan_goal", args=[plan.person_id]),
            {"description": "x", "big_outcome": "recover"},
        )
        assert response.status_code == 404
    assert not Goal.objects.exists()
