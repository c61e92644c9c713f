"""Taxonomy labels in French and German: `clustera registry load nace-labels` / `labels`, and the
pages showing them in the reader's language (English when a label is missing), at a flat
number of queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from clustera.cli import main
from clustera.registry import models

pytestmark = pytest.mark.django_db(transaction=True)

DATA = Path(__file__).parents[1] / "taxonomies" / "data"


@pytest.fixture(autouse=True)
def _english_afterwards():
    """Pages under /fr/ and /de/ leave their language active in this thread: reset it."""
    yield
    translation.deactivate()


def _load(*args: str, ok: bool = True) -> str:
    result = CliRunner().invoke(main, ["registry", "load", *args], catch_exceptions=False)
    assert (result.exit_code == 0) is ok, result.output
    return " ".join(result.output.split())  # the console wraps long lines


@pytest.fixture
def nace_codes():
    """NACE Rev. 2 codes as `clustera registry load nace` stores them (dotted, English)."""
    section = models.Activity.objects.create(scheme="NACE2", code="C", name="MANUFACTURING")
    division = models.Activity.objects.create(
        scheme="NACE2", code="26", name="Manufacture of computer, electronic and optical products",
        parent=section, level=1,
    )  # fmt: skip
    group = models.Activity.objects.create(
        scheme="NACE2", code="26.1", name="Manufacture of electronic components and boards",
        parent=division, level=2,
    )  # fmt: skip
    models.Activity.objects.create(
        scheme="NACE2", code="26.11", name="Manufacture of electronic components",
        parent=group, level=3,
    )  # fmt: skip
    models.Activity.objects.create(
        scheme="NACE2", code="27", name="Manufacture of electrical equipment",
        parent=section, level=1,
    )  # fmt: skip


def test_eurostat_french_and_german_files_load_side_by_side_and_reload_idempotently(nace_codes):
    out = _load("nace-labels", str(DATA / "nace_rev2_fr_sample.csv"), "--language", "fr")
    assert "5 terms updated" in out
    out = _load("nace-labels", str(DATA / "nace_rev2_multilingual_sample.csv"), "--language", "de")
    assert "4 terms updated" in out
    term = models.Activity.objects.get(scheme="NACE2", code="26.11")
    assert term.labels == {
        "fr": "Fabrication de composants électroniques",
        "de": "Herstellung von elektronischen Bauelementen",
    }
    assert term.name == "Manufacture of electronic components"  # English untouched
    assert models.Activity.objects.get(code="27").labels == {
        "fr": "Fabrication d'équipements électriques"
    }
    again = _load("nace-labels", str(DATA / "nace_rev2_fr_sample.csv"), "--language", "fr")
    assert "0 terms updated, 5 already up to date" in again


def test_unknown_code_names_file_line_field_value_and_writes_nothing(nace_codes, tmp_path):
    path = tmp_path / "nace_fr.csv"
    path.write_text(
        "Code,Level,Parent,Description\n26,2,C,Fabrication de produits\n28,2,C,Fabrication de "
        "machines\n",
        encoding="utf-8",
    )
    out = _load("nace-labels", str(path), "--language", "fr", ok=False)
    assert f"{path}, line 3, field 'code', value '28'" in out and "nothing was written" in out
    assert models.Activity.objects.get(code="26").labels == {}


def test_generic_csv_for_technologies_and_ecosystems(registry, tmp_path):
    out = _load("labels", str(DATA / "term_labels_sample.csv"))
    assert "5 labels: 3 terms updated" in out  # KET2 and ELEC get two labels each
    assert models.Technology.objects.get(code="KET2").labels == {
        "fr": "Photonique",
        "de": "Photonik",
    }
    assert models.Ecosystem.objects.get(code="ELEC").labels["de"] == "Elektronik"
    bad = tmp_path / "bad.csv"
    bad.write_text("scheme,code,language,label\nKET,KET1,de,Mikroelektronik\nS3X,1,de,Energie\n")
    out = _load("labels", str(bad), ok=False)
    assert "line 3, field 'scheme', value 'S3X'" in out
    assert "de" not in models.Technology.objects.get(code="KET1").labels
    dry = _load("labels", str(DATA / "term_labels_sample.csv"), "--dry-run")
    assert "dry run" in dry and "0 terms updated" in dry


@pytest.fixture
def translated(registry):
    _load("labels", str(DATA / "term_labels_sample.csv"))
    # no German label: German pages fall back to English
    labels = {"fr": "Fabrication de produits informatiques"}
    models.Activity.objects.filter(code="C26").update(labels=labels)
    return registry


def test_directory_and_profile_in_the_readers_language_with_english_fallback(client, translated):
    french = client.get("/fr/directory/")
    facets = {f.name: {v.value: v.label for v in f.values} for f in french.context["facets"]}
    assert facets["technology"]["KET2"] == "Photonique"
    assert facets["nace"]["C26"] == "Fabrication de produits informatiques"
    assert facets["ecosystem"]["ELEC"] == "Électronique"
    german = client.get("/de/directory/")
    facets = {f.name: {v.value: v.label for v in f.values} for f in german.context["facets"]}
    assert facets["technology"]["KET2"] == "Photonik"
    assert facets["nace"]["C26"] == "Computer and electronics"  # no German label: English
    english = client.get("/directory/").content.decode()
    assert "Photonics" in english and "Photonique" not in english
    profile = f"/organisations/{translated['ORG2'].pk}/"
    page = client.get(f"/fr{profile}").content.decode()
    assert "Photonique" in page and "Micro- et nanoélectronique" in page
    assert "Fabrication de produits informatiques" in page
    page = client.get(f"/de{profile}").content.decode()
    assert "Photonik" in page and "Micro- and nanoelectronics" in page  # KET1: no German label


def _queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def test_labels_cost_no_query_per_organisation_or_term(client, registry):
    """Labels come with the terms' rows: more organisations and labelled terms, same queries."""
    profile = f"/organisations/{registry['ORG2'].pk}/"
    before = {a: _queries(client, a) for a in ("/fr/directory/", f"/fr{profile}")}
    _load("labels", str(DATA / "term_labels_sample.csv"))
    activities = list(models.Activity.objects.all())
    for term in activities:
        term.labels = {"fr": f"Activité {term.code}"}
        term.save()
    technologies, ecosystems = models.Technology.objects.all(), models.Ecosystem.objects.all()
    for n in range(6):
        extra = models.Organisation.objects.create(
            key=f"EXTRA{n}", name=f"Extra {n}", type="sme", country="XA", is_public=True
        )
        extra.activities.set(activities)
        extra.technologies.set(technologies)
        extra.ecosystems.set(ecosystems)
    registry["ORG2"].activities.set(activities)
    after = {a: _queries(client, a) for a in before}
    assert after == before
    page = client.get(f"/fr{profile}").content.decode()
    assert "Activité C26" in page and "Activité C27" in page


def test_pickers_offer_terms_in_the_readers_language(registry):
    from clustera.registry.pickers import term_choices

    models.Technology.objects.filter(code="KET2").update(labels={"de": "Photonik"})
    with translation.override("de"):
        options = dict(term_choices(models.Technology)[0][1])
    assert options["KET:KET2"] == "Photonik"
    assert options["KET:KET1"] == "Micro- and nanoelectronics"
    with translation.override("fr"):
        assert dict(term_choices(models.Technology)[0][1])["KET:KET2"] == "Photonics"
