"""Every staff page tried as every kind of user: who gets in, who is refused (docs/access-matrix.md)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from livingwell.testing import factories

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "outsider", "commissioner", "hub_worker", "hub_lead", "practitioner")


@dataclass(frozen=True)
class Page:
    name: str
    method: str
    # Expected status for: outsider, commissioner, hub worker, hub lead, practitioner.
    # (Anonymous visitors are always sent to sign in.)
    expected: tuple[int, int, int, int, int]


PAGES = [
    Page("access:queue", "get", (403, 403, 200, 200, 403)),
    Page("access:introduction", "get", (403, 403, 200, 200, 403)),
    Page("access:allocate", "post", (403, 403, 302, 302, 403)),
    Page("access:reallocate", "post", (403, 403, 403, 302, 403)),
    Page("access:contact_attempt", "get", (403, 403, 200, 200, 403)),
    Page("access:conversation", "get", (403, 403, 200, 200, 403)),
    Page("access:decision", "get", (403, 403, 200, 200, 403)),
    Page("access:response_standards", "get", (403, 403, 403, 200, 403)),
    Page("access:summary", "get", (403, 200, 403, 200, 403)),
    Page("people:detail", "get", (403, 403, 200, 200, 200)),
    Page("people:merge", "get", (403, 403, 403, 200, 403)),
    Page("network:inbox", "get", (403, 403, 403, 403, 200)),
    Page("network:service_introduction", "get", (403, 403, 200, 200, 200)),
    Page("support:episode", "get", (403, 403, 200, 200, 200)),
    Page("support:record_session", "get", (403, 403, 403, 403, 200)),
    Page("support:discharge", "post", (403, 403, 403, 403, 302)),
]


@pytest.fixture
def world(hub_worker, short_term_support):
    """One person, introduced to the hub, allocated to the hub worker, on to the charity's service."""
    person = factories.person(given_name="Morgan", family_name="Ellery-Vance")
    duplicate = factories.person(given_name="Morgan", family_name="Ellery-Vance", phone="")
    introduction = factories.introduction(person, allocated_to=hub_worker)
    item = factories.service_introduction(introduction, short_term_support)
    episode = factories.episode(item)
    return {
        "person": person,
        "duplicate": duplicate,
        "introduction": introduction,
        "item": item,
        "episode": episode,
    }


def _url(name: str, world: dict) -> str:
    if name.startswith("access:") and name not in {
        "access:queue",
        "access:response_standards",
        "access:summary",
    }:
        return reverse(name, args=[world["introduction"].reference])
    if name == "people:detail":
        return reverse(name, args=[world["person"].pk])
    if name == "people:merge":
        return reverse(name, args=[world["person"].pk, world["duplicate"].pk])
    if name == "network:service_introduction":
        return reverse(name, args=[world["item"].pk])
    if name.startswith("support:"):
        return reverse(name, args=[world["episode"].pk])
    return reverse(name)


def _data(page: Page, world: dict) -> dict:
    if page.name == "support:discharge":
        return {"reason": "goals_met"}
    return {"version": world["introduction"].version}


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_it_sends_anonymous_visitors_to_sign_in(client, world, page):
    url = _url(page.name, world)
    response = getattr(client, page.method)(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:sign_in')}?next={url}"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
@pytest.mark.parametrize("role", ROLES[1:])
def test_it_lets_in_only_the_roles_the_matrix_allows(client, request, world, page, role):
    client.force_login(request.getfixturevalue(role))
    url = _url(page.name, world)
    response = (
        getattr(client, page.method)(url, _data(page, world)) if page.method == "post" else client.get(url)
    )
    assert response.status_code == page.expected[ROLES.index(role) - 1]


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
