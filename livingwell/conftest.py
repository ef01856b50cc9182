"""Standing users for every test: one in each role, plus an outsider with no role at all."""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from livingwell.accounts.models import OrganisationKind, Role, User
from livingwell.testing import factories
from livingwell.testing.browser import (  # noqa: F401 - fixtures for the browser journeys, found by name
    browser,
    context,
    playwright_instance,
    screenshots,
)

# CI explores the same examples on every run, so a landing never depends on the draw; local runs
# keep searching afresh and remember what they find.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start every test with no rate-limit or sign-in failure counts left over from another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _extracts_in_a_temporary_folder(settings, tmp_path_factory):
    """Keep every analytic extract a test writes (seeding writes them too) out of the project's var/."""
    settings.EXTRACT_DIR = tmp_path_factory.mktemp("extracts")


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


@pytest.fixture
def gp_practice(db):
    return factories.organisation(
        name="Stockwell Group Practice (test)", kind=OrganisationKind.GP_PRACTICE, ods_code="G85001"
    )


@pytest.fixture
def referrer(gp_practice) -> User:
    """A GP who introduces people through their practice."""
    return factories.user(Role.REFERRER, gp_practice, username="gp", first_name="Priya", last_name="Shah")


@pytest.fixture
def other_referrer(gp_practice) -> User:
    """A colleague at the same practice: sees only their own introductions."""
    return factories.user(Role.REFERRER, gp_practice, username="gp2")
