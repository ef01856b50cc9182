"""The breakfast pack: what it finds, what it keeps, and the meeting's actions in the one log."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from livingwell.network.models import ServiceIntroductionStatus
from livingwell.statistics.spc import spc
from livingwell.testing import factories
from livingwell.together import breakfast
from livingwell.together.models import Action, BreakfastPack, Theme, ThemeText
from livingwell.together.tests.helpers import action_form, date_fields, story

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(clock, charity, hub_lead):
    slow = factories.service(charity, name="Slow Service", response_standard_hours=24)
    item = factories.service_introduction(service_=slow, status=ServiceIntroductionStatus.PENDING)
    type(item).objects.filter(pk=item.pk).update(made_at=clock - dt.timedelta(days=5))
    told = story("Nobody rang me back.", title="Left waiting", service=slow, at=clock - dt.timedelta(days=3))
    theme = Theme.objects.create(name="Phones", top_terms=["phone"])
    for days in (1, 2, 3):
        ThemeText.objects.create(
            theme=theme, kind="feedback", text_pk=days, at=clock - dt.timedelta(days=days)
        )
    ThemeText.objects.create(theme=theme, kind="feedback", text_pk=99, at=clock - dt.timedelta(days=20))
    quiet = Theme.objects.create(name="Quiet", top_terms=["quiet"])
    ThemeText.objects.create(theme=quiet, kind="feedback", text_pk=50, at=clock - dt.timedelta(days=20))
    return SimpleNamespace(item=item, story=told, theme=theme)


def test_a_pack_finds_what_is_stuck_unanswered_and_rising_and_names_no_one(client, world, hub_lead, clock):
    client.force_login(hub_lead)
    today = timezone.localdate()
    response = client.post(reverse("together:breakfast_packs"), date_fields("meets_on", today))
    pack = BreakfastPack.objects.get()
    assert response["Location"] == reverse("together:breakfast_pack", args=[pack.pk])
    assert pack.since == today - dt.timedelta(days=14)
    (row,) = pack.contents["stalled"]
    assert row["to"] == "Slow Service"
    assert row["waiting"] == 1
    assert row["longest_days"] == 4
    assert [s["title"] for s in pack.contents["stories"]] == ["Left waiting"]
    assert [(t["title"], t["this"], t["before"]) for t in pack.contents["themes_rising"]] == [
        ("Phones", 3, 1)
    ]
    assert pack.contents["signals"] == []
    assert "No SPC signals" in pack.contents["signals_note"]
    page = client.get(reverse("together:breakfast_pack", args=[pack.pk])).content.decode()
    assert "Slow Service" in page
    assert "Left waiting" in page
    assert "Phones" in page
    assert "This is the first pack" in page
    assert world.item.person.family_name not in page
    # The same meeting again is the same pack.
    client.post(reverse("together:breakfast_packs"), date_fields("meets_on", today))
    assert BreakfastPack.objects.count() == 1


def test_the_meetings_actions_go_in_the_log_and_come_back_at_the_next_pack(client, world, commissioner):
    client.force_login(commissioner)
    today = timezone.localdate()
    first = breakfast.make_pack(None, commissioner, today - dt.timedelta(days=14))
    url = reverse("together:breakfast_pack", args=[first.pk])
    bad = client.post(url, action_form(what=""))
    assert bad.status_code == 400
    assert "Enter what will be done" in bad.content.decode()
    assert client.post(url, action_form(what="Call Slow Service about its answers"))["Location"] == url
    action = Action.objects.get()
    assert action.breakfast_pack == first
    second = breakfast.make_pack(None, commissioner, today)
    assert second.since == first.meets_on
    page = client.get(reverse("together:breakfast_pack", args=[second.pk])).content.decode()
    assert "Call Slow Service about its answers" in page
    assert "Lambeth charity" in page
    assert "Open" in page
    client.post(reverse("together:action_done", args=[action.pk]))
    assert "Done " in client.get(reverse("together:breakfast_pack", args=[second.pk])).content.decode()


def test_a_meeting_date_must_be_real(client, hub_lead):
    client.force_login(hub_lead)
    response = client.post(
        reverse("together:breakfast_packs"),
        {"meets_on-day": "31", "meets_on-month": "2", "meets_on-year": "2026"},
    )
    assert response.status_code == 400
    assert "must be a real date" in response.content.decode()
    assert client.get(reverse("together:breakfast_pack", args=[999999])).status_code == 404


def test_only_the_collaborative_reads_packs(client, hub_worker, practitioner, commissioner):
    pack = breakfast.make_pack(None, commissioner, timezone.localdate())
    for user in (hub_worker, practitioner):
        client.force_login(user)
        assert client.get(reverse("together:breakfast_pack", args=[pack.pk])).status_code == 403
        assert (
            client.post(
                reverse("together:breakfast_packs"), date_fields("meets_on", timezone.localdate())
            ).status_code
            == 403
        )


def _charted(values, improvement="increase"):
    months = [dt.date(2025, m, 1) for m in range(1, 13)] + [
        dt.date(2026, m, 1) for m in range(1, len(values) - 11)
    ]
    return spc(values, months, improvement=improvement)


def test_signals_are_those_the_last_pack_did_not_have(monkeypatch):
    kpi = SimpleNamespace(id="k1", title="Seen within 4 weeks")
    # Steady, then a run of high months: special cause at the end.
    result = _charted([50, 52, 49, 51, 50, 48, 51, 50, 52, 49, 50, 51, 70, 71])
    assert result.points[-1].special_cause
    monkeypatch.setattr(breakfast.alliance, "load", lambda: SimpleNamespace(own=object()))
    monkeypatch.setattr(
        breakfast.alliance_tables,
        "headline_views",
        lambda data: [SimpleNamespace(kpi=kpi, summary=SimpleNamespace(spc=result))],
    )
    first = breakfast.signals(already=None)
    assert [s["month"] for s in first["signals"]] == [
        "February 2026"
    ]  # the first pack: the latest month's only
    assert "k1:2026-01-01" in first["signal_keys"]
    assert "k1:2026-02-01" in first["signal_keys"]
    assert breakfast.signals(already=set(first["signal_keys"]))["signals"] == []
    later = breakfast.signals(already=set(first["signal_keys"]) - {"k1:2026-01-01"})
    assert [s["month"] for s in later["signals"]] == ["January 2026"]
    assert later["signals"][0]["shows"]
