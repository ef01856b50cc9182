"""The measure catalogue: one definition of every number the alliance reads, so none is computed two ways.

Each measure has an id (stable: it names the page and the CSV download), a definition in plain words
that cites its rule, a unit and the direction that is better. The queries that compute them live in
`hub_measures.py`; later analytics add measures here and compute them there or beside it.

Common rules for every hub measure:
- A month is a calendar month in Europe/London: an event at 23:30 on 31 March in summer time
  (22:30 UTC) belongs to March; an event at 00:30 BST on 1 April belongs to April.
- "Hub introduction" is an `access.Introduction`. A "direct introduction" is a
  `network.ServiceIntroduction` with no hub introduction (made before the hub opened, or by a
  route that bypasses it), counted by the month it was made.
- A "crisis introduction" is a hub introduction with urgency crisis (DOMAIN.md §3: very urgent),
  or a direct introduction to a Crisis Outreach service.
"""

from __future__ import annotations

from dataclasses import dataclass

from livingwell.statistics.direction import Improvement


@dataclass(frozen=True)
class Measure:
    id: str
    title: str
    definition: str
    unit: str
    improvement: Improvement


INTRODUCTIONS_BY_SOURCE = Measure(
    id="introductions-by-source",
    title="Introductions to the hub by source",
    definition=(
        "Hub introductions received in the month, by the NHS Data Dictionary source of referral for "
        "mental health (DOMAIN.md §3), grouped as the hub reads them. Direct introductions are not "
        "included: they are counted under onward introductions to specialist care and crisis introductions."
    ),
    unit="introductions",
    improvement=Improvement.NEUTRAL,
)

TIME_TO_FIRST_CONTACT = Measure(
    id="time-to-first-contact",
    title="Time to first contact",
    definition=(
        "For hub introductions received in the month that have been contacted: the time from receipt "
        "to the first contact attempt at which the hub spoke with the person, per urgency. Median and "
        "90th percentile by the nearest-rank method (the smallest wait at or above which that share of "
        "waits fall), against the waiting standard for the urgency (DOMAIN.md §3: crisis 4 hours, "
        "urgent 24 hours, routine 4 weeks, or the hub's own setting). A wait exactly at the standard "
        "meets it. Hidden when fewer than 5 people were contacted."
    ),
    unit="hours",
    improvement=Improvement.DECREASE,
)

DESTINATIONS = Measure(
    id="destinations",
    title="Destinations",
    definition=(
        "Where people went: introductions to services made in the month, by the kind of service, "
        "whether made by the hub or direct; and hub introductions decided in the month that were "
        "signposted or closed without an introduction to a service."
    ),
    unit="introductions",
    improvement=Improvement.NEUTRAL,
)

ONWARD_SPECIALIST = Measure(
    id="onward-specialist",
    title="Onward introductions to specialist care",
    definition=(
        "Introductions to specialist care services made in the month: by the hub, and direct (for "
        "example a GP referring straight to the community mental health team). Lambeth's headline: "
        "about 100 a month before the hub, about 20 after (DOMAIN.md §1). Declined ones count too: "
        "the measure is demand placed on specialist care."
    ),
    unit="introductions",
    improvement=Improvement.DECREASE,
)

BEFORE_CRISIS = Measure(
    id="before-crisis",
    title="People supported before crisis",
    definition=(
        "DOMAIN.md §3: distinct people in contact with the hub or an early-help service (staying well, "
        "Short Term Support, peer support, timebank) in the month, whose introduction was not a crisis "
        "and who had no crisis contact in the previous 12 months. In contact = the hub spoke with them "
        "(a contact attempt with outcome 'spoke') or they attended a session of an early-help episode. "
        "Their introduction = the hub introduction contacted, or the one that led to the episode (an "
        "episode begun by a direct introduction has no crisis introduction). No crisis contact = no "
        "crisis introduction received from the start of the same calendar month a year earlier up to and "
        "including that contact or session (so a contact on 10 May 2025 looks back to 1 May 2024)."
    ),
    unit="people",
    improvement=Improvement.INCREASE,
)

PREVIOUSLY_UNKNOWN = Measure(
    id="previously-unknown",
    title="People supported before crisis who were previously unknown to specialist care",
    definition=(
        "DOMAIN.md §3: of the people supported before crisis in the month, those with no episode with "
        "specialist services before their introduction, as recorded on the person (previously known "
        "to specialist care = no). The share is of those whose record has been checked (yes or no); "
        "people not yet checked are shown apart. Lambeth: over 60%."
    ),
    unit="people",
    improvement=Improvement.INCREASE,
)

CRISIS_INTRODUCTIONS = Measure(
    id="crisis-introductions",
    title="Crisis introductions",
    definition=(
        "Crisis introductions received in the month: hub introductions with urgency crisis, and "
        "direct introductions to Crisis Outreach. A hub introduction that the hub then introduces on "
        "to Crisis Outreach is counted once, as a hub introduction."
    ),
    unit="introductions",
    improvement=Improvement.DECREASE,
)

# The outcomes summary's measures (computed by livingwell.outcomes.summary, rules in its docstring).
PAIRED_SCORES = Measure(
    id="outcomes-paired-scores",
    title="People with paired outcome scores",
    definition=(
        "Episodes of support ended (discharged) in the month with a first and a last score on the "
        "service's headline measure: for Talking Therapies, PHQ-9 and GAD-7 both, and at least two "
        "attended treatment sessions (DOMAIN.md §3); otherwise the first of CORE-10, SWEMWBS, WEMWBS, "
        "PHQ-9, GAD-7 scored at least twice."
    ),
    unit="people",
    improvement=Improvement.INCREASE,
)

RELIABLE_IMPROVEMENT = Measure(
    id="outcomes-reliable-improvement",
    title="Reliable improvement",
    definition=(
        "Of people with paired scores, the share whose change from first to last is a reliable "
        "improvement: Talking Therapies, a reliable fall on PHQ-9 (≥ 6) or GAD-7 (≥ 4) and no reliable "
        "rise on the other; other services, Jacobson-Truax reliable change on the headline measure."
    ),
    unit="%",
    improvement=Improvement.INCREASE,
)

RECOVERY = Measure(
    id="outcomes-recovery",
    title="Recovery",
    definition=(
        "Of people with paired scores who were at caseness at the start, the share at caseness on no "
        "measure at the end (Talking Therapies: PHQ-9 ≥ 10 or GAD-7 ≥ 8 is a case); for other services, "
        "clinically significant improvement on a measure with a cut-off."
    ),
    unit="%",
    improvement=Improvement.INCREASE,
)

WELLBEING_CHANGE = Measure(
    id="outcomes-swemwbs-change",
    title="Mean change in wellbeing (SWEMWBS)",
    definition=(
        "Mean of last minus first SWEMWBS metric score (the published raw-to-metric table) for episodes "
        "ended in the month with two or more SWEMWBS scores; hidden for fewer than five people. WEMWBS "
        "is reported beside it on its own scale."
    ),
    unit="points",
    improvement=Improvement.INCREASE,
)

OUTCOME_MEASURES = (PAIRED_SCORES, RELIABLE_IMPROVEMENT, RECOVERY, WELLBEING_CHANGE)

CATALOGUE: dict[str, Measure] = {
    m.id: m
    for m in (
        INTRODUCTIONS_BY_SOURCE,
        TIME_TO_FIRST_CONTACT,
        DESTINATIONS,
        ONWARD_SPECIALIST,
        BEFORE_CRISIS,
        PREVIOUSLY_UNKNOWN,
        CRISIS_INTRODUCTIONS,
        *OUTCOME_MEASURES,
    )
}
