"""The JavaScript strings' translations, served as a script file (CSP allows no inline script).

The static JavaScript of the apps (``src/clustera/<app>/static/**/*.js``) marks its strings
with ``gettext()`` / ``ngettext()`` / ``interpolate()``, the functions Django's JavaScript
catalogue defines. Those strings are extracted into the app's own ``django`` catalogue with the
rest of its strings (``clustera.portal.catalogues.extract_template``), so translators see one
catalogue per app. This view serves, for the page's language (``/fr/jsi18n.js``), only the
entries the JavaScript files use: not the thousands of strings of the pages.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.i18n import JavaScriptCatalog

from clustera.portal.catalogues import extract_script, script_files

__all__ = ["ScriptCatalog", "js_messages"]


@cache
def js_messages() -> frozenset[str | tuple[str, str]]:
    """The catalogue keys the JavaScript files use (``msgid``, or ``context\\x04msgid``)."""
    keys: set[str | tuple[str, str]] = set()
    for path in script_files():
        for _line, message, context in extract_script(path):
            msgid = message if isinstance(message, str) else message[0]
            keys.add(f"{context}\x04{msgid}" if context else msgid)
    return frozenset(keys)


@method_decorator(cache_control(max_age=3600), name="dispatch")
class ScriptCatalog(JavaScriptCatalog):
    """Django's JavaScript catalogue, from the apps' ``django`` catalogues, limited to the
    strings the JavaScript files use."""

    domain = "django"

    def get_catalog(self) -> dict[str, Any]:
        wanted = js_messages()
        return {key: value for key, value in super().get_catalog().items() if key in wanted}
