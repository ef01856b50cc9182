"""A partner's access to a person ends with the relationship (docs/access-matrix.md, issue 11).

A partner organisation sees a person while an introduction to one of its services waits for an
answer or is accepted, and for PARTNER_ACCESS_DAYS_AFTER_EPISODE days (London calendar) after the
episode ends; a declined introduction gives no access. It sees only its own part of the history.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from livingwell.lib.clocks import LONDON
from livingwell.network.models import ServiceIntroductionStatus
from livingwell.support.models import DischargeReason, EpisodeStatus
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

DISCHARGED = dt.datetime(2026, 3, 1, 14, 0, tzinfo=LONDON)
DAY_90 = dt.datetime(2026, 5, 30, 23, 59, tzinfo=LONDON)  # 1 March + 90 days, its last minute
DAY_91 = dt.datetime(2026, 5, 31, 0, 0, tzinfo=LONDON)


@pytest.fixture
def discharged(short_term_support):
    item = factories.service_introduction(
        service_=short_term_support, status=ServiceIntroductionStatus.ACCEPTED
    )
    return factories.episode(
        item,
        accepted_at=DISCHARGED - dt.timedelta(days=60),
        status=EpisodeStatus.DISCHARGED,
        discharged_at=DISCHARGED,
        discharge_reason=DischargeReason.GOALS_MET,
    )


def _pages(episode):
    return [
        reverse("people:detail", args=[episode.person_id]),
        reverse("support:episode", args=[episode.pk]),
        reverse("outcomes:episode", args=[episode.pk]),
        reverse("outcomes:person", args=[episode.person_id]),
        reverse("network:service_introduction", args=[episode.service_introduction_id]),
    ]


def test_it_lets_the_partner_in_on_the_90th_day_after_the_episode_ends(client, practitioner, discharged):
    client.force_login(practitioner)
    with time_machine.travel(DAY_90, tick=False):
        assert [client.get(url).status_code for url in _pages(discharged)] == [200] * 5


def test_it_refuses_the_partner_from_the_91st_day(client, practitioner, discharged):
    client.force_login(practitioner)
    with time_machine.travel(DAY_91, tick=False):
        assert [client.get(url).status_code for url in _pages(discharged)] == [403] * 5
        assert client.get(reverse("support:record_session", args=[discharged.pk])).status_code == 403


def test_it_keeps_the_hub_in_after_the_partners_access_ends(client, hub_worker, discharged):
    client.force_login(hub_worker)
    with time_machine.travel(DAY_91, tick=False):
        assert client.get(reverse("people:detail", args=[discharged.person_id])).status_code == 200


def test_it_takes_the_period_from_the_setting(client, settings, practitioner, discharged):
    settings.PARTNER_ACCESS_DAYS_AFTER_EPISODE = 7
    client.force_login(practitioner)
    url = reverse("people:detail", args=[discharged.person_id])
    with time_machine.travel(dt.datetime(2026, 3, 8, 23, 59, tzinfo=LONDON), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(dt.datetime(2026, 3, 9, 0, 0, tzinfo=LONDON), tick=False):
        assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (ServiceIntroductionStatus.PENDING, 200),
        (ServiceIntroductionStatus.ACCEPTED, 200),
        (ServiceIntroductionStatus.DECLINED, 403),
    ],
)
def test_it_gives_access_while_the_introduction_is_pending_or_accepted_never_once_declined(
    client, practitioner, short_term_support, status, expected
):
    item = factories.service_introduction(service_=short_term_support, status=status)
    if status == ServiceIntroductionStatus.ACCEPTED:
        factories.episode(item)
    client.force_login(practitioner)
    assert client.get(reverse("people:detail", args=[item.person_id])).status_code == expected
    assert client.get(reverse("network:service_introduction", args=[item.pk])).status_code == expected


def test_it_ignores_a_declined_introduction_beside_another_organisations_acceptance(
    client, practitioner, short_term_support
):
    # Attack: a partner once introduced and declined keeps reading the record for ever.
    declined = factories.service_introduction(
        service_=short_term_support, status=ServiceIntroductionStatus.DECLINED
    )
    elsewhere = factories.service_introduction(
        declined.introduction, factories.service(name="Another charity's service"),
        status=ServiceIntroductionStatus.ACCEPTED,
    )  # fmt: skip
    factories.episode(elsewhere)
    client.force_login(practitioner)
    assert client.get(reverse("people:detail", args=[declined.person_id])).status_code == 403


class TestTheMinimum:
    """On the person's page a partner sees its own organisation's part of the history only."""

    @pytest.fixture
    def history(self, short_term_support):
        person = factories.person()
        introduction = factories.introduction(person)
        ours = factories.service_introduction(introduction, short_term_support)
        factories.episode(ours)
        theirs = factories.service_introduction(introduction, factories.service(name="Crisis Café (test)"))
        factories.episode(
            theirs,
            status=EpisodeStatus.DISCHARGED,
            discharged_at=DISCHARGED,
            discharge_reason=DischargeReason.DISENGAGED,
        )
        return person

    def test_it_hides_other_organisations_introductions_episodes_and_discharge_reasons(
        self, client, practitioner, history
    ):
        client.force_login(practitioner)
        html = client.get(reverse("people:detail", args=[history.pk])).content.decode()
        assert "Short Term Support (test)" in html
        assert "Crisis Café (test)" not in html
        assert "stopped coming" not in html

    def test_it_shows_the_hub_the_whole_history(self, client, hub_worker, history):
        client.force_login(hub_worker)
        html = client.get(reverse("people:detail", args=[history.pk])).content.decode()
        assert "Crisis Café (test)" in html
        assert "stopped coming" in html
