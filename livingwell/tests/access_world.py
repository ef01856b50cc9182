"""The objects every page of the access matrix is tried on, and the URL each row requests."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.urls import reverse
from django.utils import timezone

from livingwell.analytics.kpis.catalogue import KPIS
from livingwell.carers.models import Carer, CaringFor
from livingwell.codes import Source
from livingwell.insight.dashboard import DASHBOARD_ORDER
from livingwell.network import taxonomy
from livingwell.outcomes import links
from livingwell.outcomes.models import BigOutcome
from livingwell.outcomes.services import add_goal, record_questionnaire
from livingwell.testing import factories
from livingwell.tests.url_names import routes

# Roles in the order of every row's expectations. Administrators hold the admin site's model
# permissions; the superuser holds no role at all, only the flag. The stranger is a partner
# practitioner at another organisation, with work of its own but none with this world's person.
ROLES = (
    "outsider",
    "commissioner",
    "hub_worker",
    "hub_lead",
    "practitioner",
    "stranger",
    "referrer",
    "administrator",
    "superuser",
)
# Who may know the world's objects exist (docs/access-matrix.md, "404 or 403"): the hub; the hub and
# the organisation the person was introduced to; nobody but the one let in.
HUB_KNOWS = ("hub_worker", "hub_lead")
HUB_AND_PARTNER_KNOW = (*HUB_KNOWS, "practitioner")
NOBODY_ELSE_KNOWS: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """One URL name: who gets which status; anyone not named gets `refused`.

    A page about one object (a person, an introduction, an episode...) names who `knows` it
    exists: anyone else not let in gets 404, as for a key that matches nothing; those who know
    it, 403.
    """

    name: str
    allowed: tuple[tuple[str, int], ...] = ()
    method: str = "get"
    refused: int = 403
    # Signed-out visitors: sent to sign in (None), or this status.
    anonymous: int | None = None
    knows: tuple[str, ...] | None = None

    def expected(self, role: str) -> int:
        """Return the status the matrix gives this role."""
        if role == "anonymous":
            return 302 if self.anonymous is None else self.anonymous
        if role in dict(self.allowed):
            return dict(self.allowed)[role]
        if self.knows is None:
            return self.refused
        return 403 if role in self.knows else 404

    @property
    def about_an_object(self) -> bool:
        """Say whether the page is about one object, so that who may know it exists matters."""
        return self.knows is not None


def allow(**statuses: int) -> tuple[tuple[str, int], ...]:
    """Name the roles a page lets in, with the status each gets."""
    unknown = set(statuses) - set(ROLES)
    assert not unknown, unknown
    return tuple(statuses.items())


def everyone(status: int = 200) -> tuple[tuple[str, int], ...]:
    """A public page: every role gets the same."""
    return tuple((role, status) for role in ROLES)


def build(hub_worker: Any, practitioner: Any, referrer: Any, service: Any) -> dict[str, Any]:
    """One person, introduced to the hub (allocated to the hub worker), on to the charity's service."""
    person = factories.person(given_name="Morgan", family_name="Ellery-Vance")
    duplicate = factories.person(given_name="Morgan", family_name="Ellery-Vance", phone="")
    introduction = factories.introduction(person, allocated_to=hub_worker)
    item = factories.service_introduction(introduction, service)
    episode = factories.episode(item)
    response = record_questionnaire(
        None, episode, instrument="PHQ-9", answers=[3] * 9, by=practitioner, submission_key="matrix"
    )
    request = factories.request_for(practitioner)
    goal = add_goal(
        request, episode, description="Sleep through", big_outcome=BigOutcome.RECOVER, rating=3,
        by=practitioner, submission_key="matrix-goal",
    )  # fmt: skip
    waiting = links.open_link_questionnaire(request, episode, instrument="GAD-7", by=practitioner)
    referred = factories.introduction(referred_by=referrer, source=Source.GP)
    # A carer who looks after the person, checked by the hub (the carers app's hub pages).
    carer = Carer.objects.create(
        given_name="Robin", family_name="Ellery-Vance", date_of_birth=dt.date(1960, 2, 1)
    )
    caring_for = CaringFor.objects.create(
        carer=carer, person=person, relationship="parent", confirmed_at=timezone.now()
    )
    return {
        "person": person,
        "duplicate": duplicate,
        "introduction": introduction,
        "item": item,
        "episode": episode,
        "response": response,
        "goal": goal,
        "token": links.issue_link(waiting, channel="sms"),
        "referred": referred,
        "carer": carer,
        "caring_for": caring_for,
    }


def url_for(name: str, world: dict[str, Any]) -> str:
    """Return the URL a row requests, on the world's objects."""
    episode_pk = world["episode"].pk
    args: dict[str, list[Any]] = {
        "access:sent": [world["introduction"].submission_key],
        "access:referrer_introduction": [world["referred"].reference],
        "people:detail": [world["person"].pk],
        "people:merge": [world["person"].pk, world["duplicate"].pk],
        "people:withdraw_consent": [world["person"].pk],
        "people:confirm_contact": [world["person"].pk],
        "people:plan": [world["person"].pk],
        "outcomes:add_plan_goal": [world["person"].pk],
        "outcomes:plan_goal_achieved": [world["person"].pk, 999_999],
        "people:plan_add_action": [world["person"].pk],
        "people:plan_add_network_member": [world["person"].pk],
        "people:plan_tick_action": [world["person"].pk, 999_999],
        "people:plan_link": [world["person"].pk],
        "plan_by_link": ["no-such-link"],
        "voice:feedback_link": ["no-such-link"],
        **{f"voice:{name}": [world["published_story"].pk] for name in ("story", "me_too", "answer")},
        "voice:moderate": [world["story"].pk],
        "mine:start_questionnaire": [999_999],
        "carers:sent": [world["introduction"].submission_key],
        "carers:my_plan": [world["caring_for"].pk],
        **{
            f"carers:{name}": [world["carer"].pk]
            for name in (
                "hub_carer",
                "hub_change",
                "hub_confirm_contact",
                "hub_same_carer",
                "hub_link",
                "hub_own_needs",
            )
        },
        **{
            f"carers:{name}": [world["caring_for"].pk]
            for name in ("hub_confirm_link", "hub_consent", "hub_network")
        },
        "corrections:close": [999_999],
        "network:service_introduction": [world["item"].pk],
        "network:introduce_from_episode": [episode_pk],
        "outcomes:record": [episode_pk, "PHQ-9"],
        "outcomes:rate_goal": [world["goal"].pk],
        "outcomes:review_flag": [world["response"].pk],
        "outcomes:fhir_response": [world["response"].pk],
        "outcomes:fhir_questionnaire": ["PHQ-9"],
        "outcomes:person": [world["person"].pk],
        "outcomes:answer_question": [world["token"], 1],
        "insight:hub_measure": [DASHBOARD_ORDER[0]],
        "insight:hub_measure_csv": [DASHBOARD_ORDER[0]],
        "insight:alliance_kpi": [KPIS[0].id],
        "insight:alliance_kpi_csv": [KPIS[0].id],
        "insight:boroughs_csv": [KPIS[0].id],
        # No comparison: the gate comes first, so those let in are told there is no such comparison.
        "pathway:comparison": [999999],
        # The together app's keyed pages name no one's record: a key that matches nothing.
        **{
            key: [999999]
            for key in (
                "together:decision",
                "together:theme",
                "together:breakfast_pack",
                "together:action_done",
            )
        },
        "api-v1:get_introduction": [world["referred"].reference],
        "api-v1:get_introduction_history": [world["referred"].reference],
    }
    if name in args:
        return reverse(name, args=args[name])
    directory = _directory_args(name, world)
    if directory is not None:
        return reverse(name, args=directory)
    if name.startswith("access:") and "<str:reference>" in _route(name):
        return reverse(name, args=[world["introduction"].reference])
    if name.startswith(("support:", "outcomes:")) and "<int:pk>" in _route(name):
        return reverse(name, args=[episode_pk])
    if name.startswith("outcomes:answer_"):
        return reverse(name, args=[world["token"]])
    return reverse(name)


def _directory_args(name: str, world: dict[str, Any]) -> list[Any] | None:
    """The directory's keyed pages, on the world's service (its entries are public)."""

    def service() -> list[Any]:
        return [world["item"].service.uuid]

    by_name: dict[str, Any] = {
        "network:directory_service": service,
        "network:directory_history": service,
        "network:directory_edit": service,
        "network:community_offer": lambda: [world["community_offer"].uuid],
        "openreferral:service": service,
        "openreferral:service_at_location": lambda: [world["service_at_location"].pk],
        "openreferral:taxonomy": lambda: [taxonomy.NEEDS.id],
        "openreferral:taxonomy_term": lambda: [taxonomy.NEEDS.term_id("mood")],
    }
    return by_name[name]() if name in by_name else None


def _route(name: str) -> str:
    return routes()[name]


def ghost_world(world: dict[str, Any]) -> dict[str, Any]:
    """Return the world with every object replaced by keys that match nothing, for `url_for`."""
    nothing = SimpleNamespace(pk=999_999, reference="LW-NOSUCH", submission_key=uuid.UUID(int=0), version=0)
    return {**dict.fromkeys(world, nothing), "token": world["token"]}


def post_data(name: str, world: dict[str, Any]) -> dict[str, Any]:
    """Return what a row's POST sends."""
    if name == "support:discharge":
        return {"reason": "goals_met"}
    if name == "api-v1:create_introduction":
        return {"submission_key": str(uuid.uuid4())}
    return {"version": world["introduction"].version}
