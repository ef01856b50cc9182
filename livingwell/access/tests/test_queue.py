"""The hub's queue: most urgent first, then longest waiting; filters; a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from livingwell.access import queue
from livingwell.access.codes import IntroductionStatus
from livingwell.access.models import ResponseStandard
from livingwell.codes import Source, Urgency
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 3, 12, 12, 0, tzinfo=dt.UTC)


def _waiting(hours: float, urgency: str = Urgency.ROUTINE, **fields):
    return factories.introduction(urgency=urgency, received_at=NOW - dt.timedelta(hours=hours), **fields)


def test_it_puts_the_most_urgent_first_then_the_longest_waiting():
    routine_old = _waiting(300)
    crisis_new = _waiting(1, Urgency.CRISIS)
    urgent = _waiting(2, Urgency.URGENT)
    crisis_old = _waiting(3, Urgency.CRISIS)
    _waiting(500, status=IntroductionStatus.IN_CONVERSATION)  # no longer waiting for first contact
    assert list(queue.awaiting_first_contact()) == [crisis_old, crisis_new, urgent, routine_old]


def test_it_filters_by_urgency_source_and_wait():
    gp = _waiting(30, source=Source.GP)
    self_recent = _waiting(2)
    self_old = _waiting(24 * 8)
    everyone = queue.awaiting_first_contact()
    assert list(queue.filtered(everyone, source=Source.GP, now=NOW)) == [gp]
    assert set(queue.filtered(everyone, wait="1d", now=NOW)) == {gp, self_old}
    assert list(queue.filtered(everyone, wait="7d", now=NOW)) == [self_old]
    assert list(queue.filtered(everyone, urgency=Urgency.CRISIS, now=NOW)) == []
    assert self_recent in queue.filtered(everyone, now=NOW)


def test_it_finds_breaches_by_each_urgencys_own_standard():
    crisis_breached = _waiting(4.01, Urgency.CRISIS)
    _waiting(4, Urgency.CRISIS)  # exactly at the standard: met
    _waiting(23, Urgency.URGENT)
    urgent_breached = _waiting(25, Urgency.URGENT)
    _waiting(100)
    breached = queue.filtered(queue.awaiting_first_contact(), wait="breached", now=NOW)
    assert set(breached) == {crisis_breached, urgent_breached}


def test_it_uses_the_hubs_own_standards_over_the_national_defaults():
    ResponseStandard.objects.create(urgency=Urgency.ROUTINE, hours=48)
    assert queue.response_hours() == {"crisis": 4, "urgent": 24, "routine": 48}
    late = _waiting(49)
    assert list(queue.filtered(queue.awaiting_first_contact(), wait="breached", now=NOW)) == [late]


def test_it_counts_waiting_introductions_by_urgency():
    _waiting(1, Urgency.CRISIS)
    _waiting(1, Urgency.CRISIS)
    _waiting(1)
    assert queue.counts_by_urgency() == {"crisis": 2, "urgent": 0, "routine": 1}


@pytest.mark.clock
def test_it_shows_the_queue_with_breaches_marked(client, hub_worker):
    factories.introduction(
        urgency=Urgency.CRISIS, at_risk_now=True, received_at=timezone.now() - dt.timedelta(hours=5)
    )
    client.force_login(hub_worker)
    html = " ".join(client.get(reverse("access:queue")).content.decode().split())
    assert "(at risk now)" in html
    assert "Over 4 h standard" in html


def test_it_ignores_nonsense_filters(client, hub_worker):
    _waiting(1)
    client.force_login(hub_worker)
    response = client.get(reverse("access:queue"), {"urgency": "panic", "wait": "forever"})
    assert response.status_code == 200


def _queries_for_queue(client, rows: int, worker) -> int:
    for n in range(rows):
        factories.introduction(
            urgency=[Urgency.CRISIS, Urgency.URGENT, Urgency.ROUTINE][n % 3],
            allocated_to=worker if n % 2 else None,
        )
        factories.introduction(status=IntroductionStatus.IN_CONVERSATION, allocated_to=worker)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("access:queue"))
    assert response.status_code == 200
    return len(queries)


def test_it_runs_the_same_number_of_queries_for_3_rows_as_for_30(client, hub_worker):
    client.force_login(hub_worker)
    few = _queries_for_queue(client, 3, hub_worker)
    many = _queries_for_queue(client, 27, hub_worker)  # 30 waiting, 30 in conversation
    assert few == many
