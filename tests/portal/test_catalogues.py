"""The completeness check of ``make test``: every app's French and German catalogues.

For each app and language: at least 98 % translated, no fuzzy entry, placeholders as in the
msgid, and no string marked in the sources (a fresh extraction) missing from the catalogue.
"""

from __future__ import annotations

import gettext
import io
import os
import shutil

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from clustera.portal import catalogues

_XGETTEXT = shutil.which("xgettext") is not None


def _needs_xgettext() -> None:
    if not _XGETTEXT:
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext's xgettext is needed in CI (make install installs it)")
        pytest.skip("xgettext not found: apt-get install gettext")


@pytest.mark.parametrize("app", catalogues.APPS)
def test_every_catalogue_is_complete(app):
    _needs_xgettext()
    template = catalogues.extract_template(app)
    problems = []
    for language in catalogues.TRANSLATED:
        problems += catalogues.check(app, language, template).problems
    assert not problems, "\n".join(problems)


def _catalogue(tmp_path, entries, fuzzy=()):
    catalog = Catalog(locale="fr", domain="django", fuzzy=False)
    for msgid, msgstr in entries:
        catalog.add(msgid, msgstr, flags=("fuzzy",) if msgid in fuzzy else ())
    path = tmp_path / "django.po"
    catalogues.write_catalogue(catalog, path)
    return path


def test_check_reports_fuzzy_placeholders_share_and_unextracted_strings(tmp_path):
    entries = [(f"Message {i}", f"Message {i} fr") for i in range(60)]
    entries += [
        ("Hello %(name)s", "Bonjour %(nom)s"),
        ("Untranslated", ""),
        ("Guessed", "Deviné"),
    ]
    path = _catalogue(tmp_path, entries, fuzzy={"Guessed"})
    template = Catalog()
    template.add("Message 1")
    template.add("Newly marked")
    report = catalogues.check("registry", "fr", template, path=path)
    text = "\n".join(report.problems)
    assert "fuzzy entry 'Guessed'" in text
    assert "placeholders differ: 'Hello %(name)s'" in text
    assert "61/63 translated" in text  # the fuzzy one does not count
    assert "not in the catalogue: 'Newly marked'" in text
    assert "'Message 1'" not in text


def test_a_complete_catalogue_passes(tmp_path):
    path = _catalogue(
        tmp_path, [("Hello %(name)s", "Bonjour %(name)s"), ("100%% sure", "Sûr à 100%%")]
    )
    assert catalogues.check("registry", "fr", path=path).problems == []


def test_missing_and_fuzzy_translations_fall_back_to_english(tmp_path):
    """Babel compiles neither empty nor fuzzy entries: those messages show in English."""
    catalog = Catalog(locale="fr", domain="django")
    catalog.add("Directory", "Annuaire")
    catalog.add("Not yet translated", "")
    catalog.add("Guessed", "Deviné", flags=("fuzzy",))
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    translations = gettext.GNUTranslations(buffer)
    assert translations.gettext("Directory") == "Annuaire"
    assert translations.gettext("Not yet translated") == "Not yet translated"
    assert translations.gettext("Guessed") == "Guessed"


def test_compiled_catalogues_are_current():
    """Every catalogue has its .mo, not older than the .po (conftest compiles stale ones)."""
    for po in catalogues.LOCALE_ROOT.glob("*/*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, po


def test_layout_one_catalogue_per_app_and_language():
    from django.conf import settings

    assert [str(p) for p in catalogues.locale_paths()] == list(settings.LOCALE_PATHS)
    for app in catalogues.APPS:
        for language in catalogues.TRANSLATED:
            assert catalogues.catalogue_path(app, language).exists(), (app, language)
    with pytest.raises(ValueError, match="app: unknown app 'nowhere'"):
        catalogues.catalogue_path("nowhere", "fr")
