"""A small synthetic Lambeth-like borough for the demo: organisations, services, staff, people.

Deterministic for a seed. Proportions follow DOMAIN.md §5 (Census 2021 for Lambeth; introduction
sources as the hub sees them). NHS numbers come only from the 999 test range.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from livingwell.access.codes import (
    CloseReason,
    ContactMethodUsed,
    ContactOutcome,
    IntroductionStatus,
    LifeArea,
    Source,
    Urgency,
)
from livingwell.access.models import ContactAttempt, Conversation, Introduction
from livingwell.access.services import new_reference
from livingwell.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from livingwell.lib import nhs_number
from livingwell.network.models import Service, ServiceIntroduction, ServiceIntroductionStatus, ServiceKind
from livingwell.people.models import Person
from livingwell.support.models import DischargeReason, Episode, EpisodeStatus, Session, SessionKind

DEMO_PASSWORD = "living-well-demo"  # noqa: S105 - printed for the demo; synthetic data only

ORGANISATIONS = [
    ("Living Well Network Alliance", OrganisationKind.ALLIANCE, ""),
    ("South London and Maudsley NHS Foundation Trust", OrganisationKind.NHS_TRUST, "RV5"),
    ("Lambeth Council", OrganisationKind.COUNCIL, ""),
    ("Certitude", OrganisationKind.VOLUNTARY, ""),
    ("Thames Reach", OrganisationKind.VOLUNTARY, ""),
    ("South East London Integrated Care Board", OrganisationKind.COMMISSIONER, "QKK"),
    ("Brixton Hill Group Practice", OrganisationKind.GP_PRACTICE, "G85001"),
    ("Stockwell Group Practice", OrganisationKind.GP_PRACTICE, "G85002"),
]

SERVICES = [
    ("Short Term Support", ServiceKind.SHORT_TERM_SUPPORT, "Certitude"),
    (
        "Focused Support – North Living Well Centre",
        ServiceKind.FOCUSED_SUPPORT,
        "South London and Maudsley NHS Foundation Trust",
    ),
    (
        "Lambeth Talking Therapies",
        ServiceKind.TALKING_THERAPIES,
        "South London and Maudsley NHS Foundation Trust",
    ),
    ("Peer Support Network", ServiceKind.PEER_SUPPORT, "Certitude"),
    ("Lambeth Timebank", ServiceKind.TIMEBANK, "Thames Reach"),
    ("Staying Well Community Offer", ServiceKind.STAYING_WELL, "Lambeth Council"),
    ("Crisis Outreach", ServiceKind.CRISIS_OUTREACH, "South London and Maudsley NHS Foundation Trust"),
    (
        "Specialist Community Mental Health Team",
        ServiceKind.SPECIALIST_CARE,
        "South London and Maudsley NHS Foundation Trust",
    ),
]

# (username, name, role, organisation)
STAFF = [
    ("hub.worker", ("Sam", "Okafor"), Role.HUB_WORKER, "Living Well Network Alliance"),
    ("hub.worker2", ("Priya", "Shah"), Role.HUB_WORKER, "Living Well Network Alliance"),
    ("hub.lead", ("Jo", "Campbell"), Role.HUB_LEAD, "Living Well Network Alliance"),
    ("practitioner", ("Ade", "Mensah"), Role.PARTNER_PRACTITIONER, "Certitude"),
    (
        "clinician",
        ("Maria", "Silva"),
        Role.PARTNER_PRACTITIONER,
        "South London and Maudsley NHS Foundation Trust",
    ),
    ("commissioner", ("Chris", "Taylor"), Role.COMMISSIONER, "South East London Integrated Care Board"),
    ("admin", ("Alex", "Morgan"), Role.ADMINISTRATOR, "Living Well Network Alliance"),
]

# Lambeth, Census 2021 (DOMAIN.md §5): White 55% (British/Irish ~40, other ~15), Black 24%
# (African 11.5, Caribbean 8.8, other ~3.7), Asian 7%, Mixed and other 14%.
ETHNICITY_WEIGHTS = {
    "A": 38, "B": 2, "C": 15, "N": 11.5, "M": 8.8, "P": 3.7, "H": 2, "J": 1, "K": 1.5, "L": 2.5,
    "D": 2.5, "E": 2, "F": 1.5, "G": 2.5, "R": 1, "S": 3.5, "Z": 1,
}  # fmt: skip
# Where introductions come from once the hub is open: mostly GPs, then people themselves.
SOURCE_WEIGHTS = {
    Source.GP: 52, Source.SELF: 22, Source.CARER: 4, Source.VOLUNTARY_SECTOR: 6, Source.EMERGENCY_DEPARTMENT: 5,
    Source.POLICE: 2, Source.HOUSING: 4, Source.SOCIAL_SERVICES: 3, Source.EMPLOYER: 2,
}  # fmt: skip
# Black residents reach help more often through crisis routes (DOMAIN.md §5): a higher share of
# their introductions come through A&E and the police, and more are crises.
CRISIS_ROUTE_BOOST = {"M": 2.5, "N": 2.5, "P": 2.5}

GIVEN = ["Amara", "Ben", "Chloe", "Dami", "Ella", "Femi", "Grace", "Hassan", "Isla", "Jamal", "Kemi", "Liam", "Mei", "Nia", "Omar", "Priya", "Rosa", "Sam", "Tunde", "Yusuf", "Zoe", "Kwame", "Aisha", "Tom"]  # fmt: skip
FAMILY = ["Adeyemi", "Brown", "Campbell", "Da Silva", "Evans", "Francis", "Garcia", "Hussain", "Johnson", "Khan", "Lewis", "Mensah", "Nowak", "Okafor", "Patel", "Quinn", "Reid", "Smith", "Taylor", "Williams", "Yilmaz", "Clarke", "Osei", "Murphy"]  # fmt: skip
POSTCODES = ["SW9 8AA", "SW2 1RW", "SE11 5HL", "SW4 7AB", "SE27 9JU", "SW16 2TA", "SE24 0PB", "SW8 1QP"]


@dataclass(frozen=True)
class SeedSummary:
    organisations: int
    services: int
    staff: int
    people: int
    introductions: int
    episodes: int


def _test_nhs_number(rng: random.Random) -> str:
    """Draw a valid NHS number from the range reserved for testing (999 000 0000–999 999 9999)."""
    while True:
        first_nine = f"999{rng.randrange(0, 1_000_000):06d}"
        check = nhs_number.check_digit(first_nine)
        if check is not None:
            return first_nine + str(check)


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@transaction.atomic
def seed(*, people: int = 300, seed_value: int = 2013, now: dt.datetime | None = None) -> SeedSummary:
    """Create the demo borough (the database should be empty of demo records)."""
    rng = random.Random(seed_value)
    now = now or timezone.now()
    organisations = {
        name: Organisation.objects.create(name=name, kind=kind, ods_code=ods)
        for name, kind, ods in ORGANISATIONS
    }
    services = [
        Service.objects.create(name=name, kind=kind, organisation=organisations[org])
        for name, kind, org in SERVICES
    ]
    staff: dict[str, User] = {}
    for username, (first, last), role, org in STAFF:
        user = User.objects.create_user(
            username=username, password=DEMO_PASSWORD, first_name=first, last_name=last,
            is_staff=role == Role.ADMINISTRATOR, is_superuser=role == Role.ADMINISTRATOR,
        )  # fmt: skip
        Membership.objects.create(user=user, organisation=organisations[org], role=role)
        staff[username] = user
    workers = [staff["hub.worker"], staff["hub.worker2"], staff["hub.lead"]]
    early_help = [
        s for s in services if s.kind not in {ServiceKind.SPECIALIST_CARE, ServiceKind.CRISIS_OUTREACH}
    ]
    specialist = next(s for s in services if s.kind == ServiceKind.SPECIALIST_CARE)
    practitioners = {organisations["Certitude"].pk: staff["practitioner"]}
    practitioners[organisations["South London and Maudsley NHS Foundation Trust"].pk] = staff["clinician"]

    introductions = episodes = 0
    for _ in range(people):
        ethnicity = _weighted(rng, ETHNICITY_WEIGHTS)
        age = rng.choices(
            [rng.randint(18, 25), rng.randint(26, 39), rng.randint(40, 64), rng.randint(65, 90)],
            weights=[18, 41, 31, 10],
        )[0]
        person = Person.objects.create(
            given_name=rng.choice(GIVEN),
            family_name=rng.choice(FAMILY),
            date_of_birth=(now - dt.timedelta(days=age * 365 + rng.randint(0, 364))).date(),
            nhs_number=_test_nhs_number(rng) if rng.random() < 0.8 else "",
            postcode=rng.choice(POSTCODES),
            phone=f"07700 900{rng.randint(0, 999):03d}",
            sex=rng.choice(["1", "2", "2", "1", "9"]) if rng.random() < 0.98 else "X",
            ethnicity=ethnicity,
            consent_share_alliance=rng.random() < 0.9,
            consent_share_alliance_at=now,
            consent_share_gp=rng.random() < 0.85,
            consent_share_gp_at=now,
            previously_known_to_specialist_care=rng.random() < 0.35,
        )
        weights: dict[str, float] = {str(k): float(v) for k, v in SOURCE_WEIGHTS.items()}
        boost = CRISIS_ROUTE_BOOST.get(ethnicity, 1.0)
        weights[Source.EMERGENCY_DEPARTMENT] *= boost
        weights[Source.POLICE] *= boost
        source = _weighted(rng, weights)
        crisis = rng.random() < (
            0.06 * boost if source not in {Source.EMERGENCY_DEPARTMENT, Source.POLICE} else 0.5
        )
        received = now - dt.timedelta(minutes=rng.randint(10, 60 * 24 * 60))
        age_days = (now - received).days
        urgency = Urgency.CRISIS if crisis else (Urgency.URGENT if rng.random() < 0.15 else Urgency.ROUTINE)
        # Older introductions have moved on; the last few days are still in the queue.
        if age_days < 3:
            status = rng.choice(
                [IntroductionStatus.AWAITING_CONTACT] * 3 + [IntroductionStatus.IN_CONVERSATION]
            )
        else:
            status = rng.choices(
                [
                    IntroductionStatus.INTRODUCED_ON,
                    IntroductionStatus.SIGNPOSTED,
                    IntroductionStatus.CLOSED,
                    IntroductionStatus.IN_CONVERSATION,
                ],
                weights=[60, 20, 12, 8],
            )[0]
        if status == IntroductionStatus.INTRODUCED_ON and not person.consent_share_alliance:
            status = IntroductionStatus.SIGNPOSTED
        worker = (
            rng.choice(workers)
            if status != IntroductionStatus.AWAITING_CONTACT or rng.random() < 0.3
            else None
        )
        intro = Introduction.objects.create(
            reference=new_reference(),
            person=person,
            source=source,
            urgency=urgency,
            at_risk_now=crisis and source in {Source.SELF, Source.CARER},
            whats_going_on=rng.choice(
                [
                    "I have been feeling low for months and cannot sleep.",
                    "Worried about losing my flat and it is making me anxious all the time.",
                    "Since losing my job I hardly leave the house.",
                    "GP: low mood, debt worries, would benefit from early support.",
                    "Panic attacks on the bus, struggling to get to work.",
                ]
            ),
            life_areas=rng.sample(LifeArea.values, k=rng.randint(1, 3)),
            received_at=received,
            submission_key=str(uuid.UUID(int=rng.getrandbits(128))),
            status=status,
            allocated_to=worker,
            decided_at=received + dt.timedelta(days=rng.randint(1, 5))
            if status
            in {IntroductionStatus.INTRODUCED_ON, IntroductionStatus.SIGNPOSTED, IntroductionStatus.CLOSED}
            else None,
            close_reason=rng.choice(CloseReason.values) if status == IntroductionStatus.CLOSED else "",
        )
        introductions += 1
        if status == IntroductionStatus.AWAITING_CONTACT or worker is None:
            continue
        first_contact = received + dt.timedelta(
            hours=rng.choice([1, 3, 20, 30, 50, 96])
            if urgency != Urgency.CRISIS
            else rng.choice([1, 2, 3, 5])
        )
        if rng.random() < 0.3:
            ContactAttempt.objects.create(
                introduction=intro,
                at=first_contact - dt.timedelta(hours=1),
                method=ContactMethodUsed.PHONE,
                outcome=ContactOutcome.NO_ANSWER,
                by=worker,
            )
        ContactAttempt.objects.create(
            introduction=intro,
            at=min(first_contact, now),
            method=ContactMethodUsed.PHONE,
            outcome=ContactOutcome.SPOKE,
            by=worker,
        )
        Conversation.objects.create(
            introduction=intro,
            needs=dict.fromkeys(intro.life_areas, "Talked this through together."),
            strengths=rng.choice(
                ["Close to their sister", "Enjoys cooking and running", "Volunteers at the food bank"]
            ),
            what_matters=rng.choice(["Getting back to work", "Keeping the flat", "Seeing friends again"]),
            risk_level="high" if urgency == Urgency.CRISIS else "low",
            recorded_by=worker,
            recorded_at=min(first_contact, now),
        )
        if status != IntroductionStatus.INTRODUCED_ON:
            continue
        destination = (
            specialist if (crisis and rng.random() < 0.5) or rng.random() < 0.04 else rng.choice(early_help)
        )
        made_at = intro.decided_at or now
        answered = age_days > 7 or rng.random() < 0.5
        item = ServiceIntroduction.objects.create(
            introduction=intro, service=destination, person=person, made_by=worker,
            status=ServiceIntroductionStatus.ACCEPTED if answered else ServiceIntroductionStatus.PENDING,
        )  # fmt: skip
        ServiceIntroduction.objects.filter(pk=item.pk).update(made_at=made_at)
        if not answered:
            continue
        responder = practitioners.get(destination.organisation_id, staff["practitioner"])
        accepted_at = min(made_at + dt.timedelta(days=rng.randint(1, 7)), now)
        ServiceIntroduction.objects.filter(pk=item.pk).update(
            responded_by=responder, responded_at=accepted_at
        )
        discharged = (now - accepted_at).days > 42 and rng.random() < 0.7
        episode = Episode.objects.create(
            person=person, service=destination, service_introduction=item, accepted_at=accepted_at,
            status=EpisodeStatus.DISCHARGED if discharged else EpisodeStatus.OPEN,
            discharged_at=accepted_at + dt.timedelta(days=rng.randint(30, 40)) if discharged else None,
            discharge_reason=rng.choice(DischargeReason.values[:3]) if discharged else "",
        )  # fmt: skip
        episodes += 1
        for week in range(rng.randint(1, 6)):
            at = accepted_at + dt.timedelta(days=7 * week)
            if at < now:
                Session.objects.create(
                    episode=episode,
                    at=at,
                    kind=SessionKind.ASSESSMENT if week == 0 else SessionKind.TREATMENT,
                    recorded_by=responder,
                )
    return SeedSummary(len(organisations), len(services), len(staff), people, introductions, episodes)
