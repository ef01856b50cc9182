"""Synthetic pseudonymised borough extracts, drawn with NumPy and written straight to Parquet.

For borough comparison in the demo and for a London-sized benchmark: every table of the analytic
extract (`insight/kpis/schema.py`) for any of London's boroughs (`london.py`), month by month, in
the shape the ORM demo borough has (`history.py`, parameters in `params.py`) but without a
database, so that 33 boroughs × 10 years (about 2 million introductions) take seconds, not hours.

Each borough is drawn whole (every month at once, as arrays), written as one batch and dropped
before the next, so memory holds one borough. Deterministic for a seed: each borough has its own
stream, seeded by the seed and its ONS code, so a borough's data do not depend on which others
are drawn with it. Keys are 63-bit pseudonyms: a counter put through an invertible mixing
function, so they are unique within a table without any check.

The shape, in brief: before a borough's hub opens GPs refer straight to specialist care (about
100 a month for a borough of Lambeth's size) and to Talking Therapies, and crises reach Crisis
Outreach through A&E and the police; once it opens, the hub takes introductions (ramping up over
two years), calls people back (a few failed attempts first, waits by urgency and by how quick the
borough is), decides, and introduces people on; services accept, and episodes have sessions;
Talking Therapies record PHQ-9 and GAD-7 at every attended session, so that recovery by the
national rules lands near the borough's rate. Black people reach help through A&E, the police and
crisis more often (DOMAIN.md §5).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from livingwell.demo.london import (
    CENSUS_DAY,
    COMPARISON_BOROUGHS,
    LONDON_BOROUGHS,
    BoroughProfile,
    practice_words,
    profile,
)
from livingwell.insight.kpis import store
from livingwell.insight.kpis.population import CENSUS_GROUP, GROUPS, adults_by_group
from livingwell.insight.kpis.schema import KEY, PRIMARY_KEYS, UTC_INSTANT
from livingwell.lib.clocks import LONDON
from livingwell.outcomes.instruments import get_instrument
from livingwell.outcomes.instruments.swemwbs_table import SWEMWBS_RAW_TO_METRIC
from livingwell.outcomes.summary import AGE_BANDS

Array = np.ndarray[Any, Any]
HOUR = 3_600_000_000  # microseconds
DAY = 24 * HOUR

# --- Parameters copied from params.py (which imports Django, so cannot be imported here); a test
# checks that the copies agree. --------------------------------------------------------------------
SOURCE_WEIGHTS = {"A1": 50, "B1": 22, "B2": 4, "G4": 6, "H1": 5, "E1": 2, "C3": 4, "C1": 3, "D1": 2, "A3": 2}
BLUE_LIGHT = ("H1", "E1")  # A&E and police
CRISIS_SHARE_BLUE_LIGHT, URGENT_SHARE, CRISIS_TO_SPECIALIST_SHARE = 0.45, 0.15, 0.15
URGENCIES = ("crisis", "urgent", "routine")
STANDARD_HOURS = (4, 24, 28 * 24)  # DOMAIN.md §3, in URGENCIES order
FIRST_CONTACT_HOURS = {"crisis": (0.3, 1.5, 5.0), "urgent": (2.0, 10.0, 30.0), "routine": (4.0, 30.0, 160.0)}
EARLY_MONTHS_SLOWER = 2.0
NO_ANSWER_SHARE = 0.3
DECISION_WEIGHTS = {"introduced_on": 62, "signposted": 26, "closed": 12}
DECLINE_SHARE = 0.06
SPECIALIST_SHARE_FIRST = 0.10
KINDS = ("staying_well", "short_term_support", "focused_support", "talking_therapies", "peer_support",
         "timebank", "crisis_outreach", "specialist_care")  # network.ServiceKind values  # fmt: skip
STAYING_WELL, SHORT_TERM, FOCUSED, TALKING, PEER, TIMEBANK, CRISIS, SPECIALIST = range(len(KINDS))
EARLY_DESTINATION_WEIGHTS = {"short_term_support": 30, "talking_therapies": 25, "focused_support": 9,
                             "staying_well": 16, "peer_support": 10, "timebank": 10}  # fmt: skip
SESSIONS = {"staying_well": (1, 3, 14), "short_term_support": (3, 6, 7), "focused_support": (6, 12, 14),
            "talking_therapies": (4, 10, 7), "peer_support": (2, 6, 7), "timebank": (2, 5, 14),
            "crisis_outreach": (2, 5, 1), "specialist_care": (4, 10, 21)}  # fmt: skip
# Except: specialist care, Focused Support and Crisis Outreach run longer here than in params.py
# (which keeps the ORM demo small): a community mental health team or Focused Support works with
# someone for months, fortnightly; Crisis Outreach visits near-daily for a week or two. Early help
# and Talking Therapies keep params.py's shape, so the early-help measures compare like with like.
SESSIONS |= {"focused_support": (8, 24, 14), "specialist_care": (6, 26, 14), "crisis_outreach": (3, 14, 1)}
DID_NOT_ATTEND_SHARE = 0.1
DAYS_TO_ACCEPT = {"hub": (1, 7), "direct": (14, 45)}
SEX_WEIGHTS = {"2": 57, "1": 41, "9": 0.5, "X": 1.5}
PREVIOUSLY_KNOWN_SHARE = 0.33
RETURNING_SHARE = 0.08
# Direct introductions a month for a borough of Lambeth's adults, before and after its hub opens
# (params.py PRE_HUB_*/POST_HUB_*). Talking Therapies is our addition (an assumption): without a
# hub, GPs refer to it directly, so boroughs without one still have Talking Therapies outcomes.
DIRECT_PER_MONTH = {SPECIALIST: (100, 4), CRISIS: (60, 40), STAYING_WELL: (25, 0), TALKING: (40, 0)}

# --- Our own assumptions, beyond params.py ------------------------------------------------------
# The hub ramps up as the demo's does: 250 → 450 in six months, → 620 over the next 18 (params.py),
# as shares of the settled rate.
RAMP = ((0, 250 / 620), (6, 450 / 620), (24, 1.0))
UNREACHED_SHARE = 0.04  # non-crisis introductions never reached: closed after attempts over 2 weeks
FAILED_ATTEMPTS = ((0, 1, 2, 3), (1 - NO_ANSWER_SHARE, 0.2, 0.07, 0.03))  # before the first 'spoke'
FOLLOW_UPS = ((0, 1, 2, 3), (0.35, 0.35, 0.2, 0.1))  # further contacts while in conversation
WALK_INS_PER_MONTH = 4  # peer support and timebank episodes begun without an introduction
HUB_WELLBEING_SHARE = 0.05  # SWEMWBS at the hub's first conversation, outside any episode
WELLBEING_EPISODE_SHARE = 0.5  # early-help and Focused Support episodes scoring SWEMWBS
CANCELLED_SHARE = 0.03
# Recovery gaps as outcomes/synthetic.py draws them for the demo borough.
RECOVERY_GAP = {"Black": -0.08, "Mixed or other": -0.04}
YOUNG_RECOVERY_GAP = -0.05
# How the Census 2021 broad groups divide into ethnic category codes: London-wide approximate
# shares, the same for every borough (an assumption; only the broad groups are reported).
WITHIN_GROUP = {
    "White": {"A": 70, "B": 3, "C": 27}, "Black": {"M": 33, "N": 55, "P": 12},
    "Asian": {"H": 38, "J": 14, "K": 18, "L": 20, "R": 10},
    "Mixed or other": {"D": 12, "E": 9, "F": 10, "G": 14, "S": 55},
}  # fmt: skip
NOT_RECORDED = {"Z": 3.0, "99": 1.0}  # percent of people with no ethnicity recorded
# Age at a person's first introduction, by AGE_BANDS (params.AGE_WEIGHTS spread over the ONS bands).
AGE_WEIGHTS = {"18 to 24": 16, "25 to 34": 27.3, "35 to 44": 21.7, "45 to 54": 16, "55 to 64": 11,
               "65 and over": 8}  # fmt: skip
CONTACT_METHODS = ("phone", "video", "in_person", "text", "email")

_PHQ9, _GAD7 = get_instrument("PHQ-9"), get_instrument("GAD-7")
if _PHQ9.cutoff is None or _GAD7.cutoff is None:  # pragma: no cover - both have published cut-offs
    raise ImportError("PHQ-9 and GAD-7 need their caseness cut-offs")
PHQ9_CASE, GAD7_CASE = int(_PHQ9.cutoff.threshold), int(_GAD7.cutoff.threshold)
SWEMWBS_METRIC = np.array([SWEMWBS_RAW_TO_METRIC.get(raw, np.nan) for raw in range(36)])


# --- Time ----------------------------------------------------------------------------------------
def parse_month(value: str | dt.date) -> int:
    """Return the month_index of "YYYY-MM" (or of a date's month)."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(f"{value}-01" if len(value) == 7 else value)
    return value.year * 12 + value.month - 1


def london_month_edges(first_index: int, months: int) -> Array:
    """Return the UTC instants (µs since 1970) at which `months` London months start, and the next."""
    edges = [
        dt.datetime(i // 12, i % 12 + 1, 1, tzinfo=LONDON).timestamp()
        for i in range(first_index, first_index + months + 1)
    ]
    return np.array([round(e) for e in edges], np.int64) * 1_000_000


class _Months:
    """The extract's months: turns UTC instants into London months and month numbers."""

    def __init__(self, first_index: int, months: int) -> None:
        self.first_index, self.count = first_index, months
        self.edges = london_month_edges(first_index, months)
        epoch = dt.date(1970, 1, 1).toordinal()
        self.days = np.array(
            [
                dt.date(i // 12, i % 12 + 1, 1).toordinal() - epoch
                for i in range(first_index, first_index + months)
            ],
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


# --- Drawing helpers -------------------------------------------------------------------------
_MASK = np.uint64((1 << 63) - 1)


def pseudonyms(salt: int, n: int) -> Array:
    """Return n distinct positive 63-bit keys: counters through an invertible mix (splitmix-like).

    Counters start at 1 and the mix keeps 0 at 0, so no key is 0; different salts (26 bits) use
    disjoint counter ranges, so their keys never meet.
    """
    x = np.arange(1, n + 1, dtype=np.uint64) + np.uint64((salt & 0x3FFFFFF) << 36)  # never 0
    # Each step is a bijection on [0, 2**63): xor with a right shift, and multiplication by an odd
    # constant modulo 2**63.
    x ^= x >> np.uint64(30)
    x = (x * np.uint64(0xBF58476D1CE4E5B9)) & _MASK
    x ^= x >> np.uint64(27)
    x = (x * np.uint64(0x94D049BB133111EB)) & _MASK
    x ^= x >> np.uint64(31)
    return x.astype(np.int64)


def _pick(rng: np.random.Generator, weights: Mapping[str, float] | Sequence[float] | Array, n: int) -> Array:
    w = np.array(list(weights.values()) if isinstance(weights, Mapping) else weights, float)
    return rng.choice(len(w), size=n, p=w / w.sum())


def _strings(labels: Sequence[str], codes: Array) -> pa.Array:
    return pa.array(labels, pa.string()).take(pa.array(codes))


def _instants(us: Array, null: Array | None = None) -> pa.Array:
    return pa.array(us, UTC_INSTANT, mask=null)


def _refs(keys: Array, index: Array) -> pa.Array:
    """Return the keys of the rows at `index`; a negative index is a null reference."""
    null = index < 0
    values = keys[np.where(null, 0, index)] if len(keys) else np.zeros(len(index), np.int64)
    return pa.array(values, KEY, mask=null)


def _segments(counts: Array) -> tuple[Array, Array]:
    """For rows repeated `counts` times: the owner of each row and its position within the owner."""
    owner = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    return owner, np.arange(len(owner)) - starts[owner]


def _ethnic_codes() -> tuple[list[str], list[str]]:
    codes = [c for g in GROUPS for c in WITHIN_GROUP[g]] + list(NOT_RECORDED)
    return codes, [CENSUS_GROUP.get(c, "") for c in codes]


ETHNIC_CODES, ETHNIC_GROUPS = _ethnic_codes()
BLACK = np.array([g == "Black" for g in ETHNIC_GROUPS])
RECOVERY_GAP_BY_CODE = np.array([RECOVERY_GAP.get(g, 0.0) for g in ETHNIC_GROUPS])


def ethnicity_weights(p: BoroughProfile, black_multiplier: float = 1.0) -> Array:
    """Return a weight per ETHNIC_CODES entry from the borough's mix (Black weighted if asked)."""
    recorded = (100 - sum(NOT_RECORDED.values())) / sum(p.mix.values())
    weights = []
    for g in GROUPS:
        share = recorded * p.mix[g] * (black_multiplier if g == "Black" else 1.0)
        weights += [share * w / sum(WITHIN_GROUP[g].values()) for w in WITHIN_GROUP[g].values()]
    return np.array(weights + list(NOT_RECORDED.values()))


def _codes(names: Iterable[str]) -> Array:
    return np.array([KINDS.index(n) for n in names])


INTRODUCTION_STATUSES = ("awaiting_contact", "in_conversation", "introduced_on", "signposted", "closed")
AWAITING, IN_CONVERSATION, INTRODUCED_ON = 0, 1, 2
SERVICE_STATUSES = ("pending", "accepted", "declined")  # network.ServiceIntroductionStatus
SESSION_KINDS = ("assessment", "treatment", "review", "group")  # support.SessionKind
ATTENDANCES = ("attended", "dna", "cancelled")  # support.SessionAttendance
CONTACT_OUTCOMES = ("spoke", "no_answer", "left_message", "wrong_details")  # access.ContactOutcome
EARLY_KINDS = _codes(EARLY_DESTINATION_WEIGHTS)
SESSION_SHAPE = np.array([SESSIONS[k] for k in KINDS])  # least, most, days between, per kind
AGE_LOWS = np.array([low for low, _ in AGE_BANDS])
AGE_LABELS = [label for _, label in AGE_BANDS]


class _Borough:
    """One borough's draw: every table as arrays, then as Arrow tables."""

    def __init__(self, p: BoroughProfile, months: _Months, seed: int, scale: float) -> None:
        self.p, self.months, self.scale, self.end = p, months, scale, months.end
        self.rng = np.random.default_rng([seed, int(p.ons_code[3:])])
        self.indices = np.arange(months.first_index, months.first_index + months.count)
        self.hub = p.hub_opened if p.hub_opened is not None else self.indices[-1] + 1
        self.salt = int(np.random.SeedSequence([seed, int(p.ons_code[3:]), 7]).generate_state(1)[0])
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
        eth = _pick(rng, ethnicity_weights(self.p), n)
        crisis = first_kind == CRISIS
        eth[crisis] = _pick(rng, ethnicity_weights(self.p, self.p.crisis_gap), int(crisis.sum()))
        band = _pick(rng, AGE_WEIGHTS, n) + 1  # AGE_BANDS[0] is "Under 18": no one here
        highs = np.append(AGE_LOWS[1:], 91)
        age = AGE_LOWS[band] + rng.random(n) * (highs[band] - AGE_LOWS[band])
        known = (rng.random(n) < PREVIOUSLY_KNOWN_SHARE) | (first_kind == SPECIALIST)
        return {"eth": eth, "sex": _pick(rng, SEX_WEIGHTS, n), "age": age, "first_at": first_at,
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
        source = _pick(rng, weights, n)
        source[black] = _pick(rng, weights * np.where(blue, p.crisis_gap, 1.0), int(black.sum()))
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
        status = _pick(rng, DECISION_WEIGHTS, n) + INTRODUCED_ON
        status[urgency == 0] = INTRODUCED_ON  # the hub always introduces a crisis on
        status[unreached] = INTRODUCTION_STATUSES.index("closed")
        still_open = decided >= end
        status[still_open] = np.where(unreached | (spoke >= end), AWAITING, IN_CONVERSATION)[still_open]
        intro.update(status=status, decided=decided, spoke=spoke, unreached=unreached)

        failed = np.array(FAILED_ATTEMPTS[0])[_pick(rng, FAILED_ATTEMPTS[1], n)]
        failed[unreached] = rng.integers(2, 5, int(unreached.sum()))
        owner, j = _segments(failed)
        fraction = (j + rng.random(len(owner))) / (failed[owner] + 1)  # strictly before the call that works
        failed_at = at[owner] + (fraction * span[owner]).astype(np.int64)
        reached = np.flatnonzero(~unreached & (spoke < end))
        follow = np.array(FOLLOW_UPS[0])[_pick(rng, FOLLOW_UPS[1], len(reached))]
        local, k = _segments(follow)
        later = reached[local]
        fraction = (k + rng.random(len(local))) / (follow[local] + 1)
        follow_at = spoke[later] + (fraction * (decided - spoke)[later]).astype(np.int64)
        contacts = {
            "intro": np.concatenate([owner, reached, later]),
            "at": np.concatenate([failed_at, spoke[reached], follow_at]),
            "method": np.concatenate([
                np.where(rng.random(len(owner)) < 0.85, 0, 3),  # phone, or a text
                _pick(rng, (80, 8, 12), len(reached)),  # phone, video, in person
                _pick(rng, (60, 10, 10, 15, 5), len(local)),
            ]),
            "outcome": np.concatenate([
                _pick(rng, (70, 25, 5), len(owner)) + 1,  # no answer, left a message, wrong details
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
        kind = EARLY_KINDS[_pick(rng, EARLY_DESTINATION_WEIGHTS, len(on))]
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
        episode, k = _segments(planned)
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
        tables = {
            "people": {"person_key": person_key, "ethnicity": _strings(ETHNIC_CODES, people["eth"]),
                       "sex": _strings(list(SEX_WEIGHTS), people["sex"]),
                       "previously_known": pa.array(people["known"], mask=~people["checked"])},
            "introductions": {
                "introduction_key": intro_key, "person_key": person_key[intro["person"]],
                "received_at": _instants(intro["at"]), **m.columns(intro["at"]),
                "source": _strings(list(SOURCE_WEIGHTS), intro["source"]),
                "urgency": _strings(URGENCIES, intro["urgency"]),
                "status": _strings(INTRODUCTION_STATUSES, intro["status"]),
                "decided_at": _instants(intro["decided"], open_), "age_band": _strings(AGE_LABELS, intro["band"]),
                "standard_hours": pa.array(np.array(STANDARD_HOURS, np.int32)[intro["urgency"]]),
            },
            "contacts": {
                "contact_key": self.keys("contacts", len(contacts["at"])),
                "introduction_key": intro_key[contacts["intro"]], "contacted_at": _instants(contacts["at"]),
                **m.columns(contacts["at"]), "method": _strings(CONTACT_METHODS, contacts["method"]),
                "outcome": _strings(CONTACT_OUTCOMES, contacts["outcome"]),
            },
            "service_introductions": {
                "service_introduction_key": si_key, "introduction_key": _refs(intro_key, si["intro"]),
                "person_key": person_key[si["person"]], "service_kind": _strings(KINDS, si["kind"]),
                "made_at": _instants(si["made"]), **m.columns(si["made"]),
                "status": _strings(SERVICE_STATUSES, si["status"]),
            },
            "episodes": {
                "episode_key": ep_key, "person_key": person_key[ep["person"]],
                "service_introduction_key": _refs(si_key, ep["si"]),
                "service_kind": _strings(KINDS, ep["kind"]), "accepted_at": _instants(ep["accepted"]),
                "discharged_at": _instants(discharged, still),
                "discharged_month": m.first_days(np.where(still, m.end - 1, discharged), null=still),
            },
            "sessions": {
                "session_key": self.keys("sessions", int(held.sum())),
                "episode_key": ep_key[s["episode"][held]], "held_at": _instants(s["held"][held]),
                **m.columns(s["held"][held]), "kind": _strings(SESSION_KINDS, s["kind"][held]),
                "attendance": _strings(ATTENDANCES, s["attendance"][held]),
            },
            "scores": {
                "score_key": self.keys("scores", len(sc["at"]) + len(hub_sw)),
                "episode_key": _refs(ep_key, np.concatenate([sc["episode"], np.full(len(hub_sw), -1)])),
                "person_key": person_key[np.concatenate([ep["person"][sc["episode"]], intro["person"][hub_sw]])],
                "instrument": _strings(("PHQ-9", "GAD-7", "SWEMWBS"), np.concatenate([sc["instrument"], np.full(len(hub_sw), 2)])),
                "completed_at": _instants(np.concatenate([sc["at"], intro["spoke"][hub_sw]])),
                "month": m.first_days(np.concatenate([sc["at"], intro["spoke"][hub_sw]])),
                "total": np.concatenate([sc["total"], SWEMWBS_METRIC[sw_raw]]),
            },
        }  # fmt: skip
        return {name: pa.table(columns) for name, columns in tables.items()}


# --- Writing ---------------------------------------------------------------------------------------
def _clear(borough_dir: Path) -> None:
    """Remove an earlier synthetic extract, so that a run replaces it; never touch a real one."""
    if not borough_dir.exists():
        return
    if (
        store.manifest_path(borough_dir).exists()
        and store.read_manifest(borough_dir).get("synthetic") is True
    ):
        shutil.rmtree(borough_dir)
        return
    raise store.ExtractError(f"{borough_dir} exists and is not a synthetic extract: not overwriting it")


def write_borough(
    out_root: Path, p: BoroughProfile, *, months: int, end_month: str | dt.date, seed: int, scale: float = 1.0
) -> dict[str, int]:
    """Draw one borough's synthetic extract ending with `end_month`, write it; return rows per table."""
    if months < 1 or scale <= 0 or seed < 0:
        raise ValueError("months must be at least 1, scale above 0 and seed not negative")
    last = parse_month(end_month)
    window = _Months(last - months + 1, months)
    tables = _Borough(p, window, seed, scale).draw()
    received = tables["introductions"].column("month")
    first_hub = min(received.to_pylist()) if len(received) else None
    borough_dir = Path(out_root) / p.ons_code
    _clear(borough_dir)
    manifest = {
        "ons_code": p.ons_code,
        "borough": p.name,
        "synthetic": True,
        "population": {
            "as_of": CENSUS_DAY,
            "source": "Synthetic extract: approximate Census 2021 usual residents and adults "
            "(livingwell/demo/london.py), used only to size synthetic data; adults shared among "
            "the groups in proportion to residents",
            "adults": adults_by_group(p.residents_by_group, p.adults),
        },
        "hub_opened": first_hub.isoformat() if first_hub else None,
        "practice": practice_words(p),
        "generator": {
            "seed": seed,
            "scale": scale,
            "months": months,
            "end_month": f"{last // 12}-{last % 12 + 1:02d}",
        },
    }
    extracted_at = dt.datetime.fromtimestamp(window.end / 1e6, dt.UTC)
    store.write_batch(borough_dir, tables, manifest=manifest, extracted_at=extracted_at)
    return {name: table.num_rows for name, table in tables.items()}


def write_boroughs(
    out_root: Path,
    codes: Iterable[str],
    *,
    months: int,
    end_month: str | dt.date,
    seed: int,
    scale: float = 1.0,
) -> dict[str, dict[str, int]]:
    """Write each borough's synthetic extract in turn (one in memory at a time); return rows per borough."""
    return {
        code: write_borough(
            out_root, profile(code), months=months, end_month=end_month, seed=seed, scale=scale
        )
        for code in codes
    }


# --- Command line --------------------------------------------------------------------------------
SETS = {"comparison": COMPARISON_BOROUGHS, "london": LONDON_BOROUGHS}
DEFAULT_MONTHS = {"comparison": 36, "london": 120}  # the ORM demo's 36 months; ten years for London


def last_full_month(now: dt.datetime) -> str:
    """Return the month before `now`'s Europe/London month, as YYYY-MM."""
    index = parse_month(now.astimezone(LONDON).date()) - 1
    return f"{index // 12}-{index % 12 + 1:02d}"


def main(argv: Sequence[str]) -> int:
    """`livingwell synthetic-extracts`: write synthetic borough extracts; needs no database."""
    parser = argparse.ArgumentParser(
        prog="livingwell synthetic-extracts",
        description="Write synthetic pseudonymised borough extracts (Parquet) for comparison or benchmarks.",
    )
    parser.add_argument("--out", type=Path, required=True, help="folder of borough extracts to write into")
    parser.add_argument("--set", choices=sorted(SETS), default="comparison", dest="which",
                        help="comparison: five boroughs unlike Lambeth; london: all 33")  # fmt: skip
    parser.add_argument("--months", type=int, help="months of history (default 36, or 120 for london)")
    parser.add_argument("--end", help="last month, YYYY-MM (default: the last full month)")
    parser.add_argument("--seed", type=int, default=2013, help="the same seed gives the same extracts")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every count (default 1)")
    args = parser.parse_args(argv)
    months = DEFAULT_MONTHS[args.which] if args.months is None else args.months
    end = args.end or last_full_month(dt.datetime.now(dt.UTC))
    try:
        parse_month(end)
    except ValueError:
        print(f"--end {end!r} is not a month (YYYY-MM)", file=sys.stderr)
        return 2
    if months < 1 or args.scale <= 0 or args.seed < 0:
        print("--months must be at least 1, --scale above 0 and --seed not negative", file=sys.stderr)
        return 2
    started = time.perf_counter()
    totals: dict[str, int] = {}
    for code in SETS[args.which]:
        t0 = time.perf_counter()
        try:
            rows = write_borough(args.out, profile(code), months=months, end_month=end, seed=args.seed,
                                 scale=args.scale)  # fmt: skip
        except store.ExtractError as error:
            print(error, file=sys.stderr)
            return 2
        totals = {name: totals.get(name, 0) + n for name, n in rows.items()}
        counts = ", ".join(f"{n:,} {name}" for name, n in rows.items())
        print(f"{code} {profile(code).name}: {counts} ({time.perf_counter() - t0:.1f} s)")
    counts = ", ".join(f"{n:,} {name}" for name, n in totals.items())
    print(f"{len(SETS[args.which])} boroughs, {months} months to {end}: {counts}")
    print(f"Written to {args.out} in {time.perf_counter() - started:.1f} s")
    return 0
