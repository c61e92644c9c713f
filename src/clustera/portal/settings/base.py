"""Django settings for a Clustera deployment, built from ``clustera.portal.config``."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

from clustera.errors import InvalidInputError
from clustera.portal.catalogues import locale_paths as catalogue_locale_paths
from clustera.portal.config import read_settings

CONFIG = read_settings()
DATA_DIR = Path(CONFIG["CLUSTERA_DATA_DIR"]).resolve()
CACHE_DIR = Path(CONFIG["CLUSTERA_CACHE_DIR"] or DATA_DIR / "cache")


def _secret_key() -> str:
    if CONFIG["CLUSTERA_SECRET_KEY"]:
        return str(CONFIG["CLUSTERA_SECRET_KEY"])
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def database_from_url(url: str) -> dict[str, object]:
    """Django DATABASES entry for a URL, or for the embedded SQLite file when empty."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "clustera.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    parsed = urlparse(url)
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parsed.path.lstrip("/") or "clustera",
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            # keep a thread's connection between requests (a new PostgreSQL connection forks a
            # server process: about half of a survey page's time), checked before reuse
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    if parsed.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": parsed.path}
    raise ValueError(f"CLUSTERA_DATABASE_URL: unsupported scheme {parsed.scheme!r} in {url!r}")


def email_from_url(url: str) -> dict[str, object]:
    """Django's e-mail settings for ``CLUSTERA_EMAIL_URL`` (console when empty)."""
    if not url or url.startswith("console:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parsed.path),
        }
    if parsed.scheme in {"smtp", "smtps"}:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parsed.hostname or "localhost",
            "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 587),
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_SSL": parsed.scheme == "smtps",
            "EMAIL_USE_TLS": parsed.scheme == "smtp" and "tls=false" not in parsed.query,
            "EMAIL_TIMEOUT": 20,
        }
    raise ValueError(
        f"CLUSTERA_EMAIL_URL: unsupported scheme {parsed.scheme!r} (smtp, smtps, console, file)"
    )


def cache_from_url(url: str) -> dict[str, object]:
    """The page cache's CACHES entry for ``CLUSTERA_CACHE_URL`` (docs/settings.md)."""
    if not url:
        return _file_cache(str(DATA_DIR / "pages"))
    parsed = urlparse(url)
    if parsed.scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if parsed.scheme == "file":
        return _file_cache(unquote(parsed.path))
    if parsed.scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}
    raise ValueError(
        f"CLUSTERA_CACHE_URL: unsupported scheme {parsed.scheme!r} in {url!r} "
        "(redis, rediss, file, locmem)"
    )


def _file_cache(location: str) -> dict[str, object]:
    # 20,000 entries hold every page of the demo in 3 languages; the folder is counted on one
    # write in 50 (clustera.portal.file_cache), not on each as Django's file cache does
    return {
        "BACKEND": "clustera.portal.file_cache.SparselyCulledFileCache",
        "LOCATION": location,
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }


SECRET_KEY = _secret_key()
DEBUG = bool(CONFIG["CLUSTERA_DEBUG"])
ALLOWED_HOSTS = [h.strip() for h in str(CONFIG["CLUSTERA_ALLOWED_HOSTS"]).split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "auditlog",
    "clustera.accounts",
    "clustera.registry",
    "clustera.observatory",
    "clustera.partnering",
    "clustera.surveys",
    "clustera.partnerships",
    "clustera.events",
    "clustera.content",
    # no models: starts the page cache's write watcher in every process (clustera.portal.writes)
    "clustera.portal.writes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # before anything reads the body: a body over the limits answers 413 at once
    "clustera.portal.upload_limit.UploadLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # after LocaleMiddleware: an unprefixed page asked by a French or German reader (cookie,
    # then Accept-Language) is redirected to its /fr/ or /de/ address
    "clustera.portal.i18n.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # visitors' public pages served from the page cache (clustera.portal.page_cache): after
    # the CSRF middleware (it sets the served page's cookie), before the session's user is read
    "clustera.portal.page_cache.PageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # the signed-in user as the actor of every audited change (API tokens: accounts.authentication)
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "clustera.portal.busy_database.BusyDatabaseMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # last, as django-axes asks: it turns a locked-out login into the lockout page
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # first: counts failed logins and refuses a locked one before the password is checked
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "clustera.portal.urls"
WSGI_APPLICATION = "clustera.portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parents[1] / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clustera.portal.context.portal",
                "clustera.portal.i18n.languages",
                # last: a cacheable page renders a placeholder for the CSRF token
                "clustera.portal.page_cache.csrf_placeholder",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(str(CONFIG["CLUSTERA_DATABASE_URL"]))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
# English (the source language, unprefixed URLs), French (/fr/...) and German (/de/...).
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
]
# One catalogue directory per app (docs/i18n.md), compiled by `make install`.
LOCALE_PATHS = [str(p) for p in catalogue_locale_paths()]
LANGUAGE_COOKIE_NAME = "clustera_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "clustera.portal.staticfiles.HashedStaticFilesStorage"},
}
STATICFILES_DIRS: list[object] = [Path(__file__).resolve().parents[1] / "static"]
_LEAFLET = Path(__file__).resolve().parents[4] / "frontend" / "node_modules" / "leaflet" / "dist"
if _LEAFLET.is_dir():
    STATICFILES_DIRS.append(("vendor/leaflet", _LEAFLET))
MEDIA_ROOT = DATA_DIR / "media"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

HTTPS = bool(CONFIG["CLUSTERA_HTTPS"])
SESSION_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and bool(CONFIG["CLUSTERA_HSTS_PRELOAD"])
if HTTPS and not SECURE_HSTS_PRELOAD:
    # Preloading is a promise for every subdomain, hard to take back: an explicit choice
    # (CLUSTERA_HSTS_PRELOAD), so `check --deploy` does not warn about leaving it off.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None

# Scripts only from the portal's own files: no inline script, no eval, no other origin.
# Inline styles stay allowed (server-drawn SVG charts, htmx's indicator style).
_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF, "'unsafe-inline'"],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": ["'none'"],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (django-axes): a user name from one address is locked after the set
# number of failures, for the set time; the lockout page says so and when to retry.
AXES_FAILURE_LIMIT = int(CONFIG["CLUSTERA_LOGIN_FAILURES"])
AXES_COOLOFF_TIME = timedelta(minutes=int(CONFIG["CLUSTERA_LOCKOUT_MINUTES"]))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# E-mail: the console in the demo, SMTP in production (docs/settings.md).
globals().update(email_from_url(str(CONFIG["CLUSTERA_EMAIL_URL"])))
DEFAULT_FROM_EMAIL = str(CONFIG["CLUSTERA_EMAIL_FROM"])
SERVER_EMAIL = DEFAULT_FROM_EMAIL
CLUSTERA_SITE_URL = str(CONFIG["CLUSTERA_SITE_URL"]).rstrip("/")
# The accessibility statement's date of the last check; empty: the release's (docs/content.md).
CLUSTERA_ACCESSIBILITY_CHECKED = str(CONFIG["CLUSTERA_ACCESSIBILITY_CHECKED"]).strip()
if CLUSTERA_ACCESSIBILITY_CHECKED:
    try:
        date.fromisoformat(CLUSTERA_ACCESSIBILITY_CHECKED)
    except ValueError:
        raise InvalidInputError(
            "expected a date as YYYY-MM-DD",
            field="CLUSTERA_ACCESSIBILITY_CHECKED",
            value=CLUSTERA_ACCESSIBILITY_CHECKED,
        ) from None
# Verification and password-reset links expire after three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Audit log (django-auditlog; docs/operations/audit-log.md): every create, change and delete of
# a model saved through the ORM (services, the admin, the API) with its actor and before/after
# values. Left out: Django's and the libraries' own bookkeeping, data the portal computes or
# loads in bulk (the observatory's results, gap tables, meeting plans, notifications), and
# survey answers (respondents' data, kept by their survey's retention rules, not the audit's).
AUDITLOG_INCLUDE_ALL_MODELS = True
AUDITLOG_EXCLUDE_TRACKING_MODELS = (
    "sessions",
    "contenttypes",
    "auth.permission",
    "axes",
    "django_tasks_database",
    "observatory.observation",
    "observatory.indicatorresult",
    "observatory.cellindicator",
    "observatory.regionindicator",
    "observatory.categoryindicator",
    "observatory.diversificationcandidate",
    "observatory.job",
    "observatory.inputoutputflow",
    "surveys.response",
    "surveys.gaprun",
    "surveys.gaprow",
    "events.meeting",
    "partnering.notification",
    "registry.importrun",  # an import's staging rows: the move into the registry is the change
    "registry.stagedrow",
)
# Secrets are masked, bookkeeping timestamps are not changes anybody made.
AUDITLOG_MASK_TRACKING_FIELDS = ("password", "digest")
AUDITLOG_EXCLUDE_TRACKING_FIELDS = ("last_login", "last_used", "updated", "modified")
AUDITLOG_STORE_JSON_CHANGES = True
# Data minimisation: the audit names the account, not the address it came from.
AUDITLOG_DISABLE_REMOTE_ADDR = True
AUDIT_RETENTION_DAYS = int(CONFIG["CLUSTERA_AUDIT_RETENTION_DAYS"])
UNVERIFIED_ACCOUNT_DAYS = int(CONFIG["CLUSTERA_UNVERIFIED_ACCOUNT_DAYS"])

CLUSTERA_PAGE_SIZE = int(CONFIG["CLUSTERA_PAGE_SIZE"])
CLUSTERA_FACET_CACHE_SECONDS = int(CONFIG["CLUSTERA_FACET_CACHE_SECONDS"])
CLUSTERA_RECOMMENDER_REFIT = bool(CONFIG["CLUSTERA_RECOMMENDER_REFIT"])
CLUSTERA_MAX_PAGE_SIZE = int(CONFIG["CLUSTERA_MAX_PAGE_SIZE"])
# Countries associated to EU programmes: calls for partnerships may open to them.
CLUSTERA_ASSOCIATED_COUNTRIES = [
    c.strip().upper() for c in str(CONFIG["CLUSTERA_ASSOCIATED_COUNTRIES"]).split(",") if c.strip()
]
NINJA_PAGINATION_PER_PAGE = CLUSTERA_PAGE_SIZE
NINJA_PAGINATION_MAX_LIMIT = CLUSTERA_MAX_PAGE_SIZE

# Request bodies (clustera.portal.upload_limit): files up to CLUSTERA_MAX_UPLOAD_MB per
# request; other bodies (forms, JSON) up to 2.5 MiB; uploads above 2.5 MiB spill to a
# temporary file instead of memory.
CLUSTERA_MAX_UPLOAD_MB = int(CONFIG["CLUSTERA_MAX_UPLOAD_MB"])
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o640

# API rate limits (clustera.portal.throttling), counted in a cache that every worker
# process of `clustera serve` shares.
CLUSTERA_API_RATE_IP = str(CONFIG["CLUSTERA_API_RATE_IP"])
CLUSTERA_API_RATE_TOKEN = str(CONFIG["CLUSTERA_API_RATE_TOKEN"])
CLUSTERA_TRUSTED_PROXIES = int(CONFIG["CLUSTERA_TRUSTED_PROXIES"])
NINJA_NUM_PROXIES = CLUSTERA_TRUSTED_PROXIES
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "throttle"),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    # visitors' public pages (clustera.portal.page_cache)
    "pages": cache_from_url(str(CONFIG["CLUSTERA_CACHE_URL"])),
}
CLUSTERA_PAGE_CACHE_SECONDS = int(CONFIG["CLUSTERA_PAGE_CACHE_SECONDS"])

# Report jobs of visitors who are not signed in (clustera.observatory.jobs).
CLUSTERA_ANON_JOBS_PER_HOUR = int(CONFIG["CLUSTERA_ANON_JOBS_PER_HOUR"])
CLUSTERA_ANON_JOBS_QUEUED = int(CONFIG["CLUSTERA_ANON_JOBS_QUEUED"])
