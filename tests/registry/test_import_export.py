"""Importing and exporting the registry: all-or-nothing, precise errors, round trips."""

from __future__ import annotations

import pytest

from clustera.errors import InvalidInputError
from clustera.registry import models
from clustera.registry.exchange_files import read_exchange
from clustera.registry.exporting import export_tables, export_to
from clustera.registry.importing import ImportFailed, import_tables
from clustera.testing.registry_data import ORGANISATIONS, write_json, write_registry

pytestmark = pytest.mark.django_db


def _row_count() -> int:
    return sum(
        m.objects.count()
        for m in (
            models.Region,
            models.Activity,
            models.Technology,
            models.Ecosystem,
            models.Organisation,
            models.ClusterProfile,
            models.ClusterMembership,
            models.Contact,
        )
    )


def test_folder_import_creates_every_table_with_links(tmp_path):
    report = import_tables(read_exchange(write_registry(tmp_path / "reg")))
    assert report.created["organisations"] == 3
    assert report.created["memberships"] == 2
    lumen = models.Organisation.objects.get(key="ORG2")
    assert lumen.region.code == "XA111" and lumen.region.parent.code == "XA11"
    assert sorted(lumen.activities.values_list("code", flat=True)) == ["C26", "C27"]
    assert sorted(lumen.technologies.values_list("code", flat=True)) == ["KET1", "KET2"]
    assert lumen.languages == ["en"]
    assert models.ClusterProfile.objects.get(organisation__key="ORG1").label == "gold"
    assert models.Organisation.objects.get(key="ORG3").is_public is False


def test_reimport_updates_instead_of_duplicating(tmp_path):
    folder = write_registry(tmp_path / "reg")
    import_tables(read_exchange(folder))
    changed = ORGANISATIONS.replace("Lumen Optics", "Lumen Optics GmbH")
    write_registry(folder, **{"organisations.csv": changed})
    report = import_tables(read_exchange(folder))
    assert report.created.get("organisations", 0) == 0 and report.updated["organisations"] == 3
    assert models.Organisation.objects.get(key="ORG2").name == "Lumen Optics GmbH"
    assert models.Organisation.objects.count() == 3


@pytest.mark.parametrize(
    ("bad_line", "field", "value", "message"),
    [
        ("ORG9,X,sme,,,,,XA111,XA,,,,,,C99,,,,true", "nace", "C99", "no activity"),
        ("ORG9,X,spaceship,,,,,XA111,XA,,,,,,,,,,true", "type", "spaceship", "expected one of"),
        ("ORG9,X,sme,,,,,ZZ999,XA,,,,,,,,,,true", "region", "ZZ999", "no region"),
        ("ORG9,X,sme,,,,,XA111,XA,,,,-4,,,,,,true", "employees", "-4", "zero or more"),
        ("ORG9,X,sme,,,,,XA111,XA,,,,,,,,,english,true", "languages", "english", "ISO 639-1"),
        ("ORG9,X,sme,,,,,XA111,XA,95,,,,,,,,,true", "lat", 95.0, "outside"),
        ("ORG1,Dup,sme,,,,,XA111,XA,,,,,,,,,,true", "id", "ORG1", "duplicate"),
    ],
)
def test_a_bad_row_names_file_line_field_value_and_writes_nothing(
    tmp_path, bad_line, field, value, message
):
    folder = write_registry(
        tmp_path / "reg", **{"organisations.csv": ORGANISATIONS + bad_line + "\n"}
    )
    with pytest.raises(ImportFailed) as caught:
        import_tables(read_exchange(folder))
    error = caught.value.errors[0]
    assert error.source.endswith("organisations.csv")
    assert error.line == 5 and error.field == field and error.value == value
    assert message in error.message
    assert _row_count() == 0


def test_wrong_columns_are_refused_before_anything_is_read(tmp_path):
    path = tmp_path / "organisations.csv"
    path.write_text("id,name,kind,country\nO1,A,sme,XA\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as caught:
        read_exchange(path, "organisations")
    assert caught.value.field == "kind" and caught.value.line == 1


def test_missing_required_column_is_named(tmp_path):
    path = tmp_path / "organisations.csv"
    path.write_text("id,name,country\nO1,A,XA\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="required column"):
        read_exchange(path, "organisations")


def test_wrong_encoding_names_the_line(tmp_path):
    path = tmp_path / "organisations.csv"
    path.write_bytes(("id,name,type,country\nO1,Caf" + "\n").encode() + b"O2,M\xfcnchen,sme,XA\n")
    with pytest.raises(InvalidInputError) as caught:
        read_exchange(path, "organisations")
    assert caught.value.line == 3 and "UTF-8" in caught.value.message


def test_an_error_in_a_later_table_rolls_back_the_earlier_ones(tmp_path):
    folder = write_registry(
        tmp_path / "reg", **{"memberships.csv": "cluster,member,since\nORG1,NOPE,2016\n"}
    )
    with pytest.raises(ImportFailed) as caught:
        import_tables(read_exchange(folder))
    assert caught.value.errors[0].field == "member" and caught.value.errors[0].value == "NOPE"
    assert _row_count() == 0


def test_dry_run_validates_and_writes_nothing(tmp_path):
    report = import_tables(read_exchange(write_registry(tmp_path / "reg")), dry_run=True)
    assert report.created["organisations"] == 3
    assert _row_count() == 0


def test_json_errors_name_the_record(tmp_path):
    path = write_json(
        tmp_path / "r.json",
        {
            "format": "clustera-registry",
            "organisations": [
                {"id": "A", "name": "A", "type": "sme", "country": "XA"},
                {"id": "B", "name": "B", "type": "sme", "country": "xa"},
            ],
        },
    )
    with pytest.raises(ImportFailed) as caught:
        import_tables(read_exchange(path))
    error = caught.value.errors[0]
    assert (
        "organisations record 2" in error.source
        and error.field == "country"
        and error.value == "xa"
    )
    assert models.Organisation.objects.count() == 0


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_round_trips(tmp_path, fmt, django_db_blocker):
    import_tables(read_exchange(write_registry(tmp_path / "reg")))
    first = export_tables()
    target = tmp_path / ("export.json" if fmt == "json" else "export")
    export_to(target, fmt)
    models.Organisation.objects.all().delete()
    for model in (models.Region, models.Activity, models.Technology, models.Ecosystem):
        model.objects.all().delete()
    import_tables(read_exchange(target))
    assert export_tables() == first


def test_projects_and_participations_round_trip_and_check_references(tmp_path):
    folder = write_registry(
        tmp_path / "reg",
        **{
            "projects.csv": "id,title,programme,start_year,description,source\nP1,Laser line,INDUSTRY;DIGITAL,2019,,test\n",
            "participations.csv": "project,organisation,role\nP1,ORG1,coordinator\nP1,ORG2,participant\n",
        },
    )
    import_tables(read_exchange(folder))
    assert sorted(models.Participation.objects.values_list("organisation__key", "role")) == [
        ("ORG1", "coordinator"),
        ("ORG2", "participant"),
    ]
    assert export_tables()["projects"][0]["programme"] == "INDUSTRY;DIGITAL"
    write_registry(
        folder, **{"participations.csv": "project,organisation,role\nP2,ORG1,participant\n"}
    )
    with pytest.raises(ImportFailed) as caught:
        import_tables(read_exchange(folder))
    assert (caught.value.errors[0].field, caught.value.errors[0].value) == ("project", "P2")
