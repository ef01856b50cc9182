"""The monthly service summary against a hand calculation, and the page commissioners see.

The hand calculations run through the catalogue's outcome KPIs over a hand-built extract, as the
page's figures do; the page's tests write records, refresh the extract and read the page.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from livingwell.analytics.refresh import refresh
from livingwell.analytics.tests.outcome_extract import MONTH, ONS_CODE, OutcomeExtract, outcome_rows
from livingwell.insight import alliance
from livingwell.insight.outcomes_summary import Counts, counts_by_group, summarise
from livingwell.insight.outcomes_summary_queries import DIMENSIONS, service_month
from livingwell.lib.ages import age_band
from livingwell.network.models import ServiceKind
from livingwell.outcomes.services import record_questionnaire
from livingwell.support.models import EpisodeStatus, Session, SessionAttendance, SessionKind
from livingwell.testing import factories

LONDON = ZoneInfo("Europe/London")
WHITE, BLACK = "A", "N"  # ETHNIC CATEGORY codes of the two broad groups
THERAPIES, SUPPORT = 1, 2  # services' ids in the hand-built extract

# (PHQ-9 first, last), (GAD-7 first, last), treatment sessions, ethnic group; worked by hand:
HAND = [
    ((15, 5), (12, 4), 3, WHITE),  # 1 recovered, reliable improvement
    ((12, 9), (9, 7), 4, WHITE),  # 2 recovered, falls too small to be reliable
    ((20, 18), (15, 15), 5, WHITE),  # 3 neither
    ((8, 4), (6, 3), 2, WHITE),  # 4 not a case at the start: outside the recovery denominator
    ((16, 10), (10, 14), 6, WHITE),  # 5 mixed: PHQ-9 reliably better, GAD-7 reliably worse
    ((14, 6), (11, 6), 1, WHITE),  # 6 one treatment session: not counted at all
    ((18, 7), (14, 7), 2, WHITE),  # 7 recovered, reliable improvement
    ((10, 17), (8, 13), 3, BLACK),  # 9 reliable deterioration
    ((13, 7), (9, 5), 2, BLACK),  # 10 recovered, reliable improvement
    ((22, 12), (16, 6), 8, BLACK),  # 11 reliable improvement, still a case (PHQ-9 12 >= 10)
    ((17, 8), (13, 7), 2, BLACK),  # 12 recovered, reliable improvement
    ((12, 14), (9, 9), 3, BLACK),  # 13 neither
    ((15, 13), (10, 9), 2, BLACK),  # 14 neither
]


def summary_of(extract, root, service_id):
    counts = counts_by_group(outcome_rows(extract, root), ONS_CODE, service_id, MONTH)
    return summarise(counts, service_id, DIMENSIONS)


@pytest.fixture
def hand(tmp_path):
    extract = OutcomeExtract()
    for phq, gad, sessions, group in HAND:
        extract.ended(THERAPIES, "talking_therapies", {"PHQ-9": phq, "GAD-7": gad},
                      treatment_sessions=sessions, ethnicity=group)  # fmt: skip
    # Paired on PHQ-9 only: not counted under Talking Therapies rules.
    extract.ended(THERAPIES, "talking_therapies", {"PHQ-9": [11, 3], "GAD-7": [9]}, treatment_sessions=3)
    # Another service's episode, and one of this service's ended in May: neither is counted here.
    extract.ended(SUPPORT, "talking_therapies", {"PHQ-9": [15, 5], "GAD-7": [12, 4]}, treatment_sessions=3)
    extract.ended(THERAPIES, "talking_therapies", {"PHQ-9": [15, 5], "GAD-7": [12, 4]}, treatment_sessions=3,
                  ended_on=dt.datetime(2025, 5, 2, tzinfo=dt.UTC))  # fmt: skip
    return summary_of(extract, tmp_path, THERAPIES)


def test_talking_therapies_summary_matches_the_hand_calculation(hand):
    result = hand
    assert result.ended == 14
    assert result.paired == 12  # 13 rows, less the one-session episode; the PHQ-only one is out
    assert result.improved == 5  # rows 1, 7, 10, 11, 12
    assert result.improvement_rate == 41.7
    assert result.case_at_start == 11  # all counted but row 4
    assert result.recovered == 5  # rows 1, 2, 7, 10, 12
    assert result.recovery_rate == 45.5
    assert result.deteriorated is None  # one person: hidden, as is what would give it back


def test_breakdowns_go_through_suppression(hand):
    ethnicity = hand.breakdowns[0]
    assert ethnicity.groups == ["Black", "White"]
    assert ethnicity.paired == [6, 6]
    assert ethnicity.improved == [None, None]  # 3 and 2: under five
    sex = hand.breakdowns[1]
    assert sex.groups == ["Female"]
    assert sex.paired == [12]
    assert sex.improved == [5]
    assert hand.breakdowns[2].groups == ["25 to 34"]


def test_mean_swemwbs_change_needs_five_people(tmp_path):
    pairs = [(15.32, 19.25), (17.43, 17.98), (19.25, 18.59), (14.08, 21.54), (20.73, 22.35)]

    def of(pairs, root):
        extract = OutcomeExtract()
        for first, last in pairs:
            extract.ended(
                SUPPORT, "short_term_support", {"SWEMWBS": [first, last]}, sex="1", age_band="35 to 44"
            )
        return summary_of(extract, root, SUPPORT)

    result = of(pairs, tmp_path / "five")
    assert result.swemwbs_mean_change == 2.58
    assert result.swemwbs_n == 5
    # SWEMWBS has no cut-off: reliable improvement (>= 2.87) for 1 and 4 only, and nobody "recovers".
    assert result.paired == 5
    assert result.improved is None
    assert result.case_at_start == 0
    assert result.breakdowns[1].groups == ["Male"]
    assert result.breakdowns[1].wellbeing_change == [2.58]
    assert of(pairs[:4], tmp_path / "four").swemwbs_mean_change is None


def test_the_first_headline_measure_with_a_pair_decides(tmp_path):
    extract = OutcomeExtract()
    # CORE-10 comes first: 20 to 8 is reliable (6) and crosses the cut-off (11): recovered.
    # Its PHQ-9 pair (a reliable rise) is not the headline, so it is not a deterioration.
    for _ in range(5):
        extract.ended(SUPPORT, "short_term_support", {"CORE-10": [20, 8], "PHQ-9": [5, 20]})
    result = summary_of(extract, tmp_path, SUPPORT)
    assert (result.paired, result.improved, result.case_at_start, result.recovered) == (5, 5, 5, 5)
    assert result.deteriorated == 0


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
def test_the_counts_are_of_the_episodes_ended_in_the_london_month(therapy_month):
    service, _march = therapy_month
    refresh()

    counts = service_month(service.pk, dt.date(2026, 3, 1))[str(service.pk)]
    assert (counts.ended, counts.paired, counts.improved, counts.recovered, counts.case_at_start) == (
        7,
        6,
        6,
        6,
        6,
    )
    # 00:30 on 1 April in London is 23:30 on 31 March in UTC: April's.
    assert service_month(service.pk, dt.date(2026, 4, 1))[str(service.pk)].ended == 1
    assert service_month(service.pk, dt.date(2026, 2, 1)) == {}
    assert Counts() + counts == counts


@pytest.mark.django_db
def test_the_kpis_run_once_per_extract_version(therapy_month, practitioner, monkeypatch):
    service, march = therapy_month
    runs = []
    run_own = alliance.run_own

    def counted(*args):
        runs.append(args)
        return run_own(*args)

    monkeypatch.setattr(alliance, "run_own", counted)
    refresh()
    for month in (dt.date(2026, 3, 1), dt.date(2026, 4, 1), dt.date(2026, 3, 1)):
        service_month(service.pk, month)
    assert len(runs) == 1  # every service and month from one run, read from memory after
    # Another episode ended in March: the refresh writes a batch, and the next page counts it.
    factories.episode(
        factories.service_introduction(service_=service),
        accepted_at=march[0].discharged_at - dt.timedelta(days=60),
        status=EpisodeStatus.DISCHARGED,
        discharged_at=march[0].discharged_at,
    )
    refresh()
    assert service_month(service.pk, dt.date(2026, 3, 1))[str(service.pk)].ended == 8
    assert len(runs) == 2


@pytest.mark.django_db
def test_commissioners_see_the_summary_with_small_numbers_hidden(
    client, commissioner, outsider, therapy_month
):
    service, _ = therapy_month
    client.force_login(outsider)
    assert client.get(reverse("insight:outcomes_summary")).status_code == 403
    client.force_login(commissioner)
    before = client.get(reverse("insight:outcomes_summary"), {"service": service.pk, "month": "2026-03"})
    assert before.status_code == 200
    assert "The analytic extract has not been written yet" in before.content.decode()
    when = timezone.now()
    refresh(now=when)
    page = client.get(reverse("insight:outcomes_summary"), {"service": service.pk, "month": "2026-03"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Talking Therapies rules" in html
    assert "6 (100.0%)" in html
    assert f"up to date with the records at {timezone.localtime(when):%H:%M on %-d %B %Y}." in html
    assert "Changes made since then" not in html
    assert "No one has asked to be left out of the planning extract." in html  # docs/opting-out.md
    april = client.get(
        reverse("insight:outcomes_summary"), {"service": service.pk, "month": "2026-04"}
    ).content.decode()
    assert "fewer than 5" in april
    assert "100.0%" not in april
    bad = client.get(reverse("insight:outcomes_summary"), {"service": service.pk, "month": "March"})
    assert bad.status_code == 400
    assert "Enter the month as year and month" in bad.content.decode()


@pytest.mark.django_db
def test_a_practitioner_summarises_only_their_own_services(client, practitioner, therapy_month):
    service, _ = therapy_month
    elsewhere = factories.service(name="Elsewhere (test)")
    client.force_login(practitioner)
    url = reverse("insight:outcomes_summary")
    assert client.get(url, {"service": service.pk, "month": "2026-03"}).status_code == 200
    assert client.get(url, {"service": elsewhere.pk, "month": "2026-03"}).status_code == 400


def test_the_old_address_sends_everyone_and_their_choice_on(client):
    old = client.get("/outcomes/summary/", {"service": 12, "month": "2026-03"})
    assert old.status_code == 301
    assert old["Location"] == reverse("insight:outcomes_summary") + "?service=12&month=2026-03"
    page = client.get(old["Location"])
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:sign_in"))
