"""Standing users for every test: one in each role, plus an outsider with no role at all."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from livingwell.accounts.models import OrganisationKind, Role, User
from livingwell.testing import factories


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start every test with no rate-limit or sign-in failure counts left over from another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alliance(db):
    return factories.organisation(name="Living Well Network Alliance", kind=OrganisationKind.ALLIANCE)


@pytest.fixture
def charity(db):
    return factories.organisation(name="Thames Reach (test)", kind=OrganisationKind.VOLUNTARY)


@pytest.fixture
def hub_worker(alliance) -> User:
    return factories.user(Role.HUB_WORKER, alliance, username="worker")


@pytest.fixture
def other_hub_worker(alliance) -> User:
    return factories.user(Role.HUB_WORKER, alliance, username="worker2")


@pytest.fixture
def hub_lead(alliance) -> User:
    return factories.user(Role.HUB_LEAD, alliance, username="lead")


@pytest.fixture
def practitioner(charity) -> User:
    return factories.user(Role.PARTNER_PRACTITIONER, charity, username="practitioner")


@pytest.fixture
def commissioner(db) -> User:
    icb = factories.organisation(name="South East London ICB (test)", kind=OrganisationKind.COMMISSIONER)
    return factories.user(Role.COMMISSIONER, icb, username="commissioner")


@pytest.fixture
def outsider(db) -> User:
    """Signed in, but holding no role anywhere."""
    return factories.user(None, username="outsider")


@pytest.fixture
def short_term_support(charity):
    return factories.service(charity, name="Short Term Support (test)")
