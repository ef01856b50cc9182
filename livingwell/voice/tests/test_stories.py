"""Stories: told, redacted, never public before a moderator publishes them, answered, "me too"."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from livingwell.accounts.models import Role
from livingwell.carers.models import Carer, CaringFor
from livingwell.mine.testing import sign_in_client
from livingwell.testing import factories
from livingwell.testing.plain_english import assert_plain_english
from livingwell.voice import stories
from livingwell.voice.models import Story, StoryStatus
from livingwell.voice.testing import awaiting_story, published_story

pytestmark = pytest.mark.django_db


def _story_form(service=None, **fields):
    values = {
        "submission_key": str(uuid.uuid4()),
        "told_by": "carer",
        "service": str(service.pk) if service else "",
        "title": "Help for my mum",
        "text": "The team rang my mum Ada Lovelace on 07700 900982 at 12 Acre Lane, SW2 5RR.",
        "consent": "on",
    }
    values.update(fields)
    return values


def test_a_story_told_through_the_public_form_waits_redacted_and_is_not_public(client, short_term_support):
    response = client.post(reverse("voice:tell"), _story_form(short_term_support))
    assert response.status_code == 302
    assert response["Location"] == reverse("voice:told")
    story = Story.objects.get()
    assert story.status == StoryStatus.AWAITING_MODERATION
    assert "07700" not in story.text_redacted
    assert "Acre Lane" not in story.text_redacted
    assert "SW2 5RR" not in story.text_redacted
    assert {f["kind"] for f in story.found} == {"phone", "address", "postcode"}
    assert story.person is None
    # Never public before a moderator publishes it: not listed, and 404 by its address to all but moderators.
    assert "Help for my mum" not in client.get(reverse("voice:stories")).content.decode()
    assert client.get(reverse("voice:story", args=[story.pk])).status_code == 404
    assert client.post(reverse("voice:me_too", args=[story.pk])).status_code == 404


def test_an_unpublished_story_is_404_to_everyone_but_moderators(
    client, short_term_support, hub_worker, hub_lead, practitioner, commissioner, outsider
):
    story = awaiting_story(short_term_support)
    for user in (hub_worker, practitioner, commissioner, outsider, hub_lead):
        client.force_login(user)
        assert client.get(reverse("voice:story", args=[story.pk])).status_code == 404, user
        assert client.get(reverse("voice:answer", args=[story.pk])).status_code == 404, user
    for user in (hub_worker, practitioner, commissioner, outsider):
        client.force_login(user)
        assert client.get(reverse("voice:moderate", args=[story.pk])).status_code == 404, user
        assert client.get(reverse("voice:moderation")).status_code == 403, user
    client.force_login(hub_lead)
    page = client.get(reverse("voice:moderate", args=[story.pk]))
    assert page.status_code == 200
    assert "<mark>[phone number]</mark>" in page.content.decode()
    assert "<mark>07700 900982</mark>" in page.content.decode()  # what was found, for the moderator


def test_the_moderator_edits_and_publishes_and_redaction_runs_again(client, hub_lead, short_term_support):
    story = awaiting_story(short_term_support)
    client.force_login(hub_lead)
    response = client.post(
        reverse("voice:moderate", args=[story.pk]),
        {
            "decision": "publish",
            "title": "A long wait",
            "text": "I waited. Ring me: 07700 900123.",
            "reason": "",
        },
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == StoryStatus.PUBLISHED
    assert story.published_at is not None
    assert story.text_redacted == "I waited. Ring me: [phone number]."
    assert story.found == []  # what was removed does not outlive moderation
    client.logout()
    listing = client.get(reverse("voice:stories")).content.decode()
    assert "A long wait" in listing
    assert client.get(reverse("voice:story", args=[story.pk])).status_code == 200


def test_a_rejected_story_is_never_public_and_needs_a_reason(client, hub_lead, short_term_support):
    story = awaiting_story(short_term_support)
    client.force_login(hub_lead)
    url = reverse("voice:moderate", args=[story.pk])
    no_reason = client.post(url, {"decision": "reject", "title": story.title, "text": story.text_redacted})
    assert no_reason.status_code == 400
    assert "Say why the story is not published" in no_reason.content.decode()
    client.post(url, {"decision": "reject", "title": story.title, "text": "x", "reason": "Names a worker"})
    story.refresh_from_db()
    assert story.status == StoryStatus.REJECTED
    assert story.published_at is None
    assert client.get(reverse("voice:story", args=[story.pk])).status_code == 404
    with pytest.raises(stories.AlreadyDecided):
        stories.publish(None, story, by=hub_lead, title="t", text="t")


def test_the_services_organisation_answers_publicly_and_others_may_not(
    client, hub_lead, practitioner, short_term_support
):
    story = published_story(short_term_support, hub_lead)
    stranger = factories.user(Role.PARTNER_PRACTITIONER, factories.organisation())
    client.force_login(stranger)
    assert client.get(reverse("voice:answer", args=[story.pk])).status_code == 403
    client.force_login(hub_lead)
    assert client.get(reverse("voice:answer", args=[story.pk])).status_code == 403
    client.force_login(practitioner)
    assert "Answer this story" in client.get(reverse("voice:story", args=[story.pk])).content.decode()
    assert client.post(reverse("voice:answer", args=[story.pk]), {"text": ""}).status_code == 400
    response = client.post(
        reverse("voice:answer", args=[story.pk]), {"text": "We are sorry. We have changed how we call back."}
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(reverse("voice:story", args=[story.pk])).content.decode()
    assert "We are sorry. We have changed how we call back." in page
    assert short_term_support.organisation.name in page
    assert practitioner.last_name not in page  # the organisation answers, not the member of staff


def test_me_too_counts_once_per_browser_session_without_javascript(hub_lead, short_term_support):
    story = published_story(short_term_support, hub_lead)
    first, second = Client(), Client()
    url = reverse("voice:me_too", args=[story.pk])
    assert first.post(url).status_code == 302
    first.post(url)
    second.post(url, {"back": "list"})
    assert stories.published().get(pk=story.pk).me_too_count == 2  # type: ignore[attr-defined]
    page = first.get(reverse("voice:story", args=[story.pk])).content.decode()
    assert "2 people have had this too" in page
    assert "You said you had this too" in page


def test_a_signed_in_persons_own_name_is_taken_out_and_they_are_kept_privately(client, short_term_support):
    person = factories.person(given_name="Morwenna", family_name="Tregarthen")
    sign_in_client(client, person=person)
    form = _story_form(short_term_support, told_by="person", text="Morwenna TREGARTHEN here. It went well.")
    assert client.post(reverse("voice:tell"), form).status_code == 302
    story = Story.objects.get()
    assert story.text_redacted == "[name] here. It went well."
    assert story.person == person


def test_bad_input_is_told_at_the_field_and_a_story_sent_twice_is_kept_once(client):
    empty = client.post(reverse("voice:tell"), {"submission_key": str(uuid.uuid4())})
    assert empty.status_code == 400
    page = empty.content.decode()
    for message in ("Choose who you are", "Give your story a title", "Tell us your story", "Tick the box"):
        assert message in page
    bad_service = client.post(reverse("voice:tell"), {**_story_form(), "service": "999999"})
    assert bad_service.status_code == 400
    form = _story_form()
    client.post(reverse("voice:tell"), form)
    client.post(reverse("voice:tell"), form)
    assert Story.objects.count() == 1


def test_the_public_pages_read_in_plain_english(client, hub_lead, short_term_support):
    published_story(short_term_support, hub_lead, text="The group was kind. I feel less alone now.")
    for name in ("voice:stories", "voice:tell", "voice:told"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert_plain_english(response.content.decode())


def test_a_flood_of_stories_from_one_address_is_asked_to_wait(client, monkeypatch):
    monkeypatch.setattr("livingwell.voice.story_views.STORIES_PER_HOUR", 2)
    for _ in range(2):
        assert client.post(reverse("voice:tell"), _story_form()).status_code == 302
    refused = client.post(reverse("voice:tell"), _story_form())
    assert refused.status_code == 429
    assert "Please try again in an hour" in refused.content.decode()
    assert Story.objects.count() == 2


def test_a_signed_in_carer_tells_a_story_and_both_names_are_taken_out(client, short_term_support):
    son = factories.person(given_name="Tobias", family_name="Ferreira")
    carer = Carer.objects.create(
        given_name="Rosalind", family_name="Ferreira", date_of_birth=dt.date(1960, 2, 2)
    )
    CaringFor.objects.create(carer=carer, person=son, relationship="parent")
    sign_in_client(client, carer=carer)
    assert 'value="carer" checked' in client.get(reverse("voice:tell")).content.decode()
    text = "I am Rosalind. My son Tobias was seen within a week."
    client.post(reverse("voice:tell"), _story_form(short_term_support, text=text))
    story = Story.objects.get()
    assert story.text_redacted == "I am [name]. My son [name] was seen within a week."
    assert (story.carer_id, story.person) == (carer.pk, None)


def test_the_story_page_and_the_gone_link_page_read_in_plain_english(client, hub_lead, short_term_support):
    story = published_story(short_term_support, hub_lead, text="They rang back the same day. I felt heard.")
    assert_plain_english(client.get(reverse("voice:story", args=[story.pk])).content.decode())
    gone = client.get(reverse("voice:feedback_link", args=["no-such-link"]))
    assert gone.status_code == 404
    assert_plain_english(gone.content.decode())
