"""Settings shared by every environment; everything that differs comes from the environment.

Read `docs/architecture.md` for the app map. Environment variables:
DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, REDIS_URL, EMAIL_URL-style EMAIL_* variables,
TOWNHALL_BASE_URL, TOWNHALL_MEDIA_ROOT.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("TOWNHALL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get(
    "SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789"
)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
TOWNHALL_BASE_URL = os.environ.get("TOWNHALL_BASE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "townhall.core",
    "townhall.accounts",
    "townhall.directives",
    "townhall.postings",
    "townhall.feedback",
    "townhall.engagements",
    "townhall.meetings",
    "townhall.bodies",
    "townhall.surveys",
    "townhall.outreach",
    "townhall.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "townhall.core.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "townhall.core.middleware.StaffAreaMiddleware",
    "townhall.core.middleware.PrivacyHeadersMiddleware",
    # Axes must come last so it sees the final authentication result.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "townhall.urls"
WSGI_APPLICATION = "townhall.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "staff:core:home"
LOGOUT_REDIRECT_URL = "core:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "townhall" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "townhall.core.context_processors.townhall",
            ],
        },
    }
]

# SQLite by default: a fresh clone runs with nothing installed. WAL keeps readers from blocking
# the writer, which matters once the worker and the web server share the file.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'townhall.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        # After a database restart the first request on a stale connection is served, not a 500.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling keyed on the username only and kept in the cache: Townhall stores no IP
# address, not even of failed staff logins (see docs/decisions.md).
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
SILENCED_SYSTEM_CHECKS = [
    # Deliberate: lockout by username only, because Townhall stores and keys nothing on IPs.
    "axes.W006",
]
if not os.environ.get("REDIS_URL"):
    # Without Redis (development, tests) the cache is per process: fine for one runserver.
    # Production refuses to start without REDIS_URL (settings/production.py).
    SILENCED_SYSTEM_CHECKS.append("axes.W001")

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("zh-hans", "简体中文"),
    ("pl", "Polski"),
    ("ar", "العربية"),
    ("hi", "हिन्दी"),
]
LANGUAGE_NAMES_EN = {
    "en": _("English"),
    "es": _("Spanish"),
    "zh-hans": _("Chinese (Simplified)"),
    "pl": _("Polish"),
    "ar": _("Arabic"),
    "hi": _("Hindi"),
}
LOCALE_PATHS = [BASE_DIR / "townhall" / "locale"]
FORMAT_MODULE_PATH = ["townhall.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "America/Chicago"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "townhall" / "static"]
# Serve straight from the source folders unless collectstatic has run (production does).
WHITENOISE_USE_FINDERS = True
# Uploaded files live outside the web root and are only ever served through views that
# check permissions and force a download.
MEDIA_ROOT = Path(os.environ.get("TOWNHALL_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Townhall <townhall@localhost>")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "townhall.core.views.csrf_failure"

# A strict policy: nothing inline, nothing from another host. Templates never use inline
# script or style; see docs/decisions.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # The request logger would print client addresses of failing requests; Townhall keeps none.
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "townhall": {"handlers": ["console"], "level": "INFO"},
    },
}

# Townhall settings
TOWNHALL_SCHEDULER_TICK_SECONDS = int(os.environ.get("TOWNHALL_SCHEDULER_TICK_SECONDS", "30"))
TOWNHALL_SITE_NAME = os.environ.get("TOWNHALL_SITE_NAME", "Townhall")
TOWNHALL_DEPARTMENT_NAME = os.environ.get("TOWNHALL_DEPARTMENT_NAME", "Chicago Police Department")
# V-C-10: a directive is posted for at least 15 days. The minimum can be raised, never lowered
# below 15 (a system check refuses to start otherwise).
TOWNHALL_POSTING_MIN_DAYS = int(os.environ.get("TOWNHALL_POSTING_MIN_DAYS", "15"))
# VII-B-3: the narrative and summary must exist in these languages before scheduling.
TOWNHALL_POSTING_LANGUAGES = env_list("TOWNHALL_POSTING_LANGUAGES", "en,es,zh-hans,pl,ar,hi")
# VII-D-2: working days from closing to the expected compilation of raw comments.
TOWNHALL_COMPILATION_DAYS = int(os.environ.get("TOWNHALL_COMPILATION_DAYS", "10"))
TOWNHALL_COMMENT_MAX_CHARS = 5000
TOWNHALL_COMMENT_RATE_LIMIT = int(os.environ.get("TOWNHALL_COMMENT_RATE_LIMIT", "20"))
TOWNHALL_COMMENT_RATE_WINDOW = int(os.environ.get("TOWNHALL_COMMENT_RATE_WINDOW", "600"))
TOWNHALL_POW_BITS = int(os.environ.get("TOWNHALL_POW_BITS", "16"))
TOWNHALL_TRUST_X_FORWARDED_FOR = env_bool("TOWNHALL_TRUST_X_FORWARDED_FOR", False)
TOWNHALL_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
TOWNHALL_ATTACHMENT_MAX_COUNT = 3
# Where misconduct complaints go: the form says so before anyone sends a comment.
TOWNHALL_COPA_URL = os.environ.get("TOWNHALL_COPA_URL", "https://www.chicagocopa.org/")
# V-C-10-c: the standing channel for feedback on any directive.
TOWNHALL_RD_EMAIL = os.environ.get("TOWNHALL_RD_EMAIL", "RandD@chicagopolice.org")
# Outreach mail (VII-C): at most this many messages a second (0: no limit), so a relay's quota
# and the recipients' providers are respected; the Department's AMC desk receives each AMC
# message (VII-C-1); bounces are read from this Maildir; announcements go out this many days
# before a posting closes.
TOWNHALL_OUTREACH_RATE = float(os.environ.get("TOWNHALL_OUTREACH_RATE", "20"))
TOWNHALL_AMC_ADDRESS = os.environ.get("TOWNHALL_AMC_ADDRESS", "")
TOWNHALL_BOUNCE_MAILDIR = os.environ.get("TOWNHALL_BOUNCE_MAILDIR", "")
TOWNHALL_MAIL_DOMAIN = os.environ.get("TOWNHALL_MAIL_DOMAIN", "")
TOWNHALL_ANNOUNCE_BEFORE_CLOSING_DAYS = int(
    os.environ.get("TOWNHALL_ANNOUNCE_BEFORE_CLOSING_DAYS", "3")
)
