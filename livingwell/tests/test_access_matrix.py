"""Every page tried as every kind of user: who gets in, who is refused (docs/access-matrix.md).

The matrix has a row for every named URL in the URL conf (a test fails when one is missing),
and a column for the administrator and for a superuser: neither opens anything outside the
admin site, because the access helpers test the rules, never `user.has_perm`.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from livingwell.accounts.administrators import ADMIN_SITE_PERMISSIONS, administrators_group, grant_admin_site
from livingwell.accounts.models import Role
from livingwell.demo.borough import create_borough
from livingwell.testing import factories
from livingwell.tests.access_world import ROLES, Page, allow, build, everyone, post_data, url_for
from livingwell.tests.url_names import routes

pytestmark = pytest.mark.django_db

HUB = {"hub_worker": 200, "hub_lead": 200}
READERS = {**HUB, "practitioner": 200}  # hub staff read; the episode's organisation reads and records
AGGREGATES = {"commissioner": 200, "hub_lead": 200}
PARTNER = {"practitioner": 200}

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
    Page("access:introduction", allow(**HUB)),
    Page("access:allocate", allow(hub_worker=302, hub_lead=302), method="post"),
    Page("access:reallocate", allow(hub_lead=302), method="post"),
    Page("access:contact_attempt", allow(**HUB)),
    Page("access:conversation", allow(**HUB)),
    Page("access:decision", allow(**HUB)),
    # Nothing sent to apply here: those who may work on the introduction are sent back to it.
    Page("access:apply_submitted", allow(hub_worker=302, hub_lead=302), method="post"),
    Page("access:response_standards", allow(hub_lead=200)),
    Page("access:summary", allow(**AGGREGATES)),
    Page("access:referrer_introductions", allow(referrer=200)),
    Page("access:referrer_introduce", allow(referrer=200)),
    Page("access:referrer_introduction", allow(referrer=200)),
    Page("people:detail", allow(**READERS)),
    Page("people:merge", allow(hub_lead=200)),
    Page("people:withdraw_consent", allow(**HUB)),
    Page("network:inbox", allow(**PARTNER)),
    Page("network:service_introduction", allow(**READERS)),
    Page("support:episode", allow(**READERS)),
    Page("support:record_session", allow(**PARTNER)),
    Page("support:discharge", allow(practitioner=302), method="post"),
    Page("outcomes:episode", allow(**READERS)),
    Page("outcomes:choose", allow(**PARTNER)),
    Page("outcomes:record", allow(**PARTNER)),
    Page("outcomes:send_link", allow(**PARTNER)),
    Page("outcomes:add_goal", allow(**PARTNER)),
    Page("outcomes:rate_goal", allow(**PARTNER)),
    Page("outcomes:review_flag", allow(practitioner=302), method="post"),
    Page("outcomes:fhir_response", allow(**READERS)),
    Page("outcomes:due", allow(**PARTNER)),
    Page("outcomes:person", allow(**READERS)),
    Page("outcomes:summary", allow(**AGGREGATES, practitioner=200)),
    *(
        Page(f"insight:{name}", allow(**AGGREGATES))
        for name in (
            "hub_dashboard",
            "hub_measure",
            "hub_measure_csv",
            "alliance",
            "board_pack",
            "alliance_kpi",
            "boroughs",
        )
    ),
    # No analytic extract in these tests: those let in are told there is none to download.
    Page("insight:alliance_kpi_csv", allow(commissioner=404, hub_lead=404)),
    Page("insight:boroughs_csv", allow(commissioner=404, hub_lead=404)),
    Page("pathway:index", allow(**AGGREGATES)),
    Page("pathway:plan", allow(commissioner=400, hub_lead=400)),  # no baseline chosen: told to choose
    Page("pathway:comparison", allow(commissioner=404, hub_lead=404)),
    Page("pathway:calibration", allow(**AGGREGATES)),
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


@pytest.fixture
def administrator(alliance):
    return grant_admin_site(factories.user(Role.ADMINISTRATOR, alliance, username="admin"))


@pytest.fixture
def superuser(db):
    """The flag and nothing else: no role, no organisation."""
    return factories.user(None, username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def world(hub_worker, practitioner, referrer, short_term_support):
    return build(hub_worker, practitioner, referrer, short_term_support)


def _request(client, page: Page, world: dict):
    url = url_for(page.name, world)
    if page.method == "post":
        return client.post(url, post_data(page.name, world))
    return client.get(url)


def test_it_has_a_row_for_every_url_in_the_url_conf():
    covered = {page.name for page in PAGES}
    missing = sorted(name for name in routes() if name not in covered and not name.startswith("admin:"))
    assert missing == [], "add these to the access matrix (and docs/access-matrix.md)"
    assert covered <= set(routes()), "rows for URLs that no longer exist"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_it_sends_anonymous_visitors_to_sign_in(client, world, page):
    response = _request(client, page, world)
    assert response.status_code == page.expected("anonymous")
    if page.anonymous is None:
        assert response["Location"] == f"{reverse('accounts:sign_in')}?next={url_for(page.name, world)}"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_it_lets_in_only_the_roles_the_matrix_allows(client, request, world, page):
    # Every role on one world per page: the same check, a fraction of the set-up.
    got = {}
    for role in ROLES:
        client.force_login(request.getfixturevalue(role))
        got[role] = _request(client, page, world).status_code
    assert got == {role: page.expected(role) for role in ROLES}


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_the_admin_site_to_administrators_and_superusers_only(client, request, role):
    client.force_login(request.getfixturevalue(role))
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


def test_it_gives_administrators_exactly_the_admin_site_permissions(administrator):
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in administrators_group().permissions.all()}
    listed = {
        f"{app}.{action}_{model}" for app, model, actions in ADMIN_SITE_PERMISSIONS for action in actions
    }
    assert granted == listed
    assert not administrator.is_superuser


def test_it_lets_no_administrator_make_anyone_a_superuser(client, administrator, hub_worker):
    client.force_login(administrator)
    html = client.get(reverse("admin:accounts_user_change", args=[hub_worker.pk])).content.decode()
    assert 'name="is_superuser"' not in html
    assert 'name="user_permissions"' not in html


def test_it_shows_a_superuser_no_header_links_to_people(client, superuser):
    # The navigation asks the rules too: a superuser sees no queue, inbox or dashboard.
    client.force_login(superuser)
    html = client.get(reverse("access:start")).content.decode()
    for text in ("Queue", "Introductions to your services", "Hub dashboard"):
        assert f">{text}<" not in html


@pytest.mark.parametrize("name", ["access:contact_attempt", "access:conversation", "access:decision"])
def test_it_refuses_work_on_an_introduction_allocated_to_someone_else(
    client, world, other_hub_worker, hub_lead, name
):
    url = reverse(name, args=[world["introduction"].reference])
    client.force_login(other_hub_worker)
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
    client.force_login(hub_lead)
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

    def test_it_refuses_another_organisations_service_introduction(self, client, practitioner, elsewhere):
        client.force_login(practitioner)
        assert (
            client.get(reverse("network:service_introduction", args=[elsewhere["item"].pk])).status_code
            == 403
        )
        assert (
            client.post(
                reverse("network:service_introduction", args=[elsewhere["item"].pk]), {"answer": "accept"}
            ).status_code
            == 403
        )

    def test_it_refuses_another_organisations_episode(self, client, practitioner, elsewhere):
        client.force_login(practitioner)
        pk = elsewhere["episode"].pk
        assert client.get(reverse("support:episode", args=[pk])).status_code == 403
        assert client.get(reverse("support:record_session", args=[pk])).status_code == 403
        assert (
            client.post(reverse("support:discharge", args=[pk]), {"reason": "goals_met"}).status_code == 403
        )

    def test_it_refuses_a_person_known_only_to_another_organisation(self, client, practitioner, elsewhere):
        client.force_login(practitioner)
        assert client.get(reverse("people:detail", args=[elsewhere["person"].pk])).status_code == 403

    def test_it_refuses_a_person_who_has_not_agreed_to_share(self, client, practitioner, world):
        person = world["person"]
        person.consent_share_alliance = False
        person.save()
        client.force_login(practitioner)
        assert client.get(reverse("people:detail", args=[person.pk])).status_code == 403

    def test_it_lists_only_their_organisations_work_in_the_inbox(
        self, client, practitioner, world, elsewhere
    ):
        elsewhere["person"].given_name = "Quillon"
        elsewhere["person"].save()
        client.force_login(practitioner)
        html = client.get(reverse("network:inbox")).content.decode()
        assert "Ellery-Vance" in html
        assert "Quillon" not in html

    def test_it_shows_a_hub_worker_the_service_introduction_but_not_the_answer_form(
        self, client, hub_worker, world
    ):
        client.force_login(hub_worker)
        url = reverse("network:service_introduction", args=[world["item"].pk])
        assert client.get(url).status_code == 200
        assert client.post(url, {"answer": "accept"}).status_code == 403


def test_it_makes_the_demo_administrator_staff_in_the_group_and_no_superuser():
    admin_user = create_borough().staff["admin"]
    assert (admin_user.is_staff, admin_user.is_superuser) == (True, False)
    assert admin_user.groups.filter(pk=administrators_group().pk).exists()
