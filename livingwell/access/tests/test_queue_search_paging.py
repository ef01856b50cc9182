"""The hub's queue: searching by reference, NHS number, date of birth or name, and paging (issue 13)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from livingwell.access import queue
from livingwell.access.codes import IntroductionStatus
from livingwell.audit.models import AuditAction, AuditEvent
from livingwell.codes import Source, Urgency
from livingwell.testing import factories

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 3, 12, 12, 0, tzinfo=dt.UTC)
QUEUE = reverse("access:queue")


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _references(response) -> list[str]:
    return re.findall(r'href="/hub/introductions/(LW-[A-Z0-9]{6})/"', response.content.decode())


@pytest.fixture
def sam():
    person = factories.person(
        given_name="Sam", family_name="Okafor", nhs_number="4857773456", date_of_birth=dt.date(1980, 1, 31)
    )
    return factories.introduction(person, reference="LW-7K3M9Q", received_at=NOW)


# Searching


@pytest.mark.parametrize("typed", ["LW-7K3M9Q", "lw-7k3m9q", "LW 7K3 M9Q", " lw7k3m9q ", "LW - 7K3M9Q"])
def test_a_reference_as_people_read_it_out_goes_straight_to_the_introduction(client, hub_worker, sam, typed):
    client.force_login(hub_worker)
    response = client.get(QUEUE, {"q": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("access:introduction", args=["LW-7K3M9Q"])


def test_a_reference_that_matches_nothing_says_so(client, hub_worker, sam):
    client.force_login(hub_worker)
    response = client.get(QUEUE, {"q": "LW-7K3M9R"})
    assert response.status_code == 200
    assert "No introductions match the reference" in _text(response)


@pytest.mark.parametrize("typed", ["4857773456", "485 777 3456", "485-777-3456"])
def test_it_finds_by_nhs_number_with_or_without_spaces(client, hub_worker, sam, typed):
    factories.introduction(factories.person(nhs_number="9434765919"))
    client.force_login(hub_worker)
    response = client.get(QUEUE, {"q": typed})
    assert _references(response) == ["LW-7K3M9Q"]
    assert "matching the NHS number" in _text(response)


@pytest.mark.parametrize("typed", ["31/01/1980", "31/1/1980", "31 1 1980", "1980-01-31", "31-01-1980"])
def test_it_finds_by_date_of_birth_in_each_format(client, hub_worker, sam, typed):
    factories.introduction(factories.person(date_of_birth=dt.date(1980, 1, 30)))  # the day before
    factories.introduction(factories.person(date_of_birth=dt.date(1980, 2, 1)))  # the day after
    client.force_login(hub_worker)
    assert _references(client.get(QUEUE, {"q": typed})) == ["LW-7K3M9Q"]


def test_a_date_that_does_not_exist_is_explained_not_an_error(client, hub_worker, sam):
    client.force_login(hub_worker)
    response = client.get(QUEUE, {"q": "31/02/1980"})
    assert response.status_code == 200
    assert "is not a real date of birth" in _text(response)
    assert _references(response) == []


@pytest.mark.parametrize("typed", ["okafor", "OKA", "sam", "Sam Okaf", "ok sa"])
def test_it_finds_by_part_of_a_name_in_any_case(client, hub_worker, sam, typed):
    factories.introduction(factories.person(given_name="Priya", family_name="Shah"))
    client.force_login(hub_worker)
    assert _references(client.get(QUEUE, {"q": typed})) == ["LW-7K3M9Q"]


def test_every_word_of_a_name_must_match(client, hub_worker, sam):
    client.force_login(hub_worker)
    assert _references(client.get(QUEUE, {"q": "Sam Shah"})) == []


def test_a_search_finds_introductions_past_first_contact_too(client, hub_worker, sam):
    closed = factories.introduction(
        sam.person, status=IntroductionStatus.CLOSED, received_at=NOW - dt.timedelta(days=90)
    )
    client.force_login(hub_worker)
    response = client.get(QUEUE, {"q": "Okafor"})
    assert _references(response) == [sam.reference, closed.reference]  # newest first
    assert "Closed" in _text(response)


def test_each_search_is_audited_with_the_people_shown_but_not_what_was_typed(client, hub_worker, sam):
    client.force_login(hub_worker)
    client.get(QUEUE, {"q": "485 777 3456"})
    event = AuditEvent.objects.filter(action=AuditAction.LIST, detail__search="nhs_number").get()
    assert event.detail["people"] == [sam.person_id]
    assert "4857773456" not in str(event.detail)


@pytest.mark.parametrize("who", ["practitioner", "outsider", "commissioner", "referrer"])
@pytest.mark.parametrize("typed", ["LW-7K3M9Q", "Okafor", "4857773456", "31/01/1980"])
def test_no_one_outside_the_hub_can_search(client, request, sam, who, typed):
    client.force_login(request.getfixturevalue(who))
    response = client.get(QUEUE, {"q": typed})
    assert response.status_code == 403  # as the queue itself answers them
    assert "LW-7K3M9Q" not in response.content.decode()


def test_a_referrer_cannot_search_even_for_their_own_introduction(client, referrer):
    mine = factories.introduction(referred_by=referrer, source=Source.GP)
    client.force_login(referrer)
    assert client.get(QUEUE, {"q": mine.reference}).status_code == 403


def test_signed_out_a_search_asks_for_sign_in(client, sam):
    response = client.get(QUEUE, {"q": "LW-7K3M9Q"})
    assert response.status_code == 302
    assert "LW-7K3M9Q" not in response["Location"].split("next=")[0]


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("LW-7K3M9Q", "reference"),
        ("LW-7K3M9O", "name"),  # O is not in the alphabet references use: not a reference
        ("4857773456", "nhs_number"),
        ("485777345", "name"),  # nine digits: not an NHS number
        ("48577734561", "name"),  # eleven
        ("1980-01-31", "date_of_birth"),
        ("31 1 80", "name"),  # a two-digit year is ambiguous: not read as a date
        ("Sam", "name"),
    ],
)
def test_it_reads_what_was_typed(typed, kind):
    assert queue.parse_search(typed).kind == kind


def test_the_search_runs_the_same_number_of_queries_for_2_rows_as_for_20(client, hub_worker):
    client.force_login(hub_worker)

    def queries(rows: int) -> int:
        for n in range(rows):
            factories.introduction(
                factories.person(family_name=f"Okafor{n}"), allocated_to=hub_worker if n % 2 else None
            )
        with CaptureQueriesContext(connection) as captured:
            response = client.get(QUEUE, {"q": "okafor"})
        assert response.status_code == 200
        return len(captured)

    assert queries(2) == queries(18)


# Paging


def _queue_of(n: int) -> list:
    """Make n waiting introductions; return them in the queue's order (most urgent, then oldest)."""
    made = [
        factories.introduction(
            urgency=[Urgency.CRISIS, Urgency.URGENT, Urgency.ROUTINE][i % 3],
            received_at=NOW - dt.timedelta(minutes=i),
        )
        for i in range(n)
    ]
    return [
        i.reference
        for i in sorted(made, key=lambda i: (queue.URGENCY_RANK[Urgency(i.urgency)], i.received_at))
    ]


def test_paging_keeps_the_queues_order_across_pages(client, hub_worker):
    expected = _queue_of(queue.PER_PAGE * 2 + 3)
    client.force_login(hub_worker)
    seen = []
    for number in (1, 2, 3):
        seen += _references(client.get(QUEUE, {"page": number}))
    assert seen == expected


def test_each_page_says_which_rows_it_shows_and_counts_the_whole_queue(client, hub_worker):
    _queue_of(60)
    client.force_login(hub_worker)
    html = _text(client.get(QUEUE, {"page": 2}))
    assert "Showing 26 to 50 of 60" in html
    assert "60 introductions" in html
    assert "Crisis (very urgent): 20" in html  # the urgency counts are the whole queue's, not the page's
    last = _text(client.get(QUEUE, {"page": 3}))
    assert "Showing 51 to 60 of 60" in last


def test_exactly_one_page_shows_no_pagination_and_one_more_row_does(client, hub_worker):
    _queue_of(queue.PER_PAGE)
    client.force_login(hub_worker)
    assert "nhsuk-pagination" not in client.get(QUEUE).content.decode()
    _queue_of(1)
    html = client.get(QUEUE).content.decode()
    assert "nhsuk-pagination" in html
    assert 'aria-label="Page 2"' in html


def test_the_page_links_keep_the_filters(client, hub_worker):
    for i in range(queue.PER_PAGE + 5):
        factories.introduction(source=Source.GP, received_at=NOW - dt.timedelta(minutes=i))
    factories.introduction(source=Source.SELF)
    client.force_login(hub_worker)
    response = client.get(QUEUE, {"source": Source.GP, "page": 1})
    html = response.content.decode()
    hrefs = re.findall(r'<a (?:class="nhsuk-pagination__\w+" )?href="(\?[^"]+)"', html)
    assert len(hrefs) == 3  # page 1, page 2 and "Next"
    for href in hrefs:
        assert f"source={Source.GP}" in href.replace("&amp;", "&")
    assert "Showing 1 to 25 of 30" in _text(response)


def test_search_results_are_paged_with_the_search_kept_in_the_links(client, hub_worker):
    for i in range(queue.PER_PAGE + 2):
        factories.introduction(
            factories.person(family_name="Okafor"), received_at=NOW - dt.timedelta(minutes=i)
        )
    client.force_login(hub_worker)
    first = client.get(QUEUE, {"q": "okafor"})
    assert "q=okafor" in first.content.decode()
    second = client.get(QUEUE, {"q": "okafor", "page": 2})
    assert len(_references(second)) == 2
    assert "Showing 26 to 27 of 27" in _text(second)


@pytest.mark.parametrize(("asked", "shown"), [("99", "51 to 60"), ("4", "51 to 60"), ("0", "51 to 60")])
def test_a_page_past_the_end_shows_the_last_page(client, hub_worker, asked, shown):
    _queue_of(60)
    client.force_login(hub_worker)
    response = client.get(QUEUE, {"page": asked})
    assert response.status_code == 200
    assert f"Showing {shown} of 60" in _text(response)


@pytest.mark.parametrize("asked", ["abc", "", "-1x", "2.5"])
def test_a_page_that_is_not_a_number_shows_the_first_page(client, hub_worker, asked):
    _queue_of(30)
    client.force_login(hub_worker)
    response = client.get(QUEUE, {"page": asked})
    assert response.status_code == 200
    assert "Showing 1 to 25 of 30" in _text(response)


def test_the_last_good_page_is_shown_as_asked(client, hub_worker):
    _queue_of(60)
    client.force_login(hub_worker)
    assert "Showing 26 to 50 of 60" in _text(client.get(QUEUE, {"page": "2"}))


def test_only_the_page_shown_is_audited(client, hub_worker):
    _queue_of(30)
    client.force_login(hub_worker)
    client.get(QUEUE, {"page": 2})
    event = AuditEvent.objects.filter(action=AuditAction.LIST).latest("pk")
    assert event.detail["count"] == 5


def test_a_page_of_the_queue_runs_the_same_number_of_queries_for_3_rows_as_for_60(client, hub_worker):
    client.force_login(hub_worker)

    def queries(rows: int) -> int:
        _queue_of(rows)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(QUEUE, {"page": 2})
        assert response.status_code == 200
        return len(captured)

    assert queries(3) == queries(57)
