"""The synthetic Lambeth-like borough's structure: organisations, services and staff in every role.

The people and their 36 months of history come from `history.py`, with parameters in `params.py`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from livingwell.accounts.administrators import grant_admin_site
from livingwell.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from livingwell.demo import two_step
from livingwell.lib import nhs_number
from livingwell.network.models import Service, ServiceKind
from livingwell.network.oruk_import import import_directory

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
    # Focused Support: the joined-up teams of the three Living Well Centres (DOMAIN.md §1).
    (
        "Focused Support – North Living Well Centre",
        ServiceKind.FOCUSED_SUPPORT,
        "South London and Maudsley NHS Foundation Trust",
    ),
    (
        "Focused Support – Central Living Well Centre",
        ServiceKind.FOCUSED_SUPPORT,
        "South London and Maudsley NHS Foundation Trust",
    ),
    (
        "Focused Support – South Living Well Centre",
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
    ("council.worker", ("Dev", "Patel"), Role.PARTNER_PRACTITIONER, "Lambeth Council"),
    ("outreach.worker", ("Kofi", "Boateng"), Role.PARTNER_PRACTITIONER, "Thames Reach"),
    ("gp", ("Helen", "Wright"), Role.REFERRER, "Brixton Hill Group Practice"),
    ("commissioner", ("Chris", "Taylor"), Role.COMMISSIONER, "South East London Integrated Care Board"),
    ("admin", ("Alex", "Morgan"), Role.ADMINISTRATOR, "Living Well Network Alliance"),
    # Certitude's own administrator of its entries in the service directory.
    ("directory.editor", ("Lena", "Kowalski"), Role.DIRECTORY_EDITOR, "Certitude"),
]

GIVEN = ["Amara", "Ben", "Chloe", "Dami", "Ella", "Femi", "Grace", "Hassan", "Isla", "Jamal", "Kemi", "Liam", "Mei", "Nia", "Omar", "Priya", "Rosa", "Sam", "Tunde", "Yusuf", "Zoe", "Kwame", "Aisha", "Tom"]  # fmt: skip
FAMILY = ["Adeyemi", "Brown", "Campbell", "Da Silva", "Evans", "Francis", "Garcia", "Hussain", "Johnson", "Khan", "Lewis", "Mensah", "Nowak", "Okafor", "Patel", "Quinn", "Reid", "Smith", "Taylor", "Williams", "Yilmaz", "Clarke", "Osei", "Murphy"]  # fmt: skip
POSTCODES = ["SW9 8AA", "SW2 1RW", "SE11 5HL", "SW4 7AB", "SE27 9JU", "SW16 2TA", "SE24 0PB", "SW8 1QP"]


@dataclass(frozen=True)
class Borough:
    organisations: dict[str, Organisation]
    services: dict[str, list[Service]]  # by kind
    staff: dict[str, User]

    def practitioner_for(self, service: Service) -> User:
        """Return the demo practitioner who answers for a service's organisation."""
        for username, _, role, org in STAFF:
            if role == Role.PARTNER_PRACTITIONER and self.organisations[org].pk == service.organisation_id:
                return self.staff[username]
        return self.staff["practitioner"]


def create_borough() -> Borough:
    """Create the organisations, services and staff (the database should hold none of them)."""
    organisations = {
        name: Organisation.objects.create(name=name, kind=kind, ods_code=ods)
        for name, kind, ods in ORGANISATIONS
    }
    # The whole directory comes in through the Open Referral UK import, as a real borough's would;
    # the history (history.py) is made at the alliance's own services, SERVICES.
    from livingwell.demo.directory_data import demo_directory  # it reads this module's tables

    import_directory(demo_directory())
    by_name = {s.name: s for s in Service.objects.filter(name__in=[name for name, _, _ in SERVICES])}
    services: dict[str, list[Service]] = {}
    for name, kind, _ in SERVICES:
        services.setdefault(kind, []).append(by_name[name])
    staff: dict[str, User] = {}
    # One hash for every demo sign-in: hashing is slow by design, and they share the password.
    password = make_password(DEMO_PASSWORD)
    for username, (first, last), role, org in STAFF:
        user = User.objects.create(username=username, password=password, first_name=first, last_name=last)
        Membership.objects.create(user=user, organisation=organisations[org], role=role)
        if role == Role.ADMINISTRATOR:
            # The admin site's model permissions, not a superuser: a superuser would open people.
            grant_admin_site(user)
        staff[username] = user
    # Administrators and hub leads cannot get past the code page without an app: give them one.
    two_step.seed_apps(staff)
    return Borough(organisations, services, staff)


def draw_test_nhs_number(rng: random.Random) -> str:
    """Draw a valid NHS number from the range reserved for testing (999 000 0000–999 999 9999)."""
    while True:
        first_nine = f"999{rng.randrange(0, 1_000_000):06d}"
        check = nhs_number.check_digit(first_nine)
        if check is not None:
            return first_nine + str(check)


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]
