"""Django settings, read only from environment variables through typed helpers.

LIVINGWELL_ENV is one of development (the default), demo, test or production. Production refuses
to start without its secrets; everything else has safe local defaults (a SQLite file under var/).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path

import dj_database_url
import phonenumbers

from livingwell.lib.addresses import parse_networks
from livingwell.lib.env import (
    SettingError,
    env_bool,
    env_instant,
    env_int,
    env_list,
    env_str,
    load_env_file,
)

BASE_DIR = Path(__file__).resolve().parent.parent

_env_file = env_str("LIVINGWELL_ENV_FILE", "")
if _env_file:
    load_env_file(BASE_DIR / _env_file)

# Under pytest the default is the test environment, so a bare `pytest` never touches a real database.
ENVIRONMENT = env_str("LIVINGWELL_ENV", "test" if "pytest" in sys.modules else "development")
if ENVIRONMENT not in {"development", "demo", "test", "production"}:
    raise SettingError(f"LIVINGWELL_ENV must be development, demo, test or production, not {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"

if PRODUCTION:
    # No defaults in production: a missing secret must stop the process, not weaken it.
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise SettingError("SECRET_KEY must be at least 50 characters in production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise SettingError("ALLOWED_HOSTS must be set in production")
    DATABASE_URL = env_str("DATABASE_URL")
    DEBUG = False
else:
    SECRET_KEY = env_str("SECRET_KEY", "insecure-local-development-key-never-used-in-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
    DATABASE_URL = env_str("DATABASE_URL", "sqlite:///var/livingwell.sqlite3")
    DEBUG = env_bool("DEBUG", ENVIRONMENT == "development")

# --- The analytic extract (`livingwell extract`) ---------------------------------------------
# A relative folder is relative to the project, as the SQLite path is.
EXTRACT_DIR = BASE_DIR / env_str("LIVINGWELL_EXTRACT_DIR", "var/extracts")
BOROUGH_ONS_CODE = env_str("BOROUGH_ONS_CODE", "E09000022")
BOROUGH_NAME = env_str("BOROUGH_NAME", "Lambeth")
# A write to a table the extract reads queues one refresh of the borough's extract this many seconds
# later (writes meanwhile join it), so the figures are at most a few minutes old. Off in the tests,
# which would otherwise extract on every write; the tests of the refresh turn it on.
EXTRACT_REFRESH_ON_WRITE = env_bool("LIVINGWELL_EXTRACT_REFRESH_ON_WRITE", ENVIRONMENT != "test")
EXTRACT_REFRESH_DELAY = env_int("LIVINGWELL_EXTRACT_REFRESH_DELAY", 60)
# Boroughs compared on a funnel plot: limits are adjusted for overdispersion only with at least this
# many boroughs plotted. Our threshold: no published minimum exists (FunnelPlotR adjusts by default),
# and with six boroughs the adjusted limits opened from 0.02 to 41.5 times the expected count.
FUNNEL_MIN_UNITS_ADJUSTED = env_int("FUNNEL_MIN_UNITS_ADJUSTED", 15)
if PRODUCTION:
    # The pseudonyms' key is a secret of its own: rotating SECRET_KEY must not change every key in
    # the extract (every row would look new to the incremental extract), and losing one secret must
    # not give away the other.
    PSEUDONYM_KEY = env_str("LIVINGWELL_PSEUDONYM_KEY")
    if len(PSEUDONYM_KEY) < 32:
        raise SettingError("LIVINGWELL_PSEUDONYM_KEY must be at least 32 characters in production")
else:
    # Derived from SECRET_KEY rather than a fixed default, so that every local install has its own
    # key that stays the same from run to run without another setting, and is not SECRET_KEY itself.
    PSEUDONYM_KEY = env_str(
        "LIVINGWELL_PSEUDONYM_KEY",
        hashlib.sha256(b"livingwell pseudonyms:" + SECRET_KEY.encode()).hexdigest(),
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    # Two-step verification: authenticator apps (TOTP) and recovery codes (livingwell/accounts/mfa.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "livingwell.accounts",
    "livingwell.audit",
    "livingwell.people",
    "livingwell.network",
    "livingwell.support",
    "livingwell.access",
    "livingwell.outcomes",
    "livingwell.carers",
    "livingwell.mine",
    "livingwell.voice",
    "livingwell.analytics",
    "livingwell.together",
    "livingwell.insight",
    "livingwell.pathway",
    "livingwell.api",
    "livingwell.demo",
]

MIDDLEWARE = [
    "livingwell.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "livingwell.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Just after sign-in is known, so it sees every 403/404 from the middleware and views below.
    "livingwell.audit.middleware.RefusalAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After sign-in and messages are known: whether this session has passed its second step, the
    # absolute lifetime (which may end the session, so before the check), and the check itself.
    "django_otp.middleware.OTPMiddleware",
    "livingwell.accounts.middleware.AbsoluteSessionLifetimeMiddleware",
    "livingwell.accounts.middleware.TwoStepRequiredMiddleware",
    "livingwell.accounts.known_devices.KnownDeviceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "livingwell.urls"
WSGI_APPLICATION = "livingwell.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "livingwell" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "livingwell.jinja2.environment"},
    },
    {
        # Only the admin still uses Django's own template language.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

# --- Database: SQLite (WAL) by default, PostgreSQL through psycopg 3 -------------------------
if DATABASE_URL.startswith("sqlite:///") and not DATABASE_URL.startswith("sqlite:////"):
    # A relative SQLite path is relative to the project, so `make demo` works from any directory.
    _sqlite_path = BASE_DIR / DATABASE_URL.removeprefix("sqlite:///")
    _sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{_sqlite_path}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the task worker write while the server reads; IMMEDIATE avoids
        # "database is locked" on upgrade from a read to a write transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Sign-in -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # ModelBackend, refusing every try while the sign-in throttle says wait (any sign-in path).
    "livingwell.accounts.backends.ThrottledModelBackend",
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "access:home"
# A partner organisation keeps access to a person for this many days (London calendar) after
# its episode of support ends; then the relationship, and the access, are over.
PARTNER_ACCESS_DAYS_AFTER_EPISODE = env_int("PARTNER_ACCESS_DAYS_AFTER_EPISODE", 90)
# Idle timeout: the session lasts this long after the last request, renewed on every request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Absolute lifetime: a session ends this long after its sign-in, however busy it has been.
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12)
# Two-step verification (django-otp): the name authenticator apps show, and no secrets in the admin.
OTP_TOTP_ISSUER = "Living Well Network"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Failed sign-ins allowed per username in the window before that username is paused for the rest
# of it. From one address the same number of failures only starts a back-off: a wait before the next
# try, doubling from LOGIN_ADDRESS_BACKOFF_SECONDS up to LOGIN_ADDRESS_BACKOFF_MAX_SECONDS, so that
# guesses from behind a shared proxy never lock its staff out.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)
LOGIN_ADDRESS_BACKOFF_SECONDS = env_int("LOGIN_ADDRESS_BACKOFF_SECONDS", 2)
LOGIN_ADDRESS_BACKOFF_MAX_SECONDS = env_int("LOGIN_ADDRESS_BACKOFF_MAX_SECONDS", 60)

# --- The public front door -------------------------------------------------------------------
# Per address, per hour: generous enough for a hostel, library or GP surgery on one address.
SELF_INTRODUCTION_RATE_PER_HOUR = env_int("SELF_INTRODUCTION_RATE_PER_HOUR", 30)
# Beyond that rate the form is never closed: each further form from the address waits a little
# longer after the one before, doubling from the first wait up to the longest.
SELF_INTRODUCTION_BACKOFF_SECONDS = env_int("SELF_INTRODUCTION_BACKOFF_SECONDS", 5)
SELF_INTRODUCTION_BACKOFF_MAX_SECONDS = env_int("SELF_INTRODUCTION_BACKOFF_MAX_SECONDS", 300)
# Requests bigger than this are refused with 413 before the body is read.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 256 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
# When the hub reads the online form (weekday hours, Europe/London).
HUB_OPENING_HOURS = (env_int("HUB_OPENS_HOUR", 9), env_int("HUB_CLOSES_HOUR", 17))
# The hub's phone number, shown on the public pages as text and a tel: link, stored as E.164. Empty
# (the default) means the hub has no public line: the pages then never say "call us".
HUB_PHONE = env_str("HUB_PHONE", "")
if HUB_PHONE:
    _hub_phone: phonenumbers.PhoneNumber | None
    try:
        _hub_phone = phonenumbers.parse(HUB_PHONE, "GB")
    except phonenumbers.NumberParseException:
        _hub_phone = None
    if _hub_phone is None or not phonenumbers.is_valid_number(_hub_phone):
        raise SettingError(f"HUB_PHONE must be a valid UK phone number, not {HUB_PHONE!r}")
    HUB_PHONE = phonenumbers.format_number(_hub_phone, phonenumbers.PhoneNumberFormat.E164)

# --- The shared cache: every rate limit and throttle counts in CACHES["limits"] ----------------
# Redis in production, so that N server processes share one limit rather than each allowing it
# N times, and a restart forgets nothing. Local memory in tests (always), the demo and development
# (unless REDIS_URL is set there).
if PRODUCTION:
    REDIS_URL = env_str("REDIS_URL")
elif ENVIRONMENT == "test":
    REDIS_URL = ""  # tests never share counts with anything else, whatever the shell has set
else:
    REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise SettingError("REDIS_URL must start with redis://, rediss:// or unix://")
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "livingwell")


def _cache(name: str) -> dict[str, object]:
    if not REDIS_URL:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name}
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"{CACHE_KEY_PREFIX}:{name}",
        # A Redis that stops answering must not hang every request: the limits give way instead.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


CACHES = {"default": _cache("default"), "limits": _cache("limits")}

# Proxies (addresses or CIDR networks) whose X-Forwarded-For is believed; empty trusts only the
# connection's own address, since anyone can write the header.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
try:
    parse_networks(TRUSTED_PROXIES)
except ValueError as error:
    raise SettingError(f"TRUSTED_PROXIES must be IP addresses or networks: {error}") from None

# --- Background work -------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if ENVIRONMENT == "test"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# --- Time, language, static files ------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# The suite runs on a clock started at this instant (time-machine, from livingwell/conftest.py), so
# no test depends on today's date: a Wednesday morning mid-month in summer time, when London is not
# UTC, after every fixed date the tests use. LIVINGWELL_TEST_NOW runs the suite at another instant.
_BST = dt.timezone(dt.timedelta(hours=1))
TEST_NOW = (
    env_instant("LIVINGWELL_TEST_NOW", dt.datetime(2026, 9, 16, 10, 30, tzinfo=_BST))
    if ENVIRONMENT == "test"
    else None
)
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request without it
STATICFILES_DIRS = [BASE_DIR / "livingwell" / "static"]
WHITENOISE_USE_FINDERS = True

# --- Security headers --------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "livingwell.error_pages.csrf_failure"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
# Every subdomain too, so a cookie set for the parent domain never travels in clear. Not preloaded
# by default: the preload list binds the whole registrable domain (often the trust's or council's,
# not ours) for months, and leaving it is slow; an operator who owns the domain can opt in.
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION and env_bool("SECURE_HSTS_PRELOAD", False)
# Behind a TLS-terminating proxy, e.g. "HTTP_X_FORWARDED_PROTO,https". Set it only when that proxy
# overwrites the header: otherwise any client could claim a secure connection.
_proxy_ssl_header = [
    part.strip() for part in env_str("SECURE_PROXY_SSL_HEADER", "").split(",") if part.strip()
]
if _proxy_ssl_header and (len(_proxy_ssl_header) != 2 or not _proxy_ssl_header[0].startswith("HTTP_")):
    raise SettingError(
        'SECURE_PROXY_SSL_HEADER must be "HTTP_<HEADER>,<value>", e.g. "HTTP_X_FORWARDED_PROTO,https"'
    )
SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header[0], _proxy_ssl_header[1]) if _proxy_ssl_header else None

# --- Links we send and messages ---------------------------------------------------------------
# Every absolute link (a questionnaire link in a text message) starts with this, never with the
# request's Host header, which whoever sends the request chooses.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", None if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
if not PUBLIC_BASE_URL.startswith("https://" if PRODUCTION else ("http://", "https://")):
    raise SettingError(
        "PUBLIC_BASE_URL must start with https:// in production"
        if PRODUCTION
        else "PUBLIC_BASE_URL must start with http:// or https://"
    )
# console (logs a redacted line, prints the message), memory (tests) or govuk_notify. Production
# must reach the person: console and memory send nothing, so they are refused at start-up.
NOTIFY_BACKEND = env_str(
    "LIVINGWELL_NOTIFY_BACKEND",
    "govuk_notify" if PRODUCTION else ("memory" if ENVIRONMENT == "test" else "console"),
)
if NOTIFY_BACKEND not in {"console", "memory", "govuk_notify"}:
    raise SettingError(
        f"LIVINGWELL_NOTIFY_BACKEND must be console, memory or govuk_notify, not {NOTIFY_BACKEND!r}"
    )
if PRODUCTION:
    if NOTIFY_BACKEND != "govuk_notify":
        raise SettingError(
            f"LIVINGWELL_NOTIFY_BACKEND={NOTIFY_BACKEND} sends nothing to the person: production needs govuk_notify"
        )
    for _name in ("NOTIFY_API_KEY", "NOTIFY_SMS_TEMPLATE_ID", "NOTIFY_EMAIL_TEMPLATE_ID"):
        env_str(_name)  # raises "<name> must be set"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
