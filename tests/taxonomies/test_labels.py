"""Reading taxonomy labels in French and German: Eurostat's NACE download and the generic CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from clustera.errors import DataFormatError, UnknownCodeError
from clustera.taxonomies.labels import read_label_csv, read_nace_labels

DATA = Path(__file__).parent / "data"


def test_eurostat_nace_download_in_one_language():
    labels = read_nace_labels(DATA / "nace_rev2_fr_sample.csv", language="fr")
    by_code = {item.code: item for item in labels}
    assert set(by_code) == {"C", "26", "26.1", "26.11", "27"}
    assert by_code["27"].label == "Fabrication d'équipements électriques"
    assert {item.scheme for item in labels} == {"NACE2"}
    assert {item.language for item in labels} == {"fr"}
    assert by_code["26.11"].line == 5


def test_language_column_with_eurostat_codes_keeps_the_asked_language():
    path = DATA / "nace_rev2_multilingual_sample.csv"
    german = read_nace_labels(path, language="de")
    assert [item.code for item in german] == ["C", "26", "26.1", "26.11"]
    assert german[1].label.startswith("Herstellung von Datenverarbeitungsgeräten")
    both = read_nace_labels(path)
    assert {(item.code, item.language) for item in both} >= {("C", "fr"), ("C", "de")}


def test_revision_21_detected_from_section_v(tmp_path):
    path = tmp_path / "nace21_de.csv"
    path.write_text("Code,Level,Parent,Description\nV,1,,EXTERRITORIALE ORGANISATIONEN\n")
    assert read_nace_labels(path, language="de")[0].scheme == "NACE21"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "labels.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "language", "error", "field", "value", "line"),
    [
        ("Code,Level\n26,2\n", "fr", DataFormatError, "Description", None, 1),
        ("Code,Description\n26,Fabrication\n", None, DataFormatError, "Language", None, 1),
        ("Code,Description,Language\n26,Fabrication,IT\n", None, UnknownCodeError, "Language",
         "IT", 2),
        ("Code,Description\n26,Fabrication\n2x.1,Autre\n", "fr", UnknownCodeError, "Code",
         "2x.1", 3),
        ("Code,Description\nJ26,Fabrication\n", "fr", UnknownCodeError, "Code", "J26", 2),
        ("Code,Description\n26,Fabrication\n27,  \n", "fr", DataFormatError, "Description", "", 3),
        ("Code,Description\n26,Fabrication\n26,Encore\n", "fr", DataFormatError, "code", "26", 3),
    ],
)  # fmt: skip
def test_nace_errors_name_file_line_field_and_value(
    tmp_path, text, language, error, field, value, line
):
    path = _write(tmp_path, text)
    with pytest.raises(error) as raised:
        read_nace_labels(path, language=language)
    assert raised.value.source == str(path)
    assert (raised.value.line, raised.value.field) == (line, field)
    if value is not None:
        assert raised.value.value == value


def test_english_and_unknown_languages_are_refused():
    with pytest.raises(UnknownCodeError, match="terms' names"):
        read_nace_labels(DATA / "nace_rev2_fr_sample.csv", language="en")
    with pytest.raises(UnknownCodeError, match="not a label language"):
        read_nace_labels(DATA / "nace_rev2_fr_sample.csv", language="es")


def test_generic_csv():
    labels = read_label_csv(DATA / "term_labels_sample.csv")
    assert ("EU14", "ELEC", "de", "Elektronik") in {
        (item.scheme, item.code, item.language, item.label) for item in labels
    }


@pytest.mark.parametrize(
    ("text", "field", "value", "line"),
    [
        ("scheme,code,label\nKET,KET1,Photonique\n", "language", None, 1),
        ("scheme,code,language,label\nKET,KET1,fr,Photonique\nKET,KET2,pt,Fotónica\n",
         "language", "pt", 3),
        ("scheme,code,language,label\n,KET1,fr,Photonique\n", "scheme", "", 2),
        ("scheme,code,language,label\nKET,KET1,fr,\n", "label", "", 2),
    ],
)  # fmt: skip
def test_generic_csv_errors(tmp_path, text, field, value, line):
    path = _write(tmp_path, text)
    with pytest.raises((DataFormatError, UnknownCodeError)) as raised:
        read_label_csv(path)
    assert (raised.value.line, raised.value.field) == (line, field)
    if value is not None:
        assert raised.value.value == value
