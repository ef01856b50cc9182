"""The hub dashboard pages and downloads: who may see them, what they show, and their queries.

The pages read the catalogue's hub KPIs over the analytic extract: each test makes its records, then
extracts them explicitly (`extracted`) into the test's temporary EXTRACT_DIR.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from livingwell.codes import Urgency
from livingwell.insight import dashboard
from livingwell.insight.tests.measure_data import figures, intro, services, session, spoke, worker
from livingwell.network.models import ServiceKind
from livingwell.testing import factories

pytestmark = pytest.mark.django_db
DASHBOARD = "/insight/hub/"
PAGES = [f"/insight/hub/{m}/" for m in dashboard.BREAKABLE]
DOWNLOADS = [f"/insight/hub/{m}.csv" for m in dashboard.BREAKABLE]
BY = ["", "?by=ethnicity", "?by=sex", "?by=age"]


def extracted() -> None:
    """Extract the records made so far, now, as `livingwell extract` would."""
    figures(now=timezone.now())


def months_of_history(count: int) -> None:
    """Give each of the last `count` months six introductions, contacts, crises and onward ones."""
    kinds, by = services(), worker()
    now = timezone.now()
    for back in range(count):
        when = now - dt.timedelta(days=30 * back + 1)
        for n in range(6):
            p = factories.person(
                given_name="Zebedee", family_name=f"Quartermaine{back}x{n}", nhs_number="9990000018",
                postcode="SW9 9ZZ", date_of_birth=dt.date(1980 + n, 1, 1), ethnicity="NA"[n % 2],
                previously_known_to_specialist_care=n % 2 == 0,
            )  # fmt: skip
            item = intro(p, received=when, urgency=Urgency.CRISIS if n == 0 else Urgency.ROUTINE)
            spoke(item, when + dt.timedelta(hours=n + 1), by)
            onward = factories.service_introduction(item, kinds[ServiceKind.SHORT_TERM_SUPPORT], made_at=when)
            session(p, kinds[ServiceKind.SHORT_TERM_SUPPORT], when + dt.timedelta(hours=2), by, item=onward)


@pytest.mark.parametrize("url", [DASHBOARD, PAGES[0], DOWNLOADS[0]])
def test_it_lets_commissioners_and_hub_leads_in(client, commissioner, hub_lead, url):
    months_of_history(1)
    extracted()
    for user in (commissioner, hub_lead):
        client.force_login(user)
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", [DASHBOARD, PAGES[1], DOWNLOADS[1]])
def test_it_refuses_everyone_else(client, hub_worker, practitioner, outsider, url):
    for user in (hub_worker, practitioner, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert "sign-in" in response["Location"]


@pytest.mark.clock
def test_it_shows_no_one_identifiable_anywhere(client, commissioner):
    months_of_history(3)
    extracted()
    client.force_login(commissioner)
    pages = [DASHBOARD] + [u + b for u in PAGES + DOWNLOADS for b in BY]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for identifier in ("Zebedee", "Quartermaine", "9990000018", "999 000 0018", "SW9 9ZZ", "1980"):
            assert identifier not in text, (url, identifier)


@pytest.mark.clock
def test_the_page_draws_each_measure_as_a_chart_beside_its_table(client, commissioner):
    months_of_history(2)
    extracted()
    client.force_login(commissioner)
    text = client.get(DASHBOARD).content.decode()
    assert text.count('<svg class="lw-chart"') == len(dashboard.DASHBOARD_ORDER)
    assert text.count('<table class="nhsuk-table">') == len(dashboard.DASHBOARD_ORDER)
    assert "Onward introductions to specialist care" in text
    assert "fewer than 5" in text  # one crisis a month: hidden
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")


def test_the_download_is_the_table_on_the_page(client, commissioner):
    months_of_history(2)
    extracted()
    client.force_login(commissioner)
    response = client.get("/insight/hub/crisis-introductions.csv?by=ethnicity")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[1].startswith("Month,White,Black,Asian")
    assert all("fewer than 5" in line for line in lines[2:-1] if line.split(",")[0] != "All months")
    page = client.get("/insight/hub/crisis-introductions/?by=ethnicity").content.decode()
    assert "Crisis introductions by ethnic group" in page


def test_unknown_measures_and_breakdowns_are_not_found(client, commissioner):
    client.force_login(commissioner)
    assert client.get("/insight/hub/no-such-measure/").status_code == 404
    assert client.get("/insight/hub/destinations/?by=postcode").status_code == 404
    assert client.get("/insight/hub/no-such-measure.csv").status_code == 404


@pytest.mark.clock
def test_an_empty_borough_shows_the_current_month(client, commissioner):
    extracted()
    client.force_login(commissioner)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert timezone.localdate().strftime("%B %Y") in response.content.decode()


@pytest.mark.clock
def test_it_says_when_its_figures_were_extracted(client, commissioner):
    months_of_history(1)
    figures(now=dt.datetime(2026, 12, 2, 9, 15, tzinfo=dt.UTC))  # 09:15 GMT
    client.force_login(commissioner)
    for url in (DASHBOARD, PAGES[0]):
        assert "Figures from data extracted at 09:15 on 2 December 2026." in client.get(url).content.decode()
    download = client.get(DOWNLOADS[0])
    assert 'onward-specialist-2026-12-02.csv"' in download["Content-Disposition"]
    assert "extracted at 09:15 on 2 December 2026" in download.content.decode().splitlines()[0]


def test_without_an_extract_it_says_so_plainly(client, commissioner):
    months_of_history(1)  # records, but nothing extracted yet
    client.force_login(commissioner)
    for url in (DASHBOARD, PAGES[0], PAGES[0] + "?by=sex"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "No analytic extract yet: run <code>livingwell extract</code>." in response.content.decode()
    assert client.get(DOWNLOADS[0]).status_code == 404


def queries_for(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured]


# All a dashboard view asks the database for: the session (saved again to keep it alive, in a
# savepoint), the signed-in user and their roles. No record, whatever the number of records.
TABLES = re.compile(r'(?:FROM|INTO|UPDATE|JOIN) "(\w+)"')
SIGNED_IN = {"django_session", "accounts_user", "accounts_membership"}


@pytest.mark.clock
@pytest.mark.parametrize("url", [DASHBOARD, "/insight/hub/before-crisis/?by=age", DOWNLOADS[1]])
def test_the_number_of_queries_is_fixed_and_none_reads_the_records(client, commissioner, url):
    client.force_login(commissioner)
    months_of_history(2)
    extracted()
    few = queries_for(client, url)
    months_of_history(9)
    extracted()
    many = queries_for(client, url)
    assert len(many) == len(few)
    assert {table for q in many for table in TABLES.findall(q)} <= SIGNED_IN


@pytest.mark.clock
def test_it_marks_the_month_the_hub_opened_on_every_chart(client, commissioner):
    from livingwell.network.models import ServiceIntroduction

    kinds, by = services(), worker()
    before = timezone.now() - dt.timedelta(days=120)
    # GPs introduce people straight to specialist care four months back, before any hub introduction.
    for n in range(6):
        ServiceIntroduction.objects.create(
            introduction=None, source="A1", person=factories.person(family_name=f"Direct{n}"),
            service=kinds[ServiceKind.SPECIALIST_CARE], made_by=by, made_at=before,
        )  # fmt: skip
    months_of_history(2)
    extracted()
    client.force_login(commissioner)
    text = client.get(DASHBOARD).content.decode()
    first_hub_month = timezone.localtime(timezone.now() - dt.timedelta(days=31)).strftime("%B %Y")
    assert f"The Living Well Network Hub opened in <strong>{first_hub_month}</strong>" in text
    assert text.count(">Hub opens</text>") == len(dashboard.DASHBOARD_ORDER)


@pytest.mark.clock
def test_it_draws_no_marker_when_the_records_begin_with_the_hub(client, commissioner):
    months_of_history(2)
    extracted()
    client.force_login(commissioner)
    text = client.get(DASHBOARD).content.decode()
    assert "Hub opens" not in text


@pytest.mark.parametrize("by", [None, "ethnicity", "sex", "age"])
def test_no_table_says_fewer_than_five_of_five_or_more(by):
    # Issue 13: an entry hidden only to protect a small count reads "hidden", never "fewer than 5".
    months_of_history(3)
    data = figures(now=timezone.now())
    breakdown = dashboard.breakdown_for(by)
    seen = set()
    for measure in dashboard.BREAKABLE:
        hub_measure = dashboard.measure_for(measure)
        if hub_measure is dashboard.hub_kpis.TIME_TO_FIRST_CONTACT:
            continue
        _, _, cells = dashboard._count_cells(data, hub_measure, breakdown)
        truth = [[*row, sum(row)] for row in cells]
        truth.append([sum(col) for col in zip(*truth, strict=True)])
        table = dashboard.build(data, measure, breakdown)
        for row, true_row in zip(table.rows, truth, strict=True):
            for text, value in zip(row[1 : len(true_row) + 1], true_row, strict=True):
                seen.add(text if text in ("fewer than 5", "hidden") else "shown")
                if text == "fewer than 5":
                    assert 0 < value < 5, (measure, by, row)
                elif text != "hidden":
                    assert text == f"{value:,}", (measure, by, row)
    assert "fewer than 5" in seen
    assert "shown" in seen
