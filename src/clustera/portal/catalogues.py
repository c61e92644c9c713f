"""Translation catalogues: one per app, so two engineers never edit the same .po file.

Layout (``docs/i18n.md``)::

    src/clustera/locale/<app>/<lang>/LC_MESSAGES/django.po   # committed
    src/clustera/locale/<app>/<lang>/LC_MESSAGES/django.mo   # compiled, git-ignored

Every ``src/clustera/locale/<app>`` directory is listed in ``LOCALE_PATHS``. Extraction wraps
Django's ``makemessages`` (GNU xgettext reads Django templates through Django's own
templatizer), run on one app's sources in a scratch directory; merging into the committed
catalogue and compiling use Babel (pure Python, so ``make install`` compiles without msgfmt).

Strings of the apps' JavaScript files (``gettext()`` calls, extracted with Babel) go to the
app's catalogue too; ``clustera.portal.jsi18n`` serves them to the browser.

Messages of the pure core (``clustera.texts.Message``: eligibility problems, suggestion reasons,
questionnaire validation errors) are marked there with the no-op ``N_()`` / ``Nn_()``: the app
that shows them extracts them too (:data:`CORE_SOURCES`, keywords :data:`CORE_KEYWORDS`).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract as babel_extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

SOURCE_ROOT = Path(__file__).resolve().parents[1]
LOCALE_ROOT = SOURCE_ROOT / "locale"
#: The apps (and the portal) that own a catalogue; order is LOCALE_PATHS' order.
APPS: tuple[str, ...] = (
    "portal",
    "accounts",
    "registry",
    "observatory",
    "partnering",
    "surveys",
    "partnerships",
    "events",
    "content",
)
#: The languages translated from English (English is the source language: no catalogue).
TRANSLATED: tuple[str, ...] = ("fr", "de")
#: Minimum share of translated messages in every catalogue (checked in ``make test``).
MIN_TRANSLATED = 0.98
_PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);", "de": "nplurals=2; plural=(n != 1);"}
_IGNORED = ("migrations", "static", "__pycache__", "locale")
#: Pure-core packages whose messages an app shows (``clustera.texts.Message``): extracted into
#: that app's catalogue, from the templates marked with ``N_()`` / ``Nn_()``.
CORE_SOURCES: dict[str, tuple[str, ...]] = {
    "partnerships": ("programmes",),
    "partnering": ("matching",),
    "surveys": ("questionnaires",),
}
#: xgettext keywords of the pure core's no-op markers (``clustera.texts``).
CORE_KEYWORDS = ("--keyword=N_", "--keyword=Nn_:1,2")
_PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[#0 +-]?\d*(?:\.\d+)?[sdifr]|%[sdifr]|%%")


#: The marking functions of the JavaScript files and their arguments (Babel's keyword specs).
JS_KEYWORDS: dict[str, Any] = {
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}


def script_files(app: str | None = None) -> list[Path]:
    """The apps' own JavaScript files (vendored and minified ones left out)."""
    pattern = f"{app or '*'}/static/**/*.js"
    return sorted(
        path
        for path in SOURCE_ROOT.glob(pattern)
        if "vendor" not in path.parts and not path.name.endswith(".min.js")
    )


def extract_script(path: Path) -> list[tuple[int, str | tuple[str, ...], str | None]]:
    """``(line, message, context)`` of every marked string of one JavaScript file; a message is
    a msgid, or ``(singular, plural)`` for ``ngettext``."""
    with path.open("rb") as handle:
        return [
            (line, message, context)
            for line, message, _comments, context in babel_extract(
                "javascript", handle, keywords=JS_KEYWORDS, options={"encoding": "utf-8"}
            )
        ]


def locale_paths() -> list[Path]:
    """The ``LOCALE_PATHS`` entries, one directory per app."""
    return [LOCALE_ROOT / app for app in APPS]


def catalogue_path(app: str, language: str) -> Path:
    _check_app(app)
    return LOCALE_ROOT / app / language / "LC_MESSAGES" / "django.po"


def _check_app(app: str) -> None:
    if app not in APPS:
        raise ValueError(f"app: unknown app {app!r} (one of {', '.join(APPS)})")


def read_catalogue(path: Path, template: bool = False) -> Catalog:
    """A .po file, or a template (.pot), whose placeholder plural header Babel cannot read."""
    data = path.read_bytes()
    if template:
        data = data.replace(
            b"nplurals=INTEGER; plural=EXPRESSION;", b"nplurals=2; plural=(n != 1);"
        )
    return read_po(io.BytesIO(data), abort_invalid=not template)


def write_catalogue(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, ignore_obsolete=True, include_lineno=False)
    path.write_bytes(buffer.getvalue())


def extract_template(app: str) -> Catalog:
    """The app's marked strings, as a template catalogue (runs ``makemessages`` in a scratch dir).

    Needs Django set up and GNU gettext's ``xgettext`` on the PATH.
    """
    _check_app(app)
    from django.core.management import call_command
    from django.core.management.commands.makemessages import Command as MakeMessages
    from django.test.utils import override_settings

    class Command(MakeMessages):
        xgettext_options = [*MakeMessages.xgettext_options, *CORE_KEYWORDS]

    sources = (app, *CORE_SOURCES.get(app, ()))
    with tempfile.TemporaryDirectory(prefix=f"clustera-i18n-{app}-") as scratch:
        root = Path(scratch)
        (root / "locale").mkdir()
        for source in sources:
            os.symlink(SOURCE_ROOT / source, root / source)
        with contextlib.chdir(root), override_settings(LOCALE_PATHS=[]):
            call_command(
                Command(),
                locale=["fr"],
                domain="django",
                symlinks=True,
                keep_pot=True,
                no_obsolete=True,
                add_location="file",
                ignore_patterns=[f"{s}/{name}" for s in sources for name in _IGNORED]
                + ["*/tests/*"],
                verbosity=0,
            )
        pot = root / "locale" / "django.pot"
        template = read_catalogue(pot, template=True) if pot.exists() else Catalog(domain="django")
    add_script_messages(app, template)
    return template


def add_script_messages(app: str, template: Catalog) -> None:
    """Add the strings marked in the app's JavaScript files (``gettext("...")``) to its
    template: they go to the same catalogue as the pages' strings (served to the browser by
    ``clustera.portal.jsi18n``)."""
    for path in script_files(app):
        location = path.relative_to(SOURCE_ROOT).as_posix()
        for line, message, context in extract_script(path):
            known = template.get(message, context=context)
            if known is not None:
                known.locations.append((location, line))
            else:
                template.add(message, locations=[(location, line)], context=context)


def merge(app: str, template: Catalog, language: str) -> Catalog:
    """The app's catalogue for ``language`` brought in line with ``template``.

    Translations of kept strings stay; new strings come in untranslated (never fuzzy-matched,
    so no guessed translation slips through); strings no longer in the sources are dropped.
    """
    path = catalogue_path(app, language)
    if path.exists():
        catalog = read_catalogue(path)
    else:
        catalog = Catalog(
            locale=language,
            domain="django",
            project="Clustera",
            version="1",
            copyright_holder="the Clustera authors",
            header_comment=f"# {language} translations of Clustera's {app} (docs/i18n.md).",
            fuzzy=False,
        )
        # Django's plural rules for the language (CLDR's French has a third form for millions)
        catalog.mime_headers = [("Plural-Forms", _PLURAL_FORMS[language])]
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.fuzzy = False
    return catalog


def extract(app: str, languages: tuple[str, ...] = TRANSLATED) -> list[Path]:
    """Extract one app's strings into its catalogues (``clustera i18n extract --app``)."""
    template = extract_template(app)
    written = []
    for language in languages:
        path = catalogue_path(app, language)
        write_catalogue(merge(app, template, language), path)
        written.append(path)
    return written


def compile_all(only_stale: bool = False) -> list[Path]:
    """Compile every catalogue to its .mo with Babel (fuzzy entries are left out)."""
    written = []
    for po in sorted(LOCALE_ROOT.glob("*/*/LC_MESSAGES/django.po")):
        mo = po.with_suffix(".mo")
        if only_stale and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        buffer = io.BytesIO()
        write_mo(buffer, read_catalogue(po), use_fuzzy=False)
        mo.write_bytes(buffer.getvalue())
        written.append(mo)
    return written


def _messages(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


def _key(message: Message) -> tuple[str | None, str]:
    return (message.context, _forms(message.id)[0])


def placeholders(text: str) -> Counter[str]:
    """The printf-style placeholders of a message (``%(name)s``, ``%s``; ``%%`` ignored)."""
    return Counter(p for p in _PLACEHOLDER.findall(text) if p != "%%")


def _forms(value: object) -> list[str]:
    """A message's id or string as a list (one item, or a plural's forms)."""
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, (tuple, list)) else []


def _placeholder_problem(message: Message) -> str | None:
    """A translation whose placeholders differ from its msgid's (a plural's forms may leave
    out a placeholder, as "une organisation" does, but never bring in another)."""
    ids, strings = _forms(message.id), _forms(message.string)
    if len(ids) == 1:
        if strings and strings[0] and placeholders(strings[0]) != placeholders(ids[0]):
            return f"placeholders differ: {ids[0]!r} -> {strings[0]!r}"
        return None
    allowed = set(placeholders(ids[0])) | set(placeholders(ids[-1]))
    for string in strings:
        if string and not set(placeholders(string)) <= allowed:
            return f"placeholders differ: {ids[0]!r} -> {string!r}"
    return None


def _translated(message: Message) -> bool:
    strings = _forms(message.string)
    return bool(strings) and all(strings)


@dataclass
class Report:
    """What the completeness check found in one catalogue."""

    app: str
    language: str
    total: int = 0
    translated: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.translated / self.total if self.total else 1.0


def check(
    app: str, language: str, template: Catalog | None = None, path: Path | None = None
) -> Report:
    """Completeness of one catalogue: share translated, fuzzy entries, placeholders, and (with
    a fresh extraction as ``template``) the marked strings missing from it."""
    report = Report(app, language)
    path = path or catalogue_path(app, language)
    if not path.exists():
        report.problems.append(f"{path}: missing (run: clustera i18n extract --app {app})")
        return report
    catalog = read_catalogue(path)
    messages = _messages(catalog)
    report.total = len(messages)
    report.translated = sum(1 for m in messages if _translated(m) and not m.fuzzy)
    if catalog.fuzzy:
        report.problems.append(f"{path}: the catalogue header is marked fuzzy")
    for message in messages:
        if message.fuzzy:
            report.problems.append(f"{path}: fuzzy entry {_key(message)[1]!r}")
        problem = _placeholder_problem(message)
        if problem:
            report.problems.append(f"{path}: {problem}")
    if report.share < MIN_TRANSLATED:
        report.problems.append(
            f"{path}: {report.translated}/{report.total} translated "
            f"({report.share:.1%} < {MIN_TRANSLATED:.0%})"
        )
    if template is not None:
        known = {_key(m) for m in messages}
        for message in _messages(template):
            if _key(message) not in known:
                report.problems.append(
                    f"{path}: marked in the sources but not in the catalogue: {_key(message)[1]!r}"
                    f" (run: clustera i18n extract --app {app})"
                )
    return report
