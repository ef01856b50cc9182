"""A real browser for the journeys: Playwright driving the system Chromium (never a download).

The fixtures are defined once here and imported by livingwell/conftest.py: a session-scoped
Playwright must exist once per test run, or a second sync loop would start inside the first.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Sync Playwright runs an event loop in the test's thread; the ORM would otherwise refuse to run
# beside it. The test only uses the ORM between browser steps, never concurrently.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from django.urls import get_resolver
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

CHROMIUM = Path(os.environ.get("LIVINGWELL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps calling home, which floods a closed network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "livingwell" / "static" / "build"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must provide it for the browser journeys)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if not CHROMIUM.exists() or not shutil.which(str(CHROMIUM)):
        _unavailable(f"No Chromium at {CHROMIUM}: install it with `apt-get install chromium`")
    if not (BUILD / "livingwell.css").exists():
        _unavailable(f"Front-end assets are not built in {BUILD}: run `npm run build`")
    if not AXE.exists():
        _unavailable(f"axe-core is not installed at {AXE}: run `npm ci`")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    # Load every URL module here, before the first page: otherwise the live server's thread loads
    # them on its first request, and on a busy machine that can outlast the page's timeout.
    get_resolver().url_patterns  # noqa: B018
    context = browser.new_context(
        viewport={"width": 320, "height": 800}, locale="en-GB", timezone_id="Europe/London"
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def screenshots() -> Path | None:
    """Where to save screenshots to look at, if LIVINGWELL_SCREENSHOTS names a folder (outside the repo)."""
    folder = os.environ.get("LIVINGWELL_SCREENSHOTS")
    if not folder:
        return None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


def sign_in(page: Page, base: str, username: str, password: str | None = None) -> None:
    """Sign a member of staff in through the sign-in page (the factories' password unless given).

    Where the account has an authenticator app, the code page follows: the code is worked out from
    the app's secret, as the phone would.
    """
    # Here: this module is imported before Django is set up.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from livingwell.testing import factories
    from livingwell.testing.two_step import code_for

    page.goto(f"{base}/staff/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password or factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is not None:
        page.wait_for_url("**/staff/sign-in/code/**")
        page.get_by_label("Code", exact=True).fill(code_for(device))
        page.get_by_role("button", name="Continue").click()
