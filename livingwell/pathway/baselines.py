"""Baselines a commissioner can start from: the shipped scenarios and the latest calibration."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from livingwell.pathway.engine import Scenario, load_scenario
from livingwell.pathway.models import Calibration

SHIPPED = Path(__file__).resolve().parent / "scenarios"
CALIBRATED = "calibrated"


@dataclass(frozen=True)
class Baseline:
    key: str
    label: str
    scenario: Scenario


@cache
def _shipped(key: str) -> Scenario:
    return load_scenario(SHIPPED / f"{key}.yaml")


def shipped_keys() -> list[str]:
    """Return the shipped scenarios' keys (file names without .yaml), in a stable order."""
    return sorted(path.stem for path in SHIPPED.glob("*.yaml"))


def shipped(key: str) -> Scenario:
    """Return a shipped scenario by key; KeyError if there is none."""
    if key not in shipped_keys():
        raise KeyError(key)
    return _shipped(key)


def shipped_name(key: str) -> str:
    """Return a shipped scenario's name ("with the hub") by key, or the key if it is no longer shipped."""
    return shipped(key).name if key in shipped_keys() else key


def _heading(name: str) -> str:
    # A scenario's name ("with the hub") as the label of a page or a choice: a capital first.
    return name[:1].upper() + name[1:]


def available() -> list[Baseline]:
    """Return every baseline on offer: shipped scenarios, then the latest calibration if any."""
    baselines = [Baseline(key, _heading(shipped(key).name), shipped(key)) for key in shipped_keys()]
    latest = Calibration.objects.first()
    if latest is not None:
        scenario = latest.scenario_model()
        label = f"Calibrated from records, {latest.since:%-d %B %Y} to {latest.until:%-d %B %Y}"
        baselines.append(Baseline(CALIBRATED, label, scenario))
    return baselines


def find(key: str) -> Baseline | None:
    """Return the baseline with this key, or None."""
    return next((b for b in available() if b.key == key), None)
