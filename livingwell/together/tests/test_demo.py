"""The demo borough's working together: named themes answered publicly, packs, the log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from livingwell.accounts.models import User
from livingwell.demo import history
from livingwell.testing.plain_english import assert_plain_english
from livingwell.together.models import Action, BreakfastPack, CoProduction, Decision, Theme

pytestmark = pytest.mark.django_db


def test_the_demo_answers_named_themes_in_plain_english(client, clock):
    history.seed(months=3, seed_value=7, now=clock, scale=0.1)
    assert {t.name for t in Theme.objects.exclude(name="")} == {
        "Waiting for a first appointment",
        "Getting through on the phone",
        "Letters that are hard to read",
    }
    assert Decision.objects.count() == 3
    assert Action.objects.filter(done_at__isnull=False).count() == 1
    assert CoProduction.objects.count() == 4
    first, latest = BreakfastPack.objects.order_by("meets_on")
    assert latest.since == first.meets_on
    assert [t["title"] for t in latest.contents["themes_rising"]] == ["Getting through on the phone"]
    page = client.get(reverse("together:you_said_we_did")).content.decode()
    assert "Getting through on the phone" in page
    assert "Participant A" not in page
    assert_plain_english(page)
    client.force_login(User.objects.get(username="hub.lead"))
    printed = client.get(reverse("together:breakfast_pack", args=[latest.pk]))
    assert printed.status_code == 200
    assert "Bring three rewritten letters" in printed.content.decode()
