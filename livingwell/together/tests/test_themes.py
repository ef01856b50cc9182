"""Themes from voice's free text: grouping, a person naming and merging them, and what is public."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse

from livingwell.testing.plain_english import assert_plain_english
from livingwell.together import log, themes
from livingwell.together.models import Action, Decision, Theme, ThemeText
from livingwell.together.tests.helpers import sample_rows, seed_sample, story
from livingwell.voice.models import Feedback, StoryStatus

pytestmark = pytest.mark.django_db


def _theme_of(theme: Theme) -> str:
    """The sample theme most of the theme's texts were written for."""
    by_text = {r["text"]: r["theme"] for r in sample_rows()}
    texts = Feedback.objects.filter(pk__in=theme.texts.values("text_pk")).values_list("better", flat=True)
    return Counter(by_text[t] for t in texts).most_common(1)[0][0]


@pytest.fixture
def grouped(clock):
    seed_sample(clock)
    themes.regroup(groups=5)
    return {_theme_of(t): t for t in Theme.objects.all()}


def test_regrouping_keeps_the_themes_a_person_made_theirs(grouped, hub_lead):
    assert set(grouped) == {"waiting", "kind", "phone", "letters", "getting_there"}
    assert ThemeText.objects.count() == 60
    waiting = themes.rename(None, grouped["waiting"], "Waiting for a first appointment")
    phone = grouped["phone"]
    decision = Decision.objects.create(
        title="Answer the phone",
        decided="x",
        decided_on=dt.date(2026, 1, 1),
        forum="f",
        taken_part="t",
        recorded_by=hub_lead,
    )
    themes.link(None, phone, [decision], [])
    themes.regroup(groups=5)
    after = {_theme_of(t): t for t in Theme.objects.filter(merged_into=None)}
    assert after["waiting"].pk == waiting.pk
    assert after["waiting"].name == "Waiting for a first appointment"
    assert after["phone"].pk == phone.pk
    assert after["kind"].pk != grouped["kind"].pk  # nobody named it: replaced
    assert not Theme.objects.filter(pk=grouped["kind"].pk).exists()
    assert ThemeText.objects.count() == 60


def test_merging_moves_texts_and_keeps_a_record(grouped, client, commissioner):
    client.force_login(commissioner)
    kind, letters = grouped["kind"], grouped["letters"]
    url = reverse("together:theme", args=[kind.pk])
    missing = client.post(url, {"do": "merge", "into": ""})
    assert missing.status_code == 400
    assert "Choose the theme to merge into" in missing.content.decode()
    assert client.post(url, {"do": "merge", "into": str(letters.pk)})["Location"] == reverse(
        "together:theme", args=[letters.pk]
    )
    kind.refresh_from_db()
    assert kind.merged_into == letters
    assert letters.texts.count() == 24
    assert client.get(url)["Location"] == reverse("together:theme", args=[letters.pk])
    # A theme merged away cannot be merged into.
    other = grouped["phone"]
    response = client.post(reverse("together:theme", args=[other.pk]), {"do": "merge", "into": str(kind.pk)})
    assert response.status_code == 400


def test_the_staff_page_names_a_theme_and_shows_quotes_and_counts(grouped, client, hub_lead):
    client.force_login(hub_lead)
    waiting = grouped["waiting"]
    url = reverse("together:theme", args=[waiting.pk])
    assert client.post(url, {"do": "name", "name": ""}).status_code == 400
    assert client.post(url, {"do": "name", "name": "Waiting too long"}).status_code == 302
    assert client.post(url, {"do": "nonsense"}).status_code == 400
    page = client.get(url).content.decode()
    assert "Waiting too long" in page
    assert "“" in page
    counts = dict(themes.by_month(Theme.objects.get(pk=waiting.pk)))
    assert sum(counts.values()) == 12
    assert len(counts) == 12
    listing = client.get(reverse("together:themes")).content.decode()
    assert "Waiting too long" in listing


def test_the_staff_button_and_the_command_group_again(client, hub_lead, clock, capsys):
    seed_sample(clock)
    client.force_login(hub_lead)
    assert client.post(reverse("together:themes"))["Location"] == reverse("together:themes")
    assert Theme.objects.exists()
    call_command("group_themes", "--groups", "5")
    assert "Grouped 60 texts into 5 themes" in capsys.readouterr().out
    assert Theme.objects.filter(merged_into=None).count() == 5


def test_you_said_we_did_is_plain_names_no_one_and_quotes_only_readable_text(grouped, client, hub_lead):
    phone = themes.rename(None, grouped["phone"], "Getting through on the phone")
    decision = Decision.objects.create(
        title="We will pick up the phone faster",
        decided="x",
        decided_on=dt.date(2026, 10, 1),
        forum="Breakfast meeting",
        taken_part="Secret Partner Person",
        recorded_by=hub_lead,
    )
    action = Action.objects.create(
        decision=decision,
        what="More staff on the phones at lunch",
        owner_name="Jo Owner",
        due=dt.date(2026, 12, 1),
        recorded_by=hub_lead,
    )
    themes.link(None, phone, [decision], [])
    log.record_coproduction(None, hub_lead, {
        "participant": "Ada Okafor", "perspective": "carer", "meeting": "m", "took_part_on": dt.date(2026, 10, 1),
        "hours": 3, "recognition": "credited", "decision": decision, "shaped": "", "submission_key": __import__("uuid").uuid4(),
    })  # fmt: skip
    # A story waiting for a moderator is in no theme's quotes, even if its key were a member.
    hidden = story("The phone rang out, call Sam on 07700 900123", status=StoryStatus.AWAITING_MODERATION)
    ThemeText.objects.create(theme=phone, kind="story", text_pk=hidden.pk, at=hidden.submitted_at)
    Theme.objects.filter(pk=phone.pk).update(examples=[["story", hidden.pk], *phone.examples])
    client.logout()
    response = client.get(reverse("together:you_said_we_did"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Getting through on the phone" in text
    assert "More staff on the phones at lunch" in text
    assert "We are doing this" in text
    assert "1 person" in text
    for never in ("Ada Okafor", "Jo Owner", "Secret Partner Person", "07700", "Sam"):
        assert never not in text
    assert not any(t in text for t in ("Waiting", "jargon"))  # no decision answers them: not shown
    assert_plain_english(text)
    action.done_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    action.save()
    assert "Done" in client.get(reverse("together:you_said_we_did")).content.decode()


def test_you_said_we_did_with_nothing_yet_is_plain(client):
    response = client.get(reverse("together:you_said_we_did"))
    assert response.status_code == 200
    assert "nothing here yet" in response.content.decode()
    assert_plain_english(response.content.decode())
