"""The demo borough's network as it stands today: an introduction at every step of the loop, and
support plans, so that every page of the network has something real to show.

The 36 months of history (history.py) are made at the alliance's own ten services; this adds, at
`now`, one person at each step across the wider directory (network.loop): waiting for a service's
answer, waiting past its standard, declined and back with the hub, accepted with a first appointment
to come, accepted and not seen past its standard, seen, ended with an outcome, and one introduced by
a partner straight to another partner's service. Several people get a support plan, with actions
owned by a charity, a named practitioner and the person, and a carer who agreed to be named.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from livingwell.access.codes import ContactMethodUsed, ContactOutcome, IntroductionStatus
from livingwell.access.models import ContactAttempt, Conversation, Introduction
from livingwell.codes import EmploymentStatus, SettledAccommodation, Source, Urgency
from livingwell.network.models import DeclineReason, Service, ServiceIntroduction, ServiceIntroductionStatus
from livingwell.support.models import (
    ActionOwner,
    DischargeReason,
    Episode,
    EpisodeStatus,
    NetworkRelationship,
    PlanAction,
    PlanChange,
    PlanNetworkMember,
    Session,
    SessionAttendance,
    SessionKind,
    SupportPlan,
)

if TYPE_CHECKING:
    from livingwell.demo.history import _Generator
    from livingwell.people.models import Person

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class State:
    step: str
    service: str
    made_ago: dt.timedelta
    needs: tuple[str, ...]


STATES = [
    State("waiting", "Lambeth Housing Options", 10 * HOUR, ("housing", "money")),
    State("waiting past its standard", "Tenancy Sustainment Service", 3 * DAY, ("housing",)),
    State("declined: back with the hub", "Thames Reach Befriending", 4 * DAY, ("loneliness", "mood")),
    State("accepted, first appointment to come", "Lambeth Working Well", 2 * DAY, ("work",)),
    State("accepted, not seen past its standard", "Welfare Benefits Advice", 40 * DAY, ("money",)),
    State("seen", "Certitude Support into Work", 30 * DAY, ("work", "mood")),
    State("ended: goals met", "Carers Assessment Team", 90 * DAY, ("relationships",)),
]
# People at these steps get a support plan (their coordinator: the service's practitioner).
WITH_PLANS = {"accepted, first appointment to come", "seen", "ended: goals met"}


@dataclass
class Placed:
    state: State
    person: Person
    item: ServiceIntroduction


def add(generator: _Generator) -> list[Placed]:
    """Add one introduction at each step to the generator's records (saved with the history)."""
    now, rng, r = generator.now, generator.rng, generator.records
    services = {s.name: s for s in Service.objects.filter(name__in=[s.service for s in STATES])}
    placed = []
    for state in STATES:
        person = generator.person()
        person.consent_share_alliance = True
        worker = rng.choice(generator.hub_workers)
        made = now - state.made_ago
        received = made - 2 * DAY
        spoke = received + 5 * HOUR
        intro = Introduction(
            reference=generator.reference(), person=person, source=Source.SELF, urgency=Urgency.ROUTINE,
            whats_going_on="I need some help with things at the moment.", life_areas=list(state.needs),
            received_at=received, submission_key=str(uuid.UUID(int=rng.getrandbits(128))),
            allocated_to=worker, status=IntroductionStatus.INTRODUCED_ON, decided_at=made,
        )  # fmt: skip
        r.introductions.append(intro)
        r.contacts.append(
            ContactAttempt(introduction=intro, at=spoke, method=ContactMethodUsed.PHONE, outcome=ContactOutcome.SPOKE, by=worker)
        )  # fmt: skip
        r.conversations.append(
            Conversation(
                introduction=intro, needs=dict.fromkeys(state.needs, "Talked this through together."),
                strengths="Organised, and good with people", what_matters="Feeling settled again",
                risk_level="low", recorded_by=worker, recorded_at=spoke,
            )
        )  # fmt: skip
        service = services[state.service]
        item = ServiceIntroduction(
            introduction=intro, service=service, person=person, made_by=worker, made_at=made,
            note="Introduced from the hub after a conversation about what would help.",
        )  # fmt: skip
        r.onward.append(item)
        _advance(generator, state, item, service, made)
        placed.append(Placed(state, person, item))
    placed.append(_partner_to_partner(generator, services))
    return placed


def _advance(
    generator: _Generator, state: State, item: ServiceIntroduction, service: Service, made: dt.datetime
) -> None:
    if state.step.startswith("waiting"):
        return
    practitioner = generator.borough.practitioner_for(service)
    item.responded_by, item.responded_at = practitioner, made + 20 * HOUR
    if state.step.startswith("declined"):
        item.status = ServiceIntroductionStatus.DECLINED
        item.decline_code = DeclineReason.NO_CAPACITY
        item.decline_reason = "Our befriending list is full until the spring."
        return
    item.status = ServiceIntroductionStatus.ACCEPTED
    item.first_appointment_at = item.responded_at + 5 * DAY
    episode = Episode(
        person=item.person, service=service, service_introduction=item, accepted_at=item.responded_at
    )
    generator.records.episodes.append(episode)
    if state.step.startswith("accepted"):
        return
    first = item.first_appointment_at
    generator.records.sessions.append(
        Session(episode=episode, at=first, kind=SessionKind.ASSESSMENT, attendance=SessionAttendance.ATTENDED, recorded_by=practitioner)
    )  # fmt: skip
    if state.step.startswith("ended"):
        episode.status = EpisodeStatus.DISCHARGED
        episode.discharged_at = first + 60 * DAY
        episode.discharge_reason = DischargeReason.GOALS_MET


def _partner_to_partner(generator: _Generator, services: dict[str, Service]) -> Placed:
    """Someone Short Term Support is seeing, introduced by it straight to the council's housing team."""
    now, borough = generator.now, generator.borough
    short_term = borough.services["short_term_support"][0]
    housing = services["Lambeth Housing Options"]
    person = generator.person()
    person.consent_share_alliance = True
    practitioner = borough.practitioner_for(short_term)
    accepted = now - 20 * DAY
    own = ServiceIntroduction(
        service=short_term, person=person, source=Source.GP, made_by=borough.staff["gp"], made_at=accepted - 3 * DAY,
        status=ServiceIntroductionStatus.ACCEPTED, responded_by=practitioner, responded_at=accepted,
    )  # fmt: skip
    generator.records.onward.append(own)
    episode = Episode(person=person, service=short_term, service_introduction=own, accepted_at=accepted)
    generator.records.episodes.append(episode)
    generator.records.sessions.append(
        Session(episode=episode, at=accepted + 2 * DAY, kind=SessionKind.ASSESSMENT, attendance=SessionAttendance.ATTENDED, recorded_by=practitioner)
    )  # fmt: skip
    item = ServiceIntroduction(
        service=housing, person=person, made_by=practitioner, made_at=now - 6 * HOUR,
        introduced_by_organisation=short_term.organisation, note="Rent arrears since losing work; letters piling up.",
    )  # fmt: skip
    generator.records.onward.append(item)
    return Placed(State("introduced by a partner", housing.name, 6 * HOUR, ("housing",)), person, item)


def add_plans(generator: _Generator, placed: list[Placed]) -> int:
    """Support plans for some of those people, once they are saved (their keys are needed)."""
    borough, now = generator.borough, generator.now
    thames_reach = borough.organisations["Thames Reach"]
    made = 0
    for entry in placed:
        if entry.state.step not in WITH_PLANS:
            continue
        holder = borough.practitioner_for(entry.item.service)
        plan = SupportPlan.objects.create(
            person=entry.person,
            coordinator=holder,
            what_matters="Feeling settled again, and seeing my friends",
            strengths="Organised, good with people, a close sister",
            settled_accommodation=SettledAccommodation.YES,
            accommodation_recorded_on=(now - 10 * DAY).date(),
            employment_status=EmploymentStatus.UNEMPLOYED_SEEKING,
            employment_recorded_on=(now - 10 * DAY).date(),
        )
        PlanNetworkMember.objects.create(
            plan=plan,
            name="Grace",
            relationship=NetworkRelationship.FAMILY,
            note="Her sister: visits every Sunday",
        )
        PlanNetworkMember.objects.create(
            plan=plan,
            name="Tom",
            relationship=NetworkRelationship.CARER,
            carer_consents=True,
            note="Helps with letters and forms",
        )
        PlanAction.objects.create(
            plan=plan, description="Introduce to the befriending scheme in the new year", owner=ActionOwner.PARTNER,
            owner_organisation=thames_reach, due_on=(now + 21 * DAY).date(),
        )  # fmt: skip
        PlanAction.objects.create(
            plan=plan,
            description="Go along to the Saturday walk once",
            owner=ActionOwner.PERSON,
            due_on=(now + 10 * DAY).date(),
        )
        PlanAction.objects.create(
            plan=plan, description="Check the benefits claim went through", owner=ActionOwner.PRACTITIONER,
            owner_user=holder, due_on=(now - 3 * DAY).date(), done_at=now - 4 * DAY, done_by=holder,
        )  # fmt: skip
        PlanChange.objects.create(plan=plan, changed_by=holder, what="Started the plan")
        made += 1
    return made
