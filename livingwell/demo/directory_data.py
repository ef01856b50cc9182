"""Open Referral UK 3.0 service records for the demo borough's directory, and synthetic ones at scale.

Why this exists:
- `demo_directory()` is the demo borough's service directory, as fully nested ORUK services (the shape
  of `network/oruk/schema/compiled/service.json`). The demo loads it through the Open Referral UK
  import, so the demo exercises the same path a real borough's directory feed would. It holds the
  alliance's core services (`borough.SERVICES`, same names, kinds and partners) and the NHS trust's,
  the council's and the voluntary sector's wider offer.
- `synthetic_directory(n)` makes `n` random but reproducible services in the same shape: it feeds the
  import/export round-trip test and the 10,000-service benchmark.

Both are pure Python (no ORM, no database). Every id is a UUID 5 in `taxonomy.NAMESPACE` of a path
such as "service/<name>" or "location/<name>", so the same record always gets the same id. Shared
objects (an organisation, a location, a taxonomy term) keep one id wherever they are nested.

Fields the UK profile lacks ride as extensions: the service's `phones`, `eligibility_description`
and the languages' `name` and `code` (HSDS 3.0 core has them), and `livingwell`, the staff-only
alliance fields (partner, introductions, response standard, capacity). Empty optional fields are
left out rather than sent as null or "".

Phone numbers are in Ofcom's range for drama (020 7946 0000–0999); web and mail addresses are on
example.org; people, places and organisations beyond the borough's partners are invented.
"""

from __future__ import annotations

import random
import re
import uuid
from dataclasses import dataclass
from typing import Any

from livingwell.codes import LifeArea
from livingwell.demo import borough
from livingwell.network import taxonomy
from livingwell.network.models import ServiceKind

LAST_MODIFIED = "2026-11-01T09:00:00Z"
COUNTRY = "GB"
CITY = "London"
STATE_PROVINCE = "Greater London"
SERVICE_AREA = "Lambeth"

LANGUAGES = {
    "en": "English",
    "pt": "Portuguese",
    "es": "Spanish",
    "so": "Somali",
    "pl": "Polish",
    "bn": "Bengali",
    "yo": "Yoruba",
    "tw": "Twi",
    "fr": "French",
}

# The alliance partners that run services: not the GP practices, nor the commissioner.
PARTNER_KINDS = {"alliance", "nhs_trust", "council", "voluntary"}
PARTNER_NAMES = [name for name, kind, _ in borough.ORGANISATIONS if str(kind) in PARTNER_KINDS]


def make_id(path: str) -> str:
    """The fixed id of the object at `path` (e.g. "service/Lambeth Timebank")."""
    return str(uuid.uuid5(taxonomy.NAMESPACE, path))


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


# --- The building blocks of a service -----------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A location. One without a postcode is online or by phone (ORUK's "virtual")."""

    key: str
    name: str
    address_1: str = ""
    postal_code: str = ""
    latitude: float = 0.0
    longitude: float = 0.0


@dataclass(frozen=True)
class Hours:
    """A weekly opening pattern (`interval` 2 is fortnightly)."""

    byday: str
    opens_at: str
    closes_at: str
    description: str
    interval: int = 1


@dataclass(frozen=True)
class Org:
    key: str
    name: str
    description: str

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass(frozen=True)
class Spec:
    """Everything one service record is made of, resolved (both generators make these)."""

    key: str  # the path its ids are made from: its name in the demo, a serial number when synthetic
    name: str
    description: str
    eligibility: str
    kind: str
    needs: tuple[str, ...]
    org: Org
    places: tuple[Place, ...]
    hours: tuple[Hours, ...]
    minimum_age: int | None
    maximum_age: int | None
    languages: tuple[str, ...]
    charge: tuple[float, str] | None  # (amount, what it's for); None is free
    status: str
    contact: tuple[str, str]  # (name, title)
    phones: tuple[tuple[str, str], ...]  # (number, description)
    partner: str | None
    accepts_introductions: bool
    response_hours: int
    capacity: dict[str, int]


WEEKDAYS = "MO,TU,WE,TH,FR"
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"
SCHEDULES: dict[str, tuple[Hours, ...]] = {
    "weekdays": (Hours(WEEKDAYS, "09:00", "17:00", "Monday to Friday, 9am to 5pm."),),
    "weekdays_late": (
        Hours("MO,TU,WE,TH", "09:00", "20:00", "Monday to Thursday, 9am to 8pm."),
        Hours("FR", "09:00", "17:00", "Friday, 9am to 5pm."),
    ),
    "office": (Hours(WEEKDAYS, "10:00", "16:00", "Monday to Friday, 10am to 4pm."),),
    "always": (Hours(EVERY_DAY, "00:00", "23:59", "Open 24 hours a day, every day of the year."),),
    "extended": (Hours(EVERY_DAY, "08:00", "21:00", "Every day, 8am to 9pm, including bank holidays."),),
    "evenings": (Hours(EVERY_DAY, "18:00", "23:00", "Every evening, 6pm to 11pm."),),
    "weekend_nights": (Hours("FR,SA", "20:00", "23:59", "Friday and Saturday nights, 8pm to midnight."),),
    "tuesday_morning": (Hours("TU", "10:00", "12:00", "Tuesdays, 10am to noon."),),
    "wednesday_evening": (Hours("WE", "18:30", "20:30", "Wednesday evenings, 6:30pm to 8:30pm."),),
    "thursday_afternoon": (Hours("TH", "13:00", "16:00", "Thursday afternoons, 1pm to 4pm."),),
    "saturday_morning": (Hours("SA", "10:00", "13:00", "Saturday mornings, 10am to 1pm."),),
    "fortnightly_monday": (Hours("MO", "14:00", "16:00", "Every other Monday, 2pm to 4pm.", interval=2),),
    "twice_weekly": (
        Hours("TU,TH", "10:00", "13:00", "Tuesdays and Thursdays, 10am to 1pm."),
        Hours("SA", "11:00", "14:00", "Saturdays, 11am to 2pm."),
    ),
}


# --- Building the record ------------------------------------------------------------------------


NEED_TERMS = {area.value: taxonomy.term_document(taxonomy.NEEDS, area.value) for area in LifeArea}
KIND_TERMS = {kind.value: taxonomy.term_document(taxonomy.SERVICE_KINDS, kind.value) for kind in ServiceKind}


def _organization(org: Org) -> dict[str, Any]:
    return {
        "id": make_id(f"organization/{org.key}"),
        "name": org.name,
        "description": org.description,
        "website": f"https://example.org/{org.slug}",
        "email": f"{org.slug[:60]}@example.org",
    }


def _location(place: Place) -> dict[str, Any]:
    location_id = make_id(f"location/{place.key}")
    if not place.postal_code:
        return {"id": location_id, "location_type": "virtual", "name": place.name}
    return {
        "id": location_id,
        "location_type": "physical",
        "name": place.name,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "addresses": [
            {
                "id": make_id(f"address/{place.key}"),
                "location_id": location_id,
                "address_1": place.address_1,
                "city": CITY,
                "state_province": STATE_PROVINCE,
                "postal_code": place.postal_code,
                "country": COUNTRY,
                "address_type": "physical",
            }
        ],
    }


def _attribute(service_id: str, key: str, link_type: str, term: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": make_id(f"attribute/{key}"),
        "link_id": service_id,
        "link_type": link_type,
        "taxonomy_term_id": term["id"],
        "taxonomy_term": dict(term),
    }


def _schedule(service_id: str, key: str, hours: Hours) -> dict[str, Any]:
    return {
        "id": make_id(f"schedule/{key}"),
        "service_id": service_id,
        "freq": "WEEKLY",
        "interval": hours.interval,
        "byday": hours.byday,
        "opens_at": hours.opens_at,
        "closes_at": hours.closes_at,
        "description": hours.description,
    }


def _cost_option(service_id: str, key: str, charge: tuple[float, str] | None) -> dict[str, Any]:
    option: dict[str, Any] = {"id": make_id(f"cost_option/{key}"), "service_id": service_id}
    if charge is None:
        option.update(option="Free", amount=0)
    else:
        amount, what = charge
        option.update(option="Small charge", amount=amount, amount_description=what)
    return option


def _livingwell(spec: Spec) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if spec.partner:
        fields["partner"] = spec.partner
    fields["accepts_introductions"] = spec.accepts_introductions
    fields["response_standard_hours"] = spec.response_hours
    fields["capacity"] = dict(spec.capacity)
    return fields


def build_service(spec: Spec) -> dict[str, Any]:
    """The fully nested ORUK service for `spec`, with our extension fields."""
    key = spec.key
    service_id = make_id(f"service/{key}")
    organization = _organization(spec.org)
    service: dict[str, Any] = {
        "id": service_id,
        "organization_id": organization["id"],
        "name": spec.name,
        "description": spec.description,
        "url": f"https://example.org/{spec.org.slug}/{slugify(spec.name)}",
        "email": f"{slugify(spec.name)[:60]}@example.org",
        "status": spec.status,
    }
    if spec.minimum_age is not None:
        service["minimum_age"] = spec.minimum_age
    if spec.maximum_age is not None:
        service["maximum_age"] = spec.maximum_age
    service["last_modified"] = LAST_MODIFIED
    service["eligibility_description"] = spec.eligibility
    service["organization"] = organization
    service["service_at_locations"] = [
        {
            "id": make_id(f"service_at_location/{key}/{place.key}"),
            "service_id": service_id,
            "location_id": (location := _location(place))["id"],
            "location": location,
        }
        for place in spec.places
    ]
    service["schedules"] = [_schedule(service_id, f"{key}/{i}", h) for i, h in enumerate(spec.hours)]
    service["contacts"] = [
        {
            "id": make_id(f"contact/{key}"),
            "service_id": service_id,
            "name": spec.contact[0],
            "title": spec.contact[1],
        }
    ]
    service["phones"] = [
        {"id": make_id(f"phone/{key}/{i}"), "number": number, "description": description}
        for i, (number, description) in enumerate(spec.phones)
    ]
    service["cost_options"] = [_cost_option(service_id, key, spec.charge)]
    service["languages"] = [
        {
            "id": make_id(f"language/{key}/{code}"),
            "service_id": service_id,
            "name": LANGUAGES[code],
            "code": code,
        }
        for code in spec.languages
    ]
    service["service_areas"] = [
        {"id": make_id(f"service_area/{key}"), "service_id": service_id, "name": SERVICE_AREA}
    ]
    service["attributes"] = [
        *(
            _attribute(service_id, f"{key}/need/{need}", taxonomy.NEEDS_LINK_TYPE, NEED_TERMS[need])
            for need in spec.needs
        ),
        _attribute(service_id, f"{key}/kind", taxonomy.KIND_LINK_TYPE, KIND_TERMS[spec.kind]),
    ]
    service["livingwell"] = _livingwell(spec)
    # Leave out what is empty (a phone-only service has no locations, a group may have no phone).
    return {name: value for name, value in service.items() if value not in ([], "", None)}


# --- The demo borough ---------------------------------------------------------------------------

TRUST = "South London and Maudsley NHS Foundation Trust"
COUNCIL = "Lambeth Council"
CERTITUDE = "Certitude"
THAMES_REACH = "Thames Reach"

PARTNER_DESCRIPTIONS = {
    "Living Well Network Alliance": "The alliance of NHS, council and voluntary partners that runs the "
    "Living Well Network in the borough.",
    TRUST: "The NHS trust that provides mental health care in the borough, in the community and in hospital.",
    COUNCIL: "The local council: housing, benefits, adult social care, libraries, parks and adult learning.",
    CERTITUDE: "A charity that supports people with mental health problems and learning disabilities to "
    "live the life they choose.",
    THAMES_REACH: "A charity that helps people who are homeless or at risk of losing their home to find and "
    "keep a place to live.",
}

# Voluntary and community organisations in the directory that are not alliance partners (invented).
COMMUNITY_ORGANISATIONS = {
    "Brixton Money Advice Centre": "Free, confidential advice on debt, benefits and money worries.",
    "Stockwell Housing Advice Project": "Independent advice for people who rent, are homeless or may lose "
    "their home.",
    "Streatham Hill Growers": "Volunteers who run a community garden and food-growing sessions.",
    "Lambeth Walking Friends": "Volunteer-led walks in the borough's parks and green spaces.",
    "Windrush Arts Collective": "A community arts studio in Brixton, open to everyone.",
    "Kennington Faith Network": "Churches, mosques, temples and other faith groups working together for "
    "their neighbours.",
    "South London Rainbow Community": "A social and support network run by and for LGBTQ+ people.",
    "African and Caribbean Wellbeing Forum": "A community organisation supporting the wellbeing of Black "
    "African and Caribbean people in Lambeth.",
    "Lambeth Carers Circle": "Support, advice and a break for people who look after a family member or friend.",
    "Vauxhall Recovery Community": "People in recovery from alcohol and drug use supporting each other.",
    "Herne Hill Counselling Trust": "A charity offering counselling at low or no cost.",
    "Clapham Sanctuary Trust": "A charity running safe, calm places to go when things feel too much.",
    "Norwood Timebank Association": "A neighbourhood timebank in Norwood and Herne Hill.",
    "Lusophone and Hispanic Families Lambeth": "A community group for Portuguese- and Spanish-speaking "
    "families in Lambeth.",
    "Somali Wellbeing Lambeth": "A Somali community group offering support, information and friendship.",
}

PLACES = {
    place.key: place
    for place in (
        Place("North Living Well Centre", "North Living Well Centre", "12 Kennington Lane", "SE11 4HJ", 51.4873, -0.1105),
        Place("Central Living Well Centre", "Central Living Well Centre", "8 Acre Lane", "SW9 8BP", 51.4612, -0.1185),
        Place("South Living Well Centre", "South Living Well Centre", "40 Streatham Hill", "SW2 4RU", 51.4455, -0.1262),
        Place("Civic Centre", "Lambeth Civic Centre", "6 Brixton Hill", "SW2 1RW", 51.4598, -0.1160),
        Place("Brixton Community Hub", "Brixton Community Hub", "21 Coldharbour Lane", "SW9 8AA", 51.4618, -0.1110),
        Place("Stockwell Community Centre", "Stockwell Community Centre", "3 Stockwell Road", "SW9 9TR", 51.4718, -0.1210),
        Place("Vauxhall Community Hall", "Vauxhall Community Hall", "50 Harleyford Road", "SE11 5HL", 51.4840, -0.1180),
        Place("Herne Hill Parish Hall", "Herne Hill Parish Hall", "15 Half Moon Lane", "SE24 0PB", 51.4530, -0.0960),
        Place("Clapham Library Rooms", "Clapham Library Rooms", "1 Clapham High Street", "SW4 7AB", 51.4640, -0.1360),
        Place("Tulse Hill House", "Tulse Hill House", "27 Tulse Hill", "SW2 2TN", 51.4460, -0.1080),
        Place("Waterloo Action Rooms", "Waterloo Action Rooms", "14 Baylis Road", "SE1 7AA", 51.4990, -0.1120),
        Place("Loughborough Junction Hub", "Loughborough Junction Hub", "9 Loughborough Road", "SW9 7RA", 51.4660, -0.1020),
        Place("Norwood Road Centre", "Norwood Road Centre", "88 Norwood Road", "SE24 9BB", 51.4475, -0.1010),
        Place("Kennington Park Garden", "Kennington Park Community Garden", "Kennington Park Place", "SE11 4BE", 51.4840, -0.1060),
        Place("Brockwell Park Gate", "Brockwell Park Gate", "Dulwich Road", "SE24 0NG", 51.4560, -0.1070),
        Place("Online", "Online and by phone"),
    )
}  # fmt: skip


@dataclass(frozen=True)
class DemoService:
    """A row of the demo directory. `introductions` None means "yes if an alliance partner runs it"."""

    name: str
    kind: ServiceKind
    organisation: str
    needs: tuple[LifeArea, ...]
    description: str
    eligibility: str = "Adults aged 18 or over who live in Lambeth or have a Lambeth GP."
    places: tuple[str, ...] = ()
    schedule: str = "weekdays"
    ages: tuple[int | None, int | None] = (18, None)
    languages: tuple[str, ...] = ("en",)
    introductions: bool | None = None
    response_hours: int = 120
    capacity: tuple[str, int] = ("weekly_slots", 20)
    charge: tuple[float, str] | None = None
    status: str = "active"
    title: str = "Service manager"
    phone: str = "Main line"  # "" for a group without a phone


A = LifeArea
K = ServiceKind
WORKING_AGE = (18, 65)

DEMO_SERVICES = [
    # The alliance's core services (borough.SERVICES).
    DemoService(
        "Short Term Support", K.SHORT_TERM_SUPPORT, CERTITUDE, (A.MOOD, A.ANXIETY, A.HOUSING, A.MONEY),
        "Up to twelve weeks of practical and emotional support from a support worker, to get through a "
        "hard patch and back on track: sorting out bills, housing, work or getting out more.",
        places=("Central Living Well Centre", "Stockwell Community Centre"), response_hours=48,
        capacity=("caseload", 120), title="Team leader",
    ),
    DemoService(
        "Focused Support – North Living Well Centre", K.FOCUSED_SUPPORT, TRUST, (A.MOOD, A.ANXIETY, A.RELATIONSHIPS),
        "Joined-up support from nurses, social workers, psychologists and peer workers for people whose "
        "mental health needs more than short-term help. Covers the north of the borough.",
        places=("North Living Well Centre",), schedule="weekdays_late", ages=WORKING_AGE,
        capacity=("caseload", 300), title="Team manager",
    ),
    DemoService(
        "Focused Support – Central Living Well Centre", K.FOCUSED_SUPPORT, TRUST, (A.MOOD, A.ANXIETY, A.RELATIONSHIPS),
        "Joined-up support from nurses, social workers, psychologists and peer workers for people whose "
        "mental health needs more than short-term help. Covers the centre of the borough.",
        places=("Central Living Well Centre",), schedule="weekdays_late", ages=WORKING_AGE,
        languages=("en", "pt"), capacity=("caseload", 320), title="Team manager",
    ),
    DemoService(
        "Focused Support – South Living Well Centre", K.FOCUSED_SUPPORT, TRUST, (A.MOOD, A.ANXIETY, A.RELATIONSHIPS),
        "Joined-up support from nurses, social workers, psychologists and peer workers for people whose "
        "mental health needs more than short-term help. Covers the south of the borough.",
        places=("South Living Well Centre",), schedule="weekdays_late", ages=WORKING_AGE,
        capacity=("caseload", 280), title="Team manager",
    ),
    DemoService(
        "Lambeth Talking Therapies", K.TALKING_THERAPIES, TRUST, (A.MOOD, A.ANXIETY),
        "Talking therapies for low mood, worry, stress and panic: guided self-help, courses and one-to-one "
        "therapy, in person, by video or by phone. You can refer yourself.",
        eligibility="Anyone aged 16 or over registered with a Lambeth GP.", ages=(16, None),
        places=("Central Living Well Centre", "Online"), schedule="weekdays_late",
        languages=("en", "es", "pl", "bn"), capacity=("weekly_slots", 250), title="Clinical lead",
    ),
    DemoService(
        "Peer Support Network", K.PEER_SUPPORT, CERTITUDE, (A.LONELINESS, A.MOOD),
        "One-to-one and group support from trained peer workers who have their own experience of mental "
        "health problems and recovery.",
        places=("Brixton Community Hub",), capacity=("caseload", 80), title="Peer support coordinator",
    ),
    DemoService(
        "Lambeth Timebank", K.TIMEBANK, THAMES_REACH, (A.LONELINESS, A.WORK),
        "Give an hour of your time and skills, such as cooking, DIY or conversation, and get an hour back "
        "from another member. A friendly way to meet neighbours and feel useful.",
        eligibility="Anyone aged 16 or over who lives or works in Lambeth.", ages=(16, None),
        places=("Loughborough Junction Hub",), schedule="office", capacity=("weekly_slots", 40),
        title="Timebank broker",
    ),
    DemoService(
        "Staying Well Community Offer", K.STAYING_WELL, COUNCIL, (A.LONELINESS, A.PHYSICAL_HEALTH, A.MOOD),
        "Help to find local activities, groups and advice that keep you well, from exercise and courses "
        "to volunteering. A staying-well worker can meet you to plan what would help.",
        places=("Civic Centre",), capacity=("weekly_slots", 60), title="Community offer lead",
    ),
    DemoService(
        "Crisis Outreach", K.CRISIS_OUTREACH, TRUST, (A.MOOD, A.ANXIETY),
        "A team that comes out to see people in a mental health crisis at home or in the community, any time "
        "of the day or night, and stays involved for the first few days.",
        eligibility="Adults in Lambeth in a mental health crisis.", schedule="always", response_hours=4,
        capacity=("caseload", 40), title="Duty manager", phone="24-hour crisis line",
    ),
    DemoService(
        "Specialist Community Mental Health Team", K.SPECIALIST_CARE, TRUST, (A.MOOD, A.PHYSICAL_HEALTH),
        "Longer-term specialist care for people with severe and complex mental illness, including "
        "psychiatrists, care coordinators and psychological therapy.",
        eligibility="Adults with severe mental illness, introduced by a Living Well Centre.",
        places=("North Living Well Centre", "South Living Well Centre"), ages=WORKING_AGE,
        capacity=("caseload", 450), title="Consultant psychiatrist",
    ),
    # The NHS trust's wider offer.
    DemoService(
        "Individual Placement and Support", K.STAYING_WELL, TRUST, (A.WORK, A.MONEY),
        "An employment specialist helps you look for paid work that suits you and keeps supporting you and "
        "your employer once you start.",
        eligibility="Working-age adults supported by a Living Well Centre who want paid work.",
        places=("Central Living Well Centre",), ages=WORKING_AGE, capacity=("caseload", 60),
        title="Employment specialist",
    ),
    DemoService(
        "Lambeth Crisis Line", K.CRISIS_OUTREACH, TRUST, (A.MOOD, A.ANXIETY),
        "A phone line for anyone worried about their own or someone else's mental health, open day and "
        "night. Staff listen, help you stay safe and arrange a visit if needed.",
        eligibility="Anyone in Lambeth, of any age.", ages=(None, None), schedule="always",
        introductions=False, response_hours=4, capacity=("weekly_slots", 600), title="Line coordinator",
        phone="24-hour crisis line",
    ),
    DemoService(
        "Home Treatment Team", K.CRISIS_OUTREACH, TRUST, (A.MOOD, A.ANXIETY),
        "Intensive support at home for a few weeks, as an alternative to going into hospital during a "
        "mental health crisis.",
        eligibility="Adults in a mental health crisis who would otherwise need a hospital stay.",
        places=("South Living Well Centre",), schedule="always", response_hours=4,
        capacity=("caseload", 30), title="Team manager", phone="24-hour line",
    ),
    DemoService(
        "Early Intervention in Psychosis", K.SPECIALIST_CARE, TRUST, (A.MOOD, A.WORK, A.RELATIONSHIPS),
        "Support for young people and adults who have a first experience of psychosis, with help for their "
        "families too.",
        eligibility="People aged 14 to 65 with a first episode of psychosis.", ages=(14, 65),
        places=("North Living Well Centre",), capacity=("caseload", 150), title="Team manager",
    ),
    DemoService(
        "Talking Therapies for Long-Term Conditions", K.TALKING_THERAPIES, TRUST, (A.PHYSICAL_HEALTH, A.ANXIETY),
        "Therapy for people living with diabetes, heart or lung conditions or long-term pain, to help manage "
        "the worry and low mood that can come with them.",
        places=("Online",), languages=("en", "bn"), capacity=("weekly_slots", 60), title="Clinical lead",
    ),
    DemoService(
        "Lambeth Drug and Alcohol Service", K.STAYING_WELL, TRUST, (A.ALCOHOL_DRUGS, A.PHYSICAL_HEALTH),
        "Confidential help to cut down or stop drinking or using drugs: assessments, prescribing, "
        "key workers and groups. You can refer yourself.",
        places=("Vauxhall Community Hall",), schedule="weekdays_late", capacity=("caseload", 400),
        languages=("en", "pl", "pt"), title="Service manager",
    ),
    DemoService(
        "Physical Health Clinic", K.STAYING_WELL, TRUST, (A.PHYSICAL_HEALTH,),
        "Yearly health checks, help to stop smoking and advice on diet and exercise for people with serious "
        "mental illness.",
        eligibility="Adults supported by a Living Well Centre or the community mental health team.",
        places=("Central Living Well Centre",), schedule="thursday_afternoon", title="Lead nurse",
    ),
    # The council's.
    DemoService(
        "Lambeth Housing Options", K.STAYING_WELL, COUNCIL, (A.HOUSING,),
        "Advice if you are homeless or might lose your home, help to stay where you are, and emergency "
        "accommodation when you have nowhere safe to stay.",
        eligibility="Anyone aged 16 or over who is homeless or at risk of homelessness in Lambeth.",
        ages=(16, None), places=("Civic Centre",), languages=("en", "so", "pt", "fr"),
        response_hours=48, capacity=("weekly_slots", 150), title="Housing options manager",
    ),
    DemoService(
        "Welfare Benefits Advice", K.STAYING_WELL, COUNCIL, (A.MONEY,),
        "Help to check which benefits you can get, fill in forms and ask for a decision to be looked at "
        "again.",
        places=("Civic Centre", "Online"), schedule="office", capacity=("weekly_slots", 80),
        title="Welfare rights adviser",
    ),
    DemoService(
        "Lambeth Working Well", K.STAYING_WELL, COUNCIL, (A.WORK,),
        "Coaching, CV help, interview practice and links to local employers for people who want to get "
        "back into work.",
        places=("Brixton Community Hub",), ages=WORKING_AGE, capacity=("caseload", 90),
        title="Employment coach",
    ),
    DemoService(
        "Lambeth Adult Learning", K.STAYING_WELL, COUNCIL, (A.WORK, A.LONELINESS),
        "Short courses in English, maths, computers, cooking and crafts, in friendly classes across the "
        "borough.",
        eligibility="Adults aged 19 or over living in Lambeth.", ages=(19, None),
        places=("Clapham Library Rooms", "Norwood Road Centre"), schedule="twice_weekly",
        introductions=False, charge=(5, "£5 a course; free for people on benefits."),
        title="Learning coordinator",
    ),
    DemoService(
        "Carers Assessment Team", K.STAYING_WELL, COUNCIL, (A.RELATIONSHIPS, A.MONEY),
        "An assessment of what you need as someone who looks after a family member or friend, and help with "
        "breaks, equipment and money.",
        eligibility="Adults who care for someone living in Lambeth.", places=("Civic Centre",),
        capacity=("weekly_slots", 30), title="Carers lead",
    ),
    DemoService(
        "Parks Health Walks", K.STAYING_WELL, COUNCIL, (A.PHYSICAL_HEALTH, A.LONELINESS),
        "Gentle, free walks of about an hour led by trained volunteers. Just turn up in comfortable shoes.",
        eligibility="Anyone, at any fitness level.", ages=(None, None), places=("Brockwell Park Gate",),
        schedule="tuesday_morning", introductions=False, title="Walks coordinator", phone="",
    ),
    # Certitude's.
    DemoService(
        "Hearing Voices Group", K.PEER_SUPPORT, CERTITUDE, (A.MOOD, A.LONELINESS),
        "A safe group for people who hear voices or see things others don't, to share experiences and ways "
        "of coping.",
        places=("Stockwell Community Centre",), schedule="wednesday_evening", introductions=False,
        title="Group facilitator", phone="",
    ),
    DemoService(
        "Certitude Wellbeing Café", K.STAYING_WELL, CERTITUDE, (A.LONELINESS, A.MOOD),
        "Drop in for a cup of tea, a chat and activities such as board games and crafts, with staff on hand "
        "if you want to talk.",
        places=("Brixton Community Hub",), schedule="thursday_afternoon", introductions=False,
        title="Café coordinator",
    ),
    DemoService(
        "Young Adults Peer Group", K.PEER_SUPPORT, CERTITUDE, (A.LONELINESS, A.ANXIETY, A.RELATIONSHIPS),
        "A weekly peer support group for young people aged 16 to 25 to meet others, share what's going on "
        "and try new things together.",
        eligibility="Young people aged 16 to 25 in Lambeth.", ages=(16, 25),
        places=("Loughborough Junction Hub",), schedule="wednesday_evening", capacity=("weekly_slots", 15),
        title="Youth peer worker",
    ),
    DemoService(
        "Men's Peer Support Group", K.PEER_SUPPORT, CERTITUDE, (A.MOOD, A.LONELINESS),
        "A relaxed group where men can talk about how they are really doing, run by men with their own "
        "experience of mental health problems.",
        places=("Vauxhall Community Hall",), schedule="fortnightly_monday", capacity=("weekly_slots", 12),
        title="Peer worker",
    ),
    DemoService(
        "Certitude Support into Work", K.STAYING_WELL, CERTITUDE, (A.WORK,),
        "Help to find volunteering, training or a job, at your own pace, with a worker who understands "
        "mental health.",
        places=("Stockwell Community Centre",), ages=WORKING_AGE, capacity=("caseload", 50),
        title="Work coach",
    ),
    # Thames Reach's.
    DemoService(
        "Tenancy Sustainment Service", K.STAYING_WELL, THAMES_REACH, (A.HOUSING, A.MONEY),
        "A support worker helps you keep your home: sorting out rent arrears, repairs, bills and "
        "neighbour problems.",
        places=("Loughborough Junction Hub",), response_hours=48, capacity=("caseload", 70),
        title="Tenancy support manager",
    ),
    DemoService(
        "Street Outreach Team", K.STAYING_WELL, THAMES_REACH, (A.HOUSING, A.ALCOHOL_DRUGS, A.PHYSICAL_HEALTH),
        "Outreach workers who go out early in the morning to meet people sleeping rough and help them off the "
        "street.",
        eligibility="Anyone sleeping rough in Lambeth.", schedule="extended", response_hours=48,
        capacity=("caseload", 60), title="Outreach coordinator",
    ),
    DemoService(
        "Thames Reach Befriending", K.STAYING_WELL, THAMES_REACH, (A.LONELINESS,),
        "A volunteer befriender visits or calls once a week for a chat, a walk or a coffee.",
        places=("Online",), capacity=("caseload", 40), title="Befriending coordinator",
    ),
    # The voluntary and community sector's (not alliance partners).
    DemoService(
        "Debt Advice Drop-in", K.STAYING_WELL, "Brixton Money Advice Centre", (A.MONEY,),
        "Free help with debts, arrears and bailiffs. Bring any letters you have; an adviser will help you "
        "work out what to do first.",
        places=("Brixton Community Hub",), schedule="twice_weekly", languages=("en", "pl", "yo"),
        title="Debt adviser",
    ),
    DemoService(
        "Benefits Appeals Help", K.STAYING_WELL, "Brixton Money Advice Centre", (A.MONEY,),
        "Help to challenge a benefits decision, from asking for it to be looked at again to a tribunal "
        "hearing.",
        places=("Online",), title="Welfare rights caseworker",
    ),
    DemoService(
        "Housing Advice Clinic", K.STAYING_WELL, "Stockwell Housing Advice Project", (A.HOUSING,),
        "Advice on renting, repairs, eviction and homelessness from trained advisers, by appointment or "
        "drop-in.",
        ages=(16, None), eligibility="Anyone aged 16 or over with a housing problem in Lambeth.",
        places=("Stockwell Community Centre",), schedule="office", languages=("en", "pt", "es"),
        title="Housing adviser",
    ),
    DemoService(
        "Community Garden Sessions", K.STAYING_WELL, "Streatham Hill Growers", (A.LONELINESS, A.PHYSICAL_HEALTH),
        "Grow fruit, vegetables and flowers with others. No experience needed; tools, gloves and tea "
        "provided.",
        eligibility="Anyone aged 16 or over. Just come along.", ages=(16, None),
        places=("Kennington Park Garden",), schedule="saturday_morning", title="Garden coordinator", phone="",
    ),
    DemoService(
        "Saturday Walks", K.STAYING_WELL, "Lambeth Walking Friends", (A.PHYSICAL_HEALTH, A.LONELINESS),
        "Friendly walks of one to two hours through Brockwell Park and beyond, finishing with a coffee.",
        eligibility="Anyone who can walk for an hour. Children welcome with an adult.", ages=(None, None),
        places=("Brockwell Park Gate",), schedule="saturday_morning", title="Walk leader", phone="",
    ),
    DemoService(
        "Open Studio", K.STAYING_WELL, "Windrush Arts Collective", (A.MOOD, A.LONELINESS),
        "Painting, printing and pottery in a relaxed shared studio. Materials provided.",
        eligibility="Anyone aged 16 or over.", ages=(16, None), places=("Brixton Community Hub",),
        schedule="wednesday_evening", charge=(3, "£3 a session, or pay what you can."),
        status="temporarily closed", title="Studio manager",
    ),
    DemoService(
        "Faith Wellbeing Circle", K.STAYING_WELL, "Kennington Faith Network", (A.LONELINESS, A.MOOD, A.RELATIONSHIPS),
        "A weekly gathering hosted by local faith groups for anyone who would like company, a listening ear "
        "and a hot meal. You do not need to be religious.",
        eligibility="Anyone. You do not need to belong to a faith.", ages=(None, None),
        places=("Waterloo Action Rooms",), schedule="tuesday_morning", title="Circle host",
    ),
    DemoService(
        "LGBTQ+ Social Group", K.STAYING_WELL, "South London Rainbow Community", (A.LONELINESS, A.RELATIONSHIPS),
        "A friendly evening social for lesbian, gay, bisexual, trans, queer and questioning people.",
        places=("Vauxhall Community Hall",), schedule="wednesday_evening", title="Group organiser",
    ),
    DemoService(
        "Trans and Non-binary Peer Support", K.PEER_SUPPORT, "South London Rainbow Community", (A.MOOD, A.LONELINESS),
        "A confidential peer support group for trans and non-binary people, meeting fortnightly.",
        ages=(16, None), eligibility="Trans and non-binary people aged 16 or over.",
        places=("Vauxhall Community Hall", "Online"), schedule="fortnightly_monday", title="Peer facilitator",
    ),
    DemoService(
        "Black Men's Wellbeing Group", K.STAYING_WELL, "African and Caribbean Wellbeing Forum", (A.MOOD, A.LONELINESS),
        "A space for Black men to talk, reason and support each other, with guest speakers on health, work "
        "and family.",
        places=("Loughborough Junction Hub",), schedule="thursday_afternoon", languages=("en", "yo", "tw"),
        title="Group lead",
    ),
    DemoService(
        "Sister Circle", K.STAYING_WELL, "African and Caribbean Wellbeing Forum", (A.MOOD, A.RELATIONSHIPS),
        "A women's group for Black African and Caribbean women to share food, stories and support.",
        places=("Brixton Community Hub",), schedule="saturday_morning", languages=("en", "yo", "tw", "fr"),
        title="Group lead",
    ),
    DemoService(
        "Carers' Support Group", K.STAYING_WELL, "Lambeth Carers Circle", (A.RELATIONSHIPS, A.LONELINESS),
        "Meet other carers, get practical advice and take a little time for yourself.",
        eligibility="Adults who look after a family member or friend in Lambeth.",
        places=("Norwood Road Centre",), schedule="fortnightly_monday", languages=("en", "bn"),
        title="Carers support worker",
    ),
    DemoService(
        "Young Carers' Group", K.STAYING_WELL, "Lambeth Carers Circle", (A.RELATIONSHIPS, A.LONELINESS),
        "Activities, trips and a chance to talk for young people who look after someone at home.",
        eligibility="Young carers aged 16 to 25.", ages=(16, 25), places=("Norwood Road Centre",),
        schedule="wednesday_evening", title="Young carers worker",
    ),
    DemoService(
        "Recovery Peer Group", K.PEER_SUPPORT, "Vauxhall Recovery Community", (A.ALCOHOL_DRUGS, A.LONELINESS),
        "Mutual support for people recovering from alcohol or drug use, run by people in recovery.",
        places=("Vauxhall Community Hall",), schedule="twice_weekly", title="Recovery champion",
    ),
    DemoService(
        "Low-cost Counselling", K.TALKING_THERAPIES, "Herne Hill Counselling Trust", (A.MOOD, A.ANXIETY, A.RELATIONSHIPS),
        "Up to twenty weekly sessions with a qualified counsellor, in person or by video.",
        places=("Herne Hill Parish Hall", "Online"), schedule="weekdays_late", languages=("en", "es", "fr"),
        charge=(10, "£10 a session, or less if you are on a low income."), title="Counselling coordinator",
    ),
    DemoService(
        "Bereavement Counselling", K.TALKING_THERAPIES, "Herne Hill Counselling Trust", (A.MOOD, A.RELATIONSHIPS),
        "Free counselling for anyone who has lost someone close to them.",
        places=("Herne Hill Parish Hall",), schedule="office", title="Bereavement counsellor",
    ),
    DemoService(
        "Evening Crisis Café", K.CRISIS_OUTREACH, "Clapham Sanctuary Trust", (A.MOOD, A.ANXIETY, A.LONELINESS),
        "A calm, welcoming place to go in the evening when you are struggling, with trained staff to talk to "
        "and help to plan the next few days. No appointment needed.",
        places=("Clapham Library Rooms",), schedule="evenings", response_hours=4, title="Café manager",
    ),
    DemoService(
        "Weekend Sanctuary", K.CRISIS_OUTREACH, "Clapham Sanctuary Trust", (A.MOOD, A.ANXIETY),
        "A safe space through Friday and Saturday nights for people in emotional distress.",
        places=("Tulse Hill House",), schedule="weekend_nights", response_hours=4,
        status="temporarily closed", title="Sanctuary coordinator",
    ),
    DemoService(
        "Norwood and Herne Hill Timebank", K.TIMEBANK, "Norwood Timebank Association", (A.LONELINESS,),
        "Swap skills and favours with neighbours in Norwood and Herne Hill: gardening, lifts, language "
        "practice and more.",
        eligibility="Anyone aged 16 or over in Norwood and Herne Hill.", ages=(16, None),
        places=("Norwood Road Centre",), schedule="office", title="Timebank broker",
    ),
    DemoService(
        "Family Wellbeing Group", K.STAYING_WELL, "Lusophone and Hispanic Families Lambeth", (A.RELATIONSHIPS, A.MOOD),
        "A Portuguese and Spanish-speaking group for parents and carers to meet, share worries and get "
        "information about local services.",
        ages=(None, None), eligibility="Portuguese and Spanish-speaking families in Lambeth.",
        places=("Stockwell Community Centre",), schedule="saturday_morning", languages=("pt", "es", "en"),
        title="Community worker",
    ),
    DemoService(
        "Somali Women's Wellbeing Group", K.STAYING_WELL, "Somali Wellbeing Lambeth", (A.LONELINESS, A.MOOD),
        "A weekly group in Somali and English for women to talk, exercise gently and learn about health and "
        "wellbeing.",
        places=("Waterloo Action Rooms",), schedule="thursday_afternoon", languages=("so", "en"),
        title="Community worker",
    ),
]  # fmt: skip


def _demo_org(name: str) -> Org:
    if name in PARTNER_DESCRIPTIONS:
        return Org(name, name, PARTNER_DESCRIPTIONS[name])
    return Org(name, name, COMMUNITY_ORGANISATIONS[name])


def _contact_name(index: int) -> str:
    return (
        f"{borough.GIVEN[index * 5 % len(borough.GIVEN)]} {borough.FAMILY[index * 11 % len(borough.FAMILY)]}"
    )


def _demo_spec(index: int, row: DemoService) -> Spec:
    partner = row.organisation if row.organisation in PARTNER_NAMES else None
    introductions = row.introductions if row.introductions is not None else partner is not None
    return Spec(
        key=row.name,
        name=row.name,
        description=row.description,
        eligibility=row.eligibility,
        kind=row.kind.value,
        needs=tuple(need.value for need in row.needs),
        org=_demo_org(row.organisation),
        places=tuple(PLACES[key] for key in row.places),
        hours=SCHEDULES[row.schedule],
        minimum_age=row.ages[0],
        maximum_age=row.ages[1],
        languages=row.languages,
        charge=row.charge,
        status=row.status,
        contact=(_contact_name(index), row.title),
        phones=((f"020 7946 0{100 + index:03d}", row.phone),) if row.phone else (),
        partner=partner,
        accepts_introductions=introductions,
        response_hours=row.response_hours,
        capacity={row.capacity[0]: row.capacity[1]},
    )


def demo_directory() -> list[dict[str, Any]]:
    """The demo borough's directory: its core and wider services, fully nested."""
    return [build_service(_demo_spec(index, row)) for index, row in enumerate(DEMO_SERVICES)]


# --- Synthetic directories ----------------------------------------------------------------------

AREAS = ["Brixton", "Stockwell", "Kennington", "Vauxhall", "Clapham", "Herne Hill", "Streatham", "Norwood", "Tulse Hill", "Waterloo", "Oval", "Loughborough Junction"]  # fmt: skip
ORG_NOUNS = ["Community Trust", "Wellbeing Network", "Advice Centre", "Neighbourhood Forum", "Carers Circle", "Recovery Community", "Arts Collective", "Growers", "Walking Club", "Counselling Service", "Youth Project", "Mind Project"]  # fmt: skip
STREETS = ["High Street", "Acre Lane", "Brixton Road", "Clapham Road", "Kennington Lane", "Norwood Road", "Streatham Hill", "Coldharbour Lane", "Stockwell Road", "Railton Road", "Tulse Hill", "Wandsworth Road"]  # fmt: skip
OUTWARD_CODES = ["SW2", "SW4", "SW8", "SW9", "SE11", "SE24", "SE27", "SW16", "SE1", "SE5"]
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
# (name, kind, needs it can meet, contact title)
TOPICS: list[tuple[str, str, tuple[str, ...], str]] = [
    ("Debt Advice", K.STAYING_WELL, (A.MONEY,), "Debt adviser"),
    ("Benefits Help", K.STAYING_WELL, (A.MONEY, A.WORK), "Welfare rights adviser"),
    ("Housing Advice", K.STAYING_WELL, (A.HOUSING, A.MONEY), "Housing adviser"),
    ("Job Club", K.STAYING_WELL, (A.WORK, A.MONEY), "Employment coach"),
    ("Community Garden", K.STAYING_WELL, (A.LONELINESS, A.PHYSICAL_HEALTH), "Garden coordinator"),
    ("Health Walks", K.STAYING_WELL, (A.PHYSICAL_HEALTH, A.LONELINESS), "Walk leader"),
    ("Art Group", K.STAYING_WELL, (A.MOOD, A.LONELINESS), "Group facilitator"),
    ("Carers' Group", K.STAYING_WELL, (A.RELATIONSHIPS, A.LONELINESS), "Carers support worker"),
    ("Drink and Drugs Support", K.STAYING_WELL, (A.ALCOHOL_DRUGS, A.PHYSICAL_HEALTH), "Recovery worker"),
    ("Support Worker Service", K.SHORT_TERM_SUPPORT, (A.MOOD, A.ANXIETY, A.HOUSING, A.MONEY), "Team leader"),
    ("Mental Health Team", K.FOCUSED_SUPPORT, (A.MOOD, A.ANXIETY, A.RELATIONSHIPS), "Team manager"),
    ("Counselling", K.TALKING_THERAPIES, (A.MOOD, A.ANXIETY, A.RELATIONSHIPS), "Counselling coordinator"),
    ("Peer Support Group", K.PEER_SUPPORT, (A.MOOD, A.LONELINESS, A.ALCOHOL_DRUGS), "Peer worker"),
    ("Timebank", K.TIMEBANK, (A.LONELINESS, A.WORK), "Timebank broker"),
    ("Crisis Café", K.CRISIS_OUTREACH, (A.MOOD, A.ANXIETY), "Duty manager"),
    ("Specialist Clinic", K.SPECIALIST_CARE, (A.MOOD, A.PHYSICAL_HEALTH), "Consultant"),
]
AGE_RANGES: list[tuple[int | None, int | None]] = [(18, None), (18, None), (18, 65), (16, None), (16, 25), (65, None), (None, None)]  # fmt: skip
OTHER_LANGUAGES = [code for code in LANGUAGES if code != "en"]


def _synthetic_place(rng: random.Random, key: str, area: str) -> Place:
    postcode = f"{rng.choice(OUTWARD_CODES)} {rng.randint(1, 9)}{''.join(rng.choices(POSTCODE_LETTERS, k=2))}"
    return Place(
        key=key,
        name=f"{area} {rng.choice(['Centre', 'Hall', 'Hub', 'Rooms', 'House'])}",
        address_1=f"{rng.randint(1, 240)} {rng.choice(STREETS)}",
        postal_code=postcode,
        latitude=round(rng.uniform(51.44, 51.50), 5),
        longitude=round(rng.uniform(-0.14, -0.09), 5),
    )


@dataclass(frozen=True)
class _SyntheticOrg:
    org: Org
    area: str
    places: tuple[Place, ...]
    partner: str | None


def _synthetic_org(rng: random.Random, prefix: str, index: int) -> _SyntheticOrg:
    area = rng.choice(AREAS)
    name = f"{area} {rng.choice(ORG_NOUNS)}"
    key = f"{prefix}/organization/{index}"
    places = tuple(_synthetic_place(rng, f"{key}/place/{k}", area) for k in range(rng.randint(1, 2)))
    partner = rng.choice(PARTNER_NAMES) if rng.random() < 1 / 3 else None
    org = Org(key, name, f"A community organisation serving {area} and the rest of Lambeth.")
    return _SyntheticOrg(org, area, places, partner)


def _synthetic_spec(rng: random.Random, prefix: str, index: int, owner: _SyntheticOrg) -> Spec:
    topic, kind, needs, title = rng.choice(TOPICS)
    chosen_needs = tuple(sorted(rng.sample(needs, rng.randint(1, len(needs)))))
    minimum_age, maximum_age = rng.choice(AGE_RANGES)
    crisis = kind == K.CRISIS_OUTREACH
    where = rng.random()
    if where < 0.1:
        places: tuple[Place, ...] = ()
    elif where < 0.2:
        places = (PLACES["Online"],)
    else:
        places = tuple(rng.sample(owner.places, rng.randint(1, len(owner.places))))
    languages = ("en", *rng.sample(OTHER_LANGUAGES, rng.choice([0, 0, 0, 1, 1, 2])))
    if minimum_age is None:
        eligibility = "Anyone in Lambeth, of any age."
    else:
        eligibility = f"People aged {minimum_age} or over in Lambeth."
    is_group = rng.random() < 0.3
    return Spec(
        key=f"{prefix}/{index}",
        name=f"{owner.area} {topic}",
        description=f"{topic} for people in {owner.area} and across Lambeth. {taxonomy.KIND_DESCRIPTIONS[K(kind)]}",
        eligibility=eligibility,
        kind=str(kind),
        needs=tuple(str(need) for need in chosen_needs),
        org=owner.org,
        places=places,
        hours=SCHEDULES["always"] if crisis and rng.random() < 0.5 else rng.choice(list(SCHEDULES.values())),
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        languages=languages,
        charge=(rng.choice([2, 3, 5, 10]), "A small charge per session.") if rng.random() < 0.1 else None,
        status="temporarily closed" if rng.random() < 0.03 else "active",
        contact=(f"{rng.choice(borough.GIVEN)} {rng.choice(borough.FAMILY)}", title),
        phones=((f"020 7946 0{rng.randrange(1000):03d}", "Main line"),) if rng.random() < 0.85 else (),
        partner=owner.partner,
        accepts_introductions=owner.partner is not None and not is_group,
        response_hours=4 if crisis else rng.choice([48, 72, 120, 120, 168]),
        capacity={"weekly_slots": rng.randint(5, 80)} if is_group else {"caseload": rng.randint(10, 400)},
    )


def synthetic_directory(n: int, *, seed: int = 2026) -> list[dict[str, Any]]:
    """`n` random services over about n/5 organisations, the same every time for the same seed."""
    rng = random.Random(seed)
    prefix = f"synthetic/{seed}"
    owners = [_synthetic_org(rng, prefix, j) for j in range(max(1, round(n / 5)))]
    services = []
    for i in range(n):
        # Every organisation runs at least one service; the rest are spread at random.
        owner = owners[i] if i < len(owners) else rng.choice(owners)
        services.append(build_service(_synthetic_spec(rng, prefix, i, owner)))
    return services
