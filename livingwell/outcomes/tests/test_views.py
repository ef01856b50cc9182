"""Staff pages: who may see and record what (docs/access-matrix.md), recording, goals, the due list."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from livingwell.accounts.models import Role
from livingwell.outcomes.models import Goal, QuestionnaireResponse, Schedule
from livingwell.outcomes.services import record_questionnaire
from livingwell.support.models import EpisodeStatus
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


def phq9_post(values, key=None):
    data = {f"item_{n}": str(v) for n, v in enumerate(values, start=1)}
    data["submission_key"] = key or str(uuid.uuid4())
    return data


def person_pages(episode):
    return [
        reverse("outcomes:episode", args=[episode.pk]),
        reverse("outcomes:person", args=[episode.person_id]),
    ]


def record_pages(episode):
    return [
        reverse("outcomes:choose", args=[episode.pk]),
        reverse("outcomes:record", args=[episode.pk, "PHQ-9"]),
        reverse("outcomes:send_link", args=[episode.pk]),
        reverse("outcomes:add_goal", args=[episode.pk]),
    ]


def test_outsiders_and_commissioners_see_no_person_page(client, outsider, commissioner, episode):
    for user in (outsider, commissioner):
        client.force_login(user)
        # No relationship with the person or the episode: told they do not exist.
        for url in person_pages(episode) + record_pages(episode):
            assert client.get(url).status_code == 404, (user, url)
        assert client.get(reverse("outcomes:due")).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client, episode):
    for url in [*person_pages(episode), reverse("outcomes:due")]:
        page = client.get(url)
        assert page.status_code == 302
        assert "/staff/" in page.url


def test_a_practitioner_elsewhere_cannot_see_or_record(client, episode):
    other = factories.user(Role.PARTNER_PRACTITIONER, factories.organisation())
    client.force_login(other)
    for url in person_pages(episode) + record_pages(episode):
        assert client.get(url).status_code == 404, url  # not their organisation's: not disclosed


def test_hub_staff_read_but_do_not_record(client, hub_worker, episode):
    client.force_login(hub_worker)
    for url in person_pages(episode):
        assert client.get(url).status_code == 200, url
    for url in record_pages(episode):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(reverse("outcomes:record", args=[episode.pk, "PHQ-9"]), phq9_post([1] * 9)).status_code
        == 403
    )
    assert not QuestionnaireResponse.objects.exists()


def test_a_practitioner_records_a_phq9_and_sees_its_classification(client, practitioner, episode):
    client.force_login(practitioner)
    first = client.post(
        reverse("outcomes:record", args=[episode.pk, "PHQ-9"]), phq9_post([2, 2, 2, 2, 2, 2, 1, 1, 0])
    )
    assert first.status_code == 302
    later = client.post(
        reverse("outcomes:record", args=[episode.pk, "phq-9"]), phq9_post([1, 1, 1, 1, 0, 0, 0, 0, 0])
    )
    assert later.status_code == 302
    page = client.get(reverse("outcomes:episode", args=[episode.pk])).content.decode()
    assert "Reliable improvement, now below the clinical cut-off (recovered)" in page
    assert "<svg" in page
    assert "cut-off" in page
    assert "clinical range" in page
    assert [r.total for r in QuestionnaireResponse.objects.order_by("pk")] == [14, 4]


def test_a_missing_item_is_named_at_the_field(client, practitioner, episode):
    client.force_login(practitioner)
    data = phq9_post([1] * 9)
    del data["item_4"]
    page = client.post(reverse("outcomes:record", args=[episode.pk, "PHQ-9"]), data)
    assert page.status_code == 400
    assert "Choose an answer to question 4" in page.content.decode()
    assert not QuestionnaireResponse.objects.exists()


def test_recording_is_idempotent_by_submission_key(client, practitioner, episode):
    client.force_login(practitioner)
    data = phq9_post([1] * 9)
    client.post(reverse("outcomes:record", args=[episode.pk, "PHQ-9"]), data)
    client.post(reverse("outcomes:record", args=[episode.pk, "PHQ-9"]), data)
    assert QuestionnaireResponse.objects.count() == 1


def test_an_unknown_instrument_is_not_found(client, practitioner, episode):
    client.force_login(practitioner)
    assert client.get(reverse("outcomes:record", args=[episode.pk, "XYZ"])).status_code == 404
    assert client.get(reverse("outcomes:fhir_questionnaire", args=["XYZ"])).status_code == 404


def test_the_practitioner_is_flagged_whatever_the_total(client, practitioner, episode):
    client.force_login(practitioner)
    page = client.post(
        reverse("outcomes:record", args=[episode.pk, "PHQ-9"]), phq9_post([0] * 8 + [1]), follow=True
    ).content.decode()
    assert "Question 9 was answered above zero" in page
    assert QuestionnaireResponse.objects.get().risk_flagged_at is not None


def test_loaded_wording_replaces_neutral_labels(client, practitioner, episode, charity):
    from livingwell.outcomes.services import load_instrument_text

    client.force_login(practitioner)
    assert (
        "Wording has not been loaded"
        in client.get(reverse("outcomes:record", args=[episode.pk, "GAD-7"])).content.decode()
    )
    load_instrument_text(
        charity,
        {"instrument": "GAD-7", "licence": "test", "items": [f"Wording {n}" for n in range(1, 8)],
         "answers": ["Never", "Some days", "Often", "Nearly always"]},
    )  # fmt: skip
    page = client.get(reverse("outcomes:record", args=[episode.pk, "GAD-7"])).content.decode()
    assert "Wording 7" in page
    assert "Nearly always" in page
    assert "Wording has not been loaded" not in page


def test_goals_are_grouped_under_the_three_big_outcomes(client, practitioner, episode):
    client.force_login(practitioner)
    new = client.post(
        reverse("outcomes:add_goal", args=[episode.pk]),
        {
            "submission_key": "g1",
            "description": "Get back to work",
            "big_outcome": "participate",
            "rating": "2",
        },
    )
    assert new.status_code == 302
    goal = Goal.objects.get()
    client.post(reverse("outcomes:rate_goal", args=[goal.pk]), {"submission_key": "g2", "rating": "6"})
    page = client.get(reverse("outcomes:person", args=[episode.person_id])).content.decode()
    participate = page.index("Participate on an equal footing")
    assert page.index("Recover and stay well") < page.index("Make their own choices") < participate
    assert page.index("Get back to work") > participate
    assert "2 → 6 out of 10 – Reliable improvement" in page
    bad = client.post(
        reverse("outcomes:add_goal", args=[episode.pk]), {"submission_key": "g3", "description": ""}
    )
    assert bad.status_code == 400
    assert "Enter the goal" in bad.content.decode()


@pytest.mark.clock
def test_the_due_list_shows_due_and_overdue_in_a_fixed_number_of_queries(
    client, practitioner, short_term_support, django_assert_max_num_queries
):
    Schedule.objects.create(service=short_term_support, instrument="SWEMWBS", every_weeks=4)
    now = timezone.now()

    def add(n, accepted_days_ago):
        for _ in range(n):
            factories.episode(
                factories.service_introduction(service_=short_term_support),
                accepted_at=now - dt.timedelta(days=accepted_days_ago),
            )

    add(2, 3)  # due
    add(1, 30)  # overdue
    client.force_login(practitioner)
    with django_assert_max_num_queries(20) as small:
        page = client.get(reverse("outcomes:due")).content.decode()
    assert page.count("at first contact") == 3
    assert page.count("Overdue</strong>") == 1
    add(6, 10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse("outcomes:due")).content.decode()
    assert page.count("at first contact") == 9


@pytest.mark.clock
def test_a_completed_questionnaire_clears_its_due_point(client, practitioner, short_term_support, episode):
    Schedule.objects.create(service=short_term_support, instrument="SWEMWBS", every_weeks=4)
    client.force_login(practitioner)
    assert "at first contact" in client.get(reverse("outcomes:due")).content.decode()
    record_questionnaire(
        None, episode, instrument="SWEMWBS", answers=[3] * 7, by=practitioner, submission_key="k"
    )
    assert "at first contact" not in client.get(reverse("outcomes:due")).content.decode()
    QuestionnaireResponse.objects.update(completed_at=timezone.now() - dt.timedelta(days=20))
    episode.status, episode.discharged_at = EpisodeStatus.DISCHARGED, timezone.now() - dt.timedelta(days=1)
    episode.save()
    # Discharged more than a week after the last score: the discharge measure is due.
    assert "at discharge" in client.get(reverse("outcomes:due")).content.decode()
    record_questionnaire(
        None, episode, instrument="SWEMWBS", answers=[4] * 7, by=practitioner, submission_key="k2"
    )
    assert "at discharge" not in client.get(reverse("outcomes:due")).content.decode()
