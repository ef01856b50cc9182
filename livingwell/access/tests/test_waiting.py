"""The waiting clock: first contact and breach, both sides of every boundary."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from livingwell.access import queue, waiting
from livingwell.access.codes import ContactOutcome, IntroductionStatus
from livingwell.access.models import ContactAttempt, Introduction, ResponseStandard
from livingwell.codes import Urgency
from livingwell.lib.clocks import LONDON
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

RECEIVED = dt.datetime(2025, 6, 2, 9, 0, tzinfo=LONDON)
CRISIS_STANDARD = dt.timedelta(hours=4)


def _contact(introduction, at, by, outcome=ContactOutcome.SPOKE) -> ContactAttempt:
    return ContactAttempt.objects.create(
        introduction=introduction, at=at, method="phone", outcome=outcome, by=by
    )


def _crisis(received: dt.datetime = RECEIVED) -> Introduction:
    return factories.introduction(urgency=Urgency.CRISIS, received_at=received)


def test_with_no_contact_yet_the_clock_runs_to_now_and_breaches_only_past_the_standard():
    intro = _crisis()
    at_standard = waiting.wait_for(intro, now=RECEIVED + CRISIS_STANDARD)
    assert (at_standard.contacted, at_standard.first_contact_at) == (False, None)
    assert (at_standard.waited, at_standard.breached, at_standard.over_by) == (
        CRISIS_STANDARD,
        False,
        dt.timedelta(0),
    )
    past = waiting.wait_for(intro, now=RECEIVED + CRISIS_STANDARD + dt.timedelta(seconds=1))
    assert (past.breached, past.over_by) == (True, dt.timedelta(seconds=1))
    assert past.text == "4 h 00 min"


def test_a_contact_that_did_not_reach_the_person_does_not_stop_the_clock(hub_worker):
    intro = _crisis()
    for outcome in (ContactOutcome.NO_ANSWER, ContactOutcome.LEFT_MESSAGE, ContactOutcome.WRONG_DETAILS):
        _contact(intro, RECEIVED + dt.timedelta(minutes=10), hub_worker, outcome)
    assert waiting.first_contact_at(intro) is None
    assert waiting.wait_for(intro, now=RECEIVED + dt.timedelta(hours=5)).breached
    spoke = _contact(intro, RECEIVED + dt.timedelta(hours=6), hub_worker)
    wait = waiting.wait_for(intro, now=RECEIVED + dt.timedelta(days=3))
    assert (wait.first_contact_at, wait.waited, wait.over_by) == (
        spoke.at,
        dt.timedelta(hours=6),
        dt.timedelta(hours=2),
    )


def test_first_contact_is_the_earliest_spoken_with_whatever_order_they_were_recorded_in(
    hub_worker, django_assert_num_queries
):
    intro = _crisis()
    _contact(intro, RECEIVED + dt.timedelta(hours=3), hub_worker)
    earliest = _contact(intro, RECEIVED + dt.timedelta(hours=1), hub_worker)
    _contact(intro, RECEIVED + dt.timedelta(minutes=30), hub_worker, ContactOutcome.NO_ANSWER)
    assert waiting.first_contact_at(intro) == earliest.at
    with django_assert_num_queries(1):  # the annotation, read without a query of its own
        annotated = [
            waiting.first_contact_at(i) for i in waiting.with_first_contact(Introduction.objects.all())
        ]
    assert annotated == [earliest.at]


def test_a_first_contact_exactly_at_the_standard_meets_it_and_a_second_later_breaches_it(hub_worker):
    met, late = _crisis(), _crisis()
    _contact(met, RECEIVED + CRISIS_STANDARD, hub_worker)
    _contact(late, RECEIVED + CRISIS_STANDARD + dt.timedelta(seconds=1), hub_worker)
    # Long after: once contacted, the clock has stopped.
    now = RECEIVED + dt.timedelta(days=30)
    assert (waiting.wait_for(met, now=now).breached, waiting.wait_for(met, now=now).waited) == (
        False,
        CRISIS_STANDARD,
    )
    assert waiting.wait_for(late, now=now).over_by == dt.timedelta(seconds=1)


@pytest.mark.parametrize(
    ("received", "contacted", "elapsed", "breached"),
    [
        # Clocks go forward at 01:00 on 30 March 2025: 00:30 to 05:00 by the wall is 3 h 30 min.
        (
            dt.datetime(2025, 3, 30, 0, 30, tzinfo=LONDON),
            dt.datetime(2025, 3, 30, 5, 0, tzinfo=LONDON),
            dt.timedelta(hours=3, minutes=30),
            False,
        ),
        # Clocks go back at 02:00 on 26 October 2025: 00:30 to 04:00 by the wall is 4 h 30 min.
        (
            dt.datetime(2025, 10, 26, 0, 30, tzinfo=LONDON),
            dt.datetime(2025, 10, 26, 4, 0, tzinfo=LONDON),
            dt.timedelta(hours=4, minutes=30),
            True,
        ),
    ],
    ids=["spring-forward", "fall-back"],
)
def test_the_wait_is_elapsed_time_across_the_clock_change(hub_worker, received, contacted, elapsed, breached):
    intro = _crisis(received)
    _contact(intro, contacted, hub_worker)
    wait = waiting.wait_for(intro)
    assert (wait.waited, wait.breached) == (elapsed, breached)
    # The same with the clock still running: now is the instant of the contact.
    assert waiting.wait_for(_crisis(received), now=contacted).waited == elapsed


def test_the_hubs_own_standard_replaces_the_national_one():
    ResponseStandard.objects.create(urgency=Urgency.ROUTINE, hours=48)
    intro = factories.introduction(urgency=Urgency.ROUTINE, received_at=RECEIVED)
    assert waiting.wait_for(intro, now=RECEIVED + dt.timedelta(hours=48)).standard_hours == 48
    assert not waiting.wait_for(intro, now=RECEIVED + dt.timedelta(hours=48)).breached
    assert waiting.wait_for(intro, now=RECEIVED + dt.timedelta(hours=48, seconds=1)).breached


def test_the_database_filter_for_a_running_clock_agrees_with_the_wait_on_both_sides():
    now = RECEIVED + dt.timedelta(days=40)
    hours = waiting.response_hours()
    for urgency in Urgency:
        standard = dt.timedelta(hours=hours[urgency])
        for offset in (-1, 0, 1):
            factories.introduction(urgency=urgency, received_at=now - standard - dt.timedelta(seconds=offset))
    over = set(Introduction.objects.filter(waiting.over_standard_while_waiting(now, hours)))
    assert len(over) == 3
    assert over == {
        i for i in Introduction.objects.all() if waiting.wait_for(i, now=now, hours=hours).breached
    }


def test_the_annotation_is_one_query_however_many_and_the_wait_then_needs_none(hub_worker):
    def measure() -> int:
        with CaptureQueriesContext(connection) as queries:
            rows = list(waiting.with_first_contact(Introduction.objects.all()))
        with CaptureQueriesContext(connection) as more:
            waits = [waiting.wait_for(i, now=RECEIVED, hours={str(u): 4 for u in Urgency}) for i in rows]
        assert len(more) == 0
        # The same as asked of each introduction on its own.
        assert [w.first_contact_at for w in waits] == [
            waiting.first_contact_at(Introduction.objects.get(pk=i.pk)) for i in rows
        ]
        return len(queries)

    for _ in range(2):
        _contact(_crisis(), RECEIVED + dt.timedelta(hours=1), hub_worker)
    few = measure()
    for _ in range(8):
        _contact(_crisis(), RECEIVED + dt.timedelta(hours=2), hub_worker, ContactOutcome.NO_ANSWER)
    assert measure() == few == 1


@pytest.mark.clock
def test_the_introduction_page_shows_the_wait_and_when_the_hub_first_spoke(client, hub_worker):
    now = timezone.now()
    waiting_still = _crisis(now - dt.timedelta(hours=5))
    contacted = _crisis(now - dt.timedelta(hours=5))
    _contact(contacted, now - dt.timedelta(hours=2), hub_worker)
    client.force_login(hub_worker)

    def text(intro: Introduction) -> str:
        response = client.get(reverse("access:introduction", args=[intro.reference]))
        return " ".join(response.content.decode().split())

    assert "5 h 00 min (over the 4 hour standard) so far" in text(waiting_still)
    page = text(contacted)
    assert "3 h 00 min – contacted" in page
    assert "over the 4 hour standard" not in page


@pytest.mark.clock
def test_the_queue_shows_an_introduction_in_conversation_with_the_wait_that_ended_at_first_contact(
    client, hub_worker
):
    now = timezone.now()
    in_time = factories.introduction(
        urgency=Urgency.CRISIS, received_at=now - dt.timedelta(days=2), allocated_to=hub_worker,
        status=IntroductionStatus.IN_CONVERSATION,
    )  # fmt: skip
    _contact(in_time, in_time.received_at + dt.timedelta(hours=1), hub_worker)
    # In conversation without a contact attempt recorded (a conversation noted first): still waiting.
    factories.introduction(
        urgency=Urgency.CRISIS, received_at=now - dt.timedelta(days=3), allocated_to=hub_worker,
        status=IntroductionStatus.IN_CONVERSATION,
    )  # fmt: skip
    mine = queue.entries(queue.in_conversation_with(hub_worker), now=now)
    assert [(e.wait_text, e.breached) for e in mine] == [("3 days", True), ("1 h 00 min", False)]
    client.force_login(hub_worker)
    html = " ".join(client.get(reverse("access:queue")).content.decode().split())
    assert html.count("Over 4 h standard") == 1


def test_a_workers_introductions_in_conversation_are_most_urgent_first_then_oldest(hub_worker):
    received = dt.datetime(2025, 4, 1, 9, tzinfo=dt.UTC)
    made = [
        factories.introduction(urgency=urgency, received_at=received + dt.timedelta(hours=hours),
                               allocated_to=hub_worker, status=IntroductionStatus.IN_CONVERSATION)
        for urgency, hours in (("routine", 0), ("crisis", 5), ("urgent", 1), ("crisis", 2))
    ]  # fmt: skip
    order = [i.pk for i in queue.in_conversation_with(hub_worker)]
    assert order == [made[3].pk, made[1].pk, made[2].pk, made[0].pk]
