"""Django settings, read only from environment variables through typed helpers.

LIVINGWELL_ENV is one of development (the default), demo, test or production. Production refuses
to start without its secrets; everything else has safe local defaults (a SQLite file under var/).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import dj_database_url

from livingwell.lib.env import SettingError, env_bool, env_int, env_list, env_str, load_env_file

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
    "livingwell.accounts",
    "livingwell.audit",
    "livingwell.people",
    "livingwell.network",
    "livingwell.support",
    "livingwell.access",
    "livingwell.outcomes",
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
    "django.contrib.messages.middleware.MessageMiddleware",
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
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "access:home"
# Idle timeout: the session lasts this long after the last request, renewed on every request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Failed sign-ins allowed per username and per address in the window before a pause.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)

# --- The public front door -------------------------------------------------------------------
# Per address, per hour: generous enough for a hostel, library or GP surgery on one address.
SELF_INTRODUCTION_RATE_PER_HOUR = env_int("SELF_INTRODUCTION_RATE_PER_HOUR", 30)
# Requests bigger than this are refused with 413 before the body is read.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 256 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
# When the hub reads the online form (weekday hours, Europe/London).
HUB_OPENING_HOURS = (env_int("HUB_OPENS_HOUR", 9), env_int("HUB_CLOSES_HOUR", 17))

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
