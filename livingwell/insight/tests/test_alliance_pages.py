"""The alliance dashboard, KPI pages, board pack and borough comparison over hand-built extracts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from livingwell.analytics.kpis import population
from livingwell.analytics.tests.extract_data import at
from livingwell.insight.tests import alliance_data
from livingwell.insight.tests.alliance_data import OWN

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
    assert rows["Not stated or not known"][1:] == ["0", "–", "–", "–"]  # a count only
    assert "Total" not in rows
    crisis = by_first_cell(table_starting(text, "Crisis introductions per 1,000 adults"))
    # One a month, hidden on the crisis chart month by month: the year's 12, all Black, would give
    # every month back (twelve hidden months adding up to 12), so two groups are hidden with it.
    assert crisis["Black"][1:] == ["hidden", f"{adults['Black']:,}", "hidden", "hidden"]
    assert crisis["White"][1] == "hidden"  # the second: a hidden zero, as suppress_counts would pick
    assert [r[1] for r in crisis.values()].count("hidden") == 2
    assert "month by month over the same 12 months" not in text
    assert "hidden together, month by month" not in text  # the suppression note's old sentence
    assert "if only one group's is, the next smallest count is hidden with it" in text
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
    assert "1 month hidden or without data is left out" in text  # the notes


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
            "Introductions per 1,000 adults, by ethnic group, January 2024 to December 2024",
        ),
        ("/insight/boroughs/?kpi=before-crisis", "/insight/boroughs/before-crisis.csv", "People supported"),
    ):
        shown = table_starting(signed_in.get(page).content.decode(), caption)
        response = signed_in.get(download)
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        downloaded = list(csv.reader(io.StringIO(response.content.decode())))[1:]
        assert downloaded == shown, page


EQUITY_HEADER = ["Group", "Count", "Adults (Census 2021)", "Rate per 1,000 adults a year", "Ratio to White"]


def test_an_equity_kpi_page_tables_the_window_by_group_with_no_months(signed_in):
    text = signed_in.get("/insight/alliance/crisis-rate-by-ethnicity/").content.decode()
    assert "lw-svg-chart" not in text
    rows = table_starting(text, "Crisis introductions per 1,000 adults, by ethnic group")
    assert rows[0] == EQUITY_HEADER
    assert [r[0] for r in rows[1:]] == [*population.GROUPS, population.NOT_STATED]
    assert "by month" not in "".join(tables_of(text))  # no caption reads by month
    assert "Where the population figures come from" in text
    csv_rows = list(
        csv.reader(
            io.StringIO(signed_in.get("/insight/alliance/crisis-rate-by-ethnicity.csv").content.decode())
        )
    )
    assert csv_rows[1:] == rows  # header and rows: no month, no "White: count" column
    assert not any(month_name in str(csv_rows[1:]) for month_name in ("January", "March 2024", "December"))


def test_an_equity_kpi_page_shows_the_dashboards_12_months_and_its_very_counts(
    client, commissioner, settings, tmp_path
):
    months = [dt.date(2023, m, 1) for m in range(7, 13)] + alliance_data.MONTHS
    x = alliance_data.borough(months, (10,) * 18, (6,) * 18)
    alliance_data.write(tmp_path, OWN, "Lambeth", x)
    settings.EXTRACT_DIR = tmp_path
    client.force_login(commissioner)
    text = client.get("/insight/alliance/introduction-rate-by-ethnicity/").content.decode()
    # Not every month since July 2023: the dashboard's window, and its very table.
    rows = table_starting(
        text, "Introductions per 1,000 adults, by ethnic group, January 2024 to December 2024"
    )
    dashboard = table_starting(client.get(DASHBOARD).content.decode(), "Introductions per 1,000 adults")
    assert rows == dashboard
    assert [r[1] for r in rows[1:3]] == ["60", "60"]  # 5 White and 5 Black a month


@pytest.mark.parametrize(
    ("introductions", "white", "black"),
    [
        ((10,), "5", "5"),  # 5 White and 5 Black: both shown
        ((9,), "hidden", "hidden"),  # Black's 4 hidden, and White's 5, the next smallest, with it
        ((7,), "hidden", "hidden"),  # 4 and 3: each hidden on its own, and they hide each other
    ],
)
def test_the_equity_table_hides_a_small_group_and_the_next_smallest_on_every_page(
    client, commissioner, settings, tmp_path, introductions, white, black
):
    x = alliance_data.borough([dt.date(2024, 12, 1)], introductions, (6,), crises=0)
    alliance_data.write(tmp_path, OWN, "Lambeth", x)
    settings.EXTRACT_DIR = tmp_path
    client.force_login(commissioner)
    caption = "Introductions per 1,000 adults, by ethnic group, December 2024"
    for url in (DASHBOARD, PACK, "/insight/alliance/introduction-rate-by-ethnicity/"):
        rows = by_first_cell(table_starting(client.get(url).content.decode(), caption))
        assert [rows["White"][1], rows["Black"][1]] == [white, black], url
        assert rows["Asian"][1:] == ["0", rows["Asian"][2], "0.00", "0.00" if white == "5" else "–"], url
        if black == "hidden":  # a hidden count has no rate or ratio
            assert rows["Black"][3:] == ["hidden", "hidden"]


@pytest.mark.parametrize(
    "url",
    [
        "/insight/alliance/no-such-kpi/",
        "/insight/alliance/no-such-kpi.csv",
        "/insight/boroughs/no-such.csv",
        # The hub dashboard's KPIs are in the catalogue, but their pages are the hub dashboard's.
        "/insight/alliance/hub-introductions-by-source/",
        "/insight/alliance/hub-introductions-by-source.csv",
    ],
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
    # August (3) is hidden on the KPI page, so the year's total is too, and Lambeth is off the funnel.
    assert comparison["Onward introductions to specialist care"][1:] == [
        "hidden",
        "Not plotted: hidden or no data",
    ]
    assert comparison["Introductions to the hub"][1] == "5.9"  # no month hidden: 186 / 262,000 a month
    assert comparison["Time to first contact (routine, median)"][2] == "No funnel"
    assert "Print or save as PDF" in text


def test_an_earlier_months_pack_cuts_every_series_there(signed_in):
    text = signed_in.get(PACK + "?month=2024-10").content.decode()
    assert "<h1>Lambeth alliance board pack: October 2024</h1>" in text
    summary = by_first_cell(table_starting(text, "Headline measures, October 2024"))
    assert summary["Onward introductions to specialist care"][1:3] == ["October 2024", "11"]
    assert summary["Crisis introductions"][1:3] == ["October 2024", "hidden"]  # none shown: the last
    assert summary["Introductions to the hub"][2] == "19"
    latest = table_starting(text, "Onward introductions to specialist care: latest months")
    assert [r[0] for r in latest[1:]] == ["October 2024", "September 2024", "August 2024"]
    assert table_starting(
        text, "Introductions per 1,000 adults, by ethnic group, January 2024 to October 2024"
    )
    assert "records added late are included" in text


def test_a_pack_whose_month_is_hidden_reads_the_latest_month_shown_in_words_and_icons(signed_in):
    text = signed_in.get(PACK + "?month=2024-08").content.decode()
    summary = by_first_cell(table_starting(text, "Headline measures, August 2024"))
    # August's 3 is hidden: the row reads July, whose 18 the icons read too.
    assert summary["Onward introductions to specialist care"][1:5] == [
        "July 2024",
        "18",
        "20 introductions",
        "Common cause variation",
    ]
    assert "The latest month (August 2024) is hidden" in text


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
    # 188 onward introductions over the year, but August (3) is hidden month by month: 188 less the
    # other 11 months shown would give it back, so the total is hidden and Lambeth left off the funnel.
    assert rows["Lambeth (this borough)"][1:] == [
        OWN, "hidden", "262,000", "hidden", "–", "–", "Not plotted: hidden or no data",
    ]  # fmt: skip
    assert rows["Southwark"][2:5] == ["360", "314,399", "9.5"]  # 30 a month, nothing hidden
    # Three boroughs are too few to estimate overdispersion (our threshold is 15): the limits show
    # chance alone, and Southwark's 360 against an expected ~190 is above them.
    assert rows["Southwark"][7] == "High: above the limits"
    assert "not adjusted for overdispersion: with fewer than 15 boroughs" in text
    assert "Average of the boroughs shown" in text
    assert "any of its months is hidden" in text  # the suppression note says so
    # With no month hidden the total is shown: 10 + 11 + … + 21 introductions.
    text = signed_in.get(BOROUGHS + "?kpi=introductions").content.decode()
    rows = by_first_cell(table_starting(text, "Introductions to the hub: boroughs compared"))
    assert rows["Lambeth (this borough)"][2] == "186"
    assert text.count("lw-svg-chart") == 1  # the funnel plot
    assert "Synthetic extracts" in text
    assert "Southwark, Wandsworth" in text


def test_a_share_shows_its_percentage_and_its_denominator_to_the_nearest_5_never_its_numerator(signed_in):
    text = signed_in.get("/insight/alliance/contact-within-standard/").content.decode()
    rows = table_starting(text, "First contact within the waiting standard, by month")
    assert rows[0][:3] == ["Month", "Denominator (to the nearest 5)", "Value"]
    months = by_first_cell(rows)
    assert months["January 2024"][1:3] == ["about 10", "100%"]  # 10 spoken with
    assert months["March 2024"][1] == "about 10"  # 12: to the nearest 5
    assert months["April 2024"][1] == "about 15"  # 13
    assert months["December 2024"][1] == "about 20"  # 21
    assert "to the nearest 5 (“about 120”)" in text  # the suppression note says so
    text = signed_in.get(BOROUGHS + "?kpi=contact-within-standard").content.decode()
    rows = table_starting(text, "First contact within the waiting standard: boroughs compared")
    assert rows[0][2:5] == ["Denominator (to the nearest 5)", "Value", "Plotted proportion"]
    assert by_first_cell(rows)["Lambeth (this borough)"][2:4] == ["about 185", "100%"]  # 186
    assert "186" not in text
    download = signed_in.get("/insight/boroughs/contact-within-standard.csv").content.decode()
    assert "about 185" in download
    assert "186" not in download


def test_a_borough_with_no_complete_month_is_listed_as_no_data_and_the_rest_compared(
    client, commissioner, settings, tmp_path
):
    alliance_data.build(tmp_path)
    x = alliance_data.borough([dt.date(2025, 1, 1)], (10,), (6,))
    alliance_data.write(tmp_path, "E09000007", "Camden", x, extracted_at=at(2025, 1, 20))
    settings.EXTRACT_DIR = tmp_path
    settings.BOROUGH_ONS_CODE = OWN
    client.force_login(commissioner)
    text = client.get(BOROUGHS + "?kpi=introductions").content.decode()
    assert "common to all 3 boroughs' extracts with data" in text
    rows = by_first_cell(table_starting(text, "Introductions to the hub: boroughs compared"))
    assert rows["Camden"][1:] == ["E09000007", "–", "–", "–", "–", "–", "No data: no complete month yet"]
    assert rows["Lambeth (this borough)"][2] == "186"
    assert text.count("lw-svg-chart") == 1  # the others are still funnelled


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


@pytest.mark.parametrize("url", [DASHBOARD, PACK, BOROUGHS])
def test_each_page_says_small_numbers_are_hidden_in_one_sentence_and_explains_on_request(signed_in, url):
    # Issue 13: a 150-word paragraph opened every page; one sentence, and the rules in a details.
    text = signed_in.get(url).content.decode()
    sentence = re.search(r"<p>(Small numbers read[^<]*)</p>", text)
    assert sentence
    assert len(sentence.group(1).split()) <= 25
    assert "How we protect small numbers" in text
    assert ('<details class="nhsuk-details" open>' in text) == (url == PACK)  # printed open
