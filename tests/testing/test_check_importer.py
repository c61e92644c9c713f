"""``check_importer``: every built-in importer keeps the contract; each broken rule is caught."""

from __future__ import annotations

import doctest
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import clustera.testing.importers
import clustera.testing.indicators
from clustera.errors import InvalidInputError
from clustera.registry.exchange_files import (
    IMPORTER_GROUP,
    Record,
    importer_names,
    load_importer,
    read_exchange,
)
from clustera.testing import check_importer, importer_checks, require_shared
from clustera.testing.registry_data import ORGANISATIONS, write_registry

PROJECT = (
    '"id";"acronym";"status";"title";"startDate";"endDate";"totalCost";"ecMaxContribution";'
    '"legalBasis";"topics";"ecSignatureDate";"frameworkProgramme";"masterCall";"subCall";'
    '"fundingScheme";"nature";"objective";"contentUpdateDate";"rcn";"grantDoi"\n'
    '"101000001";"ALPHA";"SIGNED";"Alpha";"2021-01-01";"2024-12-31";"1000000";"800000";'
    '"H2020-EU.2.1.1.";"ICT-01-2020";"2020-11-01";"H2020";"H2020-ICT-2020-1";"";"RIA";"";'
    '"Objective text";"2022-01-01 10:00:00";"230001";""\n'
)
ORGANIZATION = (
    '"projectID";"projectAcronym";"organisationID";"vatNumber";"name";"shortName";"SME";'
    '"activityType";"street";"postCode";"city";"country";"nutsCode";"geolocation";'
    '"organizationURL";"contactForm";"contentUpdateDate";"rcn";"order";"role";"ecContribution";'
    '"netEcContribution";"totalCost";"endOfParticipation";"active"\n'
    '"101000001";"ALPHA";"999999001";"";"UNIVERSITY A";"UA";"false";"HES";"";"";"Graz";"AT";'
    '"AT221";"";"";"";"2022-01-01";"1";"1";"coordinator";"500000";"500000";"600000";"false";"true"\n'
    '"101000001";"ALPHA";"999999002";"";"COMPANY B";"CB";"true";"PRC";"";"";"Milano";"IT";'
    '"ITC4C";"";"";"";"2022-01-01";"2";"2";"participant";"300000";"300000";"400000";"false";"true"\n'
)


def _cordis_zip(path: Path, organization: str = ORGANIZATION) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.csv", PROJECT)
        archive.writestr("organization.csv", organization)
    return path


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _exchange(tmp: Path) -> tuple[Path, Path]:
    bad = ORGANISATIONS.replace(",cluster,", ",spaceship,")
    return write_registry(tmp / "valid"), write_registry(
        tmp / "invalid", **{"organisations.csv": bad}
    )


def _cordis(tmp: Path) -> tuple[Path, Path]:
    bad = ORGANIZATION.replace('"300000";"300000";"400000"', '"3OO000";"300000";"400000"')
    return _cordis_zip(tmp / "cordis.zip"), _cordis_zip(tmp / "cordis-bad.zip", bad)


def _nace(tmp: Path) -> tuple[Path, Path]:
    bad = (
        "Order,Level,Code,Parent,Description,Reference_to_ISIC_Rev._4\n"
        '1,1,A,,"AGRICULTURE",A\n2,x,01,A,"Crop production",01\n'
    )
    valid = require_shared("data", "taxonomy", "nace_rev2_eurostat_ramon_codes.csv")
    return valid, _write(tmp / "nace-bad.csv", bad)


def _technologies(tmp: Path) -> tuple[Path, Path]:
    bad = "ket_id,ket_name,ipc_concordance_status\nMNE,Micro,\nMNE,Nano,\n"
    valid = require_shared("data", "taxonomy", "kets_6_key_enabling_technologies.csv")
    return valid, _write(tmp / "kets-bad.csv", bad)


def _wipo(tmp: Path) -> tuple[Path, Path]:
    bad = 'field_nr,sector,field_name\n1,Electrical engineering,"Electrical machinery"\n'
    valid = require_shared("data", "taxonomy", "wipo_ipc_technology_concordance_35fields.csv")
    return valid, _write(tmp / "wipo-bad.csv", bad)


SAMPLES = {
    "exchange": _exchange,
    "cordis": _cordis,
    "nace": _nace,
    "technologies": _technologies,
    "wipo-fields": _wipo,
}


def test_every_builtin_importer_is_registered_under_the_entry_point_group():
    assert set(SAMPLES) <= set(importer_names())
    assert load_importer("exchange") is read_exchange
    with pytest.raises(InvalidInputError, match="no such importer"):
        load_importer("spaceship")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_builtin_importer_keeps_the_contract(name, tmp_path):
    valid, invalid = SAMPLES[name](tmp_path)
    check_importer(name, valid, invalid, database=True)


def test_the_import_command_reaches_importers_by_name(tmp_path, db):
    from clustera.cli import main

    valid, invalid = _cordis(tmp_path)
    ok = CliRunner().invoke(
        main, ["registry", "import", str(valid), "--importer", "cordis", "--dry-run"]
    )
    assert ok.exit_code == 0, ok.output
    assert "would create 2" in ok.output  # the two CORDIS organisations
    bad = CliRunner().invoke(main, ["registry", "import", str(invalid), "--importer", "cordis"])
    assert bad.exit_code == 1 and "cordis-bad.zip" in bad.output and "3OO000" in bad.output
    listed = CliRunner().invoke(main, ["registry", "importers"])
    assert all(name in listed.output for name in SAMPLES)


# Broken importers, each wrapping the exchange reader and breaking one rule.


def _records_only(path: Path) -> dict[str, list[Record]]:
    """Exchange tables (the rest of the contract is broken on purpose)."""
    return read_exchange(path)


def _pandas_frame(path):
    """Returns a DataFrame instead of exchange tables."""
    import pandas as pd

    return pd.DataFrame({"id": ["ORG1"]})


def _unknown_table(path):
    """Names a table the schema does not have."""
    return {"companies": read_exchange(path)["organisations"]}


def _anonymous_records(path):
    """Forgets which file each record came from."""
    return {
        name: [Record("somewhere", r.line, r.values) for r in rows]
        for name, rows in read_exchange(path).items()
    }


def _skips_bad_rows(path):
    """Drops the rows that would not parse, silently."""
    tables = read_exchange(path)
    tables["organisations"] = [
        r for r in tables["organisations"] if r.values["type"] != "spaceship"
    ]
    return tables


def _plain_errors(path):
    """Raises KeyError and FileNotFoundError instead of clustera.errors types."""
    if not Path(path).exists():
        raise FileNotFoundError(path)
    tables = read_exchange(path)
    if any(r.values["type"] == "spaceship" for r in tables["organisations"]):
        raise KeyError("spaceship")
    return tables


def _unlocated_error(path):
    """Refuses the invalid sample without saying where."""
    tables = read_exchange(path)
    if any(r.values["type"] == "spaceship" for r in tables["organisations"]):
        raise InvalidInputError("bad organisation type")
    return tables


def _changing(path):
    """Gives different tables at each call."""
    _changing.calls = getattr(_changing, "calls", 0) + 1
    tables = read_exchange(path)
    return {name: rows[: _changing.calls] for name, rows in tables.items()}


def _undocumented(path):
    return read_exchange(path)


BROKEN = [
    (_pandas_frame, "check_reads_valid"),
    (_unknown_table, "check_reads_valid"),
    (_anonymous_records, "check_reads_valid"),
    (_skips_bad_rows, "check_refuses_invalid"),
    (_plain_errors, "check_refuses_missing_file"),
    (_unlocated_error, "check_refuses_invalid"),
    (_changing, "check_repeatable"),
    (_undocumented, "check_documented"),
]


@pytest.mark.parametrize(("importer", "rule"), BROKEN, ids=[f.__name__ for f, _ in BROKEN])
def test_a_broken_importer_fails_the_rule_it_breaks(importer, rule, tmp_path):
    valid, invalid = _exchange(tmp_path)
    check_importer(_records_only, valid, invalid)  # the samples are right
    with pytest.raises(AssertionError, match=rule):
        check_importer(importer, valid, invalid)


def test_plain_errors_on_the_invalid_sample_are_caught_too(tmp_path):
    valid, invalid = _exchange(tmp_path)
    checks = dict(importer_checks(_plain_errors, valid, invalid))
    with pytest.raises(AssertionError, match="raised KeyError"):
        checks["check_refuses_invalid"]()


@pytest.mark.django_db
def test_an_importer_that_writes_to_the_database_fails(tmp_path):
    from clustera.registry import models

    def writing(path):
        """Reads exchange files, and (against the rules) writes a region on the way."""
        models.Region.objects.create(
            code=f"XW{models.Region.objects.count()}",
            nuts_version="SYN",
            level=0,
            name="Written",
            country="XW",
        )
        return read_exchange(path)

    valid, invalid = _exchange(tmp_path)
    with pytest.raises(AssertionError, match="check_all_or_nothing: the importer wrote"):
        check_importer(writing, valid, invalid, database=True)


@pytest.mark.parametrize("module", [clustera.testing.importers, clustera.testing.indicators])
def test_conformance_modules_run_their_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_entry_point_group_name_is_the_documented_one():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "extending.md").read_text()
    assert IMPORTER_GROUP == "clustera.importers" and IMPORTER_GROUP in docs
    assert "check_importer" in docs and "check_indicator" in docs
