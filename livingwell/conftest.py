"""Standing users for every test: one in each role, plus an outsider with no role at all."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import pytest
import time_machine
from django.core.cache import caches
from django.utils import timezone
from hypothesis import settings as hypothesis_settings

from livingwell.accounts.models import OrganisationKind, Role, User
from livingwell.testing import clock as suite_clock
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


# --- The clock: the run starts at settings.TEST_NOW (LIVINGWELL_TEST_NOW) and ticks on from there;
# a test marked `clock` also runs at the hard instants in livingwell/testing/clock.py.
_SUITE_CLOCK = pytest.StashKey[suite_clock.SuiteClock]()


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    if settings.TEST_NOW is None:
        raise pytest.UsageError(f"the suite runs with LIVINGWELL_ENV=test, not {settings.ENVIRONMENT!r}")
    # Here rather than in a session fixture, so that collection (module-level dates) is on it too.
    config.stash[_SUITE_CLOCK] = suite_clock.suite_clock(settings.TEST_NOW)
    config.stash[_SUITE_CLOCK].start()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _SUITE_CLOCK in config.stash:
        config.stash[_SUITE_CLOCK].stop()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.get_closest_marker("clock"):
        instants = suite_clock.instants()
        metafunc.parametrize("clock", instants, ids=[i.id for i in instants], indirect=True)


@pytest.fixture
def suite_clock_started(request: pytest.FixtureRequest) -> suite_clock.SuiteClock:
    """Return the run's clock: the instant it started at, and when that was in real time."""
    return request.config.stash[_SUITE_CLOCK]


@pytest.fixture(autouse=True)
def clock(request: pytest.FixtureRequest) -> Iterator[dt.datetime]:
    """Return the time the test starts at; a `clock` test first travels to each of its instants.

    Autouse, so that the marker's parametrization always finds it, and so that it is set up before
    any fixture that makes records. A module-scoped fixture is set up before it, on the suite's
    clock: a `clock` test must not take records relative to now from one.
    """
    instant: suite_clock.Instant | None = getattr(request, "param", None)
    if instant is None or instant.at is None:
        yield timezone.localtime()
        return
    with time_machine.travel(instant.at, tick=True):
        yield timezone.localtime()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start every test with no rate-limit or sign-in failure counts left over from another."""
    for cache in caches.all():  # "limits" holds the counts; "default" anything else cached
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _force_login_includes_two_step(monkeypatch):
    """Let force_login sign in hub leads and administrators fully; two-step tests use the pages."""
    from livingwell.testing.two_step import force_login_counts_as_two_step

    force_login_counts_as_two_step(monkeypatch)


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
