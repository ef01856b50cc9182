"""The staff directory, its waits, editing with history, importing, and the public community pages."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from livingwell.accounts.models import Organisation, Role
from livingwell.codes import LifeArea
from livingwell.demo import borough
from livingwell.demo.directory_data import demo_directory
from livingwell.network import directory_edit, directory_search, waits
from livingwell.network.directory_edit import ServiceForm
from livingwell.network.directory_search import DirectorySearchForm
from livingwell.network.models import (
    CapacityUnit,
    ChangeHow,
    Service,
    ServiceIntroductionStatus,
    ServiceKind,
)
from livingwell.network.oruk_import import import_directory
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(db):
    return {
        name: Organisation.objects.create(name=name, kind=kind, ods_code=ods)
        for name, kind, ods in borough.ORGANISATIONS
    }


@pytest.fixture
def documents(partners):
    documents = demo_directory()
    import_directory(documents)
    return documents


@pytest.fixture
def alliance_lead(partners):
    return factories.user(Role.HUB_LEAD, partners["Living Well Network Alliance"], username="the-lead")


@pytest.fixture
def certitude_editor(partners):
    return factories.user(Role.DIRECTORY_EDITOR, partners["Certitude"], username="certitude-editor")


@pytest.fixture
def certitude_worker(partners):
    return factories.user(Role.PARTNER_PRACTITIONER, partners["Certitude"], username="certitude-worker")


def shown(response) -> list[str]:
    """The service names a directory page lists."""
    return [
        html.unescape(n)
        for n in re.findall(
            r'<h2 class="nhsuk-card__heading[^"]*"><a [^>]*>([^<]+)</a>', response.content.decode()
        )
    ]


def everything(client, **params) -> set[str]:
    """What a search finds: the first page as shown, and every match from the same search."""
    response = client.get("/services/directory/", params)
    assert response.status_code == 200
    form = DirectorySearchForm(params)
    assert form.is_valid(), form.errors
    found = [s.name for s in directory_search.search(form.cleaned_data)]
    assert shown(response) == found[:25]
    return set(found)


def initial(service: Service) -> dict:
    """What the edit form posts unchanged."""
    values = ServiceForm(service=service).initial
    data = {k: v for k, v in values.items() if v is not None and v is not False}
    return data


def test_any_member_of_staff_finds_services_and_an_outsider_is_refused(
    client, documents, certitude_worker, outsider
):
    client.force_login(certitude_worker)
    response = client.get("/services/directory/")
    assert response.status_code == 200
    assert f"{len(documents)} services in the directory match" in response.content.decode()
    assert len(shown(response)) == 25
    client.force_login(outsider)
    assert client.get("/services/directory/").status_code == 403
    client.logout()
    assert client.get("/services/directory/").status_code == 302


def test_the_search_filters_by_need_age_language_kind_and_area(client, documents, certitude_worker):
    client.force_login(certitude_worker)
    housing = everything(client, need=LifeArea.HOUSING)
    assert housing
    assert all(
        any(
            a["taxonomy_term_id"].endswith("") and a["taxonomy_term"]["name"] == "Housing"
            for a in d["attributes"]
        )
        for d in documents
        if d["name"] in housing
    )
    young = everything(client, age=17)
    assert young == {
        d["name"]
        for d in documents
        if d.get("minimum_age", 0) <= 17 <= d.get("maximum_age", 200) and d["status"] != "defunct"
    }
    portuguese = everything(client, language="pt")
    assert portuguese == {
        d["name"] for d in documents if any(lang.get("code") == "pt" for lang in d.get("languages", []))
    }
    timebanks = everything(client, kind=ServiceKind.TIMEBANK)
    assert "Lambeth Timebank" in timebanks
    assert all(Service.objects.get(name=n).kind == ServiceKind.TIMEBANK for n in timebanks)
    postcode = documents[0]["service_at_locations"][0]["location"]["addresses"][0]["postal_code"]
    near = everything(client, area=postcode)
    assert documents[0]["name"] in near


def test_a_bad_age_is_a_field_error(client, documents, certitude_worker):
    client.force_login(certitude_worker)
    response = client.get("/services/directory/", {"age": "old"})
    assert response.status_code == 400
    assert "Enter a whole number" in response.content.decode()


def test_waits_are_worked_out_from_the_records(documents):
    service = Service.objects.get(name="Short Term Support")
    service.response_standard_hours = 48
    service.capacity, service.capacity_unit = 2, CapacityUnit.CASELOAD
    service.save()
    now = timezone.now()
    old = factories.service_introduction(service_=service, made_at=now - dt.timedelta(hours=50))
    factories.service_introduction(service_=service, made_at=now - dt.timedelta(hours=2))
    for hours in (10, 30):
        answered = factories.service_introduction(
            service_=service,
            made_at=now - dt.timedelta(days=3),
            status=ServiceIntroductionStatus.ACCEPTED,
            responded_at=now - dt.timedelta(days=3) + dt.timedelta(hours=hours),
        )
        factories.episode(answered)
    wait = waits.waits_for([service], now=now)[service.pk]
    assert (wait.waiting, wait.overdue, wait.oldest_waiting_since) == (2, 1, old.made_at)
    assert wait.median_hours_to_answer == pytest.approx(20)
    assert (wait.load, wait.capacity, wait.full) == (2, 2, True)
    # Full: not among those taking introductions now, nor suggested.
    assert service not in directory_search.taking_introductions(Service.objects.all(), now=now)
    assert service not in directory_search.suggest_for([LifeArea.MOOD], now=now)


def test_suggestions_put_the_services_meeting_more_needs_first(documents):
    suggested = list(directory_search.suggest_for([LifeArea.HOUSING, LifeArea.MONEY]))
    assert suggested
    assert all(s.accepts_introductions for s in suggested)
    counts = [s.needs_met for s in suggested]  # type: ignore[attr-defined]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] >= 1


def test_a_service_page_shows_staff_what_the_public_does_not_see(client, documents, certitude_worker):
    service = Service.objects.get(name="Short Term Support")
    client.force_login(certitude_worker)
    page = client.get(f"/services/directory/{service.uuid}/").content.decode()
    assert "Response standard" in page
    assert "Waits now" in page
    assert client.get("/services/directory/not-a-uuid/").status_code == 404
    assert client.get("/services/directory/5f0b2cd6-3d5f-4a43-9b1f-0c56c7f1a111/").status_code == 404


def test_the_hub_lead_edits_and_the_history_shows_what_changed(client, documents, alliance_lead):
    service = Service.objects.get(name="Short Term Support")
    client.force_login(alliance_lead)
    assert client.get(f"/services/directory/{service.uuid}/edit/").status_code == 200
    data = initial(service)
    data.update(
        name="Short Term Support (Brixton)",
        needs=[LifeArea.MOOD, LifeArea.HOUSING],
        accepts_introductions="on",
    )
    response = client.post(f"/services/directory/{service.uuid}/edit/", data)
    assert response.status_code == 302, response.content.decode()
    service.refresh_from_db()
    assert service.name == "Short Term Support (Brixton)"
    assert service.source_digest == ""
    history = client.get(f"/services/directory/{service.uuid}/history/").content.decode()
    assert "Edited in the directory" in history
    entries = directory_edit.differences(list(service.changes.order_by("-changed_at", "-pk")))
    assert entries[0].change.how == ChangeHow.EDIT
    assert ("name", "Short Term Support", "Short Term Support (Brixton)") in entries[0].differences
    assert set(directory_search.search({"need": LifeArea.HOUSING})) >= {service}
    # The partner's file, imported again, puts its own version back, as a change.
    result = import_directory(documents)
    assert result.updated == 1
    service.refresh_from_db()
    assert service.name == "Short Term Support"
    latest = service.changes.first()
    assert latest is not None
    assert latest.how == ChangeHow.IMPORT


def test_a_stale_edit_is_refused_plainly(client, documents, alliance_lead):
    service = Service.objects.get(name="Short Term Support")
    client.force_login(alliance_lead)
    assert client.get(f"/services/directory/{service.uuid}/edit/").status_code == 200
    data = initial(service)
    first = {**data, "name": "First"}
    assert client.post(f"/services/directory/{service.uuid}/edit/", first).status_code == 302
    second = {**data, "name": "Second"}
    response = client.post(f"/services/directory/{service.uuid}/edit/", second)
    assert response.status_code == 400
    assert "Someone changed this service" in response.content.decode()
    service.refresh_from_db()
    assert service.name == "First"


def test_an_edit_keeps_the_rules(client, documents, alliance_lead):
    community = Service.objects.filter(organisation__isnull=True).first()
    assert community is not None
    client.force_login(alliance_lead)
    assert client.get(f"/services/directory/{community.uuid}/edit/").status_code == 200
    data = initial(community)
    data.update(accepts_introductions="on", minimum_age=30, maximum_age=20, capacity=5, capacity_unit="")
    response = client.post(f"/services/directory/{community.uuid}/edit/", data)
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "Only a service an alliance partner runs can take introductions" in page
    assert "The oldest age must be the same as or more than the youngest" in page
    assert "Say what the capacity counts" in page


def test_a_directory_editor_edits_only_their_organisations_services(
    client, documents, certitude_editor, certitude_worker
):
    theirs = Service.objects.get(name="Short Term Support")  # Certitude's
    other = Service.objects.get(name="Lambeth Talking Therapies")  # the trust's
    client.force_login(certitude_editor)
    assert client.get(f"/services/directory/{theirs.uuid}/edit/").status_code == 200
    assert client.get(f"/services/directory/{other.uuid}/edit/").status_code == 403
    client.force_login(certitude_worker)
    assert client.get(f"/services/directory/{theirs.uuid}/edit/").status_code == 403


def upload(documents) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "services.json", json.dumps(documents).encode(), content_type="application/json"
    )


def test_an_editor_imports_their_own_services_and_not_anothers(client, documents, certitude_editor):
    client.force_login(certitude_editor)
    theirs = [d for d in documents if d.get("livingwell", {}).get("partner") == "Certitude"]
    theirs[0]["name"] = "Renamed by Certitude"
    response = client.post("/services/directory/import/", {"file": upload(theirs)})
    assert response.status_code == 302
    assert Service.objects.filter(name="Renamed by Certitude").exists()
    others = [d for d in documents if d.get("livingwell", {}).get("partner") == "Lambeth Council"]
    others[0]["name"] = "Renamed by someone else"
    response = client.post("/services/directory/import/", {"file": upload(others[:1])})
    assert response.status_code == 400
    assert "you can import only services Certitude runs" in response.content.decode()
    assert not Service.objects.filter(name="Renamed by someone else").exists()


def test_a_broken_upload_lists_every_problem_and_imports_nothing(client, documents, alliance_lead):
    client.force_login(alliance_lead)
    broken = json.loads(json.dumps(documents[:3]))
    broken[0]["status"] = "open"
    broken[2]["name"] = 5
    before = Service.objects.count()
    response = client.post("/services/directory/import/", {"file": upload(broken)})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "<code>$[0].status" in page
    assert "<code>$[2].name" in page
    assert Service.objects.count() == before
    assert client.post("/services/directory/import/", {}).status_code == 400


def test_only_editors_and_the_hub_lead_import(client, documents, certitude_worker):
    client.force_login(certitude_worker)
    assert client.get("/services/directory/import/").status_code == 403


def test_anyone_finds_community_offers_without_signing_in(client, documents):
    response = client.get("/services/community/", {"need": LifeArea.LONELINESS})
    assert response.status_code == 200
    found = list(
        directory_search.search({"need": LifeArea.LONELINESS}).filter(
            kind__in=(ServiceKind.STAYING_WELL, ServiceKind.PEER_SUPPORT, ServiceKind.TIMEBANK),
            status__in=("active", "temporarily closed"),
        )
    )
    assert found
    assert found[0].name in html.unescape(response.content.decode())
    assert all(
        s.kind in (ServiceKind.STAYING_WELL, ServiceKind.PEER_SUPPORT, ServiceKind.TIMEBANK) for s in found
    )
    page = html.unescape(client.get(f"/services/community/{found[0].uuid}/").content.decode())
    assert found[0].name in page
    assert "Response standard" not in page
    assert "capacity" not in page.lower()


def test_a_community_page_for_anything_else_is_not_found(client, documents):
    specialist = Service.objects.get(name="Specialist Community Mental Health Team")
    assert client.get(f"/services/community/{specialist.uuid}/").status_code == 404
    assert client.get("/services/community/nothing/").status_code == 404
    assert client.get("/services/community/", {"need": "nonsense"}).status_code == 400
