"""A questionnaire answered from a link: sending, answering one question at a time, expiry, reuse."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from livingwell.outcomes.links import LinkState, hash_token, resolve
from livingwell.outcomes.models import ItemAnswer, QuestionnaireLink, QuestionnaireResponse, ResponseStatus
from livingwell.outcomes.tasks import send_questionnaire_reminders
from livingwell.outcomes.tests.conftest import token_from

pytestmark = pytest.mark.django_db


def send(
    client, practitioner, episode, django_capture_on_commit_callbacks, instrument="PHQ-9", channel="sms"
):
    client.force_login(practitioner)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            reverse("outcomes:send_link", args=[episode.pk]), {"instrument": instrument, "channel": channel}
        )
    assert page.status_code == 302
    client.logout()


def answer_all(client, token, values):
    for number, value in enumerate(values, start=1):
        page = client.post(reverse("outcomes:answer_question", args=[token, number]), {"answer": str(value)})
        assert page.status_code == 302, page.content.decode()[:500]


def test_it_sends_a_link_whose_token_is_stored_only_hashed(
    client, practitioner, episode, outbox, django_capture_on_commit_callbacks
):
    send(client, practitioner, episode, django_capture_on_commit_callbacks)
    assert len(outbox) == 1
    message = outbox[0]
    assert message.channel == "sms"
    assert message.to == episode.person.phone
    token = token_from(message)
    link = QuestionnaireLink.objects.get()
    assert link.token_hash == hash_token(token)
    assert token not in link.token_hash
    assert "PHQ" not in message.text  # a lock screen must not say which questionnaire
    assert link.expires_at - link.created_at == dt.timedelta(days=14)


def test_it_refuses_a_channel_with_no_contact_detail(client, practitioner, episode):
    episode.person.email = ""
    episode.person.save()
    client.force_login(practitioner)
    page = client.post(
        reverse("outcomes:send_link", args=[episode.pk]), {"instrument": "PHQ-9", "channel": "email"}
    )
    assert page.status_code == 400
    assert "no email address" in page.content.decode()
    assert not QuestionnaireResponse.objects.exists()


def test_a_person_answers_saved_as_they_go_and_sends(
    client, practitioner, episode, outbox, django_capture_on_commit_callbacks
):
    send(client, practitioner, episode, django_capture_on_commit_callbacks)
    token = token_from(outbox[0])
    start = client.get(reverse("outcomes:answer_start", args=[token]))
    assert start.status_code == 200
    assert "wording of these questions has not been loaded" in start.content.decode()
    answer_all(client, token, [2, 2, 1, 1, 2, 1, 1, 2, 0][:4])
    # Saved already, before anything is sent.
    response = QuestionnaireResponse.objects.get()
    assert ItemAnswer.objects.filter(response=response).count() == 4
    assert response.status == ResponseStatus.IN_PROGRESS
    resumed = client.get(reverse("outcomes:answer_start", args=[token]))
    assert "You have answered 4 of 9" in resumed.content.decode()
    for number, value in enumerate([2, 1, 1, 2, 0], start=5):
        client.post(reverse("outcomes:answer_question", args=[token, number]), {"answer": str(value)})
    sent = client.post(reverse("outcomes:answer_check", args=[token]))
    assert sent.status_code == 302
    assert sent.url == reverse("outcomes:answer_done", args=[token])
    response.refresh_from_db()
    assert response.status == ResponseStatus.COMPLETED
    assert response.total == 12
    assert response.is_case is True
    assert response.band == "moderate"
    assert response.risk_flagged_at is None
    done = client.get(sent.url)
    assert "your answers have been sent" in done.content.decode()
    again = client.get(reverse("outcomes:answer_start", args=[token]))
    assert again.status_code == 410
    assert "already sent your answers" in again.content.decode()
    assert (
        client.post(reverse("outcomes:answer_question", args=[token, 1]), {"answer": "3"}).status_code == 410
    )
    assert ItemAnswer.objects.get(response=response, number=1).value == 2


def test_sending_with_a_question_missing_says_which(
    client, practitioner, episode, outbox, django_capture_on_commit_callbacks
):
    send(client, practitioner, episode, django_capture_on_commit_callbacks, instrument="GAD-7")
    token = token_from(outbox[0])
    answer_all(client, token, [1, 1, 1])
    page = client.post(reverse("outcomes:answer_check", args=[token]))
    assert page.status_code == 400
    assert "Answer question 4, 5, 6, 7 before sending" in page.content.decode()


def test_an_answer_outside_the_choices_is_refused_at_the_field(
    client, practitioner, episode, outbox, django_capture_on_commit_callbacks
):
    send(client, practitioner, episode, django_capture_on_commit_callbacks)
    token = token_from(outbox[0])
    for bad in ("4", "-1", "x", ""):
        page = client.post(reverse("outcomes:answer_question", args=[token, 1]), {"answer": bad})
        assert page.status_code == 400
    assert not ItemAnswer.objects.exists()


@pytest.mark.clock
def test_an_expired_link_gets_a_clear_page_and_a_new_link_carries_on(
    client, practitioner, episode, outbox, django_capture_on_commit_callbacks
):
    send(client, practitioner, episode, django_capture_on_commit_callbacks)
    token = token_from(outbox[0])
    answer_all(client, token, [1, 1, 1])
    link = QuestionnaireLink.objects.get()
    link.expires_at = timezone.now() - dt.timedelta(seconds=1)
    link.save()
    page = client.get(reverse("outcomes:answer_start", args=[token]))
    assert page.status_code == 410
    assert "This link has expired" in page.content.decode()
    assert "nothing is lost" in page.content.decode()
    send(client, practitioner, episode, django_capture_on_commit_callbacks)
    fresh = token_from(outbox[1])
    assert QuestionnaireResponse.objects.count() == 1  # the same questionnaire, continued
    resumed = client.get(reverse("outcomes:answer_start", args=[fresh]))
    assert "You have answered 3 of 9" in resumed.content.decode()


@pytest.mark.clock
def test_a_link_is_open_until_the_moment_it_expires(practitioner, episode):
    from livingwell.outcomes.links import issue_link, open_link_questionnaire
    from livingwell.testing.factories import request_for

    response = open_link_questionnaire(
        request_for(practitioner), episode, instrument="GAD-7", by=practitioner
    )
    now = timezone.now()
    token = issue_link(response, channel="sms", now=now)
    expires = now + dt.timedelta(days=14)
    assert resolve(token, now=expires - dt.timedelta(microseconds=1)).state is LinkState.OPEN
    assert resolve(token, now=expires).state is LinkState.EXPIRED
    assert resolve("not-a-token").state is LinkState.UNKNOWN


def test_an_unknown_link_is_not_found(client):
    page = client.get(reverse("outcomes:answer_start", args=["made-up"]))
    assert page.status_code == 404
    assert "This link does not work" in page.content.decode()


def test_item_9_above_zero_shows_urgent_help_at_once_and_flags_the_practitioner(
    client, practitioner, episode, outbox, django_capture_on_commit_callbacks
):
    send(client, practitioner, episode, django_capture_on_commit_callbacks)
    token = token_from(outbox[0])
    answer_all(client, token, [0, 0, 0, 0, 0, 0, 0, 0, 1])
    response = QuestionnaireResponse.objects.get()
    # Flagged on saving the answer, before the person sends anything: the total is only 1.
    assert response.risk_flagged_at is not None
    assert response.status == ResponseStatus.IN_PROGRESS
    check = client.get(reverse("outcomes:answer_check", args=[token])).content.decode()
    assert "Samaritans" in check
    assert "NHS 111, option 2" in check
    assert "tel:999" in check
    client.post(reverse("outcomes:answer_check", args=[token]))
    done = client.get(reverse("outcomes:answer_done", args=[token])).content.decode()
    assert "lw-urgent-help" in done
    client.force_login(practitioner)
    due = client.get(reverse("outcomes:due")).content.decode()
    assert "question 9 answered above zero" in due
    episode_page = client.get(reverse("outcomes:episode", args=[episode.pk])).content.decode()
    assert "Risk item answered" in episode_page
    client.post(reverse("outcomes:review_flag", args=[response.pk]))
    response.refresh_from_db()
    assert response.risk_reviewed_by == practitioner
    assert "question 9 answered above zero" not in client.get(reverse("outcomes:due")).content.decode()


def test_item_9_at_zero_raises_no_flag_and_shows_no_callout(
    client, practitioner, episode, outbox, django_capture_on_commit_callbacks
):
    send(client, practitioner, episode, django_capture_on_commit_callbacks)
    token = token_from(outbox[0])
    answer_all(client, token, [3, 3, 3, 3, 3, 3, 3, 3, 0])
    assert QuestionnaireResponse.objects.get().risk_flagged_at is None
    assert "lw-urgent-help" not in client.get(reverse("outcomes:answer_check", args=[token])).content.decode()


@pytest.mark.clock
def test_reminders_go_once_with_a_link_that_ends_when_the_first_does(
    client, practitioner, episode, outbox, django_capture_on_commit_callbacks
):
    send(client, practitioner, episode, django_capture_on_commit_callbacks)
    response = QuestionnaireResponse.objects.get()
    first = QuestionnaireLink.objects.get()
    assert send_questionnaire_reminders.call("http://testserver") == 0  # too soon
    QuestionnaireResponse.objects.update(created_at=timezone.now() - dt.timedelta(days=3, seconds=1))
    assert send_questionnaire_reminders.call("http://testserver") == 1
    assert send_questionnaire_reminders.call("http://testserver") == 0
    assert len(outbox) == 2
    assert "reminder" in outbox[1].text
    second = QuestionnaireLink.objects.exclude(pk=first.pk).get()
    assert second.expires_at == first.expires_at
    assert second.response == response
