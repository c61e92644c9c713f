"""CSV exports neutralise spreadsheet formulas an organisation admin could plant, and read back the same."""

from __future__ import annotations

import csv
import io

import pytest

from clustera.registry import models
from clustera.registry.exchange_files import read_exchange
from clustera.registry.exporting import export_tables, export_to
from clustera.registry.importing import import_tables
from clustera.testing.registry_data import write_registry

pytestmark = pytest.mark.django_db

PLANTED = "=cmd|' /C calc'!A0"


def _plant(tmp_path):
    import_tables(read_exchange(write_registry(tmp_path / "reg")))
    organisation = models.Organisation.objects.get(name="Lumen Optics")
    organisation.name = PLANTED
    organisation.description = "+SUM(1,2)"
    organisation.save()


def test_cli_csv_export_neutralises_formulas_and_reimports_them_unchanged(tmp_path):
    _plant(tmp_path)
    before = export_tables()
    target = tmp_path / "export"
    export_to(target, "csv")
    rows = list(csv.DictReader((target / "organisations.csv").open(encoding="utf-8")))
    planted = next(row for row in rows if "cmd|" in row["name"])
    assert planted["name"] == "'" + PLANTED
    assert planted["description"] == "'+SUM(1,2)"
    assert all(not row["lon"].startswith("'") for row in rows)  # numbers stay numbers
    models.Organisation.objects.all().delete()
    import_tables(read_exchange(target))
    assert models.Organisation.objects.filter(name=PLANTED).exists()
    assert export_tables() == before


def test_api_csv_export_neutralises_formulas(tmp_path, client):
    _plant(tmp_path)
    text = client.get("/api/export/organisations.csv").content.decode()
    names = [row["name"] for row in csv.DictReader(io.StringIO(text))]
    assert "'" + PLANTED in names
    assert PLANTED not in names


def test_observatory_csv_tables_neutralise_text_and_keep_numbers():
    from clustera.observatory.views import _csv

    response = _csv("table", ["region", "value"], [["=HYPERLINK(1)", -3.5], ["XA11", 2]])
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1] == ["'=HYPERLINK(1)", "-3.5"]
    assert rows[2] == ["XA11", "2"]
