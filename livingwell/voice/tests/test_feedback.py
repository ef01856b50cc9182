"""The Friends and Family Test: links after a session or at the end, signed in, anonymous by default."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from livingwell import notify
from livingwell.mine.testing import sign_in_client
from livingwell.people.codes import ContactMethod
from livingwell.support import services as support_services
from livingwell.testing import factories
from livingwell.testing.plain_english import assert_plain_english
from livingwell.voice import feedback
from livingwell.voice.models import Feedback, FeedbackAnswer, FeedbackChannel, FeedbackLink
from livingwell.voice.models.feedback import FFT_QUESTION

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_outbox():
    notify.memory_outbox().clear()


def _episode(service, **person_fields):
    values = {
        "given_name": "Ada",
        "family_name": "Lovelace",
        "phone": "+447700900321",
        "phone_confirmed_at": timezone.now(),
        "preferred_contact": ContactMethod.TEXT,
    }
    values.update(person_fields)
    person = factories.person(**values)
    return factories.episode(factories.service_introduction(factories.introduction(person), service))


def _record_session(episode, practitioner, attendance="attended"):
    return support_services.record_session(
        factories.request_for(practitioner), episode, by=practitioner, at=timezone.now(),
        kind="treatment", attendance=attendance, note="",
    )  # fmt: skip


def _token(message: notify.Message) -> str:
    return message.text.split("/voice/feedback/")[1].split("/")[0]


def test_a_session_attended_sends_one_link_to_the_confirmed_phone(
    short_term_support, practitioner, django_capture_on_commit_callbacks
):
    episode = _episode(short_term_support)
    with django_capture_on_commit_callbacks(execute=True):
        _record_session(episode, practitioner)
    (message,) = notify.memory_outbox()
    assert (message.channel, message.to) == ("sms", "+447700900321")
    assert short_term_support.name in message.text
    assert "Lovelace" not in message.text
    # A second session within the gap sends nothing more; a missed one never sends.
    with django_capture_on_commit_callbacks(execute=True):
        _record_session(episode, practitioner)
        _record_session(episode, practitioner, attendance="dna")
    assert len(notify.memory_outbox()) == 1


@pytest.mark.parametrize(
    "person_fields",
    [
        {"preferred_contact": ContactMethod.PHONE},  # asked for calls, not messages
        {"preferred_contact": ContactMethod.LETTER},
        {"phone_confirmed_at": None},  # only a form gave the number
        {"preferred_contact": ContactMethod.EMAIL, "email": "ada@example.org"},  # email not confirmed
    ],
)
def test_no_link_unless_the_person_agreed_and_the_hub_confirmed_the_contact(
    short_term_support, practitioner, django_capture_on_commit_callbacks, person_fields
):
    episode = _episode(short_term_support, **person_fields)
    with django_capture_on_commit_callbacks(execute=True):
        _record_session(episode, practitioner)
    assert notify.memory_outbox() == []
    assert not FeedbackLink.objects.exists()


def test_the_end_of_support_sends_a_link_once(
    short_term_support, practitioner, django_capture_on_commit_callbacks
):
    episode = _episode(
        short_term_support, preferred_contact=ContactMethod.EMAIL, email="ada@example.org",
        email_confirmed_at=timezone.now(),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        support_services.discharge(factories.request_for(practitioner), episode, reason="goals_met")
    (message,) = notify.memory_outbox()
    assert (message.channel, message.to) == ("email", "ada@example.org")
    assert feedback.send_link(episode, reason="end") is None  # one link at the end of an episode


def test_the_link_asks_the_fft_and_keeps_an_anonymous_redacted_answer(
    client, short_term_support, practitioner, django_capture_on_commit_callbacks
):
    episode = _episode(short_term_support)
    with django_capture_on_commit_callbacks(execute=True):
        _record_session(episode, practitioner)
    url = reverse("voice:feedback_link", args=[_token(notify.memory_outbox()[0])])
    page = client.get(url)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "no-referrer"
    html = page.content.decode()
    assert FFT_QUESTION in html
    for label in FeedbackAnswer.labels:
        assert label.replace("'", "&#39;") in html
    assert_plain_english(html)
    sent = client.post(
        url,
        {
            "submission_key": str(uuid.uuid4()),
            "answer": "2",
            "better": "Ada Lovelace here: call me back on 07700 900321 sooner.",
        },
    )
    assert sent.status_code == 302
    assert sent["Location"] == reverse("voice:feedback_thanks")
    kept = Feedback.objects.get()
    assert (kept.answer, kept.channel, kept.service) == (
        FeedbackAnswer.GOOD,
        FeedbackChannel.LINK,
        short_term_support,
    )
    assert kept.person is None
    assert kept.episode is None
    assert kept.better == "[name] here: call me back on [phone number] sooner."
    # One use: the same link again is a clear page with 404.
    again = client.get(url)
    assert again.status_code == 404
    assert "This link does not work" in again.content.decode()
    assert client.post(url, {"submission_key": str(uuid.uuid4()), "answer": "1"}).status_code == 404
    assert_plain_english(client.get(reverse("voice:feedback_thanks")).content.decode())


def test_named_feedback_keeps_the_person_and_episode(short_term_support):
    episode = _episode(short_term_support)
    link = feedback.send_link(episode, reason="end")
    assert link is not None
    kept = feedback.give_feedback(None, answer=1, better="", channel="link", link=link, named=True)
    assert (kept.person, kept.episode) == (episode.person, episode)
    with pytest.raises(feedback.LinkUsed):
        feedback.give_feedback(None, answer=1, better="", channel="link", link=link)


def test_unknown_and_expired_links_get_the_same_404_page(client, short_term_support, time_machine):
    episode = _episode(short_term_support)
    feedback.send_link(episode, reason="end")
    token = _token(notify.memory_outbox()[0])
    unknown = client.get(reverse("voice:feedback_link", args=["no-such-link"]))
    assert unknown.status_code == 404
    time_machine.move_to(timezone.now() + dt.timedelta(days=15))
    expired = client.get(reverse("voice:feedback_link", args=[token]))
    assert expired.status_code == 404
    assert expired.content.decode().count("This link does not work") == unknown.content.decode().count(
        "This link does not work"
    )


def test_a_bad_answer_is_told_at_the_field(client, short_term_support):
    feedback.send_link(_episode(short_term_support), reason="end")
    url = reverse("voice:feedback_link", args=[_token(notify.memory_outbox()[0])])
    response = client.post(url, {"submission_key": str(uuid.uuid4()), "answer": "9"})
    assert response.status_code == 400
    assert (
        "Select a valid choice" in response.content.decode()
        or "Choose an answer" in response.content.decode()
    )
    assert not Feedback.objects.exists()


def test_signed_in_the_person_answers_about_their_own_support_only(client, short_term_support):
    episode = _episode(short_term_support)
    someone_else = _episode(factories.service(name="Other service"), given_name="Bea")
    url = reverse("voice:my_feedback")
    assert client.get(url)["Location"].startswith(reverse("mine:sign_in"))
    sign_in_client(client, person=episode.person)
    page = client.get(url)
    assert page.status_code == 200
    assert short_term_support.name in page.content.decode()
    assert "Other service" not in page.content.decode()
    assert_plain_english(page.content.decode())
    key = str(uuid.uuid4())
    refused = client.post(url, {"submission_key": key, "episode": someone_else.pk, "answer": "1"})
    assert refused.status_code == 400
    assert not Feedback.objects.exists()
    form = {"submission_key": key, "episode": episode.pk, "answer": "4", "better": "Shorter waits"}
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302  # sent twice, kept once
    kept = Feedback.objects.get()
    assert (kept.channel, kept.service, kept.person) == (FeedbackChannel.SIGNED_IN, short_term_support, None)
