"""The network in numbers: the network's catalogue KPIs for the borough, small numbers hidden."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from livingwell.insight.tests.measure_data import figures
from livingwell.network.models import ServiceIntroductionStatus
from livingwell.testing import factories

pytestmark = pytest.mark.django_db
PAGE = "/insight/network/"


def accepted(service, n: int, *, hours: float) -> None:
    now = timezone.now() - dt.timedelta(days=2)
    for _ in range(n):
        factories.service_introduction(
            service_=service,
            made_at=now,
            status=ServiceIntroductionStatus.ACCEPTED,
            responded_at=now + dt.timedelta(hours=hours),
        )


def test_it_shows_the_networks_measures_with_small_numbers_hidden(client, commissioner, short_term_support):
    accepted(short_term_support, 6, hours=10)
    figures(now=timezone.now())
    client.force_login(commissioner)
    page = client.get(PAGE).content.decode()
    for title in ("Introductions accepted", "Time to acceptance (median)", "Loops closed within 12 weeks",
                  "Personal goals achieved, by big outcome (all big outcomes)"):  # fmt: skip
        assert title in page
    assert "Introductions declined, by reason" not in page  # breakdowns stay off this page
    assert "10.0 hours" in page  # the median time to acceptance of six, shown
    assert "100%" in page  # all six answered were accepted


def test_a_month_resting_on_fewer_than_5_is_hidden(client, hub_lead, short_term_support):
    accepted(short_term_support, 3, hours=10)
    figures(now=timezone.now())
    client.force_login(hub_lead)
    page = client.get(PAGE).content.decode()
    assert "10.0 hours" not in page
    assert "hidden" in page


def test_without_an_extract_it_says_so(client, commissioner):
    client.force_login(commissioner)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "extract" in response.content.decode().lower()


def test_only_those_who_read_aggregates(client, practitioner, hub_worker):
    for user in (practitioner, hub_worker):
        client.force_login(user)
        assert client.get(PAGE).status_code == 403
