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
    "PUBLIC_BASE_URL": "https://livingwell.example.org",
    "NOTIFY_API_KEY": "key-" + "k" * 60,
    "NOTIFY_SMS_TEMPLATE_ID": "sms-template",
    "NOTIFY_EMAIL_TEMPLATE_ID": "email-template",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
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
    "missing",
    [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "LIVINGWELL_PSEUDONYM_KEY",
        "PUBLIC_BASE_URL",
        "NOTIFY_API_KEY",
        "NOTIFY_SMS_TEMPLATE_ID",
        "NOTIFY_EMAIL_TEMPLATE_ID",
        "REDIS_URL",
    ],
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


def _settings(env: dict[str, str], *names: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {*GOOD, "DEBUG", "LIVINGWELL_ENV_FILE"}}
    shown = ", ".join(f"s.{name}" for name in names)
    return subprocess.run(  # noqa: S603 - this interpreter, running our own names
        [sys.executable, "-c", f"import livingwell.settings as s; print(repr(({shown},)))"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_hsts_covers_subdomains_in_production_and_preload_is_a_choice():
    result = _settings(GOOD, "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(31536000, True, False)"
    opted_in = _settings({**GOOD, "SECURE_HSTS_PRELOAD": "true"}, "SECURE_HSTS_PRELOAD")
    assert opted_in.stdout.strip() == "(True,)", opted_in.stderr


@pytest.mark.parametrize("backend", ["console", "memory"])
def test_production_refuses_a_message_backend_that_reaches_nobody(backend):
    result = _settings({**GOOD, "LIVINGWELL_NOTIFY_BACKEND": backend}, "NOTIFY_BACKEND")
    assert result.returncode != 0
    assert "production needs govuk_notify" in result.stderr


def test_production_links_must_be_https():
    result = _settings({**GOOD, "PUBLIC_BASE_URL": "http://livingwell.example.org"}, "PUBLIC_BASE_URL")
    assert result.returncode != 0
    assert "PUBLIC_BASE_URL must start with https://" in result.stderr


def test_the_proxy_ssl_header_is_read_from_the_environment():
    default = _settings(GOOD, "SECURE_PROXY_SSL_HEADER", "PUBLIC_BASE_URL", "NOTIFY_BACKEND")
    assert default.stdout.strip() == "(None, 'https://livingwell.example.org', 'govuk_notify')", (
        default.stderr
    )
    behind = _settings(
        {**GOOD, "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https"}, "SECURE_PROXY_SSL_HEADER"
    )
    assert behind.stdout.strip() == "(('HTTP_X_FORWARDED_PROTO', 'https'),)", behind.stderr
    bad = _settings({**GOOD, "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"}, "SECURE_PROXY_SSL_HEADER")
    assert bad.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER must be" in bad.stderr


def test_elsewhere_links_default_to_this_machine_and_messages_to_the_console():
    result = _settings({"LIVINGWELL_ENV": "development"}, "PUBLIC_BASE_URL", "NOTIFY_BACKEND")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('http://127.0.0.1:8000', 'console')"
