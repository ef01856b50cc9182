"""The KPI notes' line on people left out of the planning extract at their own request.

docs/opting-out.md: a person may ask to be left out of the pseudonymised planning extract
(`Person.extract_opt_out`); the extract's manifest then counts them (`left_out.people`), and every
page whose figures come from the extract says so, the number suppressed as any count is
(`lib.suppression`: from 1 to 4 it reads "fewer than 5"). No note where the manifest has no count
(a synthetic or older extract): nothing is known of who was left out there.
"""

from __future__ import annotations

from typing import Any

from livingwell.lib.suppression import THRESHOLD, display


def left_out_count(manifest: dict[str, Any]) -> int | None:
    """Return how many people the manifest says were left out at their request (None: not said)."""
    left = manifest.get("left_out")
    people = left.get("people") if isinstance(left, dict) else None
    return people if isinstance(people, int) and not isinstance(people, bool) and people >= 0 else None


def left_out_note(count: int | None) -> str:
    """Say how many people asked to be left out of the figures, small numbers suppressed."""
    if count is None:
        return ""
    if count == 0:
        return "No one has asked to be left out of the planning extract."
    shown = display(None if count < THRESHOLD else count)
    return f"{shown[0].upper()}{shown[1:]} people asked to be left out of the planning extract, so they are not counted here."
