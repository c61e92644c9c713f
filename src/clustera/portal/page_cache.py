"""Full-page cache for visitors who are not signed in (issue 18: 200 clients on the demo).

A public page is the same for every visitor without an account, so its rendered answer is kept
in the ``pages`` cache (``CLUSTERA_CACHE_URL``; by default files under
``$CLUSTERA_DATA_DIR/pages`` that every gunicorn worker of the host shares) for
``CLUSTERA_PAGE_CACHE_SECONDS`` and served again without running the view, the templates or a
query. Django's ``cache_page`` / per-site middleware are not used as they are: they key on the
``Vary`` headers, and every page varies on ``Cookie`` (the session, the CSRF cookie), so each
visitor would get an entry of their own; and they refuse every page that sets the CSRF cookie,
which is every page (the header's language switcher and htmx headers carry the token).

What is cached (:data:`PAGES`, :data:`API_LISTS`): GET and HEAD of the home page, the
directory, profiles, the map, search, the observatory's pages, content lists and items, the
events calendar and the API's public list reads. Never:

- for a request with the session cookie (a signed-in user, or any session), the messages
  cookie (a message waits to be shown) or an ``Authorization`` header (an API token);
- an answer that is not 200, is streamed, sets a cookie, modified the session, or used the
  visitor's real CSRF token (a view that called ``get_token``);

The key is the absolute address (scheme, host, path and query), the active language and
whether htmx asked for a fragment, under a version number that any committed write to a public
app's table bumps (:func:`listen_for_writes`, :func:`bump_version`). So the HTML of signed-in
users is never stored, and a cached page never shows another visitor's anything.

**CSRF.** Pages with forms (the language switcher on every page, the region page's report
form) embed a CSRF token. While a cacheable page renders, the ``csrf_token`` of the templates is
a placeholder (:func:`csrf_placeholder`, a context processor placed after Django's); the
placeholder is what is stored, and every answer, first or cached, gets the placeholder
replaced by the visitor's own masked token (``get_token``), which also makes
``CsrfViewMiddleware`` send that visitor's CSRF cookie. One visitor's token never reaches
another (tests/portal/test_page_cache.py checks every cached page).

Order in ``MIDDLEWARE``: after ``CsrfViewMiddleware`` (its answer sets the cookie of a served
page), ``LocaleMiddleware`` (the language is known) and the preferred-language redirect;
before ``AuthenticationMiddleware``, so a hit costs no session or user lookup.

Staleness: every process that runs Django (web, task worker, ``clustera`` commands) watches its
database statements and bumps the shared version when a write to a public table commits, so a
page is fresh after any write made through Django, in bulk or not. A page may still be up to
``CLUSTERA_PAGE_CACHE_SECONDS`` old after a change made outside Django (``psql``), or with a
per-process cache (``locmem:``) or several hosts with file caches, where the version is not
shared.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.crypto import salted_hmac

__all__ = [
    "API_LISTS",
    "PAGES",
    "PageCacheMiddleware",
    "bump_version",
    "csrf_placeholder",
    "listen_for_writes",
    "placeholder",
]

ALIAS = "pages"
log = logging.getLogger(__name__)
VERSION_KEY = "page-cache:version"
HEADER = "X-Page-Cache"

#: Public pages, the language prefix removed (``/fr/directory/`` is ``directory/``).
PAGES = re.compile(
    r"(?:"
    r"|directory/|organisations/\d+/|map/|map/data\.json|search/"
    r"|observatory/(?:|map/|map/data\.json|regions/[^/]+/|categories/\d+/[^/]+/|methods/[\w-]+/)"
    r"|news/|case-studies/|publications/|content/(?!new/|queue/)[\w-]+/"
    r"|events/|events/month/|events/map/"
    r")"
)
#: The API's public list reads (without a token: anonymous visitors' view of public data).
API_LISTS = re.compile(
    r"api/(?:organisations|regions|offers|services|content|events|calls|surveys"
    r"|taxonomies/[\w-]+|observatory/datasets)"
)
#: Writes to these apps' models change public pages; the listed models do not.
PUBLIC_APPS = frozenset({"registry", "content", "events", "observatory", "partnerships"})
#: Jobs' status rows and an import's staging rows change no public page (the import's own
#: writes to the registry do, when they commit).
QUIET_MODELS = frozenset({"observatory.job", "registry.importrun", "registry.stagedrow"})

_HEADERS_NOT_KEPT = frozenset({"content-length", "set-cookie"})


def placeholder() -> str:
    """What stands for the CSRF token in a stored page: 64 characters, like a masked token,
    derived from the secret key (the same in every worker, not guessable from outside)."""
    return _placeholder(settings.SECRET_KEY)


@functools.lru_cache(maxsize=4)
def _placeholder(secret_key: str) -> str:  # an HMAC per hit was a tenth of a hit's time
    return salted_hmac(
        "clustera.page_cache", "csrf", secret=secret_key, algorithm="sha256"
    ).hexdigest()


def csrf_placeholder(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the placeholder as ``csrf_token`` while a cacheable page renders.

    Listed after Django's built-in ``csrf`` processor, so it wins; Django's lazy token is then
    never evaluated and the visitor's CSRF secret never enters the page.
    """
    if getattr(request, "_page_cache_render", False):
        return {"csrf_token": placeholder()}
    return {}


def _language_free_path(path: str) -> str:
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return path[len(prefix) :]
    return path[1:]


def _cacheable(request: HttpRequest) -> bool:
    if request.method not in {"GET", "HEAD"} or settings.CLUSTERA_PAGE_CACHE_SECONDS <= 0:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    path = request.path_info
    if path.startswith("/api/"):
        return API_LISTS.fullmatch(path[1:]) is not None
    return PAGES.fullmatch(_language_free_path(path)) is not None


def _key(request: HttpRequest, version: int) -> str:
    address = request.build_absolute_uri()
    htmx = "h" if request.headers.get("HX-Request") == "true" else "p"
    language = translation.get_language() or settings.LANGUAGE_CODE
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{version}:{language}:{htmx}:{digest}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)


def _with_visitor_token(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Replace the placeholder by the visitor's own masked CSRF token (and so set their cookie)."""
    if response.streaming:
        return response
    marker = placeholder().encode()
    if marker in response.content:
        response.content = response.content.replace(marker, get_token(request).encode())
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
    return response


def _frozen(response: HttpResponse) -> tuple[int, list[tuple[str, str]], bytes]:
    headers = [(k, v) for k, v in response.items() if k.lower() not in _HEADERS_NOT_KEPT]
    return response.status_code, headers, response.content


def _thawed(stored: tuple[int, list[tuple[str, str]], bytes]) -> HttpResponse:
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def _within_api_rate(request: HttpRequest) -> bool:
    """A cached API answer still counts against the address's rate limit (docs/settings.md)."""
    if not request.path_info.startswith("/api/"):
        return True
    from clustera.portal.throttling import ApiRateLimit

    return ApiRateLimit().allow_request(request)


class PageCacheMiddleware:
    """Serve and keep public pages for visitors who are not signed in (module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = (
            get_response  # writes are watched from start-up (clustera.portal.writes)
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable(request):
            return self.get_response(request)
        try:  # the cache is a help: unreachable or broken, the page is rendered as usual
            cache = caches[ALIAS]
            key = _key(request, int(cache.get(VERSION_KEY, 0)))
            stored = cache.get(key)
        except Exception:
            log.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        if stored is not None and _within_api_rate(request):
            response = _thawed(stored)
            response[HEADER] = "hit"
            return _with_visitor_token(request, response)
        request._page_cache_render = True  # type: ignore[attr-defined]
        response = self.get_response(request)
        if _storable(request, response):
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
            try:
                cache.set(key, _frozen(response), settings.CLUSTERA_PAGE_CACHE_SECONDS)
                response[HEADER] = "miss"
            except Exception:
                log.warning("page cache: could not store %s", request.path, exc_info=True)
        return _with_visitor_token(request, response)


def bump_version() -> None:
    """Make every stored page stale (a write to public data committed).

    Never raises: it runs after the write's commit, whose caller must not see an error."""
    try:
        cache = caches[ALIAS]
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet (or it expired)
            cache.set(VERSION_KEY, 1, timeout=None)
    except Exception:
        log.warning("page cache: could not mark the stored pages stale", exc_info=True)


#: The start of a statement that writes a table, and the table (Django quotes it).
_WRITE = re.compile(
    r'(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+["`]?(\w+)', re.I
)
_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "insert", "update", "delete", "replace")
_LISTENING: list[bool] = []


@functools.cache
def _public_tables() -> frozenset[str]:
    """The tables whose rows public pages show: every model of :data:`PUBLIC_APPS` (and their
    many-to-many tables) but :data:`QUIET_MODELS`."""
    from django.apps import apps

    return frozenset(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in PUBLIC_APPS and model._meta.label_lower not in QUIET_MODELS
    )


def _watch_writes(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """Database execute wrapper: a statement that writes a public table makes the stored pages
    stale once its transaction commits (once per transaction, however many statements)."""
    result = execute(sql, params, many, context)
    if not sql.startswith(_WRITE_VERBS) or settings.CLUSTERA_PAGE_CACHE_SECONDS <= 0:
        return result
    found = _WRITE.match(sql)
    if found is None or found.group(1) not in _public_tables():
        return result
    connection = context["connection"]
    if not connection.in_atomic_block:
        bump_version()  # autocommit: the write is already committed
    elif not any(entry[1] is bump_version for entry in connection.run_on_commit):
        transaction.on_commit(bump_version, using=connection.alias)
    return result


def _watch(connection: Any) -> None:
    if _watch_writes not in connection.execute_wrappers:
        # first in the list: a wrapper pushed and popped around a block (execute_wrapper) stays last
        connection.execute_wrappers.insert(0, _watch_writes)


def _on_connection_created(sender: Any, connection: Any, **kwargs: Any) -> None:
    _watch(connection)


def listen_for_writes() -> None:
    """Watch every database connection of this process for writes to public tables.

    Called when Django starts (:mod:`clustera.portal.writes`), so web processes, the task worker
    and every ``clustera`` command make the stored pages stale when they commit a write, whether
    through a model's ``save``, a queryset's ``update`` or ``bulk_create``, an import's batches
    or raw SQL: one mechanism instead of model signals, which bulk writes do not send. Writes
    from outside Django (``psql``) show when the pages expire.
    """
    if _LISTENING:
        return
    _LISTENING.append(True)
    connection_created.connect(_on_connection_created, dispatch_uid="clustera.page_cache.watch")
    for connection in connections.all(initialized_only=True):
        _watch(connection)
