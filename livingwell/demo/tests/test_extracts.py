"""Synthetic borough extracts: they conform, hold together, follow London's calendar and carry the gaps."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from livingwell import cli
from livingwell.access.codes import (
    DEFAULT_RESPONSE_HOURS,
    ContactMethodUsed,
    ContactOutcome,
    IntroductionStatus,
)
from livingwell.analytics.kpis import population, schema, store
from livingwell.codes import Source, Urgency
from livingwell.demo import extracts, extracts_arrays, extracts_params, extracts_write, london
from livingwell.demo import params as P
from livingwell.lib.ages import AGE_BANDS
from livingwell.lib.clocks import LONDON, london_month, month_index
from livingwell.network.models import ServiceIntroductionStatus, ServiceKind
from livingwell.outcomes.instruments import talking_therapies_outcome
from livingwell.outcomes.instruments.swemwbs_table import SWEMWBS_RAW_TO_METRIC
from livingwell.people.codes import EthnicCategory, Sex
from livingwell.support.models import SessionAttendance, SessionKind

SOUTHWARK, BEXLEY, CROYDON = "E09000028", "E09000004", "E09000008"
# 18 months to October 2024: two changes to summer time and one back inside the window.
END, MONTHS = "2024-10", 18


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("extracts")
    extracts_write.write_borough(
        path, london.profile(SOUTHWARK), months=MONTHS, end_month=END, seed=5, scale=0.25
    )
    extracts_write.write_borough(
        path, london.profile(BEXLEY), months=MONTHS, end_month=END, seed=5, scale=0.25
    )
    return path


@pytest.fixture(scope="module")
def con(root: Path) -> duckdb.DuckDBPyConnection:
    return store.open_store(root, materialise=True)


def rows(con: duckdb.DuckDBPyConnection, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Run a query; instants come back as aware datetimes (through Arrow: DuckDB's own needs pytz)."""
    table = con.sql(sql, params=list(params) or None).to_arrow_table()
    return list(zip(*(c.to_pylist() for c in table.columns), strict=True))


def column(con: duckdb.DuckDBPyConnection, sql: str, *params: Any) -> list[Any]:
    return [row[0] for row in rows(con, sql, *params)]


SPECIALIST = (
    "SELECT count(*) FROM service_introductions WHERE ons_code = ? AND service_kind = 'specialist_care'"
)


# --- The London table ------------------------------------------------------------------------------
def test_the_33_boroughs_have_their_ons_codes():
    codes = london.LONDON_BOROUGHS
    assert len(codes) == len(set(codes)) == 33
    assert all(re.fullmatch(r"E09\d{6}", code) for code in codes)
    assert set(codes) == {f"E09{n:06d}" for n in range(1, 34)}
    assert london.profile("E09000001").name == "City of London"
    assert london.profile("E09000033").name == "Westminster"
    assert len({p.name for p in london.BOROUGHS.values()}) == 33
    with pytest.raises(KeyError, match="E09000034"):
        london.profile("E09000034")
    # About 9 million residents, about 7 million adults (DOMAIN.md §5).
    assert 8_500_000 < sum(p.residents for p in london.BOROUGHS.values()) < 9_100_000
    assert 6_500_000 < sum(p.adults for p in london.BOROUGHS.values()) < 7_400_000


def test_lambeth_matches_the_operational_population_table():
    lambeth = london.profile(london.LAMBETH)
    census = population.population(london.LAMBETH)
    synthetic = population.adults_by_group(lambeth.residents_by_group, lambeth.adults)
    assert lambeth.adults == sum(census["adults"].values())
    assert all(abs(synthetic[g] - census["adults"][g]) <= 20 for g in population.GROUPS)


def test_the_comparison_set_differs_in_size_and_practice():
    chosen = [london.profile(code) for code in london.COMPARISON_BOROUGHS]
    assert len(chosen) >= 5
    assert len({p.ons_code for p in chosen}) == len(chosen)
    assert london.LAMBETH not in london.COMPARISON_BOROUGHS
    assert max(p.adults for p in chosen) > 2 * min(p.adults for p in chosen)
    hubs = [p.hub_opened for p in chosen]
    assert None in hubs
    opened = sorted(h for h in hubs if h is not None)
    assert opened[0] < month_index(dt.date(2016, 1, 1))  # an early hub
    assert opened[-1] >= month_index(dt.date(2024, 1, 1))  # a late one, inside a three-year window
    assert len({p.contact_speed for p in chosen}) > 2
    assert len({p.introductions_per_100k for p in chosen}) > 2


def test_every_borough_describes_its_practice():
    assert "No Living Well hub" in london.practice_words(london.profile(BEXLEY))
    words = london.practice_words(london.profile(CROYDON))
    assert "since October 2024" in words
    assert "1.8 times as long" in words
    assert "faster than Lambeth" in london.practice_words(london.profile("E09000021"))
    assert all("Synthetic" in london.practice_words(p) for p in london.BOROUGHS.values())


def test_the_copied_parameters_agree_with_params_and_the_models():
    assert {str(k): v for k, v in P.SOURCE_WEIGHTS.items()} == extracts_params.SOURCE_WEIGHTS
    assert set(extracts_params.BLUE_LIGHT) == {Source.EMERGENCY_DEPARTMENT, Source.POLICE}
    early = {str(k): v for k, v in P.EARLY_DESTINATION_WEIGHTS.items()}
    assert early == extracts_params.EARLY_DESTINATION_WEIGHTS
    assert extracts_params.DECISION_WEIGHTS == P.DECISION_WEIGHTS
    assert extracts_params.FIRST_CONTACT_HOURS == P.FIRST_CONTACT_HOURS
    assert extracts_params.SEX_WEIGHTS == P.SEX_WEIGHTS
    longer = {ServiceKind.FOCUSED_SUPPORT, ServiceKind.SPECIALIST_CARE, ServiceKind.CRISIS_OUTREACH}
    assert {k: v for k, v in extracts_params.SESSIONS.items() if k not in longer} == {
        str(k): v for k, v in P.SESSIONS.items() if k not in longer
    }
    assert extracts_params.DIRECT_PER_MONTH[extracts_params.SPECIALIST] == (
        P.PRE_HUB_SPECIALIST_PER_MONTH,
        P.POST_HUB_DIRECT_SPECIALIST_PER_MONTH,
    )
    assert extracts_params.DIRECT_PER_MONTH[extracts_params.CRISIS] == (
        P.PRE_HUB_CRISIS_PER_MONTH,
        P.POST_HUB_DIRECT_CRISIS_PER_MONTH,
    )
    assert set(extracts_params.KINDS) == set(ServiceKind.values)
    assert (
        tuple(DEFAULT_RESPONSE_HOURS[Urgency(u)] for u in extracts_params.URGENCIES)
        == extracts_params.STANDARD_HOURS
    )
    assert [label for _, label in AGE_BANDS][1:] == list(extracts_params.AGE_WEIGHTS)


# --- Keys and time ---------------------------------------------------------------------------------
@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32), st.integers(0, 5000))
def test_pseudonyms_are_distinct_and_positive(salt, n):
    keys = extracts_arrays.pseudonyms(salt, n)
    assert len(np.unique(keys)) == n
    assert n == 0 or keys.min() > 0


def test_london_months_start_at_local_midnight_across_summer_time():
    edges = extracts.london_month_edges(month_index(dt.date(2024, 3, 1)), 2)
    as_utc = [dt.datetime.fromtimestamp(e / 1e6, dt.UTC) for e in edges]
    # 1 March and 1 April 2024 (BST began 31 March), 1 May: 00:00 GMT, then 23:00 the day before in UTC.
    assert as_utc == [
        dt.datetime(2024, 3, 1, 0, 0, tzinfo=dt.UTC),
        dt.datetime(2024, 3, 31, 23, 0, tzinfo=dt.UTC),
        dt.datetime(2024, 4, 30, 23, 0, tzinfo=dt.UTC),
    ]
    months = extracts.Months(month_index(dt.date(2024, 3, 1)), 2)
    april = int(edges[1])
    assert list(months.position(np.array([april - 1, april]))) == [0, 1]
    assert extracts.london_month_edges(month_index(dt.date(2024, 11, 1)), 0)[0] == int(
        dt.datetime(2024, 11, 1, tzinfo=dt.UTC).timestamp() * 1e6
    )  # back on GMT after 27 October


# --- The extract ------------------------------------------------------------------------------------
def test_every_table_conforms_and_reads_back(root, con):
    for code in (SOUTHWARK, BEXLEY):
        manifest = store.read_manifest(root / code)
        assert manifest["synthetic"] is True
        assert manifest["ons_code"] == code
        assert manifest["population"]["as_of"] == "2021-03-21"
        assert "synthetic" in manifest["population"]["source"].lower()
        assert set(manifest["population"]["adults"]) == set(population.GROUPS)
        assert sum(manifest["population"]["adults"].values()) == london.profile(code).adults
        counts = manifest["batches"][0]["rows"]
        for table, fields in schema.TABLES.items():
            assert pq.read_schema(root / code / table / "batch-000001.parquet").names == fields.names
            assert column(con, f"SELECT count(*) FROM {table} WHERE ons_code = ?", code) == [counts[table]]  # noqa: S608
    southwark = store.read_manifest(root / SOUTHWARK)["batches"][0]["rows"]
    assert all(southwark[table] > 0 for table in schema.TABLES)
    assert store.read_manifest(root / SOUTHWARK)["hub_opened"] == "2023-05-01"  # the window's first month
    assert store.read_manifest(root / BEXLEY)["hub_opened"] is None


def test_keys_are_unique_and_every_reference_resolves(con):
    for table, key in schema.PRIMARY_KEYS.items():
        assert column(con, f"SELECT count(*) - count(DISTINCT (ons_code, {key})) FROM {table}") == [0]  # noqa: S608
    references = [
        ("introductions", "person_key", "people"),
        ("contacts", "introduction_key", "introductions"),
        ("service_introductions", "introduction_key", "introductions"),
        ("service_introductions", "person_key", "people"),
        ("episodes", "person_key", "people"),
        ("episodes", "service_introduction_key", "service_introductions"),
        ("sessions", "episode_key", "episodes"),
        ("scores", "episode_key", "episodes"),
        ("scores", "person_key", "people"),
    ]
    for table, key, target in references:
        dangling = f"""
            SELECT count(*) FROM {table} t WHERE t.{key} IS NOT NULL AND NOT EXISTS
            (SELECT 1 FROM {target} r WHERE r.ons_code = t.ons_code AND r.{key} = t.{key})
        """  # noqa: S608
        assert column(con, dangling) == [0], (table, key)
    # A person is the same person along the chain: introduction, service, episode, score.
    assert column(con, """
        SELECT count(*) FROM service_introductions s JOIN introductions i USING (ons_code, introduction_key)
        WHERE s.person_key <> i.person_key""") == [0]  # fmt: skip
    assert column(con, """
        SELECT count(*) FROM episodes e JOIN service_introductions s USING (ons_code, service_introduction_key)
        WHERE e.person_key <> s.person_key OR e.service_kind <> s.service_kind OR s.status <> 'accepted'
    """) == [0]  # fmt: skip
    assert column(con, """
        SELECT count(*) FROM scores s JOIN episodes e USING (ons_code, episode_key) WHERE s.person_key <> e.person_key
    """) == [0]  # fmt: skip
    # Null references occur, and so do real ones: direct introductions, walk-in episodes, hub scores.
    for table, key in (("service_introductions", "introduction_key"), ("episodes", "service_introduction_key"),
                       ("scores", "episode_key")):  # fmt: skip
        counted = f"SELECT count(*) - count({key}), count({key}) FROM {table}"  # noqa: S608
        nulls, refs = rows(con, counted)[0]
        assert nulls > 0, table
        assert refs > 0, table


def test_months_and_month_numbers_follow_the_london_calendar(con):
    timed = {"introductions": "received_at", "contacts": "contacted_at", "service_introductions": "made_at",
             "sessions": "held_at"}  # fmt: skip
    near_midnight = 0
    for table, at in timed.items():
        for instant, month, index in rows(con, f"SELECT {at}, month, month_index FROM {table}"):  # noqa: S608
            assert month == london_month(instant), (table, instant)
            assert index == month_index(month)
            local = instant.astimezone(LONDON)
            near_midnight += local.day == 1 and local.hour == 0 and instant.astimezone(dt.UTC).day != 1
    assert near_midnight > 0  # some fell in the first hour of a summer-time month (the day before in UTC)
    for instant, month in rows(con, "SELECT completed_at, month FROM scores"):
        assert month == london_month(instant)
    for instant, month in rows(con, "SELECT discharged_at, discharged_month FROM episodes"):
        assert (instant is None and month is None) or month == london_month(instant)
    assert rows(con, "SELECT min(month), max(month) FROM introductions") == [
        (dt.date(2023, 5, 1), dt.date(2024, 10, 1))
    ]


def test_things_happen_in_order_and_before_the_extract(root, con):
    extracted = dt.datetime.fromisoformat(store.read_manifest(root / SOUTHWARK)["batches"][0]["extracted_at"])
    assert extracted == dt.datetime(2024, 11, 1, tzinfo=dt.UTC)  # the end of October in London (GMT again)
    checks = {
        "contacts before receipt": """SELECT count(*) FROM contacts c JOIN introductions i
            USING (ons_code, introduction_key) WHERE c.contacted_at < i.received_at""",
        "decided before receipt": "SELECT count(*) FROM introductions WHERE decided_at < received_at",
        "onward before the decision": """SELECT count(*) FROM service_introductions s JOIN introductions i
            USING (ons_code, introduction_key) WHERE s.made_at <> i.decided_at""",
        "accepted before made": """SELECT count(*) FROM episodes e JOIN service_introductions s
            USING (ons_code, service_introduction_key) WHERE e.accepted_at < s.made_at""",
        "session outside its episode": """SELECT count(*) FROM sessions s JOIN episodes e USING (ons_code, episode_key)
            WHERE s.held_at < e.accepted_at OR s.held_at > coalesce(e.discharged_at, s.held_at)""",
        "open but decided": """SELECT count(*) FROM introductions
            WHERE (status IN ('awaiting_contact', 'in_conversation')) <> (decided_at IS NULL)""",
        "awaiting but spoken with": """SELECT count(*) FROM introductions i JOIN contacts c
            USING (ons_code, introduction_key) WHERE i.status = 'awaiting_contact' AND c.outcome = 'spoke'""",
        "decided but never spoken with nor closed": """SELECT count(*) FROM introductions i
            WHERE status IN ('introduced_on', 'signposted') AND NOT EXISTS (SELECT 1 FROM contacts c
            WHERE c.ons_code = i.ons_code AND c.introduction_key = i.introduction_key AND c.outcome = 'spoke')""",
    }  # fmt: skip
    for name, sql in checks.items():
        assert column(con, sql) == [0], name
    for table, at in (("introductions", "received_at"), ("contacts", "contacted_at"), ("sessions", "held_at"),
                      ("episodes", "discharged_at"), ("scores", "completed_at"), ("introductions", "decided_at")):  # fmt: skip
        latest = column(con, f"SELECT max({at}) FROM {table}")[0]  # noqa: S608
        assert latest < extracted, table
    # Some are still open when the extract is taken, as in a live system.
    statuses = Counter(column(con, "SELECT status FROM introductions"))
    assert statuses["awaiting_contact"] + statuses["in_conversation"] > 0
    assert column(con, "SELECT count(*) FROM episodes WHERE discharged_at IS NULL")[0] > 0


def test_codes_are_the_platform_codes(con):
    def values(sql: str) -> set[Any]:
        return set(column(con, sql))

    assert values("SELECT DISTINCT ethnicity FROM people") <= set(EthnicCategory.values)
    assert {"Z", "99", "A", "N"} <= values("SELECT DISTINCT ethnicity FROM people")
    assert values("SELECT DISTINCT sex FROM people") <= set(Sex.values)
    assert values("SELECT DISTINCT previously_known FROM people") == {True, False, None}
    assert values("SELECT DISTINCT source FROM introductions") <= set(Source.values)
    assert values("SELECT DISTINCT status FROM introductions") == set(IntroductionStatus.values)
    assert values("SELECT DISTINCT age_band FROM introductions") <= {label for _, label in AGE_BANDS}
    hours = set(rows(con, "SELECT DISTINCT urgency, standard_hours FROM introductions"))
    assert hours == {(str(u), h) for u, h in DEFAULT_RESPONSE_HOURS.items()}
    assert values("SELECT DISTINCT method FROM contacts") <= set(ContactMethodUsed.values)
    assert values("SELECT DISTINCT outcome FROM contacts") == set(ContactOutcome.values)
    assert values("SELECT DISTINCT service_kind FROM service_introductions") == set(ServiceKind.values)
    assert values("SELECT DISTINCT status FROM service_introductions") <= set(
        ServiceIntroductionStatus.values
    )
    assert values("SELECT DISTINCT kind FROM sessions") == set(SessionKind.values)
    assert values("SELECT DISTINCT attendance FROM sessions") == set(SessionAttendance.values)
    totals = dict(rows(con, "SELECT instrument, list(DISTINCT total) FROM scores GROUP BY 1"))
    assert set(totals) == {"PHQ-9", "GAD-7", "SWEMWBS"}
    assert set(totals["PHQ-9"]) <= set(map(float, range(28)))
    assert set(totals["GAD-7"]) <= set(map(float, range(22)))
    assert set(totals["SWEMWBS"]) <= set(SWEMWBS_RAW_TO_METRIC.values())


def test_before_and_after_a_hub(con):
    def monthly(sql: str, code: str) -> float:
        return float(column(con, sql, code)[0]) / MONTHS

    # Bexley has no hub: no hub introductions, and about 100 a month per Lambeth-sized borough
    # straight to specialist care (DOMAIN.md §1), here at a quarter scale.
    bexley = london.profile(BEXLEY)
    assert column(con, "SELECT count(*) FROM introductions WHERE ons_code = ?", BEXLEY) == [0]
    direct = monthly(SPECIALIST, BEXLEY)
    assert 0.8 < direct / (100 * bexley.size * 0.25) < 1.2
    # Southwark's hub is long open: few go on to specialist care, most of them through the hub.
    southwark = monthly(SPECIALIST, SOUTHWARK)
    assert southwark < 0.4 * direct * london.profile(SOUTHWARK).size / bexley.size
    rate = monthly("SELECT count(*) FROM introductions WHERE ons_code = ?", SOUTHWARK)
    expected = (
        london.profile(SOUTHWARK).adults / 1e5 * london.profile(SOUTHWARK).introductions_per_100k * 0.25
    )
    assert 0.9 < rate / expected < 1.1


def test_a_hub_opening_inside_the_window(tmp_path):
    croydon = london.profile(CROYDON)
    extracts_write.write_borough(tmp_path, croydon, months=24, end_month="2025-09", seed=3, scale=0.05)
    assert store.read_manifest(tmp_path / CROYDON)["hub_opened"] == "2024-10-01"
    con = store.open_store(tmp_path)
    assert column(con, "SELECT min(month) FROM introductions") == [dt.date(2024, 10, 1)]
    counts = dict(con.execute("""SELECT month >= DATE '2024-10-01', count(*) FROM service_introductions
        WHERE service_kind = 'specialist_care' GROUP BY 1""").fetchall())  # fmt: skip
    # 12 months before at ~100 a month per Lambeth size against 12 after at far fewer.
    assert counts[True] < 0.5 * counts[False]


def test_black_residents_reach_help_through_crisis_more_often(con):
    shares = {}
    for group, codes in (("White", ("A", "B", "C")), ("Black", ("M", "N", "P"))):
        crisis, total = rows(con, """
            SELECT count(*) FILTER (urgency = 'crisis'), count(*) FROM introductions i
            JOIN people p USING (ons_code, person_key) WHERE list_contains(?, p.ethnicity)""", list(codes))[0]  # fmt: skip
        assert total > 300
        shares[group] = crisis / total
    assert shares["Black"] > 1.8 * shares["White"]
    # Direct crises too: Black people among them well beyond their share of the borough.
    for code in (SOUTHWARK, BEXLEY):
        black = column(con, """SELECT p.ethnicity IN ('M', 'N', 'P') FROM service_introductions s
            JOIN people p USING (ons_code, person_key) WHERE s.ons_code = ?
            AND s.introduction_key IS NULL AND s.service_kind = 'crisis_outreach'""", code)  # fmt: skip
        mix = london.profile(code).mix
        assert sum(black) / len(black) > 1.3 * mix["Black"] / sum(mix.values())


def test_ethnicity_follows_the_borough_mix(con):
    groups = Counter(
        population.CENSUS_GROUP.get(code, "none")
        for code in column(con, "SELECT ethnicity FROM people WHERE ons_code = ?", BEXLEY)
    )
    # Bexley is about 72% White and 12% Black; crises tilt the people met towards Black.
    recorded = groups.total() - groups["none"]
    assert 0.6 < groups["White"] / recorded < 0.75
    assert 0.1 < groups["Black"] / recorded < 0.25
    assert 0.02 < groups["none"] / groups.total() < 0.07


def recovery(path: Path) -> tuple[float, float, int]:
    """Recovery and reliable improvement by the outcomes core's rules, over finished episodes."""
    con = store.open_store(path)
    scores: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for episode, instrument, total in con.execute("""
        SELECT s.episode_key, s.instrument, s.total FROM scores s JOIN episodes e USING (ons_code, episode_key)
        WHERE e.service_kind = 'talking_therapies' AND e.discharged_at IS NOT NULL
          AND (SELECT count(*) FROM sessions x WHERE x.episode_key = e.episode_key AND x.kind = 'treatment'
               AND x.attendance = 'attended') >= 2
        ORDER BY s.completed_at, s.score_key""").fetchall():  # fmt: skip
        scores[episode][instrument].append(total)
    outcomes = [
        talking_therapies_outcome(s["PHQ-9"][0], s["GAD-7"][0], s["PHQ-9"][-1], s["GAD-7"][-1])
        for s in scores.values()
    ]
    cases = [o for o in outcomes if o.case_at_start]
    improved = sum(o.reliable_improvement for o in outcomes) / len(outcomes)
    return sum(o.recovered for o in cases) / len(cases), improved, len(cases)


def test_talking_therapies_recovery_lands_near_each_boroughs_rate(tmp_path):
    results = {}
    for code in ("E09000021", "E09000025"):  # Kingston 56%, Newham 45%
        extracts_write.write_borough(tmp_path / code, london.profile(code), months=36, end_month="2025-12", seed=9,
                               scale=0.6 if code == "E09000021" else 0.25)  # fmt: skip
        results[code] = recovery(tmp_path / code)
    for code, (recovered, improved, cases) in results.items():
        assert cases > 700
        assert abs(recovered - london.profile(code).tt_recovery) < 0.05
        assert 0.55 < improved < 0.8  # the national standard is 67%
    assert results["E09000021"][0] > results["E09000025"][0] + 0.05


# --- Determinism, replacing, the command ------------------------------------------------------------
def tables(path: Path) -> dict[str, Any]:
    return {t: pq.read_table(path / t / "batch-000001.parquet") for t in schema.TABLES}


def test_the_same_seed_gives_the_same_extract(tmp_path):
    kingston = london.profile("E09000021")
    for name, seed in (("a", 4), ("b", 4), ("c", 5)):
        extracts_write.write_borough(
            tmp_path / name, kingston, months=12, end_month="2025-06", seed=seed, scale=0.1
        )
    a, b, c = (tables(tmp_path / name / kingston.ons_code) for name in "abc")
    assert all(a[t].equals(b[t]) for t in schema.TABLES)
    assert not a["introductions"].equals(c["introductions"])
    assert not set(a["people"].column("person_key").to_pylist()) & set(
        c["people"].column("person_key").to_pylist()
    )


def test_a_run_replaces_a_synthetic_extract_but_never_a_real_one(tmp_path):
    kingston = london.profile("E09000021")
    for _ in range(2):
        extracts_write.write_borough(tmp_path, kingston, months=3, end_month="2025-06", seed=1, scale=0.05)
    assert len(store.read_manifest(tmp_path / kingston.ons_code)["batches"]) == 1
    real = tmp_path / london.LAMBETH
    store.write_batch(real, {}, manifest={"ons_code": london.LAMBETH, "synthetic": False},
                      extracted_at=dt.datetime(2025, 7, 1, tzinfo=dt.UTC))  # fmt: skip
    with pytest.raises(store.ExtractError, match="not a synthetic extract"):
        extracts_write.write_borough(
            tmp_path, london.profile(london.LAMBETH), months=3, end_month="2025-06", seed=1
        )
    assert store.read_manifest(real)["synthetic"] is False
    with pytest.raises(ValueError, match="months"):
        extracts_write.write_borough(tmp_path, kingston, months=0, end_month="2025-06", seed=1)


def test_the_command_writes_a_set_and_checks_its_arguments(tmp_path, capsys):
    out = tmp_path / "out"
    argv = ["synthetic-extracts", "--out", str(out), "--months", "2", "--end", "2025-01", "--scale", "0.02"]
    assert cli.main(argv) == 0
    assert [d.name for d in store.borough_dirs(out)] == sorted(london.COMPARISON_BOROUGHS)
    printed = capsys.readouterr().out
    assert "5 boroughs, 2 months to 2025-01" in printed
    assert "Bexley" in printed
    assert cli.main([*argv[:-4], "--end", "2025-13"]) == 2
    assert cli.main([*argv, "--months", "0"]) == 2
    assert "--months must be at least 1" in capsys.readouterr().err
