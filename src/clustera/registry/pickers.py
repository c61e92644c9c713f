"""The choices of the profile editor's pickers: taxonomy terms grouped by scheme and indented
by level (NACE sections > divisions > groups ...), NUTS regions grouped by country and indented
by level, and ISO 639-1 languages.

Plain ``<select>`` options with ``<optgroup>``: they work without JavaScript; the portal's
``clustera/picker.js`` adds a search box above each list.
"""

from __future__ import annotations

from typing import Any

from django.conf import global_settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clustera.registry import models
from clustera.registry.labels import TERM_FIELDS, term_label

Choices = list[tuple[str, list[tuple[str, str]]]]

SCHEME_NAMES = {
    "NACE2": "NACE Rev. 2",
    "NACE21": "NACE Rev. 2.1",
    "KET": _("Key enabling technologies"),
    "ATI": _("Advanced technologies for industry"),
    "WIPO35": _("WIPO technology fields"),
    "EU14": _("EU industrial ecosystems"),
    "SYN": _("Synthetic world"),
}
INDENT = "\u2003"  # an em space: visible in every browser's option list


def _label(term: Any, with_code: bool) -> str:
    prefix = INDENT * int(term.level or 0)
    name = term_label(term)
    return f"{prefix}{term.code} {name}" if with_code else f"{prefix}{name}"


def term_choices(model: Any, with_code: bool = False) -> Choices:
    """Terms of ``model`` grouped by scheme, each group in code order (parents before
    children), values ``SCHEME:code``."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for term in model.objects.order_by("scheme", "code").only(*TERM_FIELDS):
        groups.setdefault(term.scheme, []).append(
            (f"{term.scheme}:{term.code}", _label(term, with_code))
        )
    return [(str(SCHEME_NAMES.get(scheme, scheme)), options) for scheme, options in groups.items()]


def region_version() -> str | None:
    """The NUTS version offered: the newest real one, else the synthetic world's."""
    versions = set(models.Region.objects.values_list("nuts_version", flat=True).distinct())
    real = sorted(v for v in versions if v != "SYN")
    return real[-1] if real else ("SYN" if versions else None)


def region_choices() -> Choices:
    """Regions of the offered NUTS version, grouped by country, indented by level."""
    version = region_version()
    groups: dict[str, list[tuple[str, str]]] = {}
    rows = models.Region.objects.filter(nuts_version=version).order_by("country", "code")
    for region in rows.only("code", "name", "level", "country"):
        label = f"{INDENT * region.level}{region.code} {region.name}"
        groups.setdefault(region.country, []).append((region.code, label))
    return list(groups.items())


def language_choices() -> list[tuple[str, str]]:
    """ISO 639-1 languages (two-letter codes), by name (in the active language: Django
    translates its language names)."""
    found = {code: gettext(name) for code, name in global_settings.LANGUAGES if len(code) == 2}
    return sorted(found.items(), key=lambda item: item[1])


def flat_values(choices: Choices) -> set[str]:
    """Every value of grouped choices."""
    return {value for _group, options in choices for value, _label in options}
