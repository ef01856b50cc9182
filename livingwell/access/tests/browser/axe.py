"""Run axe-core in a Playwright page, and check the page fits a 320px screen.

axe's source is evaluated through the DevTools protocol (``page.evaluate``), not added as a
<script> tag, so the site's strict Content-Security-Policy does not block it and is not weakened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from playwright.sync_api import Page, ViewportSize

AXE_SOURCE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
NARROW: ViewportSize = {"width": 320, "height": 800}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


@cache
def axe_source() -> str:
    return AXE_SOURCE.read_text(encoding="utf-8")


def run_axe(page: Page) -> list[dict[str, Any]]:
    """Every violation axe finds on the page as it is now, whatever its impact."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [v for v in (_without_conditional_reveals(v) for v in results["violations"]) if v["nodes"]]


def _without_conditional_reveals(violation: dict[str, Any]) -> dict[str, Any]:
    """Drop axe's known false alarm on NHS.UK radios that reveal content.

    The frontend sets aria-expanded on such a radio on purpose: screen readers announce it and no
    harm was found in testing, though ARIA does not list it for radios (GOV.UK Frontend issue 979,
    https://github.com/alphagov/govuk-frontend/issues/979). Only that case is dropped.
    """
    if violation["id"] != "aria-allowed-attr":
        return violation
    nodes = [
        node
        for node in violation["nodes"]
        if not ("nhsuk-radios__input" in node["html"] and "aria-controls=" in node["html"])
    ]
    return {**violation, "nodes": nodes}


# Resolves once the header's navigation items stay where they are for a frame (at most 30 frames).
HEADER_SETTLED = """async () => {
  const frame = () => new Promise(done => requestAnimationFrame(done));
  let last = null;
  for (let i = 0; i < 30; i++) {
    await frame();
    const now = [...document.querySelectorAll('.nhsuk-header__navigation-item, .nhsuk-header__menu')]
      .map(item => `${item.hidden}:${item.offsetTop}:${item.parentElement ? item.parentElement.className : ''}`)
      .join('|');
    if (now === last) return;
    last = now;
  }
}"""


@dataclass
class Auditor:
    """Checks each page a journey visits at 320px and desktop widths, and keeps what it found."""

    problems: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    minor: list[str] = field(default_factory=list)

    def check(self, page: Page, name: str, *, must_fit_narrow: bool = True) -> None:
        restore = page.viewport_size
        self.pages.append(name)
        for size in (NARROW, DESKTOP):
            page.set_viewport_size(size)
            # The NHS.UK header moves navigation items into its "More" menu on resize (a resize
            # listener and a ResizeObserver): let it finish, or a loaded machine audits the header
            # mid-move (white links over the page's white, seen once as a colour-contrast failure).
            page.evaluate(HEADER_SETTLED)
            where = f"{name} at {size['width']}px ({page.url})"
            for violation in run_axe(page):
                nodes = "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:5])
                line = f"{where}: {violation['id']} ({violation['impact']}) – {violation['help']} – {nodes}"
                (self.problems if violation["impact"] in BLOCKING_IMPACTS else self.minor).append(line)
            if size is NARROW:
                width = page.evaluate("() => document.documentElement.scrollWidth")
                if width > NARROW["width"] + 1:
                    # Staff pages are used at a desk: noted, not failed.
                    found = self.problems if must_fit_narrow else self.minor
                    found.append(f"{where}: scrolls sideways (scrollWidth {width}px)")
        if restore:
            page.set_viewport_size(restore)

    def assert_clean(self) -> None:
        assert not self.problems, "Accessibility problems:\n" + "\n".join(self.problems)
