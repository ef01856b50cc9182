"""Production settings refuse to start without their secrets; other environments have safe defaults."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "LIVINGWELL_ENV": "production",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "livingwell.example.org",
    "DATABASE_URL": "postgres://app@db.internal/livingwell",
    "LIVINGWELL_PSEUDONYM_KEY": "p" * 40,
}


def _import_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {*GOOD, "DEBUG", "LIVINGWELL_ENV_FILE"}}
    return subprocess.run(
        [sys.executable, "-c", "import livingwell.settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT)"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_starts_with_every_secret_and_is_hardened():
    result = _import_settings(GOOD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "LIVINGWELL_PSEUDONYM_KEY"]
)
def test_it_refuses_to_start_without_a_secret(missing):
    env = {k: v for k, v in GOOD.items() if k != missing}
    result = _import_settings(env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_it_refuses_a_short_secret_key():
    result = _import_settings({**GOOD, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_it_refuses_an_unknown_environment():
    result = _import_settings({"LIVINGWELL_ENV": "staging"})
    assert result.returncode != 0
    assert "LIVINGWELL_ENV must be" in result.stderr
