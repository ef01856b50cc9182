"""The person's own view: only their own data, in plain English, and their choices take effect at once."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.mine.models import CorrectionRequest, CorrectionStatus, PersonComment
from livingwell.mine.testing import sign_in_client
from livingwell.network.models import ServiceIntroductionStatus
from livingwell.outcomes.models import QuestionnaireResponse, ResponseSource, ResponseStatus
from livingwell.support import plan_services
from livingwell.testing import factories
from livingwell.testing.plain_english import assert_plain_english

pytestmark = pytest.mark.django_db

PERSON_PAGES = [
    "/my/",
    "/my/plan/",
    "/my/choices/",
    "/my/data/",
    "/my/data/who-looked/",
    "/my/data/correction/",
]
PUBLIC_PAGES = ["/my/sign-in/", "/my/sign-in/code/", "/my/signed-out/"]


@pytest.fixture
def supported(practitioner, short_term_support):
    item = factories.service_introduction(
        service_=short_term_support, status=ServiceIntroductionStatus.ACCEPTED, responded_at=timezone.now()
    )
    episode = factories.episode(item)
    plan_services.plan_for(None, episode.person_id, by=practitioner)
    return episode.person


@pytest.fixture
def me(client, supported):
    return sign_in_client(client, person=supported)


@pytest.mark.parametrize("path", PERSON_PAGES)
def test_every_own_page_sends_a_stranger_to_sign_in(path):
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/my/sign-in/")


@pytest.mark.parametrize("path", PERSON_PAGES + PUBLIC_PAGES)
def test_every_page_a_person_reads_is_plain_english(me, path, supported):
    # Something in every section, so the words measured are the words people will read.
    factories.service_introduction(
        factories.introduction(supported), status=ServiceIntroductionStatus.PENDING
    )
    response = me.get(path)
    assert response.status_code == 200
    assert_plain_english(response.content.decode())


def test_a_staff_session_is_not_an_own_view_session(client, hub_worker, supported):
    client.force_login(hub_worker)
    assert client.get("/my/").status_code == 302


def test_what_is_happening_says_where_each_introduction_stands(me, supported, short_term_support):
    waiting = factories.service(name="Sleep Well Group", response_standard_hours=48)
    factories.service_introduction(factories.introduction(supported), service_=waiting)
    body = me.get("/my/").content.decode()
    due = timezone.localtime(timezone.now() + dt.timedelta(hours=48)).strftime("%A %-d %B")
    assert "We have asked Sleep Well Group to help you." in body
    assert f"They will tell us by {due} if they can." in body
    assert f"{short_term_support.name} can help you." in body


def test_a_declined_introduction_never_shows_the_services_reasons(me, supported):
    service = factories.service(name="Work Well")
    factories.service_introduction(
        factories.introduction(supported), service_=service, status=ServiceIntroductionStatus.DECLINED,
        decline_reason="Private note between services", responded_at=timezone.now(),
    )  # fmt: skip
    body = me.get("/my/").content.decode()
    assert "Work Well cannot help you this time." in body
    assert "Private note" not in body


def test_another_persons_questionnaire_is_not_found(me, supported, hub_worker):
    other = factories.episode()
    theirs = QuestionnaireResponse.objects.create(
        episode=other, person=other.person, instrument="PHQ-9", source=ResponseSource.LINK,
        status=ResponseStatus.IN_PROGRESS, submission_key="k-1", created_at=timezone.now(),
    )  # fmt: skip
    assert me.post(f"/my/questionnaires/{theirs.pk}/").status_code == 404
    mine = QuestionnaireResponse.objects.create(
        episode=supported.episodes.get(), person=supported, instrument="PHQ-9", source=ResponseSource.LINK,
        status=ResponseStatus.IN_PROGRESS, submission_key="k-2", created_at=timezone.now(),
    )  # fmt: skip
    response = me.post(f"/my/questionnaires/{mine.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/outcomes/q/")


def test_comments_and_goals_are_added_once_however_often_sent(me, supported):
    key = str(uuid.uuid4())
    for _ in range(2):
        assert (
            me.post("/my/plan/comments/", {"submission_key": key, "text": "I sleep better now"}).status_code
            == 302
        )
        me.post(
            "/my/plan/goals/",
            {"submission_key": key, "description": "Walk each day", "big_outcome": "recover"},
        )
    assert PersonComment.objects.filter(person=supported).count() == 1
    assert supported.goals.filter(description="Walk each day").count() == 1
    body = me.get("/my/plan/").content.decode()
    assert "I sleep better now" in body
    assert "Walk each day" in body


def test_an_empty_comment_gets_a_message_at_the_field(me):
    response = me.post("/my/plan/comments/", {"submission_key": str(uuid.uuid4()), "text": ""})
    assert response.status_code == 400
    assert "Write what you want to add" in response.content.decode()


def test_withdrawing_consent_stops_the_partner_at_their_next_request(me, supported, practitioner):
    staff = Client()
    staff.force_login(practitioner)
    assert staff.get(f"/people/{supported.pk}/").status_code == 200
    response = me.post("/my/choices/sharing/", {"consent_share_alliance": "no", "consent_share_gp": "no"})
    assert response.status_code == 302
    assert staff.get(f"/people/{supported.pk}/").status_code == 403
    supported.refresh_from_db()
    assert supported.consent_share_alliance is False
    assert supported.consent_share_alliance_at is not None
    assert AuditEvent.objects.filter(
        person=supported, action=AuditAction.UPDATE, detail__withdrawn=["consent_share_alliance"]
    ).exists()
    me.post("/my/choices/sharing/", {"consent_share_alliance": "yes", "consent_share_gp": "no"})
    assert staff.get(f"/people/{supported.pk}/").status_code == 200


def test_opting_out_of_planning_data_is_dated_and_audited(me, supported):
    me.post("/my/choices/planning-data/", {"opt_out": "out"})
    supported.refresh_from_db()
    assert supported.extract_opt_out is True
    assert supported.extract_opt_out_at is not None
    me.post("/my/choices/planning-data/", {"opt_out": "in"})
    supported.refresh_from_db()
    assert supported.extract_opt_out is False


def test_contact_choices_change_but_a_new_number_goes_to_the_hub(me, supported):
    me.post(
        "/my/choices/contact/",
        {"preferred_contact": "email", "contact_times": "Mornings", "phone": "+447700900999"},
    )
    supported.refresh_from_db()
    assert (supported.preferred_contact, supported.contact_times) == ("email", "Mornings")
    assert supported.phone != "+447700900999"


def test_the_download_holds_their_data_and_not_staff_notes(me, supported):
    supported.introductions.update(whats_going_on="My own words")
    response = me.get("/my/data/download/")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["about_you"]["family_name"] == supported.family_name
    assert data["requests_for_help"][0]["in_your_words"] == "My own words"
    assert data["support"][0]["started"]
    assert "held_but_not_shown_here" in data
    assert AuditEvent.objects.filter(person=supported, detail__page="download").exists()


def test_who_looked_lists_staff_and_not_the_person(me, supported, hub_worker):
    staff = Client()
    staff.force_login(hub_worker)
    staff.get(f"/people/{supported.pk}/")
    me.get("/my/")
    body = me.get("/my/data/who-looked/").content.decode()
    assert "Viewed your record" in body
    assert (
        body.count('<tr class="nhsuk-table__row">')
        == AuditEvent.objects.filter(person=supported, user__isnull=False)
        .exclude(action__in=[AuditAction.SIGN_IN, AuditAction.SIGN_IN_FAILED])
        .count()
    )


def test_a_correction_reaches_the_hub_as_a_task_and_changes_nothing(me, supported, hub_worker, practitioner):
    key = str(uuid.uuid4())
    for _ in range(2):
        me.post("/my/data/correction/", {"submission_key": key, "what": "My phone is now 07700 900555"})
    item = CorrectionRequest.objects.get()
    supported.refresh_from_db()
    assert supported.phone != "+447700900555"
    hub = Client()
    hub.force_login(hub_worker)
    assert "My phone is now" in hub.get("/hub/corrections/").content.decode()
    partner = Client()
    partner.force_login(practitioner)
    assert partner.get("/hub/corrections/").status_code == 403
    assert (
        partner.post(f"/hub/corrections/{item.pk}/close/", {"status": "done", "reply": "x"}).status_code
        == 404
    )
    response = hub.post(f"/hub/corrections/{item.pk}/close/", {"status": "done", "reply": "Changed it"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == CorrectionStatus.DONE
    assert "Changed it" in me.get("/my/data/").content.decode()


def test_closing_without_a_reply_says_so(supported, hub_worker):
    item = CorrectionRequest.objects.create(person=supported, what="x", submission_key="k")
    hub = Client()
    hub.force_login(hub_worker)
    response = hub.post(f"/hub/corrections/{item.pk}/close/", {"status": "done"})
    assert response.status_code == 400
    assert "Say what you did, for the person to read" in response.content.decode()


def test_the_hub_confirms_contact_details_from_the_persons_page(hub_worker, practitioner):
    person = factories.person(email="sam@example.org")
    hub = Client()
    hub.force_login(hub_worker)
    assert "Not yet: they cannot sign in" in hub.get(f"/people/{person.pk}/").content.decode()
    assert hub.post(f"/people/{person.pk}/confirm-contact/").status_code == 302
    person.refresh_from_db()
    assert person.confirmed_contact("email") == "sam@example.org"
    assert person.confirmed_contact("sms") == person.phone
    assert "Not yet" not in hub.get(f"/people/{person.pk}/").content.decode()


def test_signing_out_works_with_csrf_checks_on_every_page(supported):
    browser = Client(enforce_csrf_checks=True)
    for path in PERSON_PAGES:
        sign_in_client(browser, person=supported)
        html = browser.get(path).content.decode()
        form = html[html.index('action="/my/sign-out/"') :]
        token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        assert browser.post("/my/sign-out/", {"csrfmiddlewaretoken": token}).status_code == 302, path
        assert browser.get("/my/").status_code == 302
