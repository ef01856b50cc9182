"""The hub in numbers: aggregates only, small counts hidden, no one named."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from livingwell.access.codes import Urgency
from livingwell.access.summary import introductions_by_month_and_urgency
from livingwell.testing import factories

pytestmark = pytest.mark.django_db


def _introductions(n: int, urgency: str, when: dt.datetime, family_name: str = "Person") -> None:
    for _ in range(n):
        factories.introduction(factories.person(family_name=family_name), urgency=urgency, received_at=when)


def test_it_counts_by_month_and_urgency_in_london_months():
    today = dt.date(2025, 7, 15)
    london = dt.timezone(dt.timedelta(hours=1))
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST): a July introduction.
    _introductions(6, Urgency.ROUTINE, dt.datetime(2025, 6, 30, 23, 30, tzinfo=dt.UTC))
    _introductions(5, Urgency.URGENT, dt.datetime(2025, 6, 10, 12, 0, tzinfo=london))
    monthly = introductions_by_month_and_urgency(months=2, today=today)
    assert monthly.months == [dt.date(2025, 6, 1), dt.date(2025, 7, 1)]
    assert monthly.urgencies == ["crisis", "urgent", "routine"]
    assert monthly.table.cells == [[0, 5, 0], [0, 0, 6]]
    assert monthly.table.total == 11


def test_it_leaves_out_introductions_before_the_first_month():
    _introductions(7, Urgency.ROUTINE, dt.datetime(2025, 1, 31, 12, 0, tzinfo=dt.UTC))
    monthly = introductions_by_month_and_urgency(months=3, today=dt.date(2025, 4, 2))
    assert monthly.months[0] == dt.date(2025, 2, 1)
    assert monthly.table.total == 0


@pytest.mark.clock
def test_it_shows_the_commissioner_numbers_with_small_counts_hidden_and_no_names(client, commissioner):
    now = timezone.now()
    _introductions(3, Urgency.CRISIS, now, family_name="Zephyrine")
    _introductions(8, Urgency.ROUTINE, now, family_name="Quaintrelle")
    client.force_login(commissioner)
    response = client.get(reverse("access:summary"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "fewer than 5" in html
    assert "Zephyrine" not in html
    assert "Quaintrelle" not in html
    assert "Alex" not in html  # the factories' given name
    assert not re.search(r">\s*3\s*<", html)  # the hidden count is nowhere in a cell


@pytest.mark.clock
def test_it_runs_one_query_for_the_counts(django_assert_num_queries):
    _introductions(6, Urgency.ROUTINE, timezone.now())
    with django_assert_num_queries(1):
        introductions_by_month_and_urgency()
