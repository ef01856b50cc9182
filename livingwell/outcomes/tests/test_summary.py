"""The monthly service summary against a hand calculation, and the page commissioners see."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from livingwell.lib.ages import age_band
from livingwell.network.models import ServiceKind
from livingwell.outcomes.services import record_questionnaire
from livingwell.outcomes.summary import EpisodeRecord, summarise
from livingwell.outcomes.summary_queries import ended_episode_records
from livingwell.support.models import EpisodeStatus, Session, SessionAttendance, SessionKind
from livingwell.testing import factories

LONDON = ZoneInfo("Europe/London")

# (PHQ-9 first, last), (GAD-7 first, last), treatment sessions, ethnic group; worked by hand:
HAND = [
    ((15, 5), (12, 4), 3, "White"),  # 1 recovered, reliable improvement
    ((12, 9), (9, 7), 4, "White"),  # 2 recovered, falls too small to be reliable
    ((20, 18), (15, 15), 5, "White"),  # 3 neither
    ((8, 4), (6, 3), 2, "White"),  # 4 not a case at the start: outside the recovery denominator
    ((16, 10), (10, 14), 6, "White"),  # 5 mixed: PHQ-9 reliably better, GAD-7 reliably worse
    ((14, 6), (11, 6), 1, "White"),  # 6 one treatment session: not counted at all
    ((18, 7), (14, 7), 2, "White"),  # 7 recovered, reliable improvement
    ((10, 17), (8, 13), 3, "Black"),  # 9 reliable deterioration
    ((13, 7), (9, 5), 2, "Black"),  # 10 recovered, reliable improvement
    ((22, 12), (16, 6), 8, "Black"),  # 11 reliable improvement, still a case (PHQ-9 12 >= 10)
    ((17, 8), (13, 7), 2, "Black"),  # 12 recovered, reliable improvement
    ((12, 14), (9, 9), 3, "Black"),  # 13 neither
    ((15, 13), (10, 9), 2, "Black"),  # 14 neither
]


def hand_records():
    records = [
        EpisodeRecord(n, "talking_therapies", group, "Female", "25 to 34", sessions,
                      {"PHQ-9": list(phq), "GAD-7": list(gad)})
        for n, (phq, gad, sessions, group) in enumerate(HAND)
    ]  # fmt: skip
    # Paired on PHQ-9 only: not counted under Talking Therapies rules.
    records.append(
        EpisodeRecord(
            99, "talking_therapies", "White", "Female", "25 to 34", 3, {"PHQ-9": [11, 3], "GAD-7": [9]}
        )
    )
    return records


def test_talking_therapies_summary_matches_the_hand_calculation():
    result = summarise(hand_records())
    assert result.ended == 14
    assert result.paired == 12  # 13 rows, less the one-session episode; the PHQ-only one is out
    assert result.improved == 5  # rows 1, 7, 10, 11, 12
    assert result.improvement_rate == 41.7
    assert result.case_at_start == 11  # all counted but row 4
    assert result.recovered == 5  # rows 1, 2, 7, 10, 12
    assert result.recovery_rate == 45.5
    assert result.deteriorated is None  # one person: hidden, as is what would give it back


def test_breakdowns_go_through_suppression():
    result = summarise(hand_records())
    ethnicity = result.breakdowns[0]
    assert ethnicity.groups == ["Black", "White"]
    assert ethnicity.paired == [6, 6]
    assert ethnicity.improved == [None, None]  # 3 and 2: under five
    sex = result.breakdowns[1]
    assert sex.groups == ["Female"]
    assert sex.paired == [12]
    assert sex.improved == [5]


def test_mean_swemwbs_change_needs_five_people():
    def rec(n, first, last):
        return EpisodeRecord(
            n, "short_term_support", "White", "Male", "35 to 44", 0, {"SWEMWBS": [first, last]}
        )

    five = [
        rec(1, 15.32, 19.25),
        rec(2, 17.43, 17.98),
        rec(3, 19.25, 18.59),
        rec(4, 14.08, 21.54),
        rec(5, 20.73, 22.35),
    ]
    result = summarise(five)
    assert result.swemwbs_mean_change == 2.58
    assert result.swemwbs_n == 5
    # SWEMWBS has no cut-off: reliable improvement (>= 2.87) for 1 and 4 only, and nobody "recovers".
    assert result.paired == 5
    assert result.improved is None
    assert result.case_at_start == 0
    assert summarise(five[:4]).swemwbs_mean_change is None


def test_age_bands_turn_on_the_birthday():
    assert age_band(dt.date(2000, 6, 15), dt.date(2018, 6, 14)) == "Under 18"
    assert age_band(dt.date(2000, 6, 15), dt.date(2018, 6, 15)) == "18 to 24"
    assert age_band(dt.date(1950, 1, 1), dt.date(2015, 1, 1)) == "65 and over"


@pytest.fixture
def therapy_month(charity, practitioner):
    """A Talking Therapies service with episodes ended in March 2026 and one in April."""
    service = factories.service(charity, name="Talking Therapies (test)", kind=ServiceKind.TALKING_THERAPIES)

    def ended(on, phq, gad, sessions):
        episode = factories.episode(
            factories.service_introduction(service_=service),
            accepted_at=on - dt.timedelta(days=60),
            status=EpisodeStatus.DISCHARGED,
            discharged_at=on,
        )
        for k in range(sessions):
            Session.objects.create(episode=episode, at=on - dt.timedelta(days=50 - k), kind=SessionKind.TREATMENT,
                                   recorded_by=practitioner)  # fmt: skip
        Session.objects.create(episode=episode, at=on - dt.timedelta(days=40), kind=SessionKind.TREATMENT,
                               attendance=SessionAttendance.DID_NOT_ATTEND, recorded_by=practitioner)  # fmt: skip
        for k, (p, g) in enumerate(zip(phq, gad, strict=True)):
            at = on - dt.timedelta(days=55 - 20 * k)
            record_questionnaire(None, episode, instrument="PHQ-9", answers=spread(p, 9), by=practitioner,
                                 submission_key=f"p{episode.pk}-{k}", at=at)  # fmt: skip
            record_questionnaire(None, episode, instrument="GAD-7", answers=spread(g, 7), by=practitioner,
                                 submission_key=f"g{episode.pk}-{k}", at=at)  # fmt: skip
        return episode

    march = [
        ended(dt.datetime(2026, 3, day, 12, tzinfo=LONDON), (15, 12, 5), (12, 9, 4), 3) for day in range(2, 8)
    ]
    ended(dt.datetime(2026, 3, 31, 23, 30, tzinfo=LONDON), (20, 18), (15, 15), 1)
    ended(dt.datetime(2026, 4, 1, 0, 30, tzinfo=LONDON), (20, 5), (15, 3), 3)
    return service, march


def spread(total, items):
    answers = [0] * items
    for k in range(total):
        answers[k % (items - 1)] += 1  # never the last item (PHQ-9 item 9)
    return answers


@pytest.mark.django_db
def test_records_are_the_episodes_ended_in_the_london_month(therapy_month):
    service, march = therapy_month
    records = ended_episode_records(service, dt.date(2026, 3, 1))
    assert len(records) == 7
    first = next(r for r in records if r.episode_id == march[0].pk)
    assert first.values == {"PHQ-9": [15, 12, 5], "GAD-7": [12, 9, 4]}
    assert first.treatment_sessions == 3
    result = summarise(records)
    assert (result.ended, result.paired, result.improved, result.recovered, result.case_at_start) == (
        7,
        6,
        6,
        6,
        6,
    )


@pytest.mark.django_db
def test_commissioners_see_the_summary_with_small_numbers_hidden(
    client, commissioner, outsider, therapy_month
):
    service, _ = therapy_month
    client.force_login(outsider)
    assert client.get(reverse("outcomes:summary")).status_code == 403
    client.force_login(commissioner)
    page = client.get(reverse("outcomes:summary"), {"service": service.pk, "month": "2026-03"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Talking Therapies rules" in html
    assert "6 (100.0%)" in html
    april = client.get(
        reverse("outcomes:summary"), {"service": service.pk, "month": "2026-04"}
    ).content.decode()
    assert "fewer than 5" in april
    assert "100.0%" not in april
    bad = client.get(reverse("outcomes:summary"), {"service": service.pk, "month": "March"})
    assert bad.status_code == 400
    assert "Enter the month as year and month" in bad.content.decode()


@pytest.mark.django_db
def test_a_practitioner_summarises_only_their_own_services(client, practitioner, therapy_month):
    service, _ = therapy_month
    elsewhere = factories.service(name="Elsewhere (test)")
    client.force_login(practitioner)
    assert (
        client.get(reverse("outcomes:summary"), {"service": service.pk, "month": "2026-03"}).status_code
        == 200
    )
    assert (
        client.get(reverse("outcomes:summary"), {"service": elsewhere.pk, "month": "2026-03"}).status_code
        == 400
    )
