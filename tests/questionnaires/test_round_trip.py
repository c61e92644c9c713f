"""Export to XLSForm re-imports to the same definition; JSON storage round-trips too."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from clustera.questionnaires import (
    TEMPLATES,
    Choice,
    Definition,
    load_template,
    read_xlsform,
    to_xlsform,
)


def _definitions(make_form):
    yield read_xlsform(make_form())
    for name in TEMPLATES:
        yield load_template(name)


def test_export_then_import_gives_the_same_definition(make_form, tmp_path):
    for definition in _definitions(make_form):
        path = tmp_path / f"{definition.form_id}.xlsx"
        to_xlsform(definition, path)
        assert read_xlsform(path) == definition


def test_exported_files_convert_with_pyxform_as_odk_and_kobo_do(make_form, tmp_path):
    for definition in _definitions(make_form):
        path = tmp_path / f"{definition.form_id}.xlsx"
        to_xlsform(definition, path)
        result = convert(str(path))
        assert "<h:html" in result.xform and definition.form_id in result.xform


def test_exported_workbook_layout(make_form):
    definition = read_xlsform(make_form())
    buffer = io.BytesIO()
    to_xlsform(definition, buffer)
    workbook = load_workbook(io.BytesIO(buffer.getvalue()))
    assert workbook.sheetnames == ["survey", "choices", "settings"]
    header = [cell.value for cell in workbook["survey"][1]]
    assert header[:4] == ["type", "name", "label::English (en)", "label::Français (fr)"]
    types = [row[0] for row in workbook["survey"].iter_rows(min_row=2, values_only=True)]
    assert types[:3] == ["begin_group", "note", "text"] and types.count("end_group") == 4
    choices = list(workbook["choices"].iter_rows(min_row=2, values_only=True))
    # built-in picker lists are written in full, platform lists as one placeholder row
    assert sum(1 for row in choices if row[0] == "trl") == 9
    assert [row[1] for row in choices if row[0] == "technology"] == ["_platform"]
    settings = dict(zip(*workbook["settings"].iter_rows(values_only=True), strict=True))
    assert settings["form_title"] == "Needs" and settings["form_title_fr"] == "Besoins"
    assert settings["default_language"] == "English (en)"


def test_platform_codes_can_be_written_for_use_outside_clustera(make_form, tmp_path):
    definition = read_xlsform(make_form())
    path = tmp_path / "with_codes.xlsx"
    codes = [Choice("C26", {"en": "Computers", "fr": "Ordinateurs"})]
    to_xlsform(definition, path, taxonomy_choices={"nace": codes})
    rows = load_workbook(path)["choices"].iter_rows(min_row=2, values_only=True)
    assert [row[1] for row in rows if row[0] == "nace"] == ["C26"]
    assert read_xlsform(path) == definition


@pytest.mark.parametrize("name", TEMPLATES)
def test_json_storage_round_trip(name):
    definition = load_template(name)
    stored = json.loads(json.dumps(definition.to_dict()))
    assert Definition.from_dict(stored) == definition
