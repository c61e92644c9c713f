"""Clustera's deployment settings, declared once: name, type, default and help.

Each is read from the environment at start-up and checked there; ``docs/settings.md``
documents every one (a test keeps the two in step).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clustera.errors import InvalidInputError

__all__ = ["SETTINGS", "Setting", "parse_rate", "read_settings"]

PROJECT_ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Setting:
    """One environment setting of a Clustera deployment."""

    name: str
    kind: type
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "CLUSTERA_DATA_DIR",
        str,
        str(PROJECT_ROOT / "var"),
        "Folder for the embedded SQLite database, downloads cache, media and reports.",
    ),
    Setting(
        "CLUSTERA_DATABASE_URL",
        str,
        "",
        "Database URL; empty means SQLite at $CLUSTERA_DATA_DIR/clustera.sqlite3. "
        "PostgreSQL: postgres://user:password@host:5432/name.",
    ),
    Setting(
        "CLUSTERA_SECRET_KEY",
        str,
        "",
        "Django secret key. Empty: a random key is generated once and kept in "
        "$CLUSTERA_DATA_DIR/secret_key (never in the repository).",
    ),
    Setting("CLUSTERA_DEBUG", bool, False, "Django debug mode; never in production."),
    Setting(
        "CLUSTERA_ALLOWED_HOSTS",
        str,
        "127.0.0.1,localhost",
        "Comma-separated host names the portal answers to.",
    ),
    Setting(
        "CLUSTERA_CACHE_DIR",
        str,
        "",
        "Download cache for `clustera data fetch`; empty means $CLUSTERA_DATA_DIR/cache.",
    ),
    Setting(
        "CLUSTERA_EUROSTAT_URL",
        str,
        "https://ec.europa.eu/eurostat",
        "Base address of Eurostat's dissemination API for `clustera data fetch eurostat`.",
    ),
    Setting(
        "CLUSTERA_GISCO_URL",
        str,
        "https://gisco-services.ec.europa.eu",
        "Base address of GISCO for `clustera data fetch nuts`.",
    ),
    Setting(
        "CLUSTERA_CORDIS_URL",
        str,
        "https://cordis.europa.eu",
        "Base address of CORDIS for `clustera data fetch cordis`.",
    ),
    Setting("CLUSTERA_PAGE_SIZE", int, 25, "Default page size of directory pages and API lists."),
    Setting("CLUSTERA_MAX_PAGE_SIZE", int, 500, "Largest page size the API accepts."),
    Setting(
        "CLUSTERA_RECOMMENDER_REFIT",
        bool,
        True,
        "Refit the partner recommender in the background when the registry changed since its last fit.",
    ),
    Setting(
        "CLUSTERA_HTTPS",
        bool,
        False,
        "The portal is served over HTTPS (directly or behind a proxy that sets "
        "X-Forwarded-Proto): secure cookies, HSTS for a year and redirects to HTTPS.",
    ),
    Setting(
        "CLUSTERA_LOGIN_FAILURES",
        int,
        5,
        "Failed logins for one user name from one address before the login is locked.",
    ),
    Setting(
        "CLUSTERA_LOCKOUT_MINUTES", int, 15, "How long a locked login stays locked, in minutes."
    ),
    Setting(
        "CLUSTERA_EMAIL_URL",
        str,
        "",
        "Where e-mail goes. Empty: printed on the console (the demo). "
        "smtp://user:password@host:587 (STARTTLS), smtps://user:password@host:465 (TLS), "
        "console: or file:///path/to/folder.",
    ),
    Setting(
        "CLUSTERA_EMAIL_FROM",
        str,
        "Clustera <no-reply@localhost>",
        "Sender of the portal's e-mail (verification, password reset, requests, conversations).",
    ),
    Setting(
        "CLUSTERA_SITE_URL",
        str,
        "http://127.0.0.1:8000",
        "Public address of the portal, used in links inside e-mail sent outside a request.",
    ),
    Setting(
        "CLUSTERA_ASSOCIATED_COUNTRIES",
        str,
        "AL,AM,BA,CA,CH,FO,GB,GE,IL,IS,KR,MD,ME,MK,NO,NZ,RS,TN,TR,UA,XK",
        "Comma-separated ISO codes of the countries associated to EU programmes; calls for "
        "strategic cluster partnerships may open to them besides the EU Member States.",
    ),
    Setting(
        "CLUSTERA_UNVERIFIED_ACCOUNT_DAYS",
        int,
        30,
        "Days after which an account whose e-mail address was never verified is deleted.",
    ),
    Setting(
        "CLUSTERA_AUDIT_RETENTION_DAYS",
        int,
        1825,
        "Days the audit log keeps an entry; older entries are deleted daily.",
    ),
    Setting(
        "CLUSTERA_ACCESSIBILITY_CHECKED",
        str,
        "",
        "Date (YYYY-MM-DD) of the last accessibility check, shown by the accessibility "
        "statement. Empty: the date recorded for this release (content.views.ACCESSIBILITY_CHECKED).",
    ),
    Setting(
        "CLUSTERA_HSTS_PRELOAD",
        bool,
        False,
        "With CLUSTERA_HTTPS: ask browsers to preload HTTPS for the domain and its subdomains "
        "(the HSTS preload list). Hard to undo: only once every subdomain serves HTTPS.",
    ),
    Setting(
        "CLUSTERA_API_RATE_IP",
        str,
        "300/min",
        "API requests allowed per client address (requests without a valid token or session), "
        "as N/s, N/min, N/hour or N/day; empty for no limit.",
    ),
    Setting(
        "CLUSTERA_API_RATE_TOKEN",
        str,
        "1200/min",
        "API requests allowed per bearer token (or signed-in user); empty for no limit.",
    ),
    Setting(
        "CLUSTERA_TRUSTED_PROXIES",
        int,
        0,
        "Reverse proxies in front of the portal that append to X-Forwarded-For; 0 means the "
        "client address is the connection's (the header is ignored).",
    ),
    Setting(
        "CLUSTERA_ANON_JOBS_PER_HOUR",
        int,
        5,
        "Report jobs one visitor who is not signed in may start per hour (per address).",
    ),
    Setting(
        "CLUSTERA_ANON_JOBS_QUEUED",
        int,
        10,
        "Report jobs of visitors who are not signed in that may wait or run at once.",
    ),
    Setting(
        "CLUSTERA_MAX_UPLOAD_MB",
        int,
        10,
        "Largest request body with files (uploads, imports), in MiB; larger ones answer 413.",
    ),
    Setting(
        "CLUSTERA_FACET_CACHE_SECONDS",
        int,
        60,
        "How long the directory's facet counts are reused for visitors who are not signed in; "
        "0 counts them on every page.",
    ),
    Setting(
        "CLUSTERA_PAGE_CACHE_SECONDS",
        int,
        600,
        "How long a public page (or anonymous API list) is served from the page cache to "
        "visitors who are not signed in (a committed write through Django makes every stored "
        "page stale at once); 0 turns the page cache off.",
    ),
    Setting(
        "CLUSTERA_CACHE_URL",
        str,
        "",
        "Where the page cache lives. Empty: files under $CLUSTERA_DATA_DIR/pages, shared by the "
        "worker processes of one host. redis://host:6379/0 (needs the redis package), "
        "file:///path or locmem: (one cache per process).",
    ),
    Setting("PORT", int, 8000, "Port `make demo` serves the portal on."),
)


def _parse(setting: Setting, raw: str) -> Any:
    if setting.kind is bool:
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off", ""}:
            return False
        raise InvalidInputError("expected true or false", field=setting.name, value=raw)
    if setting.kind is int:
        try:
            return int(raw)
        except ValueError:
            raise InvalidInputError(
                "expected a whole number", field=setting.name, value=raw
            ) from None
    if setting.name.startswith("CLUSTERA_API_RATE_"):
        parse_rate(raw, setting.name)
    return raw


_PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str, field: str = "rate") -> tuple[int, int] | None:
    """``"120/min"`` -> (120, 60): requests per window of seconds; empty means no limit."""
    if not rate.strip():
        return None
    count, _, period = rate.strip().partition("/")
    try:
        number, seconds = int(count), _PERIODS[period.strip().lower()]
    except (ValueError, KeyError):
        raise InvalidInputError(
            "expected a rate such as 120/min (per s, min, hour or day), or empty for none",
            field=field,
            value=rate,
        ) from None
    if number < 1:
        raise InvalidInputError("the rate must allow at least one request", field=field, value=rate)
    return number, seconds


def read_settings(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Read every declared setting from the environment, with its default where unset."""
    env = os.environ if environ is None else environ
    return {s.name: _parse(s, env[s.name]) if s.name in env else s.default for s in SETTINGS}
