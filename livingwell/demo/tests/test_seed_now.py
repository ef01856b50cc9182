"""`seed-demo --now`: the history ends at a fixed instant, and the month under way has only its share."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import models, transaction

from livingwell.access.models import ContactAttempt, Conversation, Introduction
from livingwell.demo import history
from livingwell.demo.management.commands.seed_demo import london_datetime, start_of_this_hour
from livingwell.lib.clocks import LONDON
from livingwell.network.models import ServiceIntroduction
from livingwell.people.models import Person
from livingwell.support.models import Episode, Session

pytestmark = pytest.mark.django_db

# April has 30 days; these instants are British Summer Time, an hour ahead of UTC.
APRIL = dt.datetime(2026, 4, 1, tzinfo=LONDON)
SECOND_OF_APRIL = dt.datetime(2026, 4, 2, 0, 0, tzinfo=LONDON)
MID_APRIL = dt.datetime(2026, 4, 16, 0, 0, tzinfo=LONDON)
EVENT_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Person: ("created_at", "consent_share_alliance_at", "consent_share_gp_at"),
    Introduction: ("received_at", "decided_at"),
    ContactAttempt: ("at",),
    Conversation: ("recorded_at",),
    ServiceIntroduction: ("made_at", "responded_at"),
    Episode: ("accepted_at", "discharged_at"),
    Session: ("at",),
}


def seeded(now: str, seed: int = 7) -> tuple[dict[str, int], list[tuple]]:
    """Seed 3 months through the command, then roll back: rows per table, and the introductions."""
    with transaction.atomic():
        call_command(
            "seed_demo", "--months", "3", "--seed", str(seed), "--now", now, "--scale", "0.5",
            "--no-outcomes", "--no-extracts", stdout=StringIO(),
        )  # fmt: skip
        counts = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
        intros = list(Introduction.objects.order_by("reference").values_list("reference", "received_at"))
        transaction.set_rollback(True)
    return counts, intros


def test_the_same_seed_and_now_give_the_same_borough():
    first = seeded("2026-04-16T09:00")
    assert first[0]["access.Introduction"] > 0
    # However long the first took, the second starts later on the wall clock: nothing may depend on it.
    assert seeded("2026-04-16T09:00") == first
    assert seeded("2026-04-16T09:00", seed=8) != first


def current_month(now: dt.datetime) -> list[dt.datetime]:
    """Seed a full-size borough for 3 months to `now`; return the current month's hub introductions."""
    history.seed(months=3, seed_value=7, now=now, scale=1.0)
    received = list(Introduction.objects.values_list("received_at", flat=True))
    assert received
    return [r for r in received if r >= APRIL]


# In a 3-month history the hub opens in month 1, so month 2 (April) expects 250 + 200/6 ≈ 283.
APRIL_MEAN = history.hub_introductions_per_month(2, history.hub_opens_month(3))


def test_on_the_second_of_the_month_it_has_about_a_thirtieth_of_its_introductions():
    april = current_month(SECOND_OF_APRIL)
    # One day of thirty: about 9; well under a tenth, where the old seeding put all 283 here.
    assert 0 < len(april) <= 0.1 * APRIL_MEAN
    assert max(april) <= SECOND_OF_APRIL


def test_half_way_through_the_month_it_has_about_half():
    april = current_month(MID_APRIL)
    assert 0.35 * APRIL_MEAN <= len(april) <= 0.65 * APRIL_MEAN
    assert max(april) <= MID_APRIL


def test_at_the_very_start_of_a_month_it_has_none_of_it():
    assert current_month(APRIL) == []


def test_no_event_is_after_now():
    history.seed(months=3, seed_value=7, now=SECOND_OF_APRIL, scale=0.5)
    for model, names in EVENT_FIELDS.items():
        for name in names:
            latest = model._default_manager.aggregate(latest=models.Max(name))["latest"]
            assert latest is None or latest <= SECOND_OF_APRIL, (model.__name__, name)
    # And the month before was seeded whole, up to its last day.
    assert Introduction.objects.filter(received_at__gte=SECOND_OF_APRIL - dt.timedelta(days=3)).exists()


def test_now_without_an_offset_is_london_time():
    assert london_datetime("2026-04-02T09:00") == dt.datetime(2026, 4, 2, 8, 0, tzinfo=dt.UTC)
    assert london_datetime("2026-01-02T09:00") == dt.datetime(2026, 1, 2, 9, 0, tzinfo=dt.UTC)
    assert london_datetime("2026-04-02T09:00+00:00") == dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.UTC)


def test_now_must_be_a_date_and_time():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo", "--now", "yesterday", stdout=StringIO())


@pytest.mark.parametrize(
    ("wall", "hour"),
    [
        (dt.datetime(2026, 4, 2, 9, 0, tzinfo=LONDON), dt.datetime(2026, 4, 2, 9, 0, tzinfo=LONDON)),
        (dt.datetime(2026, 4, 2, 9, 59, 59, tzinfo=LONDON), dt.datetime(2026, 4, 2, 9, 0, tzinfo=LONDON)),
        (dt.datetime(2026, 4, 30, 23, 59, tzinfo=LONDON), dt.datetime(2026, 4, 30, 23, 0, tzinfo=LONDON)),
    ],
)
def test_now_defaults_to_the_start_of_this_hour(wall: dt.datetime, hour: dt.datetime):
    with time_machine.travel(wall, tick=False):
        assert start_of_this_hour() == hour
