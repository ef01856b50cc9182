"""The Friends and Family Test in numbers and its monthly return: catalogue KPIs, small numbers hidden.

Answers are made in the database and extracted as `livingwell extract` does, on 2 May 2025, so April
2025 is the last complete month.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from livingwell.analytics import extract
from livingwell.insight import alliance
from livingwell.insight.left_out import left_out_note
from livingwell.insight.tests.measure_data import figures
from livingwell.people.services import set_extract_opt_out
from livingwell.testing import factories
from livingwell.voice.models import Feedback

pytestmark = pytest.mark.django_db
UTC = dt.UTC
NUMBERS, RETURN, CSV = "/insight/feedback/", "/insight/feedback/return/", "/insight/feedback/return.csv"
EXTRACTED = dt.datetime(2025, 5, 2, 6, tzinfo=UTC)
APRIL = dt.datetime(2025, 4, 10, 12, tzinfo=UTC)


def answers(service, when: dt.datetime, **counts: int) -> None:
    """Record answers by code name: very_good=3, dont_know=2 ..."""
    codes = {"very_good": 1, "good": 2, "neither": 3, "poor": 4, "very_poor": 5, "dont_know": 6}
    for name, n in counts.items():
        Feedback.objects.bulk_create(
            [
                Feedback(service=service, answer=codes[name], received_at=when, channel="link")
                for _ in range(n)
            ]
        )


@pytest.fixture
def talking_space():
    mind = factories.organisation(name="Mind in the Borough", ods_code="NQ123")
    return factories.service(mind, name="Talking Space")


def page(client, user, url: str = NUMBERS, **params: str):
    client.force_login(user)
    return client.get(url, params)


def test_percentage_positive_is_of_every_answer_dont_know_included(client, commissioner, talking_space):
    answers(talking_space, APRIL, very_good=6, good=5, dont_know=11)
    figures(now=EXTRACTED)
    text = page(client, commissioner).content.decode()
    assert "Talking Space (Mind in the Borough)" in text
    assert "50%" in text  # 11 of 22, not 11 of the 11 who did not answer Don't know
    returned = page(client, commissioner, RETURN).content.decode()
    assert "Friends and Family Test monthly return: April 2025" in returned
    assert "NQ123" in returned
    assert ">22<" in returned  # the total responses


def test_a_count_under_5_is_hidden_and_so_is_the_percentage_resting_on_it(client, hub_lead, talking_space):
    other = factories.service(name="Peer Support")
    march = dt.datetime(2025, 3, 10, 12, tzinfo=UTC)
    answers(talking_space, APRIL, very_good=4, good=5, neither=5)  # 4: one under the threshold
    answers(other, APRIL, very_good=6, good=7, neither=8)
    answers(talking_space, march, very_good=5, good=5, neither=5)  # 5: at it
    figures(now=EXTRACTED)
    client.force_login(hub_lead)

    def body(month: str) -> tuple[list[str], dict[str, dict[str, str]]]:
        rows = list(csv.reader(io.StringIO(client.get(CSV, {"month": month}).content.decode())))
        return rows[1], {r[2]: dict(zip(rows[1], r, strict=True)) for r in rows[2:]}

    header, april = body("2025-04")
    assert header[3:9] == ["Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don't know"]
    assert april["Talking Space"]["Very good"] == "fewer than 5"
    assert april["Talking Space"]["Percentage positive"] == "hidden"
    # Another entry of its column is hidden too, or 4 would be the total less the other service's.
    assert april["Peer Support"]["Very good"] == "hidden" or april["All services"]["Very good"] == "hidden"
    assert april["All services"]["Total responses"] == "35"
    _, in_march = body("2025-03")
    assert in_march["Talking Space"]["Very good"] == "5"
    assert in_march["Talking Space"]["Percentage positive"] == "67%"  # 10 of 15


def test_both_sides_of_the_threshold_on_the_percentage(client, commissioner, talking_space):
    # 5 positive of 9 leaves 4: the remainder is small, so the share is hidden; 5 of 10 is not.
    answers(talking_space, APRIL, very_good=5, poor=4)
    answers(talking_space, dt.datetime(2025, 3, 10, 12, tzinfo=UTC), very_good=5, poor=5)
    figures(now=EXTRACTED)
    client.force_login(commissioner)
    april = list(csv.reader(io.StringIO(client.get(CSV, {"month": "2025-04"}).content.decode())))
    march = list(csv.reader(io.StringIO(client.get(CSV, {"month": "2025-03"}).content.decode())))
    assert april[2][-2] == "hidden"
    assert march[2][-2] == "50%"
    assert march[2][-1] == "50%"  # percentage negative, 5 of 10


def test_an_answer_counts_in_its_london_month(client, commissioner, talking_space):
    # 23:30 UTC on 31 March 2025 is 00:30 on 1 April in summer time; 23:30 UTC on 31 January is January.
    answers(talking_space, dt.datetime(2025, 3, 31, 23, 30, tzinfo=UTC), very_good=5)
    answers(talking_space, dt.datetime(2025, 3, 31, 22, 59, tzinfo=UTC), good=5)
    answers(talking_space, dt.datetime(2025, 1, 31, 23, 30, tzinfo=UTC), poor=5)
    figures(now=EXTRACTED)
    client.force_login(commissioner)

    def row(month: str) -> list[str]:
        return list(csv.reader(io.StringIO(client.get(CSV, {"month": month}).content.decode())))[2]

    assert row("2025-04")[3:9] == ["5", "0", "0", "0", "0", "0"]
    assert row("2025-03")[3:9] == ["0", "5", "0", "0", "0", "0"]
    assert row("2025-01")[3:9] == ["0", "0", "0", "5", "0", "0"]
    assert row("2025-02")[2] == "All services"  # a month with no answers: the borough's row alone


def test_the_download_is_the_page_table(client, commissioner, talking_space):
    answers(talking_space, APRIL, very_good=7, good=6, poor=5)
    figures(now=EXTRACTED)
    client.force_login(commissioner)
    response = client.get(CSV, {"month": "2025-04"})
    assert response["Content-Disposition"] == 'attachment; filename="fft-return-E09000022-2025-04.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    returned = client.get(RETURN, {"month": "2025-04"}).content.decode()
    for cell in rows[2]:
        assert f">{cell}<" in returned or not cell


def test_a_month_not_in_the_extract_is_refused_at_the_field(client, commissioner, talking_space):
    answers(talking_space, APRIL, very_good=5)
    figures(now=EXTRACTED)
    response = page(client, commissioner, RETURN, month="2031-01")
    assert response.status_code == 400
    assert "Choose a month from April 2025 to April 2025" in response.content.decode()
    client.force_login(commissioner)
    assert client.get(CSV, {"month": "nonsense"}).status_code == 404


def test_without_answers_or_an_extract_it_says_so(client, commissioner):
    assert "No analytic extract yet" in page(client, commissioner).content.decode()
    figures(now=EXTRACTED)
    assert "No one has answered" in page(client, commissioner).content.decode()
    assert "first return will be ready" in page(client, commissioner, RETURN).content.decode()


def test_only_those_who_read_aggregates(client, practitioner, hub_worker):
    for user in (practitioner, hub_worker):
        for url in (NUMBERS, RETURN, CSV):
            assert page(client, user, url).status_code == 403


# --- People left out at their request ---------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "note"),
    [
        (None, ""),
        (0, "No one has asked to be left out of the planning extract."),
        (
            1,
            "Fewer than 5 people asked to be left out of the planning extract, so they are not counted here.",
        ),
        (
            4,
            "Fewer than 5 people asked to be left out of the planning extract, so they are not counted here.",
        ),
        (5, "5 people asked to be left out of the planning extract, so they are not counted here."),
        (1234, "1,234 people asked to be left out of the planning extract, so they are not counted here."),
    ],
)
def test_the_left_out_note_suppresses_a_small_count(count, note):
    assert left_out_note(count) == note


def test_the_kpi_notes_say_how_many_asked_to_be_left_out(client, commissioner):
    for _ in range(2):
        set_extract_opt_out(None, factories.person(), opt_out=True, how="asked the hub")
    figures(now=EXTRACTED)
    assert alliance.load().own.left_out == 2
    for url in ("/insight/network/", "/insight/hub/", NUMBERS):
        text = page(client, commissioner, url).content.decode()
        assert "Fewer than 5 people asked to be left out of the planning extract" in text, url
    assert extract.left_out().people  # the extract's own count is exact; only pages suppress it
