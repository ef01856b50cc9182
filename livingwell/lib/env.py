"""Typed settings from environment variables that fail loudly (after healthchecks' hc/settings.py).

Django-free so that it can be tested and reused by the pure commands.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path


class SettingError(RuntimeError):
    """A setting is missing or malformed: the process must not start."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, environ: Mapping[str, str] | None = None) -> str:
    """Return a string setting, or raise when it is missing and has no default."""
    source = os.environ if environ is None else environ
    value = source.get(name)
    if value is None:
        if default is None:
            raise SettingError(f"{name} must be set")
        return default
    return value


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    """Return a yes/no setting; anything but a recognised word is an error, not False."""
    source = os.environ if environ is None else environ
    raw = source.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise SettingError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, *, environ: Mapping[str, str] | None = None) -> int:
    """Return a whole-number setting."""
    source = os.environ if environ is None else environ
    raw = source.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingError(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str], *, environ: Mapping[str, str] | None = None) -> list[str]:
    """Return a comma-separated list setting."""
    source = os.environ if environ is None else environ
    raw = source.get(name)
    if raw is None:
        return list(default)
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_instant(name: str, default: dt.datetime, *, environ: Mapping[str, str] | None = None) -> dt.datetime:
    """Return a moment in time from an ISO 8601 setting that gives its offset from UTC."""
    source = os.environ if environ is None else environ
    raw = source.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        raise SettingError(f"{name} must be an ISO 8601 date and time, not {raw!r}") from None
    # A time without an offset names a different moment in every zone: refuse rather than guess.
    if value.utcoffset() is None:
        raise SettingError(f"{name} must give its offset from UTC (such as +00:00 or Z), not {raw!r}")
    return value


def load_env_file(path: Path, environ: dict[str, str] | None = None) -> None:
    """Load KEY=VALUE lines into the environment without overriding what is already set."""
    target = os.environ if environ is None else environ
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, value = stripped.partition("=")
        if not sep or not key.strip():
            raise SettingError(f"{path}:{number}: expected KEY=VALUE")
        target.setdefault(key.strip(), value.strip().strip('"').strip("'"))
