"""The reader's language: prefixed page addresses, the browser's choice, the switcher.

English pages keep their unprefixed addresses (``/directory/``); French and German ones live
under ``/fr/`` and ``/de/``. Django's ``LocaleMiddleware`` takes the language from the prefix
and treats an unprefixed address as English; this middleware, placed after it, sends a reader
who asked for French or German (the switcher's cookie first, else the browser's
Accept-Language) from an unprefixed page to the same page under their prefix. The API, feeds
and data downloads (addresses whose last part has a dot: ``feed.rss``, ``data.json``) and
htmx fragments are never redirected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import translate_url
from django.urls.exceptions import Resolver404
from django.urls.resolvers import get_resolver
from django.utils import translation
from django.utils.cache import patch_vary_headers

_NEVER_PREFIXED = ("/api/", "/admin/", "/static/", "/i18n/", "/media/")


def preferred_language(request: HttpRequest) -> str:
    """The language the reader asked for: the switcher's cookie, else Accept-Language."""
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie and cookie in dict(settings.LANGUAGES):
        return cookie
    accept = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in translation.trans_real.parse_accept_lang_header(accept):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return str(settings.LANGUAGE_CODE)


def _is_page_request(request: HttpRequest) -> bool:
    if request.method not in {"GET", "HEAD"} or request.headers.get("HX-Request"):
        return False
    path = request.path_info
    if path.startswith(_NEVER_PREFIXED) or "." in path.rstrip("/").rsplit("/", 1)[-1]:
        return False
    return translation.get_language_from_path(path) is None


class PreferredLanguageMiddleware:
    """Redirect an unprefixed page to the reader's language (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_page_request(request):
            wanted = preferred_language(request)
            if wanted != settings.LANGUAGE_CODE:
                target = _translated_path(request, wanted)
                if target is not None:
                    response: HttpResponse = HttpResponseRedirect(target)
                    patch_vary_headers(response, ("Accept-Language", "Cookie"))
                    return response
        response = self.get_response(request)
        if _is_page_request(request):
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


def _translated_path(request: HttpRequest, language: str) -> str | None:
    """The same page's address in ``language``, or None when the address is no page."""
    path = request.path_info
    try:
        get_resolver().resolve(path)
    except Resolver404:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        target = translate_url(request.get_full_path(), language)
    return target if target != request.get_full_path() else None


def language_links(request: HttpRequest) -> list[dict[str, Any]]:
    """The current page in every language: code, name, relative and absolute address."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    full_path = request.get_full_path()
    links = []
    for code, name in settings.LANGUAGES:
        url = full_path if code == current else translate_url(full_path, code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute": request.build_absolute_uri(url),
                "current": code == current,
            }
        )
    return links


def languages(request: HttpRequest) -> dict[str, Any]:
    """Template context: ``language_links`` for the switcher and the hreflang alternates."""
    return {"language_links": language_links(request)}
