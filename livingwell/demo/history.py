"""The borough's history, month by month: before the hub, the hub opening, and after.

Deterministic for a seed and `now` (one `random.Random`, no wall clock). Records are built in
memory and written with `bulk_create`, one statement per batch, so that 36 months load in seconds.
Parameters and their sources are all in `params.py`.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connections, models, router, transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Least

from livingwell.access.codes import (
    CloseReason,
    ContactMethodUsed,
    ContactOutcome,
    IntroductionStatus,
)
from livingwell.access.models import ContactAttempt, Conversation, Introduction
from livingwell.codes import LifeArea, Source, Urgency
from livingwell.demo import carers_now, mine_now, network_now, together_now, voice_now
from livingwell.demo import params as P
from livingwell.demo.borough import (
    FAMILY,
    GIVEN,
    POSTCODES,
    Borough,
    create_borough,
    draw_test_nhs_number,
    weighted,
)
from livingwell.lib.clocks import LONDON, add_months, month_boundaries, month_starts
from livingwell.network.models import (
    DeclineReason,
    Service,
    ServiceIntroduction,
    ServiceIntroductionStatus,
    ServiceKind,
)
from livingwell.people.models import Person
from livingwell.support.models import (
    DischargeReason,
    Episode,
    EpisodeStatus,
    Session,
    SessionAttendance,
    SessionKind,
)

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # as access.services.new_reference
BATCH = 2000
BLUE_LIGHT = {Source.EMERGENCY_DEPARTMENT, Source.POLICE}
STORIES = [
    "I have been feeling low for months and cannot sleep.",
    "Worried about losing my flat and it is making me anxious all the time.",
    "Since losing my job I hardly leave the house.",
    "GP: low mood, debt worries, would benefit from early support.",
    "Panic attacks on the bus, struggling to get to work.",
]


@dataclass(frozen=True)
class SeedSummary:
    months: int
    hub_opens_month: int
    people: int
    introductions: int
    service_introductions: int
    episodes: int
    sessions: int


@dataclass
class _Records:
    people: list[Person] = field(default_factory=list)
    introductions: list[Introduction] = field(default_factory=list)
    contacts: list[ContactAttempt] = field(default_factory=list)
    conversations: list[Conversation] = field(default_factory=list)
    onward: list[ServiceIntroduction] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)


def hub_opens_month(months: int) -> int:
    """Say in which month (0-based) the hub opens: month 12, or a third of the way in for short runs."""
    return P.HUB_OPENS_MONTH if months > P.HUB_OPENS_MONTH else months // 3


def hub_introductions_per_month(index: int, opens: int) -> float:
    """Return the expected hub introductions in a month: a ramp to 450, then growth to 620."""
    since = index - opens
    if since < 0:
        return 0.0
    if since < P.RAMP_MONTHS:
        share = since / P.RAMP_MONTHS
        return P.HUB_FIRST_MONTH_INTRODUCTIONS + share * (
            P.HUB_INTRODUCTIONS_AFTER_RAMP - P.HUB_FIRST_MONTH_INTRODUCTIONS
        )
    settled = 36 - 1 - P.HUB_OPENS_MONTH - P.RAMP_MONTHS
    share = min((since - P.RAMP_MONTHS) / settled, 1.0)
    return P.HUB_INTRODUCTIONS_AFTER_RAMP + share * (
        P.HUB_INTRODUCTIONS_AT_END - P.HUB_INTRODUCTIONS_AFTER_RAMP
    )


def specialist_share(index: int, opens: int) -> float:
    """Return the share of hub introductions introduced on to specialist care, falling over a year."""
    share = min(max(index - opens, 0) / 12, 1.0)
    return P.SPECIALIST_SHARE_FIRST + share * (P.SPECIALIST_SHARE_SETTLED - P.SPECIALIST_SHARE_FIRST)


class _Generator:
    def __init__(self, rng: random.Random, borough: Borough, now: dt.datetime, scale: float) -> None:
        self.rng, self.borough, self.now, self.scale = rng, borough, now, scale
        self.records = _Records()
        self.nhs_numbers: set[str] = set()
        self.references: set[str] = set()
        self.pre_hub_people: list[Person] = []
        staff = borough.staff
        self.hub_workers = [staff["hub.worker"], staff["hub.worker2"], staff["hub.lead"]]

    # --- drawing ----------------------------------------------------------------------------
    def count(self, mean: float) -> int:
        """Draw a monthly count around `mean` (scaled): normal approximation to Poisson."""
        mean *= self.scale
        return max(round(self.rng.gauss(mean, math.sqrt(mean))), 0) if mean > 0 else 0

    def monthly(self, mean: float, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
        """Draw a month's arrivals (`mean` for the whole month) up to now, in time order.

        Arrivals come uniformly over the month, so a month still under way gets only its elapsed
        share of the volume: on the 2nd at 09:00 about a thirtieth, not the whole month squeezed
        into a day and a half. Nothing is drawn after now, so the draws depend only on the seed,
        the months and `now`, never on when seeding runs.
        """
        until = min(end, self.now)
        if until <= start:
            return []
        span = (until - start).total_seconds()
        share = span / (end - start).total_seconds()
        return sorted(
            start + dt.timedelta(seconds=self.rng.uniform(0, span)) for _ in range(self.count(mean * share))
        )

    def person(self, ethnicity_weights: dict[str, float] | None = None) -> Person:
        rng = self.rng
        ethnicity = weighted(rng, ethnicity_weights or P.ETHNICITY_WEIGHTS)
        low, high, _ = rng.choices(P.AGE_WEIGHTS, weights=[w for *_, w in P.AGE_WEIGHTS])[0]
        born = self.now.date() - dt.timedelta(days=rng.randint(low, high) * 365 + rng.randint(0, 364))
        number = ""
        if rng.random() < P.HAS_NHS_NUMBER_SHARE:
            while not number or number in self.nhs_numbers:
                number = draw_test_nhs_number(rng)
            self.nhs_numbers.add(number)
        consent_at = self.now
        person = Person(
            given_name=rng.choice(GIVEN), family_name=rng.choice(FAMILY), date_of_birth=born,
            nhs_number=number, postcode=rng.choice(POSTCODES), phone=f"+447700900{rng.randint(0, 999):03d}",
            sex=weighted(rng, P.SEX_WEIGHTS), ethnicity=ethnicity,
            consent_share_alliance=rng.random() < 0.92, consent_share_alliance_at=consent_at,
            consent_share_gp=rng.random() < 0.85, consent_share_gp_at=consent_at,
            previously_known_to_specialist_care=rng.random() < P.PREVIOUSLY_KNOWN_SHARE,
        )  # fmt: skip
        self.records.people.append(person)
        return person

    def reference(self) -> str:
        while True:
            ref = "LW-" + "".join(self.rng.choice(REFERENCE_ALPHABET) for _ in range(6))
            if ref not in self.references:
                self.references.add(ref)
                return ref

    # --- support ----------------------------------------------------------------------------
    def episode(
        self, person: Person, item: ServiceIntroduction, service: Service, accepted: dt.datetime
    ) -> None:
        rng = self.rng
        least, most, gap = P.SESSIONS[service.kind]
        episode = Episode(person=person, service=service, service_introduction=item, accepted_at=accepted)
        self.records.episodes.append(episode)
        by = self.borough.practitioner_for(service)
        last = accepted
        for k in range(rng.randint(least, most)):
            at = accepted + dt.timedelta(days=k * gap, hours=rng.uniform(1, 8))
            if at >= self.now:
                break
            attendance = (
                SessionAttendance.DID_NOT_ATTEND
                if k and rng.random() < P.DID_NOT_ATTEND_SHARE
                else SessionAttendance.ATTENDED
            )
            kind = SessionKind.ASSESSMENT if k == 0 else SessionKind.TREATMENT
            self.records.sessions.append(
                Session(episode=episode, at=at, kind=kind, attendance=attendance, recorded_by=by)
            )
            last = at
        else:
            discharged = last + dt.timedelta(days=7)
            if discharged < self.now:
                episode.status = EpisodeStatus.DISCHARGED
                episode.discharged_at = discharged
                episode.discharge_reason = rng.choices(
                    [
                        DischargeReason.GOALS_MET,
                        DischargeReason.DISENGAGED,
                        DischargeReason.INTRODUCED_ELSEWHERE,
                    ],
                    weights=[75, 15, 10],
                )[0]

    def onward(
        self,
        person: Person,
        kind: str,
        made: dt.datetime,
        *,
        intro: Introduction | None = None,
        source: str = "",
    ) -> None:
        rng = self.rng
        service = rng.choice(self.borough.services[kind])
        made_by = rng.choice(self.hub_workers) if intro else self.borough.staff["gp"]
        item = ServiceIntroduction(
            introduction=intro, source=source, service=service, person=person, made_by=made_by, made_at=made
        )
        self.records.onward.append(item)
        low, high = P.DAYS_TO_ACCEPT["hub" if intro else "direct"]
        if kind == ServiceKind.CRISIS_OUTREACH:
            low, high = 0, 0  # Crisis Outreach reaches a person within hours (DOMAIN.md §1)
        answered = made + dt.timedelta(days=rng.randint(low, high), hours=rng.uniform(1, 6))
        if answered >= self.now:
            return  # still waiting for the service
        item.responded_by = self.borough.practitioner_for(service)
        item.responded_at = answered
        if rng.random() < P.DECLINE_SHARE and kind != ServiceKind.CRISIS_OUTREACH:
            item.status = ServiceIntroductionStatus.DECLINED
            item.decline_code = DeclineReason.NEEDS_ELSEWHERE
            item.decline_reason = "Another service fits better; discussed with the hub."
            return
        item.status = ServiceIntroductionStatus.ACCEPTED
        self.episode(person, item, service, answered)

    # --- months -----------------------------------------------------------------------------
    def direct_month(self, index: int, opens: int, start: dt.datetime, end: dt.datetime) -> None:
        """Introductions that bypass the hub: GPs to specialist care, A&E and police to Crisis Outreach."""
        before = index < opens
        specialist = P.PRE_HUB_SPECIALIST_PER_MONTH if before else P.POST_HUB_DIRECT_SPECIALIST_PER_MONTH
        for made in self.monthly(specialist, start, end):
            person = self.person()
            person.previously_known_to_specialist_care = True
            self.pre_hub_people.append(person)
            self.onward(person, ServiceKind.SPECIALIST_CARE, made, source=Source.GP)
        crisis_weights = {
            k: v * P.CRISIS_ROUTE_MULTIPLIER.get(k, 1.0) for k, v in P.ETHNICITY_WEIGHTS.items()
        }
        crisis = P.PRE_HUB_CRISIS_PER_MONTH if before else P.POST_HUB_DIRECT_CRISIS_PER_MONTH
        for made in self.monthly(crisis, start, end):
            person = self.person(crisis_weights)
            self.pre_hub_people.append(person)
            source = self.rng.choice([Source.EMERGENCY_DEPARTMENT, Source.POLICE])
            self.onward(person, ServiceKind.CRISIS_OUTREACH, made, source=source)
        if before:
            for made in self.monthly(P.PRE_HUB_STAYING_WELL_PER_MONTH, start, end):
                self.onward(self.person(), ServiceKind.STAYING_WELL, made, source=Source.SELF)

    def hub_month(self, index: int, opens: int, start: dt.datetime, end: dt.datetime) -> None:
        """Introductions to the hub, first contacts, conversations, decisions and onward introductions."""
        for received in self.monthly(hub_introductions_per_month(index, opens), start, end):
            self.hub_introduction(index, opens, received)

    def hub_introduction(self, index: int, opens: int, received: dt.datetime) -> None:
        rng = self.rng
        if self.pre_hub_people and rng.random() < P.RETURNING_SHARE:
            person = rng.choice(self.pre_hub_people)
            person.previously_known_to_specialist_care = True
        else:
            person = self.person()
        multiplier = P.CRISIS_ROUTE_MULTIPLIER.get(person.ethnicity, 1.0)
        weights = {k: v * (multiplier if k in BLUE_LIGHT else 1.0) for k, v in P.SOURCE_WEIGHTS.items()}
        source = weighted(rng, weights)
        crisis_chance = (P.CRISIS_SHARE_BLUE_LIGHT if source in BLUE_LIGHT else P.CRISIS_SHARE) * min(
            multiplier, 2.0
        )
        urgency = (
            Urgency.CRISIS
            if rng.random() < crisis_chance
            else (Urgency.URGENT if rng.random() < P.URGENT_SHARE else Urgency.ROUTINE)
        )
        intro = Introduction(
            reference=self.reference(), person=person, source=source, urgency=urgency,
            at_risk_now=urgency == Urgency.CRISIS and source in {Source.SELF, Source.CARER},
            whats_going_on=rng.choice(STORIES), life_areas=rng.sample(LifeArea.values, k=rng.randint(1, 3)),
            received_at=received, submission_key=str(uuid.UUID(int=rng.getrandbits(128))),
            referrer_name="Dr Helen Wright" if source == Source.GP else "",
        )  # fmt: skip
        self.records.introductions.append(intro)
        low, mode, high = P.FIRST_CONTACT_HOURS[urgency]
        slower = P.EARLY_MONTHS_SLOWER if index - opens < 3 else 1.0
        spoke_at = received + dt.timedelta(hours=rng.triangular(low, high, mode) * slower)
        if spoke_at >= self.now:
            return  # still waiting for first contact
        worker = rng.choice(self.hub_workers)
        intro.allocated_to = worker
        intro.status = IntroductionStatus.IN_CONVERSATION
        if rng.random() < P.NO_ANSWER_SHARE:
            missed = received + (spoke_at - received) / 2
            self.records.contacts.append(
                ContactAttempt(introduction=intro, at=missed, method=ContactMethodUsed.PHONE, outcome=ContactOutcome.NO_ANSWER, by=worker)
            )  # fmt: skip
        self.records.contacts.append(
            ContactAttempt(introduction=intro, at=spoke_at, method=ContactMethodUsed.PHONE, outcome=ContactOutcome.SPOKE, by=worker)
        )  # fmt: skip
        self.records.conversations.append(
            Conversation(
                introduction=intro, needs=dict.fromkeys(intro.life_areas, "Talked this through together."),
                strengths=rng.choice(["Close to their sister", "Enjoys cooking and running", "Volunteers at the food bank"]),
                what_matters=rng.choice(["Getting back to work", "Keeping the flat", "Seeing friends again"]),
                risk_level="high" if urgency == Urgency.CRISIS else "low", recorded_by=worker, recorded_at=spoke_at,
            )
        )  # fmt: skip
        decided = spoke_at + dt.timedelta(hours=rng.uniform(0.5, 72))
        if decided >= self.now:
            return  # still in conversation
        decision = weighted(rng, P.DECISION_WEIGHTS)
        if urgency == Urgency.CRISIS or (decision == "introduced_on" and not person.consent_share_alliance):
            person.consent_share_alliance = True  # the hub asks again when it introduces someone on
            decision = "introduced_on"
        intro.decided_at = decided
        intro.status = decision
        if decision == IntroductionStatus.CLOSED:
            intro.close_reason = rng.choice(
                [CloseReason.NEEDS_MET, CloseReason.NO_CONTACT, CloseReason.DECLINED]
            )
        if decision != IntroductionStatus.INTRODUCED_ON:
            return
        if urgency == Urgency.CRISIS:
            kind: str = (
                ServiceKind.SPECIALIST_CARE
                if rng.random() < P.CRISIS_TO_SPECIALIST_SHARE
                else ServiceKind.CRISIS_OUTREACH
            )
        elif rng.random() < specialist_share(index, opens) / (P.DECISION_WEIGHTS["introduced_on"] / 100):
            kind = ServiceKind.SPECIALIST_CARE
        else:
            kind = weighted(rng, P.EARLY_DESTINATION_WEIGHTS)
        self.onward(person, kind, decided, intro=intro)

    def save(self) -> None:
        r = self.records
        # In dependency order: each batch's keys are set before the next refers to them.
        Person.objects.bulk_create(r.people, batch_size=BATCH)
        Introduction.objects.bulk_create(r.introductions, batch_size=BATCH)
        insert_leaves(ContactAttempt, r.contacts)
        insert_leaves(Conversation, r.conversations)
        ServiceIntroduction.objects.bulk_create(r.onward, batch_size=BATCH)
        Episode.objects.bulk_create(r.episodes, batch_size=BATCH)
        insert_leaves(Session, r.sessions)
        # Person.created_at is auto_now_add, so bulk_create stamped the wall clock, after `now`:
        # date each record from the person's first introduction instead, in one statement.
        first_intro = Introduction.objects.filter(person=OuterRef("pk")).order_by("received_at")
        first_onward = ServiceIntroduction.objects.filter(person=OuterRef("pk")).order_by("made_at")
        received = Subquery(first_intro.values("received_at")[:1])
        made = Subquery(first_onward.values("made_at")[:1])
        Person.objects.update(
            created_at=Coalesce(Least(Coalesce(received, made), Coalesce(made, received)), Value(self.now))
        )


def insert_leaves(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert rows nothing else refers to, as bulk_create would but without its per-value compiler.

    Profiling `seed-demo --months 36` showed bulk_create's SQL compiler (field by field, row by
    row) as the largest single cost; for tables whose keys we never read back (sessions, contact
    attempts, conversations), `executemany` with each field's own database preparation is
    equivalent and about twice as quick. No signals are lost: bulk_create sends none either.
    """
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    # Names from the model's own metadata, quoted; values only through placeholders.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(f.column or f.attname) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )

    def value(obj: models.Model, f: models.Field) -> Any:
        if f.is_relation:
            return getattr(obj, f.name).pk  # the related record, saved by now
        return f.get_db_prep_save(f.pre_save(obj, add=True), connection)

    with connection.cursor() as cursor:
        for at in range(0, len(objs), BATCH):
            cursor.executemany(sql, [tuple(value(o, f) for f in fields) for o in objs[at : at + BATCH]])


@transaction.atomic
def seed(*, months: int = 36, seed_value: int = 2013, now: dt.datetime, scale: float = 1.0) -> SeedSummary:
    """Create the borough and `months` months of history ending at `now` (the database should be empty).

    `now` is the only clock: nothing here reads the wall clock, so the same seed, months and `now`
    give the same borough however long seeding takes or whenever it starts.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    rng = random.Random(seed_value)
    borough = create_borough()
    generator = _Generator(rng, borough, now, scale)
    today = now.astimezone(LONDON).date()
    starts = month_starts(add_months(today.replace(day=1), -(months - 1)), today)
    edges = month_boundaries(starts)
    opens = hub_opens_month(months)
    for index in range(months):
        generator.direct_month(index, opens, edges[index], edges[index + 1])
        generator.hub_month(index, opens, edges[index], edges[index + 1])
    placed = network_now.add(generator)
    generator.save()
    network_now.add_plans(generator, placed)
    carers_now.add(generator, placed)
    mine_now.add(generator, placed)
    voice_now.add(generator, placed)
    together_now.add(generator)
    r = generator.records
    return SeedSummary(
        months, opens, len(r.people), len(r.introductions), len(r.onward), len(r.episodes), len(r.sessions)
    )
