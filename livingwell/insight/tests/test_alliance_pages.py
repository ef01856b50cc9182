"""The alliance dashboard, KPI pages, board pack and borough comparison over hand-built extracts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from livingwell.insight.kpis import population
from livingwell.insight.tests import alliance_data
from livingwell.insight.tests.alliance_data import OWN
from livingwell.insight.tests.extract_data import at

pytestmark = pytest.mark.django_db
DASHBOARD, PACK, BOROUGHS = "/insight/alliance/", "/insight/alliance/board-pack/", "/insight/boroughs/"
ONWARD_PAGE, ONWARD_CSV = "/insight/alliance/onward-specialist/", "/insight/alliance/onward-specialist.csv"
EVERY_URL = [
    DASHBOARD,
    ONWARD_PAGE,
    ONWARD_CSV,
    "/insight/alliance/crisis-rate-by-ethnicity/",
    PACK,
    BOROUGHS,
    "/insight/boroughs/onward-specialist.csv",
]


@pytest.fixture(scope="module")
def extracts(tmp_path_factory) -> Path:
    return alliance_data.build(tmp_path_factory.mktemp("extracts"))


@pytest.fixture
def signed_in(client, commissioner, settings, extracts):
    settings.EXTRACT_DIR = extracts
    settings.BOROUGH_ONS_CODE = OWN
    client.force_login(commissioner)
    return client


class Tables(HTMLParser):
    """Every table on a page as its caption and rows of cell text, as a screen reader reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: list[str] | None = None
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        # Inside an element hidden from assistive technology: its tag and how deep.
        self._hidden: tuple[str, int] | None = None

    def handle_starttag(self, tag, attrs):
        if self._hidden:
            name, depth = self._hidden
            self._hidden = (name, depth + (tag == name))
            return
        if ("aria-hidden", "true") in attrs:
            self._hidden = (tag, 1)
            return
        if tag == "table":
            self._rows, self._caption = [], []
        elif tag == "caption":
            self._cell = self._caption
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if self._hidden:
            name, depth = self._hidden
            depth -= tag == name
            self._hidden = (name, depth) if depth else None
            return
        if tag in ("td", "th") and self._rows is not None and self._cell is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "caption":
            self._cell = None
        elif tag == "table" and self._rows is not None and self._caption is not None:
            self.tables[" ".join("".join(self._caption).split())] = self._rows
            self._rows = None

    def handle_data(self, data):
        if self._cell is not None and not self._hidden:
            self._cell.append(data)


def tables_of(html: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def table_starting(html: str, caption: str) -> list[list[str]]:
    found = [rows for name, rows in tables_of(html).items() if name.startswith(caption)]
    assert len(found) == 1, (caption, list(tables_of(html)))
    return found[0]


def by_first_cell(rows: list[list[str]]) -> dict[str, list[str]]:
    return {r[0]: r for r in rows}


# --- Who may see them ---------------------------------------------------------------------------
@pytest.mark.parametrize("url", EVERY_URL)
def test_it_lets_commissioners_and_hub_leads_in(client, commissioner, hub_lead, settings, extracts, url):
    settings.EXTRACT_DIR = extracts
    for user in (commissioner, hub_lead):
        client.force_login(user)
        assert client.get(url).status_code == 200, (user, url)


@pytest.mark.parametrize("url", EVERY_URL)
def test_it_refuses_hub_workers_and_sends_strangers_to_sign_in(client, hub_worker, outsider, url):
    for user in (hub_worker, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert "sign-in" in response["Location"]


def test_the_header_names_the_new_pages_only_for_those_who_may_see_them(client, commissioner, hub_worker):
    client.force_login(commissioner)
    text = client.get("/insight/hub/").content.decode()
    assert 'href="/insight/alliance/"' in text
    assert "Alliance dashboard" in text
    assert 'href="/insight/boroughs/"' in text
    assert "Borough comparison" in text
    client.force_login(hub_worker)
    response = client.get("/hub/queue/")
    assert response.status_code == 200
    assert "Alliance dashboard" not in response.content.decode()
    assert "Queue" in response.content.decode()


# --- The dashboard --------------------------------------------------------------------------------
def test_the_summary_reads_each_headline_measure_with_its_icons(signed_in):
    text = signed_in.get(DASHBOARD).content.decode()
    assert "Data extracted 3 January 2025" in text
    rows = by_first_cell(table_starting(text, "Headline measures"))
    # Onward introductions: December 2024 is 9 (hand-counted), below the lower limit where lower is
    # better; the target of 20 lies within the limits.
    onward = rows["Onward introductions to specialist care"]
    assert onward[1:] == [
        "December 2024",
        "9",
        "20 introductions",
        "Special cause improvement: low",
        "Hit and miss against the target",
    ]
    assert rows["Introductions to the hub"][2] == "21"
    assert rows["Introductions to the hub"][4] == "Special cause variation: high"  # neither way is better
    assert rows["People supported before crisis"][5] == "No target"
    assert rows["Crisis introductions"][2] == "hidden"  # one a month
    assert rows["Crisis introductions"][4] == "Not charted"
    assert rows["Time to first contact (routine, median)"][2] == "2.0 hours"
    assert rows["Talking Therapies: recovery"][2] == "–"  # nobody to count
    assert 'href="/insight/alliance/onward-specialist/"' in text
    # The icons: a drawing hidden from screen readers, and its words beside it.
    assert 'class="lw-mdc-icon lw-mdc-icon--improvement-low"' in text
    assert 'class="lw-mdc-icon lw-mdc-icon--hit-and-miss"' in text
    assert "What the icons mean" in text


def test_the_equity_tables_give_rates_per_1000_adults_a_year_against_white(signed_in):
    text = signed_in.get(DASHBOARD).content.decode()
    adults = population.population(OWN)["adults"]
    rows = by_first_cell(table_starting(text, "Introductions per 1,000 adults, by ethnic group"))
    white_rate, black_rate = 96 / adults["White"] * 1000, 90 / adults["Black"] * 1000
    assert rows["White"] == ["White", "96", f"{adults['White']:,}", f"{white_rate:.2f}", "1.00"]
    assert rows["Black"] == [
        "Black",
        "90",
        f"{adults['Black']:,}",
        f"{black_rate:.2f}",
        f"{black_rate / white_rate:.2f}",
    ]
    crisis = by_first_cell(table_starting(text, "Crisis introductions per 1,000 adults"))
    assert crisis["Black"][1] == "12"  # hidden month by month, shown over the year
    assert crisis["White"][4] == "–"  # no White crisis: no rate to compare with
    assert "January 2024 to December 2024" in text
    assert population.population(OWN)["as_of"] in text  # the population table's date, in the expander


def test_it_says_when_there_is_no_extract_yet(client, commissioner, settings, tmp_path):
    settings.EXTRACT_DIR = tmp_path / "nothing-here"
    client.force_login(commissioner)
    for url in (DASHBOARD, ONWARD_PAGE, PACK, BOROUGHS):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "No analytic extract yet: run <code>livingwell extract</code>" in response.content.decode()
    assert client.get(ONWARD_CSV).status_code == 404


def test_other_boroughs_without_our_own_are_compared_but_not_charted(
    client, commissioner, settings, tmp_path
):
    x = alliance_data.borough(alliance_data.MONTHS, (15,) * 12, (30,) * 12)
    alliance_data.write(tmp_path, alliance_data.SOUTHWARK, "Southwark", x)
    alliance_data.write(tmp_path, alliance_data.WANDSWORTH, "Wandsworth", x)
    settings.EXTRACT_DIR = tmp_path
    client.force_login(commissioner)
    assert "No analytic extract yet" in client.get(DASHBOARD).content.decode()
    text = client.get(BOROUGHS).content.decode()
    assert "No analytic extract yet" not in text
    assert "Southwark" in text
    assert "(this borough)" not in text


def test_an_extract_with_no_complete_month_yet_still_shows_its_pages(
    client, commissioner, settings, tmp_path
):
    x = alliance_data.borough([dt.date(2025, 1, 1)], (10,), (6,))
    alliance_data.write(tmp_path, OWN, "Lambeth", x, extracted_at=at(2025, 1, 20))
    settings.EXTRACT_DIR = tmp_path
    client.force_login(commissioner)
    for url in (DASHBOARD, ONWARD_PAGE, "/insight/alliance/crisis-rate-by-ethnicity/", BOROUGHS):
        assert client.get(url).status_code == 200, url
    assert "There is no complete month in the extract yet" in client.get(PACK).content.decode()
    assert "No complete month is common to every borough" in client.get(BOROUGHS).content.decode()


def test_an_extract_this_platform_cannot_read_is_reported_not_a_500(client, commissioner, settings, tmp_path):
    folder = tmp_path / OWN
    folder.mkdir()
    (folder / "manifest.json").write_text('{"schema_version": 99}')
    settings.EXTRACT_DIR = tmp_path
    client.force_login(commissioner)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert "schema version 99" in response.content.decode()


# --- One KPI --------------------------------------------------------------------------------------
def test_a_kpi_page_gives_its_definition_chart_and_data(signed_in):
    text = signed_in.get(ONWARD_PAGE).content.decode()
    assert "Introductions to specialist care made in the month" in text  # the numerator
    assert "Lambeth&#39;s level after the hub" in text  # the target's source
    assert text.count("lw-svg-chart") == 1  # the SPC chart
    rows = by_first_cell(table_starting(text, "Onward introductions to specialist care, by month"))
    assert rows["August 2024"][1:] == ["hidden", "–", "–", "–", "Not charted: hidden (a small number)"]
    assert rows["December 2024"][1] == "9"
    assert rows["December 2024"][5].startswith(
        "Special cause improvement: low (below the lower process limit"
    )
    assert rows["July 2024"][5] == "Special cause concern: high (one of 7 or more months above the mean)"
    assert "1 month(s) hidden" in text  # the notes


def test_the_download_is_exactly_the_table_shown(signed_in):
    for page, download, caption in (
        (ONWARD_PAGE, ONWARD_CSV, "Onward introductions to specialist care, by month"),
        (
            "/insight/alliance/contact-within-standard/",
            "/insight/alliance/contact-within-standard.csv",
            "First contact within the waiting standard, by month",
        ),
        (
            "/insight/alliance/introduction-rate-by-ethnicity/",
            "/insight/alliance/introduction-rate-by-ethnicity.csv",
            "Introductions per 1,000 adults, by ethnic group, by month",
        ),
        ("/insight/boroughs/?kpi=before-crisis", "/insight/boroughs/before-crisis.csv", "People supported"),
    ):
        shown = table_starting(signed_in.get(page).content.decode(), caption)
        response = signed_in.get(download)
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        downloaded = list(csv.reader(io.StringIO(response.content.decode())))[1:]
        assert downloaded == shown, page


def test_an_equity_kpi_page_tables_rates_by_group_and_month_instead_of_a_chart(signed_in):
    text = signed_in.get("/insight/alliance/crisis-rate-by-ethnicity/").content.decode()
    assert "lw-svg-chart" not in text
    rows = by_first_cell(
        table_starting(text, "Crisis introductions per 1,000 adults, by ethnic group, by month")
    )
    assert rows["Month"][1:3] == ["White: count", "White: rate per 1,000 adults a year"]
    assert rows["March 2024"][3:5] == ["hidden", "hidden"]  # one Black crisis a month
    assert "Where the population figures come from" in text


@pytest.mark.parametrize(
    "url",
    ["/insight/alliance/no-such-kpi/", "/insight/alliance/no-such-kpi.csv", "/insight/boroughs/no-such.csv"],
)
def test_an_unknown_kpi_is_not_found(signed_in, url):
    assert signed_in.get(url).status_code == 404


def test_limits_are_recalculated_from_the_month_the_hub_opened(client, commissioner, settings, tmp_path):
    months = [dt.date(2023, m, 1) for m in range(7, 13)] + alliance_data.MONTHS
    onward = (100, 95, 104, 98, 101, 97, *alliance_data.ONWARD)
    x = alliance_data.borough(months, (10,) * 18, onward, crises=0)
    opened = dt.date(2024, 1, 1)
    alliance_data.write(tmp_path, OWN, "Lambeth", x, hub_opened=opened)
    settings.EXTRACT_DIR = tmp_path
    client.force_login(commissioner)
    text = client.get(ONWARD_PAGE).content.decode()
    assert "The limits are recalculated from January 2024, when the hub opened" in text
    assert ">Rebased</text>" in text
    rows = by_first_cell(table_starting(text, "Onward introductions to specialist care, by month"))
    assert "limits recalculated from this month" in rows["January 2024"][5]
    assert "limits recalculated" not in rows["December 2023"][5]


# --- The board pack -------------------------------------------------------------------------------
def test_the_board_pack_is_for_the_latest_complete_month(signed_in):
    text = signed_in.get(PACK).content.decode()
    assert "<h1>Lambeth alliance board pack: December 2024</h1>" in text
    assert 'class="lw-board-pack-page"' in text
    assert text.count("lw-svg-chart") == 6  # a chart for each headline measure that has two months shown
    assert (
        "Special cause improvement: low (below the lower process limit); target 20 introductions hit and miss."
        in text
    )
    comparison = by_first_cell(table_starting(text, "Lambeth against the other boroughs"))
    assert comparison["Onward introductions to specialist care"][1:] == ["6.0", "Within"]
    assert comparison["Time to first contact (routine, median)"][2] == "No funnel"
    assert "Print or save as PDF" in text


def test_an_earlier_months_pack_cuts_every_series_there(signed_in):
    text = signed_in.get(PACK + "?month=2024-10").content.decode()
    assert "<h1>Lambeth alliance board pack: October 2024</h1>" in text
    summary = by_first_cell(table_starting(text, "Headline measures, October 2024"))
    assert summary["Onward introductions to specialist care"][1:3] == ["October 2024", "11"]
    assert summary["Introductions to the hub"][2] == "19"
    latest = table_starting(text, "Onward introductions to specialist care: latest months")
    assert [r[0] for r in latest[1:]] == ["October 2024", "September 2024", "August 2024"]
    assert table_starting(
        text, "Introductions per 1,000 adults, by ethnic group, January 2024 to October 2024"
    )
    assert "records added late are included" in text


@pytest.mark.parametrize("month", ["2024-13", "October", "2023-12", "2025-01", ""])
def test_a_month_without_a_pack_gives_a_clear_message(signed_in, month):
    response = signed_in.get(PACK + f"?month={month}")
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Choose a month from January 2024 to December 2024" in text
    assert "lw-svg-chart" not in text


# --- Borough comparison ---------------------------------------------------------------------------
def test_boroughs_are_compared_on_a_funnel_with_the_data_as_a_table(signed_in):
    text = signed_in.get(BOROUGHS).content.decode()
    assert re.search(r'<option value="onward-specialist" selected\s*>', text)
    rows = by_first_cell(table_starting(text, "Onward introductions to specialist care: boroughs compared"))
    # 188 onward introductions over the year, per 100,000 of 262,000 adults a month: 5.98.
    assert rows["Lambeth (this borough)"][1:5] == [OWN, "188", "262,000", "6.0"]
    assert rows["Southwark"][7] == "Within"
    assert text.count("lw-svg-chart") == 1  # the funnel plot
    assert "Synthetic extracts" in text
    assert "Southwark, Wandsworth" in text


def test_a_median_is_tabled_without_a_funnel_and_says_why(signed_in):
    text = signed_in.get(BOROUGHS + "?kpi=time-to-first-contact").content.decode()
    assert "lw-svg-chart" not in text
    assert "Medians are tabled without a funnel plot" in text
    rows = by_first_cell(table_starting(text, "Time to first contact (routine, median): boroughs compared"))
    assert rows["Lambeth (this borough)"][2:] == ["21", "2.0 hours", "–", "No funnel"]


def test_an_unknown_measure_to_compare_gives_a_clear_message(signed_in):
    response = signed_in.get(BOROUGHS + "?kpi=postcode")
    assert response.status_code == 400
    assert "Choose a measure from the list" in response.content.decode()
