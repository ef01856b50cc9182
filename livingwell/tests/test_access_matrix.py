"""Every page tried as every kind of user: who gets in, who is refused (docs/access-matrix.md).

The matrix has a row for every named URL in the URL conf (a test fails when one is missing),
and a column for the administrator and for a superuser: neither opens anything outside the
admin site, because the access helpers test the rules, never `user.has_perm`. On a page about
one object, whoever has no relationship to it gets 404, the very page a key that matches nothing
gets; only those who may know it exists get 403.

The world is built once for the module and each request runs in a savepoint rolled back after
it, so every request sees the same world, as if it were the first; each role signs in once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import reverse

from livingwell.accounts.administrators import ADMIN_SITE_PERMISSIONS, administrators_group, grant_admin_site
from livingwell.accounts.models import OrganisationKind, Role, User
from livingwell.demo.borough import create_borough
from livingwell.network import taxonomy
from livingwell.network.models import Location, ServiceAtLocation, ServiceKind
from livingwell.testing import factories
from livingwell.tests.access_world import (
    HUB_AND_PARTNER_KNOW,
    HUB_KNOWS,
    NOBODY_ELSE_KNOWS,
    ROLES,
    Page,
    allow,
    build,
    everyone,
    ghost_world,
    post_data,
    url_for,
)
from livingwell.tests.url_names import routes
from livingwell.voice.testing import voice_world

pytestmark = pytest.mark.django_db

HUB = {"hub_worker": 200, "hub_lead": 200}
READERS = {**HUB, "practitioner": 200}  # hub staff read; the episode's organisation reads and records
AGGREGATES = {"commissioner": 200, "hub_lead": 200}
PARTNER = {"practitioner": 200}
# Pages of a partner's own work, not of this world's objects: the stranger has work there too.
PARTNERS = {"practitioner": 200, "stranger": 200}
NETWORK_STAFF = dict.fromkeys(
    ("commissioner", "hub_worker", "hub_lead", "practitioner", "stranger", "referrer"), 200
)

PAGES = [
    # The public front door and the questionnaire link: open to everyone, signed in or not.
    *(
        Page(name, everyone(), anonymous=200)
        for name in (
            "access:start",
            "access:urgent_help",
            "access:accessibility",
            "access:safety",
            "access:help_now",
            "access:self_introduction",
            "access:sent",
            "outcomes:fhir_questionnaire",
            "outcomes:answer_start",
            "outcomes:answer_question",
            "outcomes:answer_check",
            "accounts:sign_in",
            "accounts:sign_out",
        )
    ),
    # Answered only once the questionnaire is submitted: until then, back to the first question.
    Page("outcomes:answer_done", everyone(302), anonymous=302),
    # Two-step verification: any member of staff may set it up; with nothing to verify, the code
    # page sends them on (accounts/tests/test_two_step.py tests both with a second step owed).
    Page("accounts:two_step", everyone(302)),
    Page("accounts:two_step_set_up", everyone()),
    # Each role is sent where its work is (administrators to the admin site); no role, no home.
    Page("access:home", allow(**dict.fromkeys(ROLES[1:-1], 302))),
    Page("access:queue", allow(**HUB)),
    Page("access:introduction", allow(**HUB), knows=HUB_KNOWS),
    Page("access:allocate", allow(hub_worker=302, hub_lead=302), method="post", knows=HUB_KNOWS),
    Page("access:reallocate", allow(hub_lead=302), method="post", knows=HUB_KNOWS),
    Page("access:contact_attempt", allow(**HUB), knows=HUB_KNOWS),
    Page("access:conversation", allow(**HUB), knows=HUB_KNOWS),
    Page("access:decision", allow(**HUB), knows=HUB_KNOWS),
    # Nothing sent to apply here: those who may work on the introduction are sent back to it.
    Page("access:apply_submitted", allow(hub_worker=302, hub_lead=302), method="post", knows=HUB_KNOWS),
    Page("access:response_standards", allow(hub_lead=200)),
    Page("access:referrer_introductions", allow(referrer=200)),
    Page("access:referrer_introduce", allow(referrer=200)),
    # Only the referrer who made it: a colleague, the hub, anyone else is told there is none.
    Page("access:referrer_introduction", allow(referrer=200), knows=NOBODY_ELSE_KNOWS),
    Page("people:detail", allow(**READERS), knows=HUB_AND_PARTNER_KNOW),
    Page("people:merge", allow(hub_lead=200), knows=HUB_AND_PARTNER_KNOW),
    Page("people:withdraw_consent", allow(**HUB), knows=HUB_AND_PARTNER_KNOW),
    Page(
        "people:confirm_contact",
        allow(hub_worker=302, hub_lead=302),
        method="post",
        knows=HUB_AND_PARTNER_KNOW,
    ),
    # The support plan: whoever supports the person (nothing valid is posted here, hence 400s; a
    # link is made, and undone with the row; the world has no action, hence 404 to tick one).
    Page("people:plan", allow(**READERS), knows=HUB_AND_PARTNER_KNOW),
    Page(
        "people:plan_add_action",
        allow(hub_worker=400, hub_lead=400, practitioner=400),
        method="post",
        knows=HUB_AND_PARTNER_KNOW,
    ),
    Page(
        "people:plan_add_network_member",
        allow(hub_worker=400, hub_lead=400, practitioner=400),
        method="post",
        knows=HUB_AND_PARTNER_KNOW,
    ),
    Page(
        "people:plan_tick_action",
        allow(hub_worker=404, hub_lead=404, practitioner=404),
        method="post",
        knows=HUB_AND_PARTNER_KNOW,
    ),
    Page("people:plan_link", allow(**READERS), method="post", knows=HUB_AND_PARTNER_KNOW),
    Page("outcomes:add_plan_goal", allow(**READERS), knows=HUB_AND_PARTNER_KNOW),
    Page(
        "outcomes:plan_goal_achieved",
        allow(hub_worker=404, hub_lead=404, practitioner=404),
        method="post",
        knows=HUB_AND_PARTNER_KNOW,
    ),
    # The person's read-only link to their plan: a capability; a token that matches nothing is 404 to all.
    Page("plan_by_link", everyone(404), anonymous=404),
    # The person's own view: signed in with a one-time code, never a staff account, so every staff
    # role is sent to its sign-in as a stranger is (mine/tests test the person's own session).
    *(
        Page(name, everyone(), anonymous=200)
        for name in ("mine:sign_in", "mine:enter_code", "mine:signed_out")
    ),
    Page("mine:sign_out", everyone(302), method="post", anonymous=302),
    *(
        Page(f"mine:{name}", everyone(302), anonymous=302)
        for name in ("home", "plan", "choices", "data", "data_json", "who_looked", "ask_correction")
    ),
    *(
        Page(f"mine:{name}", everyone(302), method="post", anonymous=302)
        for name in (
            "start_questionnaire",
            "add_comment",
            "add_goal",
            "change_contact",
            "change_sharing",
            "change_planning",
        )
    ),
    # Corrections people ask for from their own view: a task for the hub (this world has none, hence 404).
    # The carer's form at the front door: open to everyone; its confirmation only for a carer's form.
    *(Page(f"carers:{name}", everyone(), anonymous=200) for name in ("safety", "help_now", "introduce")),
    Page("carers:sent", everyone(404), anonymous=404),
    # The carer's own view: signed in with a one-time code as a carer, never a staff account.
    *(Page(f"carers:{name}", everyone(302), anonymous=302) for name in ("my", "my_plan")),
    # Carers' records: the hub's (a POST with nothing valid in it is sent back to the record).
    Page("carers:hub_carers", allow(**HUB)),
    *(
        Page(f"carers:{name}", allow(**HUB), knows=HUB_KNOWS)
        for name in ("hub_carer", "hub_change", "hub_link", "hub_own_needs", "hub_consent")
    ),
    *(
        Page(f"carers:{name}", allow(hub_worker=302, hub_lead=302), method="post", knows=HUB_KNOWS)
        for name in ("hub_confirm_contact", "hub_same_carer", "hub_confirm_link", "hub_network")
    ),
    # Feedback and stories (voice): the public pages; a feedback link that matches nothing is 404 to
    # all; the signed-in feedback page is the own view's, so staff are sent to its sign-in.
    *(
        Page(f"voice:{name}", everyone(), anonymous=200)
        for name in ("feedback_thanks", "stories", "tell", "told", "story")
    ),
    Page("voice:feedback_link", everyone(404), anonymous=404),
    Page("voice:my_feedback", everyone(302), anonymous=302),
    Page("voice:me_too", everyone(302), method="post", anonymous=302),
    # A published story is answered by its service's organisation; moderators (hub leads) alone
    # know a story waiting for moderation exists.
    Page("voice:answer", allow(practitioner=200)),
    Page("voice:moderation", allow(hub_lead=200)),
    Page("voice:moderate", allow(hub_lead=200), knows=("hub_lead",)),
    # Working together (together): the collaborative (hub leads, commissioners) keeps the decision
    # and action log, co-production, themes and breakfast packs; none is one person's record, so a
    # key matching nothing is 404 to those let in, 403 to the rest. "You said, we did" is public.
    *(
        Page(f"together:{name}", allow(**AGGREGATES))
        for name in ("decisions", "actions", "coproduction", "themes", "breakfast_packs")
    ),
    *(
        Page(f"together:{name}", allow(commissioner=404, hub_lead=404))
        for name in ("decision", "theme", "breakfast_pack")
    ),
    Page("together:action_done", allow(commissioner=404, hub_lead=404), method="post"),
    Page("together:you_said_we_did", everyone(), anonymous=200),
    Page("corrections:list", allow(**HUB)),
    Page("corrections:close", allow(hub_worker=404, hub_lead=404), method="post", knows=HUB_KNOWS),
    Page("network:inbox", allow(**PARTNERS)),
    Page("network:service_introduction", allow(**READERS), knows=HUB_AND_PARTNER_KNOW),
    # A partner introducing the person it supports to another partner's service: from its episode.
    Page("network:introduce_from_episode", allow(**PARTNER), knows=HUB_AND_PARTNER_KNOW),
    Page("support:episode", allow(**READERS), knows=HUB_AND_PARTNER_KNOW),
    Page("support:record_session", allow(**PARTNER), knows=HUB_AND_PARTNER_KNOW),
    Page("support:discharge", allow(practitioner=302), method="post", knows=HUB_AND_PARTNER_KNOW),
    *(
        Page(f"outcomes:{name}", allow(**PARTNER), knows=HUB_AND_PARTNER_KNOW)
        for name in ("choose", "record", "send_link", "add_goal", "rate_goal")
    ),
    *(
        Page(f"outcomes:{name}", allow(**READERS), knows=HUB_AND_PARTNER_KNOW)
        for name in ("episode", "fhir_response", "person")
    ),
    Page("outcomes:review_flag", allow(practitioner=302), method="post", knows=HUB_AND_PARTNER_KNOW),
    Page("outcomes:due", allow(**PARTNERS)),
    # Moved to insight: the old address sends everyone on, signed in or not (RETIRED, below).
    Page("outcomes:summary", everyone(301), anonymous=301),
    Page("insight:outcomes_summary", allow(**AGGREGATES, **PARTNERS)),
    *(
        Page(f"insight:{name}", allow(**AGGREGATES))
        for name in (
            "hub_dashboard",
            "hub_measure",
            "alliance",
            "board_pack",
            "alliance_kpi",
            "boroughs",
            "network",
            "feedback",
            "feedback_return",
        )
    ),
    # No analytic extract in these tests: those let in are told there is none to download.
    Page("insight:hub_measure_csv", allow(commissioner=404, hub_lead=404)),
    Page("insight:alliance_kpi_csv", allow(commissioner=404, hub_lead=404)),
    Page("insight:boroughs_csv", allow(commissioner=404, hub_lead=404)),
    Page("insight:feedback_return_csv", allow(commissioner=404, hub_lead=404)),
    Page("pathway:index", allow(**AGGREGATES)),
    Page("pathway:plan", allow(commissioner=400, hub_lead=400)),  # no baseline chosen: told to choose
    Page("pathway:comparison", allow(commissioner=404, hub_lead=404)),
    Page("pathway:calibration", allow(**AGGREGATES)),
    # Starting a calibration: the hub lead only (commissioners read the page, so 403 tells them nothing).
    Page("pathway:calibration", allow(hub_lead=302), method="post"),
    # The directory: every member of staff finds services and reads their waits; the hub lead edits
    # and imports any (a partner's directory editor, their own: network/tests); the public finds
    # community offers and reads the Open Referral UK API. Entries are public: no 404s to hide.
    Page("network:directory", allow(**NETWORK_STAFF)),
    Page("network:directory_service", allow(**NETWORK_STAFF)),
    Page("network:directory_history", allow(**NETWORK_STAFF)),
    Page("network:directory_edit", allow(hub_lead=200)),
    Page("network:directory_import", allow(hub_lead=200)),
    Page("network:community", everyone(), anonymous=200),
    Page("network:community_offer", everyone(), anonymous=200),
    *(
        Page(f"openreferral:{name}", everyone(), anonymous=200)
        for name in (
            "about",
            "openapi",
            "services",
            "service",
            "service_at_locations",
            "service_at_location",
            "taxonomies",
            "taxonomy",
            "taxonomy_terms",
            "taxonomy_term",
        )
    ),
    # The API authenticates an organisation's token, never a signed-in session.
    Page("api-v1:openapi-json", everyone(), anonymous=200),
    Page("api-v1:api-root", everyone(404), anonymous=404),
    Page("api-v1:create_introduction", everyone(401), method="post", anonymous=401),
    Page("api-v1:get_introduction", everyone(401), anonymous=401),
    Page("api-v1:get_introduction_history", everyone(401), anonymous=401),
]

# The admin site: open to administrators (the Administrators group's model permissions) and to a
# superuser; every other member of staff, whatever their role, is sent to the admin's sign-in.
ADMIN_PAGES = [
    "admin:index",
    "admin:accounts_organisation_changelist",
    "admin:accounts_user_changelist",
    "admin:network_service_changelist",
    "admin:api_apitoken_changelist",
    "admin:auth_group_changelist",
]
ADMIN_MODELS = {"accounts.organisation", "accounts.user", "network.service", "api.apitoken"}
PERSON_APPS = {"people", "access", "support", "outcomes", "audit", "community", "insight", "pathway"}


@dataclass(frozen=True)
class Cast:
    """Everyone the matrix signs in as, and the world they are tried on."""

    users: dict[str, User]
    world: dict[str, Any]


@pytest.fixture(scope="module")
def cast(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Cast]:
    """One world and one user per role for the whole module, rolled back after its last test."""
    # Names of their own: the conftest's users and organisations are made again by other tests.
    with django_db_blocker.unblock(), transaction.atomic():
        alliance = factories.organisation(name="Matrix alliance", kind=OrganisationKind.ALLIANCE)
        charity = factories.organisation(name="Matrix charity", kind=OrganisationKind.VOLUNTARY)
        other_charity = factories.organisation(name="Matrix other charity", kind=OrganisationKind.VOLUNTARY)
        icb = factories.organisation(name="Matrix ICB", kind=OrganisationKind.COMMISSIONER)
        practice = factories.organisation(
            name="Matrix practice", kind=OrganisationKind.GP_PRACTICE, ods_code="G85099"
        )
        users = {
            "outsider": factories.user(None, username="m-outsider"),
            "commissioner": factories.user(Role.COMMISSIONER, icb, username="m-commissioner"),
            "hub_worker": factories.user(Role.HUB_WORKER, alliance, username="m-worker"),
            "hub_lead": factories.user(Role.HUB_LEAD, alliance, username="m-lead"),
            "practitioner": factories.user(Role.PARTNER_PRACTITIONER, charity, username="m-practitioner"),
            "stranger": factories.user(Role.PARTNER_PRACTITIONER, other_charity, username="m-stranger"),
            "referrer": factories.user(Role.REFERRER, practice, username="m-gp"),
            "administrator": grant_admin_site(
                factories.user(Role.ADMINISTRATOR, alliance, username="m-admin")
            ),
            # The flag and nothing else: no role, no organisation.
            "superuser": factories.user(None, username="m-root", is_staff=True, is_superuser=True),
            "other_hub_worker": factories.user(Role.HUB_WORKER, alliance, username="m-worker2"),
        }
        service = factories.service(charity, name="Matrix Short Term Support")
        world = build(users["hub_worker"], users["practitioner"], users["referrer"], service)
        # The stranger's organisation has work of its own, with someone else.
        factories.episode(factories.service_introduction(service_=factories.service(other_charity)))
        # The directory's own rows: a community offer, a service at a location, our taxonomies.
        taxonomy.ensure_taxonomies()
        world["community_offer"] = factories.service(
            charity, name="Matrix walking group", kind=ServiceKind.STAYING_WELL, accepts_introductions=False
        )
        world["service_at_location"] = ServiceAtLocation.objects.create(
            service=service, location=Location.objects.create(location_type="virtual", name="Online")
        )
        # Voice: a story waiting for moderation and a published one, about the charity's service.
        world.update(voice_world(service, users["hub_lead"]))
        yield Cast(users, world)
        transaction.set_rollback(True)


def _signed_in(client: Client, user: User) -> Client:
    """Sign in, and take the cookies a first page sets (the known-device cookie) before any row."""
    # Otherwise every row would start without it, and pay for the second-step lookup again.
    client.force_login(user)
    client.get(reverse("access:start"))
    return client


def _response(client: Client, page: Page, world: dict[str, Any]) -> Any:
    """Request the page as if first: its writes, and any sign-out, are undone after it."""
    cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
    with transaction.atomic():
        url = url_for(page.name, world)
        post = page.method == "post"
        response = client.post(url, post_data(page.name, world)) if post else client.get(url)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


# What differs between any two requests for the same page: the CSP nonce and the CSRF token.
_PER_REQUEST = re.compile(r'(nonce|value|content)="[A-Za-z0-9+/=_-]{20,}"')


def _page_text(response: Any) -> str:
    return _PER_REQUEST.sub("", response.content.decode())


def test_it_has_a_row_for_every_url_in_the_url_conf():
    covered = {page.name for page in PAGES}
    missing = sorted(name for name in routes() if name not in covered and not name.startswith("admin:"))
    assert missing == [], "add these to the access matrix (and docs/access-matrix.md)"
    assert covered <= set(routes()), "rows for URLs that no longer exist"


def test_it_sends_anonymous_visitors_to_sign_in(client, cast):
    got, sent_to = {}, {}
    for page in PAGES:
        response = _response(client, page, cast.world)
        got[page.name] = response.status_code
        if page.anonymous is None and response.status_code == 302:
            sent_to[page.name] = response["Location"]
    assert got == {page.name: page.expected("anonymous") for page in PAGES}
    assert sent_to == {
        page.name: f"{reverse('accounts:sign_in')}?next={url_for(page.name, cast.world)}"
        for page in PAGES
        if page.anonymous is None
    }


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_in_only_the_roles_the_matrix_allows(client, cast, role):
    # One sign-in and one world for every page: the same checks, a fraction of the set-up.
    _signed_in(client, cast.users[role])
    responses = {page.name: _response(client, page, cast.world) for page in PAGES}
    assert {name: r.status_code for name, r in responses.items()} == {p.name: p.expected(role) for p in PAGES}
    # Each 404 on a record is the whole page a key matching nothing gets, not only its status:
    # nothing in it may tell "not yours" from "none".
    ghost = ghost_world(cast.world)
    hidden = [page for page in PAGES if page.about_an_object and page.expected(role) == 404]
    assert {page.name: _page_text(responses[page.name]) for page in hidden} == {
        page.name: _page_text(_response(client, page, ghost)) for page in hidden
    }


# Addresses of pages that moved or were retired (issue 12), and the page each sends everyone to
# permanently: "Hub in numbers" (its address has no name now, so by path) to the hub dashboard,
# the outcomes summary to its place in insight.
RETIRED = {
    "/hub/summary/": "insight:hub_dashboard",
    "outcomes:summary": "insight:outcomes_summary",
}


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
def test_it_sends_everyone_from_a_retired_address_to_its_page(client, cast, role):
    if role != "anonymous":
        _signed_in(client, cast.users[role])
    for old, new in RETIRED.items():
        response = client.get(old if old.startswith("/") else reverse(old))
        assert (response.status_code, response.get("Location")) == (301, reverse(new)), (role, old)


# Keyed URLs that name nobody's record: capabilities held by the public (a questionnaire link's
# token, a confirmation's key), the catalogue's measure ids, a questionnaire's code, a what-if
# comparison (aggregates only, behind its page's gate), and the API, which answers every session
# 401 and gives an organisation's token 404 for anything it did not send (api/tests).
NOT_ABOUT_ONE_RECORD = {
    "access:sent",
    *(f"outcomes:answer_{step}" for step in ("start", "question", "check", "done")),
    "outcomes:fhir_questionnaire",
    *(f"insight:{name}" for name in ("hub_measure", "hub_measure_csv", "alliance_kpi", "alliance_kpi_csv")),
    "insight:boroughs_csv",
    "pathway:comparison",
    "api-v1:get_introduction",
    "api-v1:get_introduction_history",
    # The directory's entries are public (the Open Referral UK API publishes them).
    *(f"network:directory_{name}" for name in ("service", "history", "edit")),
    "network:community_offer",
    "plan_by_link",
    # The own view answers from the person's own session, never from the id in the address.
    "mine:start_questionnaire",
    # A carer's confirmation page opens by its form's key; the own view by the carer's own session.
    "carers:sent",
    "carers:my_plan",
    # Published stories are public (answering one is for its service: 403 tells others why);
    # a feedback link is a capability, like a questionnaire's.
    *(f"voice:{name}" for name in ("story", "me_too", "answer", "feedback_link")),
    *(f"openreferral:{name}" for name in ("service", "service_at_location", "taxonomy", "taxonomy_term")),
    # The alliance's decisions, actions, themes and breakfast packs hold no one's record (names in
    # the co-production log are on a page with no key).
    *(f"together:{name}" for name in ("decision", "theme", "breakfast_pack", "action_done")),
}


def test_it_tells_no_one_unrelated_that_any_record_exists():
    # The gap this rule closed: signed in, but with no relationship to the record, was told 403.
    keyed = {name for name, route in routes().items() if "<" in route and not name.startswith("admin:")}
    about_a_record = [page for page in PAGES if page.about_an_object]
    assert {page.name for page in about_a_record} == keyed - NOT_ABOUT_ONE_RECORD
    for role in ("outsider", "stranger", "commissioner", "administrator", "superuser"):
        assert {page.expected(role) for page in about_a_record} == {404}, role


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_the_admin_site_to_administrators_and_superusers_only(client, cast, role):
    client.force_login(cast.users[role])
    for name in ADMIN_PAGES:
        response = client.get(reverse(name))
        if role == "superuser" or (role == "administrator" and name != "admin:auth_group_changelist"):
            assert response.status_code == 200, name
        elif role == "administrator":
            assert response.status_code == 403, name  # groups and permissions are the superuser's
        else:
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("admin:login")), name


def test_it_keeps_person_identifiable_models_out_of_the_admin_site():
    # Every admin URL is a registered model's, so this is the admin site's row of the matrix: no
    # person, introduction, episode, questionnaire, audit record or API request body is there.
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered >= ADMIN_MODELS
    about_people = {
        label
        for label in registered
        if label.split(".")[0] in PERSON_APPS
        or label in {"network.serviceintroduction", "api.idempotencyrecord"}
    }
    assert about_people == set()


def test_it_gives_administrators_exactly_the_admin_site_permissions(cast):
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in administrators_group().permissions.all()}
    listed = {
        f"{app}.{action}_{model}" for app, model, actions in ADMIN_SITE_PERMISSIONS for action in actions
    }
    assert granted == listed
    assert not cast.users["administrator"].is_superuser


def test_it_lets_no_administrator_make_anyone_a_superuser(client, cast):
    client.force_login(cast.users["administrator"])
    url = reverse("admin:accounts_user_change", args=[cast.users["hub_worker"].pk])
    html = client.get(url).content.decode()
    assert 'name="is_superuser"' not in html
    assert 'name="user_permissions"' not in html


def test_it_shows_a_superuser_no_header_links_to_people(client, cast):
    # The navigation asks the rules too: a superuser sees no queue, inbox or dashboard.
    client.force_login(cast.users["superuser"])
    html = client.get(reverse("access:start")).content.decode()
    for text in ("Queue", "Introductions to your services", "Hub dashboard"):
        assert f">{text}<" not in html


@pytest.mark.parametrize("name", ["access:contact_attempt", "access:conversation", "access:decision"])
def test_it_refuses_work_on_an_introduction_allocated_to_someone_else(client, cast, name):
    url = reverse(name, args=[cast.world["introduction"].reference])
    client.force_login(cast.users["other_hub_worker"])
    assert client.get(url).status_code == 403  # the hub knows it exists: told why, not "none"
    assert client.post(url, {}).status_code == 403
    client.force_login(cast.users["hub_lead"])
    assert client.get(url).status_code == 200


def test_it_refuses_work_on_an_unallocated_introduction_until_taken(client, other_hub_worker):
    introduction = factories.introduction()
    client.force_login(other_hub_worker)
    assert client.get(reverse("access:contact_attempt", args=[introduction.reference])).status_code == 403
    client.post(reverse("access:allocate", args=[introduction.reference]), {"version": 0})
    assert client.get(reverse("access:contact_attempt", args=[introduction.reference])).status_code == 200


def test_it_answers_404_for_what_does_not_exist(client, hub_lead):
    client.force_login(hub_lead)
    assert client.get(reverse("access:introduction", args=["LW-NOSUCH"])).status_code == 404
    assert client.get(reverse("people:detail", args=[999999])).status_code == 404
    assert client.get(reverse("network:service_introduction", args=[999999])).status_code == 404
    assert client.get(reverse("support:episode", args=[999999])).status_code == 404


class TestPartnerPractitioner:
    """A partner sees only their own organisation's introductions, episodes and people who agreed."""

    @pytest.fixture
    def elsewhere(self):
        other_service = factories.service(name="Another charity's service")
        item = factories.service_introduction(service_=other_service)
        return {"item": item, "episode": factories.episode(item), "person": item.person}

    @pytest.fixture
    def practitioner(self, client, cast):
        client.force_login(cast.users["practitioner"])
        return cast.users["practitioner"]

    def test_it_does_not_disclose_another_organisations_service_introduction(
        self, client, practitioner, elsewhere
    ):
        url = reverse("network:service_introduction", args=[elsewhere["item"].pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "accept"}).status_code == 404

    def test_it_does_not_disclose_another_organisations_episode(self, client, practitioner, elsewhere):
        pk = elsewhere["episode"].pk
        assert client.get(reverse("support:episode", args=[pk])).status_code == 404
        assert client.get(reverse("support:record_session", args=[pk])).status_code == 404
        assert (
            client.post(reverse("support:discharge", args=[pk]), {"reason": "goals_met"}).status_code == 404
        )

    def test_it_does_not_disclose_a_person_known_only_to_another_organisation(
        self, client, practitioner, elsewhere
    ):
        assert client.get(reverse("people:detail", args=[elsewhere["person"].pk])).status_code == 404

    def test_it_refuses_a_person_who_has_not_agreed_to_share(self, client, practitioner, cast):
        # Introduced to their organisation, so they know the person: 403, which says why.
        person = cast.world["person"]
        person.consent_share_alliance = False
        person.save()
        assert client.get(reverse("people:detail", args=[person.pk])).status_code == 403

    def test_it_lists_only_their_organisations_work_in_the_inbox(self, client, practitioner, elsewhere):
        elsewhere["person"].given_name = "Quillon"
        elsewhere["person"].save()
        html = client.get(reverse("network:inbox")).content.decode()
        assert "Ellery-Vance" in html
        assert "Quillon" not in html

    def test_it_shows_a_hub_worker_the_service_introduction_but_not_the_answer_form(self, client, cast):
        client.force_login(cast.users["hub_worker"])
        url = reverse("network:service_introduction", args=[cast.world["item"].pk])
        assert client.get(url).status_code == 200
        assert client.post(url, {"answer": "accept"}).status_code == 403


def test_it_makes_the_demo_administrator_staff_in_the_group_and_no_superuser():
    admin_user = create_borough().staff["admin"]
    assert (admin_user.is_staff, admin_user.is_superuser) == (True, False)
    assert admin_user.groups.filter(pk=administrators_group().pk).exists()
