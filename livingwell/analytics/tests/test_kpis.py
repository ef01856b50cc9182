"""The KPI catalogue's definitions against hand-counted extracts, both sides of every boundary."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from livingwell.analytics.kpis import catalogue, engine, store
from livingwell.analytics.kpis.engine import KPIRow
from livingwell.analytics.tests.extract_data import ONS_CODE, Extract, at
from livingwell.lib.clocks import london_month, month_index
from livingwell.network.models import EARLY_HELP_KINDS
from livingwell.outcomes.instruments import talking_therapies_outcome
from livingwell.statistics.direction import Improvement

MARCH, APRIL = dt.date(2025, 3, 1), dt.date(2025, 4, 1)


def run(extract: Extract, tmp_path: Path, *kpis: catalogue.KPI) -> dict[str, list[KPIRow]]:
    extract.write(tmp_path)
    return engine.run(store.open_store(tmp_path), kpis)


def by_month(rows: list[KPIRow]) -> dict[dt.date, tuple[float | None, int | None]]:
    return {r.month: (r.numerator, r.denominator) for r in rows}


def test_every_kpi_is_defined_once_with_its_parts():
    # BY_ID also finds the hub's and the outcomes summary's KPIs, which add themselves to it.
    assert len({k.id for k in catalogue.KPIS}) == len(catalogue.KPIS)
    for kpi in catalogue.KPIS:
        assert catalogue.BY_ID[kpi.id] is kpi
        assert kpi.title
        assert kpi.definition
        assert kpi.numerator
        assert kpi.denominator
        assert kpi.unit
        assert (kpi.target is None) == (kpi.target_source == "")
        assert kpi.improvement in ("increase", "decrease", "neutral")


def test_introductions_are_counted_by_london_month(tmp_path):
    x = Extract()
    p = x.person()
    x.introduction(p, at(2025, 3, 31, 22, 30))  # 23:30 BST: March
    x.introduction(p, at(2025, 3, 31, 23, 30))  # 00:30 BST on 1 April: April
    x.introduction(p, at(2025, 4, 2))
    rows = run(x, tmp_path, catalogue.INTRODUCTIONS)["introductions"]
    assert by_month(rows) == {MARCH: (1, None), APRIL: (2, None)}
    assert {r.ons_code for r in rows} == {ONS_CODE}


def test_people_supported_before_crisis(tmp_path):
    x = Extract()
    # Counted once however often the hub spoke with them.
    a = x.person(previously_known=False)
    ia = x.introduction(a, at(2025, 3, 20))
    x.contact(ia, at(2025, 4, 2))
    x.contact(ia, at(2025, 4, 9))
    # A crisis in April 2024 is within the look-back (the same month a year earlier): not counted.
    b = x.person(previously_known=False)
    x.introduction(b, at(2024, 4, 1, 0, 0), urgency="crisis")  # 01:00 BST on 1 April 2024
    x.contact(x.introduction(b, at(2025, 4, 1, 9)), at(2025, 4, 3))
    # A crisis in March 2024 is 13 months back: counted.
    c = x.person(previously_known=True)
    x.service_introduction(c, "crisis_outreach", at(2024, 3, 31, 22))  # 23:00 BST on 31 March 2024: March
    x.contact(x.introduction(c, at(2025, 4, 1, 9)), at(2025, 4, 3))
    # A crisis after the contact does not undo it.
    d = x.person(previously_known=None)
    x.contact(x.introduction(d, at(2025, 4, 1, 9)), at(2025, 4, 3))
    x.introduction(d, at(2025, 4, 20), urgency="crisis")
    # Early help: an attended session counts, a missed one does not.
    e = x.person(previously_known=False)
    ep = x.episode(
        e, "peer_support", at(2025, 3, 1), referral=x.service_introduction(e, "peer_support", at(2025, 2, 20))
    )
    x.session(ep, at(2025, 4, 10))
    f = x.person(previously_known=False)
    x.session(x.episode(f, "timebank", at(2025, 3, 1)), at(2025, 4, 10), attendance="dna")
    # An early-help episode that began with a crisis introduction is not "before crisis".
    g = x.person(previously_known=False)
    ig = x.introduction(g, at(2024, 1, 5), urgency="crisis")
    si = x.service_introduction(g, "short_term_support", at(2024, 1, 6), introduction=ig)
    x.session(x.episode(g, "short_term_support", at(2024, 1, 7), referral=si), at(2025, 4, 11))
    # Not early help: a Talking Therapies session.
    h = x.person(previously_known=False)
    x.session(x.episode(h, "talking_therapies", at(2025, 3, 1)), at(2025, 4, 12))
    # Speaking with someone introduced in crisis is not "before crisis".
    i = x.person(previously_known=False)
    x.contact(x.introduction(i, at(2025, 4, 1), urgency="crisis"), at(2025, 4, 1, 1))

    rows = run(x, tmp_path, catalogue.BEFORE_CRISIS, catalogue.PREVIOUSLY_UNKNOWN)
    assert by_month(rows["before-crisis"]) == {APRIL: (4, None)}  # a, c, d, e
    # Previously unknown: a and e of the three checked (a, c, e); d is not yet checked.
    assert by_month(rows["previously-unknown"]) == {APRIL: (2, 3)}


def test_time_to_first_contact_counts_the_person_still_waiting_as_waiting_longer(tmp_path):
    x = Extract()
    p = x.person()
    for hours in (1, 2, 3, 4):
        intro = x.introduction(p, at(2025, 4, 1))
        x.contact(intro, at(2025, 4, 1) + dt.timedelta(minutes=30), outcome="no_answer")
        x.contact(intro, at(2025, 4, 1) + dt.timedelta(hours=hours))
    x.contact(x.introduction(p, at(2025, 4, 1), urgency="crisis"), at(2025, 4, 1, 0, 5))
    x.introduction(p, at(2025, 4, 1))  # still waiting at the month's end: censored after all four
    rows = run(x, tmp_path, catalogue.TIME_TO_FIRST_CONTACT)["time-to-first-contact"]
    # S = 4/5, 3/5, 2/5 after 1, 2 and 3 hours: 3 hours, where leaving them out would say 2.
    assert by_month(rows) == {APRIL: (3.0, 5)}


def _km_median(waits: list[tuple[float, bool]]) -> float | None:
    """The Kaplan–Meier median, in exact fractions: the first event time with S(t) ≤ ½."""
    from fractions import Fraction

    survival = Fraction(1)
    for t in sorted({t for t, contacted in waits if contacted}):
        at_risk = sum(1 for u, _ in waits if u >= t)
        events = sum(1 for u, contacted in waits if u == t and contacted)
        survival *= Fraction(at_risk - events, at_risk)
        if survival <= Fraction(1, 2):
            return t
    return None


def test_the_median_follows_each_wait_to_the_end_of_its_month_and_no_further(tmp_path):
    x = Extract()
    p = x.person()
    # Received at 00:00 BST on 30 April (23:00 UTC the day before); April ends at 23:00 UTC on the 30th.
    received = at(2025, 4, 29, 23)
    for hours in (2, 5, 9):
        x.contact(x.introduction(p, received), received + dt.timedelta(hours=hours))
    # Spoken with exactly at the month's end: contacted by then. An hour into May: censored at 24 h.
    x.contact(x.introduction(p, received), received + dt.timedelta(hours=24))
    x.contact(x.introduction(p, received), received + dt.timedelta(hours=25))
    x.introduction(p, received)  # never spoken with: censored at 24 h too
    rows = run(x, tmp_path, catalogue.TIME_TO_FIRST_CONTACT)["time-to-first-contact"]
    # Events 2, 5, 9, 24 (six at risk until 24, when three are): S = 5/6, 4/6, 3/6 — ½ at 9 hours.
    assert by_month(rows) == {APRIL: (9.0, 6)}
    assert _km_median([(2, True), (5, True), (9, True), (24, True), (24, False), (24, False)]) == 9


def test_a_month_that_never_reaches_half_has_no_median_and_the_extract_ends_the_current_one(tmp_path):
    x = Extract()
    p = x.person()
    received = at(2025, 4, 28, 9)
    x.contact(x.introduction(p, received), received + dt.timedelta(hours=1))
    for _ in range(2):  # still waiting at the month's end: S stays at 2/3
        x.introduction(p, received)
    # In the month of the extract (taken 09:00 on 10 May), waits are followed only to the extract.
    may = at(2025, 5, 10, 0)
    x.contact(x.introduction(p, may), may + dt.timedelta(hours=3))
    x.contact(x.introduction(p, may), may + dt.timedelta(hours=8, minutes=59))
    x.contact(x.introduction(p, may), may + dt.timedelta(hours=9, minutes=1))  # after the extract
    x.write(tmp_path, extracted_at=at(2025, 5, 10, 9))
    rows = engine.run(store.open_store(tmp_path), [catalogue.TIME_TO_FIRST_CONTACT])
    # May: events at 3 and 8.98 h, one censored at 9 h (S = 2/3, then 1/3): 8 h 59 min.
    assert by_month(rows["time-to-first-contact"]) == {
        APRIL: (None, 3),  # S stays at 2/3: no median
        dt.date(2025, 5, 1): (pytest.approx(8 + 59 / 60), 3),
    }


def test_a_person_still_waiting_past_their_standard_is_a_miss_in_the_month_it_passed(tmp_path):
    x = Extract()
    p = x.person()
    x.contact(x.introduction(p, at(2025, 4, 2), urgency="crisis"), at(2025, 4, 2, 3))  # met in April
    x.introduction(p, at(2025, 4, 2), urgency="crisis")  # never contacted: missed at 04:00 on 2 April
    x.contact(x.introduction(p, at(2025, 4, 2), urgency="crisis"), at(2025, 4, 3))  # late: missed
    # 22:00 UTC on 30 April is 23:00 BST: an April crisis whose 4 hours pass on 1 May, still waiting.
    x.introduction(p, at(2025, 4, 30, 22), urgency="crisis")
    # A routine introduction of 20 April, spoken with on 2 May within 4 weeks: met in May.
    x.contact(x.introduction(p, at(2025, 4, 20)), at(2025, 5, 2))
    # Still within 4 weeks at the extract (1 June): not yet due, in neither month.
    x.introduction(p, at(2025, 5, 20))
    x.write(tmp_path, extracted_at=at(2025, 6, 1))
    rows = engine.run(store.open_store(tmp_path), [catalogue.WITHIN_STANDARD])
    assert by_month(rows["contact-within-standard"]) == {APRIL: (1, 3), dt.date(2025, 5, 1): (1, 2)}


@pytest.mark.parametrize(
    ("extracted_after", "counted"),
    [(dt.timedelta(hours=4), {}), (dt.timedelta(hours=4, microseconds=1), {APRIL: (0, 1)})],
)
def test_a_wait_is_missed_only_once_it_is_past_the_standard_at_the_extract(
    tmp_path, extracted_after, counted
):
    x = Extract()
    received = at(2025, 4, 2, 9)
    x.introduction(x.person(), received, urgency="crisis")
    x.write(tmp_path, extracted_at=received + extracted_after)
    rows = engine.run(store.open_store(tmp_path), [catalogue.WITHIN_STANDARD])
    assert by_month(rows["contact-within-standard"]) == counted


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.one_of(st.integers(0, 60 * 24 * 40), st.sampled_from([60, 120]), st.none()),
        min_size=1,
        max_size=12,
    )
)
def test_the_median_wait_is_the_kaplan_meier_median_in_exact_fractions(tmp_path_factory, minutes):
    """Against S(t) in exact fractions: ties (60 and 120 minutes) put S exactly at ½ on the way."""
    x = Extract()
    p = x.person()
    received = at(2025, 4, 1, 9)
    month_end = (at(2025, 4, 30, 23) - received) / dt.timedelta(hours=1)  # midnight BST on 1 May
    followed = []
    for wait in minutes:
        intro = x.introduction(p, received)
        if wait is None:  # never spoken with
            followed.append((month_end, False))
            continue
        x.contact(intro, received + dt.timedelta(minutes=wait, microseconds=7))
        hours = (wait + 7e-6 / 60) / 60
        followed.append((hours, True) if hours <= month_end else (month_end, False))
    rows = run(x, tmp_path_factory.mktemp("waits"), catalogue.TIME_TO_FIRST_CONTACT)["time-to-first-contact"]
    expected = _km_median(followed)
    assert len(rows) == 1
    assert rows[0].denominator == len(minutes)
    if expected is None:  # the curve never reached ½: no median, and the page says not yet known
        assert rows[0].numerator is None
    else:
        assert rows[0].numerator is not None
        assert math.isclose(rows[0].numerator, expected, rel_tol=1e-12)


def test_with_nobody_censored_the_median_is_the_nearest_rank(tmp_path):
    x = Extract()
    p = x.person()
    received = at(2025, 4, 1, 9)
    for hours in range(1, 71):  # 35/70 = ½ exactly after the 35th: the nearest rank, ⌈70/2⌉
        x.contact(x.introduction(p, received), received + dt.timedelta(hours=hours))
    rows = run(x, tmp_path, catalogue.TIME_TO_FIRST_CONTACT)["time-to-first-contact"]
    assert by_month(rows) == {APRIL: (35.0, 70)}


# Instants over 2024 and 2025, on the hour; some at London month boundaries a year apart, and some
# within one month (a crisis between two contacts of a month rules out only the later one).
_INSTANTS = st.one_of(
    st.integers(0, 24 * 730).map(lambda h: at(2024, 1, 1) + dt.timedelta(hours=h)),
    st.sampled_from([
        at(2024, 3, 31, 23), at(2024, 4, 30, 22, 59), at(2025, 3, 31, 23), at(2025, 4, 1),
        at(2025, 4, 10), at(2025, 4, 15), at(2025, 4, 20),
    ]),
)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([False, True, None]),  # previously known
            st.lists(st.tuples(st.sampled_from(["contact", "session"]), _INSTANTS), max_size=4),
            st.lists(st.tuples(st.sampled_from(["hub", "direct"]), _INSTANTS, st.booleans()), max_size=3),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_before_crisis_is_the_rule_read_literally_for_each_contact(tmp_path_factory, people):
    """DOMAIN.md §3 read event by event, against the catalogue's person-month shortcut."""
    x = Extract()
    counted: dict[dt.date, set[int]] = {}
    known: dict[int, bool | None] = {}
    for previously_known, events, crises in people:
        p = x.person(previously_known=previously_known)
        known[p] = previously_known
        help_episode = x.episode(p, "staying_well", at(2023, 12, 1))
        instants = [when for _, when in events]
        crisis_times = []
        for route, when, at_an_event in crises:
            # A crisis at the very instant of a contact is within "up to and including" it.
            when = instants[0] if at_an_event and instants else when
            crisis_times.append(when)
            if route == "hub":
                x.introduction(p, when, urgency="crisis")
            else:
                x.service_introduction(p, "crisis_outreach", when)
        for kind, when in events:
            if kind == "contact":
                x.contact(x.introduction(p, when - dt.timedelta(days=3)), when)
            else:
                x.session(help_episode, when)
            event_month = month_index(london_month(when))
            before = not any(
                event_month - 12 <= month_index(london_month(c)) and c <= when for c in crisis_times
            )
            if before:
                counted.setdefault(london_month(when), set()).add(p)

    rows = run(x, tmp_path_factory.mktemp("bc"), catalogue.BEFORE_CRISIS, catalogue.PREVIOUSLY_UNKNOWN)

    assert by_month(rows["before-crisis"]) == {m: (len(ps), None) for m, ps in counted.items()}
    expected = {
        m: (sum(known[p] is False for p in ps), sum(known[p] is not None for p in ps))
        for m, ps in counted.items()
    }
    assert by_month(rows["previously-unknown"]) == expected


def test_onward_specialist_and_crisis_introductions(tmp_path):
    x = Extract()
    p = x.person()
    hub = x.introduction(p, at(2025, 4, 1))
    x.service_introduction(p, "specialist_care", at(2025, 4, 2), introduction=hub)
    x.service_introduction(p, "specialist_care", at(2025, 4, 3))  # direct from a GP
    x.service_introduction(p, "focused_support", at(2025, 4, 3))
    crisis = x.introduction(p, at(2025, 4, 4), urgency="crisis")
    x.service_introduction(p, "crisis_outreach", at(2025, 4, 4, 1), introduction=crisis)  # counted once
    x.service_introduction(p, "crisis_outreach", at(2025, 4, 5))  # direct from A&E
    rows = run(x, tmp_path, catalogue.ONWARD_SPECIALIST, catalogue.CRISIS_INTRODUCTIONS)
    assert by_month(rows["onward-specialist"]) == {APRIL: (2, None)}
    assert by_month(rows["crisis-introductions"]) == {APRIL: (2, None)}


def test_talking_therapies_reliable_improvement_and_recovery(tmp_path):
    x = Extract()
    x.talking_therapies((15, 8), (10, 9))  # PHQ-9 falls 7: improved; GAD-7 9 ≥ 8 at the end: not recovered
    x.talking_therapies((12, 6), (9, 5))  # falls of exactly 6 and 4: improved and recovered
    x.talking_therapies((5, 11), (7, 3))  # PHQ-9 rises 6, GAD-7 falls 4: not improved; no case at start
    x.talking_therapies((15, 10), (8, 5))  # falls of 5 and 3: not reliable; PHQ-9 10 is a case
    x.talking_therapies((20, 2), (20, 2), treatments=1)  # one treatment session: not counted
    rows = run(x, tmp_path, catalogue.RELIABLE_IMPROVEMENT, catalogue.RECOVERY)
    assert by_month(rows["reliable-improvement"]) == {APRIL: (2, 4)}
    assert by_month(rows["recovery"]) == {APRIL: (1, 3)}


def test_the_first_and_last_scores_are_by_time_then_by_key(tmp_path):
    x = Extract()
    p = x.person()
    ep = x.episode(p, "talking_therapies", at(2025, 1, 6), discharged=at(2025, 4, 20))
    for week in range(2):
        x.session(ep, at(2025, 2, 3) + dt.timedelta(weeks=week))
    # Two PHQ-9 scores at the first moment and two at the last: the lower key is first, the higher last.
    x.score(ep, p, "PHQ-9", 20, at(2025, 1, 6))
    x.score(ep, p, "PHQ-9", 5, at(2025, 1, 6))
    x.score(ep, p, "GAD-7", 10, at(2025, 1, 6))
    x.score(ep, p, "PHQ-9", 26, at(2025, 4, 14))
    x.score(ep, p, "PHQ-9", 13, at(2025, 4, 14))
    x.score(ep, p, "GAD-7", 10, at(2025, 4, 14))
    rows = run(x, tmp_path, catalogue.RELIABLE_IMPROVEMENT)["reliable-improvement"]
    # PHQ-9 20 → 13 is a reliable fall (7); with either tie read the other way (5 first, or 26 last)
    # PHQ-9 would rise instead, and the episode would not have improved.
    assert by_month(rows) == {APRIL: (1, 1)}


@settings(max_examples=60, deadline=None)
@given(
    st.tuples(st.integers(0, 27), st.integers(0, 27)),
    st.tuples(st.integers(0, 21), st.integers(0, 21)),
)
def test_the_sql_classifies_talking_therapies_as_the_outcomes_core_does(tmp_path_factory, phq, gad):
    root = tmp_path_factory.mktemp("tt")
    x = Extract()
    x.talking_therapies(phq, gad)
    rows = run(x, root, catalogue.RELIABLE_IMPROVEMENT, catalogue.RECOVERY)
    outcome = talking_therapies_outcome(phq[0], gad[0], phq[1], gad[1])
    assert rows["reliable-improvement"][0].numerator == int(outcome.reliable_improvement)
    if outcome.case_at_start:
        assert rows["recovery"][0].numerator == int(outcome.recovered)
    else:
        assert rows["recovery"] == []


def test_equity_counts_by_census_group(tmp_path):
    x = Extract()
    for code, n in (("N", 3), ("M", 1), ("A", 2), ("R", 1), ("S", 1), ("Z", 1), ("99", 1)):
        for _ in range(n):
            x.introduction(x.person(ethnicity=code), at(2025, 4, 3))
    x.service_introduction(x.person(ethnicity="N"), "crisis_outreach", at(2025, 4, 4))
    # The rates divide by adults: a 17-year-old is not counted, an 18-year-old is.
    x.introduction(x.person(ethnicity="A"), at(2025, 4, 5), age_band="Under 18")
    x.introduction(x.person(ethnicity="A"), at(2025, 4, 5), urgency="crisis", age_band="Under 18")
    x.introduction(x.person(ethnicity="H"), at(2025, 4, 5), urgency="crisis", age_band="18 to 24")
    rows = run(x, tmp_path, catalogue.INTRODUCTION_RATE_BY_ETHNICITY, catalogue.CRISIS_RATE_BY_ETHNICITY)
    groups = {r.grp: r.numerator for r in rows["introduction-rate-by-ethnicity"]}
    # Chinese (R) is Asian in Census 2021; S (any other) is "Mixed or other".
    assert groups == {"Black": 4, "White": 2, "Asian": 2, "Mixed or other": 1, "Not stated or not known": 2}
    assert {r.grp: r.numerator for r in rows["crisis-rate-by-ethnicity"]} == {"Black": 1, "Asian": 1}


def test_a_run_makes_the_shared_sets_its_kpis_read_once_and_leaves_none_behind(tmp_path):
    x = Extract()
    p = x.person()
    x.contact(x.introduction(p, at(2025, 4, 1)), at(2025, 4, 2))
    x.write(tmp_path)
    con = store.open_store(tmp_path)
    # A KPI built elsewhere on a fragment reads the shared set like the catalogue's own.
    elsewhere = catalogue.KPI(
        id="test-before-crisis-by-sex", title="t", definition="d", numerator="n", denominator="d",
        kind=catalogue.Kind.COUNT, unit="people", improvement=Improvement.INCREASE,
        sql=f"""
            SELECT e.ons_code, e.month, p.sex AS grp, COUNT(DISTINCT e.person_key) AS numerator,
                   NULL AS denominator
            FROM ({catalogue.BEFORE_CRISIS_EVENTS}) e JOIN people p USING (ons_code, person_key)
            GROUP BY 1, 2, 3
        """,  # noqa: S608 - the catalogue's own fragment
    )  # fmt: skip
    kpis = (catalogue.INTRODUCTIONS, catalogue.PREVIOUSLY_UNKNOWN, elsewhere, catalogue.WITHIN_STANDARD)

    assert engine.shared_sets([catalogue.INTRODUCTIONS]) == []
    assert engine.shared_sets(kpis) == [
        catalogue.CRISIS_SET, catalogue.BEFORE_CRISIS_SET, catalogue.FIRST_CONTACT_SET
    ]  # fmt: skip
    timings: dict[str, float] = {}
    rows = engine.run(con, kpis, timings=timings)

    assert by_month(rows["test-before-crisis-by-sex"]) == {APRIL: (1, None)}
    assert by_month(rows["contact-within-standard"]) == {APRIL: (1, 1)}
    assert set(timings) == {"kpi_crises", "kpi_before_crisis", "kpi_first_contacts", *(k.id for k in kpis)}
    assert con.sql("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall() == []


def test_a_kpi_that_fails_leaves_no_shared_set_behind(tmp_path):
    Extract().write(tmp_path)
    con = store.open_store(tmp_path)
    broken = catalogue.KPI(
        id="broken", title="t", definition="d", numerator="n", denominator="d", kind=catalogue.Kind.COUNT,
        unit="u", improvement=Improvement.NEUTRAL,
        sql=f"SELECT no_such_column FROM {catalogue.CRISIS_SET.name}",  # noqa: S608 - the catalogue's own name
    )  # fmt: skip

    with pytest.raises(Exception, match="no_such_column"):
        engine.run(con, [broken])

    assert con.sql("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall() == []
    assert engine.run(con, [catalogue.CRISIS_INTRODUCTIONS]) == {"crisis-introductions": []}


def test_early_help_is_the_network_apps_early_help():
    # The catalogue keeps its own copy to stay free of Django; it must not drift from the model's.
    assert set(catalogue.EARLY_HELP) == {str(kind) for kind in EARLY_HELP_KINDS}


def test_an_empty_extract_gives_no_rows(tmp_path):
    assert all(rows == [] for rows in run(Extract(), tmp_path, *catalogue.KPIS).values())


def test_no_extract_is_a_clear_error(tmp_path):
    with pytest.raises(store.ExtractError, match="No borough extracts"):
        store.open_store(tmp_path)
