"""Imports refuse what the API refuses, and every refusal names file, line, field and value."""

from __future__ import annotations

import pytest

from clustera.errors import DataFormatError, InvalidInputError
from clustera.registry import models
from clustera.registry.exchange_files import ImportFailed, read_exchange, validate_tables
from clustera.registry.importing import import_tables
from clustera.registry.schema import MAX_KEY, MAX_NAME
from clustera.testing import registry_data
from clustera.testing.registry_data import write_registry

HEADER = registry_data.ORGANISATIONS.splitlines()[0]


def _organisations(row: str) -> str:
    return f"{HEADER}\n{row}\n"


def _errors(tmp_path, **overrides) -> str:
    with pytest.raises(ImportFailed) as caught:
        validate_tables(read_exchange(write_registry(tmp_path / "r", **overrides)))
    return str(caught.value)


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f"])
def test_a_control_character_in_a_name_is_refused_naming_it(tmp_path, character):
    row = f"ORG9,Bad{character}Name,sme,,,,,,XA,,,,,,,,,,true"
    message = _errors(tmp_path, **{"organisations.csv": _organisations(row)})
    assert "organisations.csv, line 2, field 'name'" in message
    assert f"U+{ord(character):04X}" in message


def test_line_breaks_and_tabs_stay_allowed_in_descriptions(tmp_path):
    row = 'ORG9,Fine Name,sme,"two\nlines\tand a tab",,,,,XA,,,,,,,,,,true'
    tables = validate_tables(
        read_exchange(write_registry(tmp_path / "r", **{"organisations.csv": _organisations(row)}))
    )
    assert any(r["description"] == "two\nlines\tand a tab" for _, r in tables["organisations"])


@pytest.mark.parametrize(
    ("field", "row"),
    [
        ("id", "K" * (MAX_KEY + 1) + ",Name,sme,,,,,,XA,,,,,,,,,,true"),
        ("name", "ORG9," + "n" * (MAX_NAME + 1) + ",sme,,,,,,XA,,,,,,,,,,true"),
    ],
)
def test_ids_and_names_longer_than_the_api_allows_are_refused(tmp_path, field, row):
    message = _errors(tmp_path, **{"organisations.csv": _organisations(row)})
    assert f"line 2, field '{field}'" in message and "more than the" in message


def test_a_membership_whose_cluster_is_not_a_cluster_is_refused(tmp_path, db):
    memberships = "cluster,member,since\nORG2,ORG3,2016\n"
    with pytest.raises(ImportFailed) as caught:
        import_tables(
            read_exchange(write_registry(tmp_path / "r", **{"memberships.csv": memberships}))
        )
    message = str(caught.value)
    assert "memberships.csv, line 2, field 'cluster', value 'ORG2'" in message
    assert "'sme'" in message
    assert not models.Organisation.objects.exists()  # all or nothing


def test_a_5_mb_single_line_file_gives_a_named_error(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("x" * 5_000_000, encoding="utf-8")
    with pytest.raises(DataFormatError) as caught:
        read_exchange(path, "organisations")
    assert "big.csv, line 1" in str(caught.value)
    assert "characters" in str(caught.value)


def test_a_missing_column_is_named_without_table(tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_text("id,type,country,city\nORG9,sme,XA,Port City\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as caught:
        read_exchange(path)
    assert caught.value.field == "name"
    assert "name" in caught.value.message and "organisations" in caught.value.message
