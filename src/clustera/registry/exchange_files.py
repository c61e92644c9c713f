"""Reading registry files into raw records, checking them, and the importers that do it.

A record keeps the line it came from, so every later error can name it. An
*importer* is a function turning one file (or folder) into exchange tables of
records; :func:`validate_tables` checks them against the schema without touching
the database, and :func:`clustera.registry.importing.import_tables` lands them
all or none. Importers, the built-in ones too, register under the
``clustera.importers`` entry-point group (see ``docs/extending.md``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from clustera.errors import ClusteraError, DataFormatError, InvalidInputError, UnknownCodeError
from clustera.io.spreadsheet import restore_formula
from clustera.registry.schema import (
    FORMAT_NAME,
    TABLES,
    TABLES_BY_NAME,
    check_header,
    parse_row,
    table_for_columns,
)

IMPORTER_GROUP = "clustera.importers"
MAX_ERRORS = 50


@dataclass(frozen=True)
class Record:
    """One raw row of an exchange table, with where it came from."""

    source: str
    line: int | None
    values: dict[str, Any]


Tables = dict[str, list[Record]]
Importer = Callable[[Path], Tables]
"""A file (or folder) in, exchange tables out; bad input raises a ``clustera.errors`` type."""


class ImportFailed(ClusteraError):
    """An import that wrote nothing, with every error found (up to MAX_ERRORS)."""

    def __init__(self, errors: list[InvalidInputError]) -> None:
        self.errors = errors
        more = "" if len(errors) < MAX_ERRORS else f" (stopped after {MAX_ERRORS})"
        lines = "\n".join(f"  {e}" for e in errors)
        super().__init__(
            f"import failed with {len(errors)} error(s){more}; nothing was written:\n{lines}"
        )


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataFormatError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8",
            source=str(path),
            line=line,
        ) from None


def read_csv(path: Path, table_name: str | None = None) -> Tables:
    """Records of one CSV table; the table is named or recognised from the header."""
    text = _decode(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DataFormatError("the file is empty", source=str(path), line=1) from None
    except csv.Error as exc:
        raise DataFormatError(
            f"malformed CSV header: {_csv_message(exc)}", source=str(path), line=1
        ) from None
    header = [h.strip() for h in header]
    if table_name is not None:
        if table_name not in TABLES_BY_NAME:
            raise InvalidInputError(
                f"unknown table; expected one of {', '.join(TABLES_BY_NAME)}", value=table_name
            )
        table = TABLES_BY_NAME[table_name]
    else:
        table = table_for_columns(header, str(path))
    check_header(table, header, str(path))
    records = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise DataFormatError(
                    f"{len(row)} cells where the header has {len(header)}",
                    source=str(path),
                    line=line,
                )
            # cells an export neutralised against spreadsheet formulas read back as they were
            cells = [restore_formula(cell) for cell in row]
            records.append(Record(str(path), line, dict(zip(header, cells, strict=True))))
    except csv.Error as exc:
        raise DataFormatError(
            f"malformed CSV: {_csv_message(exc)}", source=str(path), line=reader.line_num
        ) from None
    return {table.name: records}


def _csv_message(exc: csv.Error) -> str:
    """The csv module's message, with its cell-size limit said in words."""
    if "field larger than field limit" in str(exc):
        return (
            f"a cell longer than {csv.field_size_limit():,} characters "
            "(a line without its line breaks, or not a CSV file?)"
        )
    return str(exc)


def read_json(path: Path) -> Tables:
    """Records of a JSON exchange file: ``{"format": ..., "<table>": [...]}`` or a list of organisations."""
    try:
        document = json.loads(_decode(path))
    except json.JSONDecodeError as exc:
        raise DataFormatError(
            f"malformed JSON: {exc.msg}", source=str(path), line=exc.lineno
        ) from None
    if isinstance(document, list):
        document = {"organisations": document}
    if not isinstance(document, dict):
        raise DataFormatError(
            "expected an object of tables or a list of organisations", source=str(path)
        )
    declared = document.get("format", FORMAT_NAME)
    if declared != FORMAT_NAME:
        raise DataFormatError(
            f"expected format {FORMAT_NAME!r}", source=str(path), field="format", value=declared
        )
    tables: Tables = {}
    for name, rows in document.items():
        if name in {"format", "version", "generated_by", "notice"}:
            continue
        if name not in TABLES_BY_NAME:
            raise DataFormatError(
                f"unknown table; expected some of {', '.join(TABLES_BY_NAME)}",
                source=str(path),
                field=name,
            )
        if not isinstance(rows, list):
            raise DataFormatError("a table is a list of objects", source=str(path), field=name)
        table = TABLES_BY_NAME[name]
        records = []
        for index, row in enumerate(rows, start=1):
            where = f"{path} ({name} record {index})"
            if not isinstance(row, dict):
                raise DataFormatError("a record is an object", source=where)
            check_header(table, list(row), where)
            records.append(Record(where, None, row))
        tables[name] = records
    return tables


def read_exchange(path: Path, table_name: str | None = None) -> Tables:
    """Records from a CSV file, a JSON file, or a folder holding ``<table>.csv`` files."""
    if not path.exists():
        raise InvalidInputError("no such file or folder", source=str(path))
    if path.is_dir():
        tables: Tables = {}
        found = False
        for name in TABLES_BY_NAME:
            candidate = path / f"{name}.csv"
            if candidate.exists():
                found = True
                tables.update(read_csv(candidate, name))
        if not found:
            raise InvalidInputError(
                f"the folder holds none of {', '.join(n + '.csv' for n in TABLES_BY_NAME)}",
                source=str(path),
            )
        return tables
    suffix = path.suffix.lower()
    if suffix == ".json":
        return read_json(path)
    if suffix in {".csv", ".txt"}:
        return read_csv(path, table_name)
    raise InvalidInputError(
        "expected a .csv or .json file, or a folder of CSV files", source=str(path), value=suffix
    )


def records_from_rows(table_name: str, rows: list[dict[str, Any]], source: str) -> list[Record]:
    """Records from in-memory rows (e.g. the synthetic world's tables)."""
    return [Record(source, index, row) for index, row in enumerate(rows, start=2)]


def validate_tables(tables: Tables) -> dict[str, list[tuple[Record, dict[str, Any]]]]:
    """Parse every record against the schema and refuse repeated keys, without the database.

    Returns the typed rows by table, in the schema's order; raises :class:`ImportFailed`
    with every error found (up to ``MAX_ERRORS``), each naming its source, line, field, value.
    """
    errors: list[InvalidInputError] = []
    parsed: dict[str, list[tuple[Record, dict[str, Any]]]] = {}
    for table in TABLES:
        seen: dict[tuple[Any, ...], Record] = {}
        rows = []
        for record in tables.get(table.name, []):
            try:
                row = parse_row(table, record.values, record.source, record.line)
            except InvalidInputError as exc:
                errors.append(exc)
                if len(errors) >= MAX_ERRORS:
                    raise ImportFailed(errors) from None
                continue
            key = tuple(row[k] for k in table.key)
            if key in seen:
                first = seen[key]
                errors.append(
                    InvalidInputError(
                        f"duplicate {table.name} key (first at line {first.line})"
                        if first.line
                        else f"duplicate {table.name} key (first in {first.source})",
                        source=record.source,
                        line=record.line,
                        field=table.key[-1],
                        value=key[-1],
                    )
                )
                continue
            seen[key] = record
            rows.append((record, row))
        parsed[table.name] = rows
    if errors:
        raise ImportFailed(errors)
    return parsed


def importer_names() -> list[str]:
    """Names of the importers installed under the ``clustera.importers`` entry-point group."""
    return sorted({entry.name for entry in entry_points(group=IMPORTER_GROUP)})


def load_importer(name: str) -> Importer:
    """The importer registered under ``name`` (its module is imported only now)."""
    for entry in entry_points(group=IMPORTER_GROUP):
        if entry.name == name:
            importer: Importer = entry.load()
            return importer
    raise UnknownCodeError(
        f"no such importer; installed: {', '.join(importer_names()) or 'none'}",
        field="importer",
        value=name,
    )
