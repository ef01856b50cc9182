"""Synthetic pseudonymised borough extracts: one borough's tables, drawn with NumPy as Arrow tables.

For borough comparison in the demo and for a London-sized benchmark: every table of the analytic
extract (`analytics/kpis/schema.py`) for any of London's boroughs (`london.py`), month by month, in
the shape the ORM demo borough has (`history.py`, parameters in `params.py`) but without a
database, so that 33 boroughs × 10 years (about 2 million introductions) take seconds, not hours.

Each borough is drawn whole (every month at once, as arrays); `extracts_write.py` writes it as
one batch and drops it before the next, so memory holds one borough. Deterministic for a seed:
each borough has its own stream, seeded by the seed and its ONS code, so a borough's data do not
depend on which others are drawn with it. Keys are 63-bit pseudonyms: a counter put through an
invertible mixing function, so they are unique within a table without any check.

The shape, in brief: before a borough's hub opens GPs refer straight to specialist care (about
100 a month for a borough of Lambeth's size) and to Talking Therapies, and crises reach Crisis
Outreach through A&E and the police; once it opens, the hub takes introductions (ramping up over
two years), calls people back (a few failed attempts first, waits by urgency and by how quick the
borough is), decides, and introduces people on; services accept, and episodes have sessions;
Talking Therapies record PHQ-9 and GAD-7 at every attended session, so that recovery by the
national rules lands near the borough's rate. Black people reach help through A&E, the police and
crisis more often (DOMAIN.md §5).

This module holds the drawing. Its parameters and codes are in `extracts_params.py`, its array
helpers (pseudonymous keys, weighted picks, Arrow columns) in `extracts_arrays.py`, and the writing
to Parquet and the `livingwell synthetic-extracts` command in `extracts_write.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pyarrow as pa

from livingwell.analytics.kpis.schema import PRIMARY_KEYS
from livingwell.demo.extracts_arrays import (
    DAY,
    HOUR,
    Array,
    pick,
    pseudonyms,
    refs,
    segments,
    strings,
    utc_instants,
)
from livingwell.demo.extracts_params import (
    ACCOMMODATION_RECORDED_SHARE,
    ACCOMMODATION_WEIGHTS,
    AGE_LABELS,
    AGE_LOWS,
    AGE_WEIGHTS,
    ATTENDANCES,
    AWAITING,
    BIG_OUTCOME_WEIGHTS,
    BLACK,
    BLUE_LIGHT,
    CANCELLED_SHARE,
    CIRCUMSTANCES_SHARE,
    CONTACT_METHODS,
    CONTACT_OUTCOMES,
    CRISIS,
    CRISIS_SHARE_BLUE_LIGHT,
    CRISIS_TO_SPECIALIST_SHARE,
    DAYS_TO_ACCEPT,
    DECISION_WEIGHTS,
    DECLINE_REASONS,
    DECLINE_SHARE,
    DID_NOT_ATTEND_SHARE,
    DIRECT_PER_MONTH,
    DISCHARGE_REASONS,
    EARLY_DESTINATION_WEIGHTS,
    EARLY_KINDS,
    EARLY_MONTHS_SLOWER,
    EMPLOYMENT_RECORDED_SHARE,
    EMPLOYMENT_WEIGHTS,
    ETHNIC_CODES,
    FAILED_ATTEMPTS,
    FFT_ANSWER_SHARE,
    FFT_ANSWER_WEIGHTS,
    FIRST_CONTACT_HOURS,
    FOCUSED,
    FOLLOW_UPS,
    GAD7_CASE,
    GOAL_ACHIEVED_DAYS,
    GOAL_ACHIEVED_SHARE,
    GOALS_PER_EPISODE,
    GOALS_SHARE,
    HUB_WELLBEING_SHARE,
    IN_CONVERSATION,
    INTRODUCED_ON,
    INTRODUCTION_STATUSES,
    KINDS,
    PARTNER_SHARE,
    PEER,
    PHQ9_CASE,
    PREVIOUSLY_KNOWN_SHARE,
    RAMP,
    RECOVERY_GAP_BY_CODE,
    RETURNING_SHARE,
    SERVICE_STATUSES,
    SESSION_KINDS,
    SESSION_SHAPE,
    SEX_WEIGHTS,
    SOURCE_WEIGHTS,
    SPECIALIST,
    SPECIALIST_SHARE_FIRST,
    STANDARD_HOURS,
    STAYING_WELL,
    SWEMWBS_METRIC,
    TALKING,
    TIMEBANK,
    UNREACHED_SHARE,
    URGENCIES,
    URGENT_SHARE,
    WALK_INS_PER_MONTH,
    WELLBEING_EPISODE_SHARE,
    YOUNG_RECOVERY_GAP,
    ethnicity_weights,
)
from livingwell.demo.london import BoroughProfile
from livingwell.lib.clocks import LONDON, month_from_index, month_index


# --- Time ----------------------------------------------------------------------------------------
def parse_month(value: str | dt.date) -> int:
    """Return the month_index of "YYYY-MM" (or of a date's month)."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(f"{value}-01" if len(value) == 7 else value)
    return month_index(value)


def london_month_edges(first_index: int, months: int) -> Array:
    """Return the UTC instants (µs since 1970) at which `months` London months start, and the next."""
    edges = [
        dt.datetime.combine(month_from_index(i), dt.time(), tzinfo=LONDON).timestamp()
        for i in range(first_index, first_index + months + 1)
    ]
    return np.array([round(e) for e in edges], np.int64) * 1_000_000


class Months:
    """The extract's months: turns UTC instants into London months and month numbers."""

    def __init__(self, first_index: int, months: int) -> None:
        self.first_index, self.count = first_index, months
        self.edges = london_month_edges(first_index, months)
        epoch = dt.date(1970, 1, 1).toordinal()
        self.days = np.array(
            [month_from_index(i).toordinal() - epoch for i in range(first_index, first_index + months)],
            np.int32,
        )
        self.end = int(self.edges[-1])

    def position(self, instants: Array) -> Array:
        return np.searchsorted(self.edges, instants, side="right") - 1

    def first_days(self, instants: Array, null: Array | None = None) -> pa.Array:
        """Return the first day of each instant's London month (null where `null` says)."""
        return pa.array(self.days[self.position(instants)], pa.date32(), mask=null)

    def columns(self, instants: Array) -> dict[str, pa.Array]:
        return {
            "month": self.first_days(instants),
            "month_index": pa.array((self.position(instants) + self.first_index).astype(np.int32)),
        }


class Borough:
    """One borough's draw: every table as arrays, then as Arrow tables."""

    def __init__(self, p: BoroughProfile, months: Months, seed: int, scale: float) -> None:
        self.p, self.months, self.scale, self.end = p, months, scale, months.end
        self.rng = np.random.default_rng([seed, int(p.ons_code[3:])])
        self.indices = np.arange(months.first_index, months.first_index + months.count)
        self.hub = p.hub_opened if p.hub_opened is not None else self.indices[-1] + 1
        self.salt = int(np.random.SeedSequence([seed, int(p.ons_code[3:]), 7]).generate_state(1)[0])
        # Schema 3's columns are drawn from a stream of their own, so the rest are drawn as before.
        self.rng3 = np.random.default_rng([seed, int(p.ons_code[3:]), 3])
        # Schema 4's goals likewise, from a stream of their own, and schema 5's feedback.
        self.rng4 = np.random.default_rng([seed, int(p.ons_code[3:]), 4])
        self.rng5 = np.random.default_rng([seed, int(p.ons_code[3:]), 5])
        # Centre the recovery gaps on the borough's rate, so that its average is tt_recovery.
        weights = ethnicity_weights(p)
        young = AGE_WEIGHTS["18 to 24"] / sum(AGE_WEIGHTS.values())
        gap = weights @ RECOVERY_GAP_BY_CODE / weights.sum() + young * YOUNG_RECOVERY_GAP
        self.recovery_base = p.tt_recovery - gap

    def keys(self, table: str, n: int) -> Array:
        return pseudonyms(self.salt + list(PRIMARY_KEYS).index(table), n)

    def within_months(self, counts: Array) -> Array:
        """Return sorted instants spread evenly at random within each month, `counts` per month."""
        pos = np.repeat(np.arange(len(counts)), counts)
        low, high = self.months.edges[pos], self.months.edges[pos + 1]
        return np.sort(low + (self.rng.random(len(pos)) * (high - low)).astype(np.int64))

    # --- who comes, and how ---------------------------------------------------------------------
    def hub_arrivals(self) -> Array:
        p = self.p
        since = self.indices - self.hub
        xs, ys = zip(*RAMP, strict=True)
        ramp = np.where(since >= 0, np.interp(since, xs, ys), 0.0)
        return self.within_months(
            self.rng.poisson(p.adults / 1e5 * p.introductions_per_100k * ramp * self.scale)
        )

    def direct_arrivals(self) -> tuple[Array, Array]:
        before = self.indices < self.hub
        kinds, times = [], []
        for kind, (pre, post) in DIRECT_PER_MONTH.items():
            at = self.within_months(self.rng.poisson(self.p.size * self.scale * np.where(before, pre, post)))
            kinds.append(np.full(len(at), kind))
            times.append(at)
        return np.concatenate(kinds), np.concatenate(times)

    def people(self, first_kind: Array, first_at: Array) -> dict[str, Array]:
        """Draw the people first met at these entries (kind -1 = the hub)."""
        rng, n = self.rng, len(first_at)
        eth = pick(rng, ethnicity_weights(self.p), n)
        crisis = first_kind == CRISIS
        eth[crisis] = pick(rng, ethnicity_weights(self.p, self.p.crisis_gap), int(crisis.sum()))
        band = pick(rng, AGE_WEIGHTS, n) + 1  # AGE_BANDS[0] is "Under 18": no one here
        highs = np.append(AGE_LOWS[1:], 91)
        age = AGE_LOWS[band] + rng.random(n) * (highs[band] - AGE_LOWS[band])
        known = (rng.random(n) < PREVIOUSLY_KNOWN_SHARE) | (first_kind == SPECIALIST)
        return {"eth": eth, "sex": pick(rng, SEX_WEIGHTS, n), "age": age, "first_at": first_at,
                "known": known, "checked": first_kind >= 0}  # fmt: skip

    def entries(self, direct_kind: Array, direct_at: Array, hub_at: Array) -> tuple[Array, dict[str, Array]]:
        """Give every entry a person: new, or (for some hub introductions) someone met before."""
        rng = self.rng
        at = np.concatenate([direct_at, hub_at])
        n = len(at)
        order = np.argsort(at, kind="stable")
        returning = np.zeros(n, bool)
        returning[len(direct_at) :] = rng.random(len(hub_at)) < RETURNING_SHARE
        parent = np.arange(n)
        again = np.flatnonzero(returning[order] & (parent > 0))
        parent[again] = (rng.random(len(again)) * again).astype(np.int64)  # someone met earlier
        while not np.array_equal(parent[parent], parent):
            parent = parent[parent]
        root = parent == np.arange(n)
        person_sorted = (np.cumsum(root) - 1)[parent]
        person = np.empty(n, np.int64)
        person[order] = person_sorted
        kind = np.concatenate([direct_kind, np.full(len(hub_at), -1)])
        return person, self.people(kind[order][root], at[order][root])

    # --- the hub ----------------------------------------------------------------------------------
    def introductions(self, at: Array, person: Array, people: dict[str, Array]) -> dict[str, Array]:
        rng, p, n = self.rng, self.p, len(at)
        black = BLACK[people["eth"][person]]
        weights = np.array(list(SOURCE_WEIGHTS.values()), float)
        blue = np.isin(list(SOURCE_WEIGHTS), BLUE_LIGHT)
        source = pick(rng, weights, n)
        source[black] = pick(rng, weights * np.where(blue, p.crisis_gap, 1.0), int(black.sum()))
        chance = np.where(blue[source], CRISIS_SHARE_BLUE_LIGHT, p.crisis_share)
        chance *= np.where(black, min(p.crisis_gap, 2.0), 1.0)
        urgency = np.where(rng.random(n) < chance, 0, np.where(rng.random(n) < URGENT_SHARE, 1, 2))
        age = people["age"][person] + (at - people["first_at"][person]) / (365.25 * DAY)
        band = np.searchsorted(AGE_LOWS, age, side="right") - 1
        return {"at": at, "person": person, "source": source, "urgency": urgency, "band": band}

    def conversations(self, intro: dict[str, Array]) -> dict[str, Array]:
        """Draw first contacts, failed attempts, follow-ups and decisions; return the contacts."""
        rng, p, end, at = self.rng, self.p, self.end, intro["at"]
        n, urgency = len(at), intro["urgency"]
        low, mode, high = (np.array([FIRST_CONTACT_HOURS[u][i] for u in URGENCIES]) for i in range(3))
        early = self.months.position(at) + self.months.first_index - self.hub < 3
        speed = p.contact_speed * np.where(early, EARLY_MONTHS_SLOWER, 1.0)
        wait = (rng.triangular(low[urgency], mode[urgency], high[urgency]) * speed * HOUR).astype(np.int64)
        unreached = (urgency > 0) & (rng.random(n) < UNREACHED_SHARE)
        spoke = at + wait
        # Attempts on someone never reached are spread over two weeks before the hub closes it.
        span = np.where(unreached, (14 * DAY * speed).astype(np.int64), wait)
        talk = (rng.uniform(0.5, 72, n) * speed * HOUR).astype(np.int64)
        decided = np.where(unreached, at + span + DAY, spoke + talk)
        status = pick(rng, DECISION_WEIGHTS, n) + INTRODUCED_ON
        status[urgency == 0] = INTRODUCED_ON  # the hub always introduces a crisis on
        status[unreached] = INTRODUCTION_STATUSES.index("closed")
        still_open = decided >= end
        status[still_open] = np.where(unreached | (spoke >= end), AWAITING, IN_CONVERSATION)[still_open]
        intro.update(status=status, decided=decided, spoke=spoke, unreached=unreached)

        failed = np.array(FAILED_ATTEMPTS[0])[pick(rng, FAILED_ATTEMPTS[1], n)]
        failed[unreached] = rng.integers(2, 5, int(unreached.sum()))
        owner, j = segments(failed)
        fraction = (j + rng.random(len(owner))) / (failed[owner] + 1)  # strictly before the call that works
        failed_at = at[owner] + (fraction * span[owner]).astype(np.int64)
        reached = np.flatnonzero(~unreached & (spoke < end))
        follow = np.array(FOLLOW_UPS[0])[pick(rng, FOLLOW_UPS[1], len(reached))]
        local, k = segments(follow)
        later = reached[local]
        fraction = (k + rng.random(len(local))) / (follow[local] + 1)
        follow_at = spoke[later] + (fraction * (decided - spoke)[later]).astype(np.int64)
        contacts = {
            "intro": np.concatenate([owner, reached, later]),
            "at": np.concatenate([failed_at, spoke[reached], follow_at]),
            "method": np.concatenate([
                np.where(rng.random(len(owner)) < 0.85, 0, 3),  # phone, or a text
                pick(rng, (80, 8, 12), len(reached)),  # phone, video, in person
                pick(rng, (60, 10, 10, 15, 5), len(local)),
            ]),
            "outcome": np.concatenate([
                pick(rng, (70, 25, 5), len(owner)) + 1,  # no answer, left a message, wrong details
                np.zeros(len(reached), np.int64),
                np.where(rng.random(len(local)) < 0.75, 0, 2),  # spoke, or left a message
            ]),
        }  # fmt: skip
        keep = contacts["at"] < end
        return {name: values[keep] for name, values in contacts.items()}

    def onward(self, intro: dict[str, Array]) -> tuple[Array, Array]:
        """Return the introductions the hub introduced on, and the kind of service for each."""
        rng, p = self.rng, self.p
        on = np.flatnonzero(intro["status"] == INTRODUCED_ON)
        since = self.months.position(intro["at"][on]) + self.months.first_index - self.hub
        # The share going on to specialist care falls over the hub's first year (params.py).
        share = SPECIALIST_SHARE_FIRST + np.clip(since / 12, 0, 1) * (
            p.specialist_share - SPECIALIST_SHARE_FIRST
        )
        kind = EARLY_KINDS[pick(rng, EARLY_DESTINATION_WEIGHTS, len(on))]
        kind[rng.random(len(on)) < share / (DECISION_WEIGHTS["introduced_on"] / 100)] = SPECIALIST
        crisis = intro["urgency"][on] == 0
        kind[crisis] = np.where(
            rng.random(int(crisis.sum())) < CRISIS_TO_SPECIALIST_SHARE, SPECIALIST, CRISIS
        )
        return on, kind

    def services(self, intro_index: Array, person: Array, kind: Array, made: Array) -> dict[str, Array]:
        """Services answer introductions: Crisis Outreach within hours, others in days or weeks."""
        rng, n = self.rng, len(made)
        hub_made = intro_index >= 0
        crisis = kind == CRISIS
        low = np.where(crisis, 0, np.where(hub_made, DAYS_TO_ACCEPT["hub"][0], DAYS_TO_ACCEPT["direct"][0]))
        high = np.where(crisis, 0, np.where(hub_made, DAYS_TO_ACCEPT["hub"][1], DAYS_TO_ACCEPT["direct"][1]))
        answered = made + rng.integers(low, high + 1) * DAY + (rng.uniform(1, 6, n) * HOUR).astype(np.int64)
        declined = (rng.random(n) < DECLINE_SHARE) & ~crisis
        status = np.where(answered >= self.end, 0, np.where(declined, 2, 1))
        return {"intro": intro_index, "person": person, "kind": kind, "made": made, "answered": answered,
                "status": status}  # fmt: skip

    # --- support ------------------------------------------------------------------------------
    def sessions(self, kind: Array, accepted: Array) -> tuple[dict[str, Array], Array]:
        """Draw every planned session of each episode; return them and each episode's discharge."""
        rng, n = self.rng, len(kind)
        least, most, gap = SESSION_SHAPE[kind].T
        planned = rng.integers(least, most + 1)
        episode, k = segments(planned)
        held = (
            accepted[episode] + k * gap[episode] * DAY + (rng.uniform(1, 8, len(k)) * HOUR).astype(np.int64)
        )
        last = held[np.cumsum(planned) - 1] if n else np.empty(0, np.int64)
        # Discharged a week after the last session, if every session has happened by then.
        discharged = np.where(last + 7 * DAY < self.end, last + 7 * DAY, -1)
        u = rng.random(len(k))
        attendance = np.where(
            u < DID_NOT_ATTEND_SHARE, 1, np.where(u < DID_NOT_ATTEND_SHARE + CANCELLED_SHARE, 2, 0)
        )
        attendance[k == 0] = 0  # everyone comes to their first session
        session_kind = np.ones(len(k), np.int64)
        own = kind[episode]
        session_kind[np.isin(own, (PEER, STAYING_WELL)) & (rng.random(len(k)) < 0.5)] = 3  # group
        session_kind[np.isin(own, (FOCUSED, SPECIALIST)) & (k % 6 == 5)] = 2  # review
        session_kind[k == 0] = 0  # assessment
        return {"episode": episode, "held": held, "kind": session_kind, "attendance": attendance}, discharged

    def scores(self, ep: dict[str, Array], s: dict[str, Array], people: dict[str, Array]) -> dict[str, Array]:
        """PHQ-9 and GAD-7 at every attended Talking Therapies session; SWEMWBS first and last elsewhere."""
        rng, n = self.rng, len(ep["kind"])
        attended = s["attendance"] == 0
        cum = np.cumsum(attended)
        starts = np.cumsum(ep["planned"]) - ep["planned"]
        before = cum[starts] - attended[starts] if n else np.empty(0, np.int64)
        place = cum - 1 - before[s["episode"]]  # among the episode's attended sessions
        count = np.bincount(s["episode"], weights=attended, minlength=n).astype(np.int64)

        who = ep["person"]
        age = people["age"][who] + (ep["accepted"] - people["first_at"][who]) / (365.25 * DAY)
        chance = self.recovery_base + RECOVERY_GAP_BY_CODE[people["eth"][who]]
        chance += np.where(age < 25, YOUNG_RECOVERY_GAP, 0.0)
        recovers = rng.random(n) < chance
        phq0 = np.clip(np.rint(rng.normal(15, 4.5, n)), 0, 27)
        gad0 = np.clip(np.rint(phq0 * 0.75 + rng.normal(0, 2.5, n)), 0, 21)
        better, same = rng.uniform(0.2, 0.55, (2, n)), rng.uniform(0.45, 1.1, (2, n))
        phq1 = np.where(
            recovers,
            np.minimum(np.rint(phq0 * better[0]), PHQ9_CASE - 1),
            np.clip(np.rint(phq0 * same[0]), 0, 27),
        )
        gad1 = np.where(
            recovers,
            np.minimum(np.rint(gad0 * better[1]), GAD7_CASE - 1),
            np.clip(np.rint(gad0 * same[1]), 0, 21),
        )
        # Someone who does not recover stays a case on the measure they were a case on.
        stays = ~recovers & (phq1 < PHQ9_CASE) & (gad1 < GAD7_CASE)
        phq1 = np.where(stays & (phq0 >= PHQ9_CASE), PHQ9_CASE, phq1)
        gad1 = np.where(stays & (phq0 < PHQ9_CASE) & (gad0 >= GAD7_CASE), GAD7_CASE, gad1)

        rows = np.flatnonzero(attended & (ep["kind"][s["episode"]] == TALKING) & (s["held"] < self.end))
        e = s["episode"][rows]
        fraction = place[rows] / np.maximum(count[e] - 1, 1)
        middle = (place[rows] > 0) & (place[rows] < count[e] - 1)
        noise = rng.normal(0, 1.2, (2, len(rows))) * middle
        phq = np.clip(np.rint(phq0[e] + (phq1[e] - phq0[e]) * fraction + noise[0]), 0, 27)
        gad = np.clip(np.rint(gad0[e] + (gad1[e] - gad0[e]) * fraction + noise[1]), 0, 21)

        wellbeing = np.isin(ep["kind"], (*EARLY_KINDS[EARLY_KINDS != TALKING], FOCUSED))
        wellbeing &= (rng.random(n) < WELLBEING_EPISODE_SHARE) & (count >= 2)
        sw0 = np.clip(np.rint(rng.normal(19, 3.5, n)), 7, 35).astype(np.int64)
        sw1 = np.clip(sw0 + rng.integers(-2, 8, n), 7, 35)
        ends = attended & wellbeing[s["episode"]] & ((place == 0) | (place == count[s["episode"]] - 1))
        w_rows = np.flatnonzero(ends & (s["held"] < self.end))
        w = s["episode"][w_rows]
        raw = np.where(place[w_rows] == 0, sw0[w], sw1[w])
        return {
            "episode": np.concatenate([e, e, w]),
            "instrument": np.concatenate([np.zeros(len(e), np.int64), np.ones(len(e), np.int64), np.full(len(w), 2)]),
            "at": np.concatenate([s["held"][rows], s["held"][rows], s["held"][w_rows]]),
            "total": np.concatenate([phq, gad, SWEMWBS_METRIC[raw]]),
        }  # fmt: skip

    # --- the whole borough ------------------------------------------------------------------------
    def draw(self) -> dict[str, pa.Table]:
        rng, end = self.rng, self.end
        hub_at = self.hub_arrivals()
        direct_kind, direct_at = self.direct_arrivals()
        person, people = self.entries(direct_kind, direct_at, hub_at)
        intro = self.introductions(hub_at, person[len(direct_at) :], people)
        contacts = self.conversations(intro)
        on, on_kind = self.onward(intro)
        si = self.services(
            np.concatenate([on, np.full(len(direct_at), -1)]),
            np.concatenate([intro["person"][on], person[: len(direct_at)]]),
            np.concatenate([on_kind, direct_kind]),
            np.concatenate([intro["decided"][on], direct_at]),
        )
        # Walk-ins: peer support and timebank episodes begun without an introduction, by new people.
        walk_at = self.within_months(
            rng.poisson(WALK_INS_PER_MONTH * self.p.size * self.scale, self.months.count)
        )
        walk_kind = np.where(rng.random(len(walk_at)) < 0.5, PEER, TIMEBANK)
        walkers = self.people(walk_kind, walk_at)
        walk_person = np.arange(len(walk_at)) + len(people["eth"])
        people = {name: np.concatenate([people[name], walkers[name]]) for name in people}
        # Checked for earlier specialist care: met by a service, or spoken with by the hub.
        people["checked"][intro["person"][intro["status"] != AWAITING]] = True

        accepted = np.flatnonzero(si["status"] == 1)
        ep = {
            "si": np.concatenate([accepted, np.full(len(walk_at), -1)]),
            "person": np.concatenate([si["person"][accepted], walk_person]),
            "kind": np.concatenate([si["kind"][accepted], walk_kind]),
            "accepted": np.concatenate([si["answered"][accepted], walk_at]),
        }
        s, discharged = self.sessions(ep["kind"], ep["accepted"])
        ep["planned"] = np.bincount(s["episode"], minlength=len(ep["kind"]))
        sc = self.scores(ep, s, people)
        # A few people score their wellbeing in their first conversation with the hub.
        spoken = ~intro["unreached"] & (intro["spoke"] < end)
        hub_sw = np.flatnonzero(spoken & (rng.random(len(hub_at)) < HUB_WELLBEING_SHARE))
        sw_raw = np.clip(np.rint(rng.normal(18, 3.5, len(hub_sw))), 7, 35).astype(np.int64)
        return self.arrow(people, intro, contacts, si, ep, discharged, s, sc, hub_sw, sw_raw)

    def arrow(self, people: dict[str, Array], intro: dict[str, Array], contacts: dict[str, Array],
              si: dict[str, Array], ep: dict[str, Array], discharged: Array, s: dict[str, Array],
              sc: dict[str, Array], hub_sw: Array, sw_raw: Array) -> dict[str, pa.Table]:  # fmt: skip
        """Turn the arrays into the extract's tables, keys as pseudonyms."""
        m, end = self.months, self.end
        person_key = self.keys("people", len(people["eth"]))
        intro_key = self.keys("introductions", len(intro["at"]))
        si_key = self.keys("service_introductions", len(si["made"]))
        ep_key = self.keys("episodes", len(ep["kind"]))
        held = s["held"] < end
        open_ = intro["status"] <= IN_CONVERSATION
        still = discharged < 0
        r3 = self.rng3
        network = self.network(si)
        tables = {
            "people": {"person_key": person_key, "ethnicity": strings(ETHNIC_CODES, people["eth"]),
                       "sex": strings(list(SEX_WEIGHTS), people["sex"]),
                       "previously_known": pa.array(people["known"], mask=~people["checked"])},
            "introductions": {
                "introduction_key": intro_key, "person_key": person_key[intro["person"]],
                "received_at": utc_instants(intro["at"]), **m.columns(intro["at"]),
                "source": strings(list(SOURCE_WEIGHTS), intro["source"]),
                "urgency": strings(URGENCIES, intro["urgency"]),
                "status": strings(INTRODUCTION_STATUSES, intro["status"]),
                "decided_at": utc_instants(intro["decided"], open_), "age_band": strings(AGE_LABELS, intro["band"]),
                "standard_hours": pa.array(np.array(STANDARD_HOURS, np.int32)[intro["urgency"]]),
            },
            "contacts": {
                "contact_key": self.keys("contacts", len(contacts["at"])),
                "introduction_key": intro_key[contacts["intro"]], "contacted_at": utc_instants(contacts["at"]),
                **m.columns(contacts["at"]), "method": strings(CONTACT_METHODS, contacts["method"]),
                "outcome": strings(CONTACT_OUTCOMES, contacts["outcome"]),
            },
            "service_introductions": {
                "service_introduction_key": si_key, "introduction_key": refs(intro_key, si["intro"]),
                "person_key": person_key[si["person"]], "service_kind": strings(KINDS, si["kind"]),
                "made_at": utc_instants(si["made"]), **m.columns(si["made"]),
                "status": strings(SERVICE_STATUSES, si["status"]), **network,
            },
            "episodes": {
                "episode_key": ep_key, "person_key": person_key[ep["person"]],
                "service_introduction_key": refs(si_key, ep["si"]),
                "service_kind": strings(KINDS, ep["kind"]), "accepted_at": utc_instants(ep["accepted"]),
                "discharged_at": utc_instants(discharged, still),
                "discharged_month": m.first_days(np.where(still, m.end - 1, discharged), null=still),
                # A synthetic borough has no services of its own and no ages at acceptance.
                "service_id": pa.nulls(len(ep_key), pa.int64()), "age_band": pa.nulls(len(ep_key), pa.string()),
                "discharge_reason": _labels(DISCHARGE_REASONS, pick(r3, DISCHARGE_REASONS, len(ep_key)), still),
            },
            "sessions": {
                "session_key": self.keys("sessions", int(held.sum())),
                "episode_key": ep_key[s["episode"][held]], "held_at": utc_instants(s["held"][held]),
                **m.columns(s["held"][held]), "kind": strings(SESSION_KINDS, s["kind"][held]),
                "attendance": strings(ATTENDANCES, s["attendance"][held]),
            },
            "scores": {
                "score_key": self.keys("scores", len(sc["at"]) + len(hub_sw)),
                "episode_key": refs(ep_key, np.concatenate([sc["episode"], np.full(len(hub_sw), -1)])),
                "person_key": person_key[np.concatenate([ep["person"][sc["episode"]], intro["person"][hub_sw]])],
                "instrument": strings(("PHQ-9", "GAD-7", "SWEMWBS"), np.concatenate([sc["instrument"], np.full(len(hub_sw), 2)])),
                "completed_at": utc_instants(np.concatenate([sc["at"], intro["spoke"][hub_sw]])),
                "month": m.first_days(np.concatenate([sc["at"], intro["spoke"][hub_sw]])),
                "total": np.concatenate([sc["total"], SWEMWBS_METRIC[sw_raw]]),
            },
            "circumstances": self.circumstances(person_key, ep),
            "goals": self.goals(person_key, ep),
            "feedback": self.feedback(discharged[~still]),
        }  # fmt: skip
        return {name: pa.table(columns) for name, columns in tables.items()}

    def network(self, si: dict[str, Array]) -> dict[str, pa.Array]:
        """Schema 3's columns of the service introductions: when answered, why declined, by whom."""
        rng, n = self.rng3, len(si["made"])
        # Crises reach Crisis Outreach through A&E and the police, never a partner.
        partner = (si["intro"] < 0) & (si["kind"] != CRISIS) & (rng.random(n) < PARTNER_SHARE)
        return {
            # A synthetic borough has no services of its own.
            "service_id": pa.nulls(n, pa.int64()),
            "responded_at": utc_instants(si["answered"], si["status"] == 0),
            "decline_code": _labels(DECLINE_REASONS, pick(rng, DECLINE_REASONS, n), si["status"] != 2),
            "from_partner": pa.array(partner),
        }

    def circumstances(self, person_key: Array, ep: dict[str, Array]) -> dict[str, pa.Array]:
        """A support plan's accommodation and work for a share of the people with an episode, recorded
        on a day within four weeks of their first acceptance (and before the extract)."""
        rng, end = self.rng3, self.end
        order = np.argsort(ep["person"], kind="stable")
        who, starts = np.unique(ep["person"][order], return_index=True)
        first_at = np.minimum.reduceat(ep["accepted"][order], starts) if len(who) else np.empty(0, np.int64)
        day = (first_at + (rng.uniform(0, 28, len(who)) * DAY).astype(np.int64)) // DAY
        keep = (rng.random(len(who)) < CIRCUMSTANCES_SHARE) & (day * DAY < end)
        who, day = who[keep], day[keep].astype(np.int32)
        n = len(who)
        no_home = rng.random(n) >= ACCOMMODATION_RECORDED_SHARE
        no_work = rng.random(n) >= EMPLOYMENT_RECORDED_SHARE
        return {
            "person_key": person_key[who],
            "settled_accommodation": _labels(
                ACCOMMODATION_WEIGHTS, pick(rng, ACCOMMODATION_WEIGHTS, n), no_home
            ),
            "accommodation_recorded_at": pa.array(day, pa.date32(), mask=no_home),
            "employment_status": _labels(EMPLOYMENT_WEIGHTS, pick(rng, EMPLOYMENT_WEIGHTS, n), no_work),
            "employment_recorded_at": pa.array(day, pa.date32(), mask=no_work),
        }

    def goals(self, person_key: Array, ep: dict[str, Array]) -> dict[str, pa.Array]:
        """Personal goals for a share of the episodes, set within four weeks of acceptance (and before
        the extract); a share of them achieved some weeks later, if before the extract."""
        rng, m, end = self.rng4, self.months, self.end
        fewest, most = GOALS_PER_EPISODE
        count = np.where(
            rng.random(len(ep["kind"])) < GOALS_SHARE, rng.integers(fewest, most + 1, len(ep["kind"])), 0
        )
        episode = np.repeat(np.arange(len(ep["kind"])), count)
        set_at = ep["accepted"][episode] + (rng.uniform(0, 28, len(episode)) * DAY).astype(np.int64)
        episode, set_at = episode[set_at < end], set_at[set_at < end]
        n = len(episode)
        outcome = pick(rng, BIG_OUTCOME_WEIGHTS, n)
        achieved = set_at + ((1 + rng.exponential(GOAL_ACHIEVED_DAYS, n)) * DAY).astype(np.int64)
        never = (rng.random(n) >= GOAL_ACHIEVED_SHARE) | (achieved >= end)
        achieved = np.where(never, set_at, achieved)
        return {
            "goal_key": self.keys("goals", n),
            "person_key": person_key[ep["person"][episode]],
            "big_outcome": strings(list(BIG_OUTCOME_WEIGHTS), outcome),
            "set_month": m.first_days(set_at),
            "achieved_at": utc_instants(achieved, never),
            "achieved_month": m.first_days(achieved, null=never),
        }  # fmt: skip

    def feedback(self, discharged: Array) -> dict[str, pa.Array]:
        """Friends and Family Test answers from a share of the episodes that ended, in their month."""
        rng, m = self.rng5, self.months
        at = discharged[rng.random(len(discharged)) < FFT_ANSWER_SHARE]
        answers = np.array(list(FFT_ANSWER_WEIGHTS), np.int32)[
            pick(rng, list(FFT_ANSWER_WEIGHTS.values()), len(at))
        ]
        return {
            "feedback_key": self.keys("feedback", len(at)),
            # A synthetic borough has no services of its own.
            "service_id": pa.nulls(len(at), pa.int64()),
            "answer": pa.array(answers, pa.int32()),
            **m.columns(at),
        }


def _labels(labels: Iterable[str], codes: Array, null: Array) -> pa.Array:
    """The labels of `codes`, null where `null` says."""
    values = np.array(list(labels), dtype=object)[codes]
    return pa.array(values, pa.string(), mask=np.asarray(null, bool))
