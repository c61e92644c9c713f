"""Labels of taxonomy terms in other languages: Eurostat's NACE downloads and a generic CSV.

Two layouts are read into one list of :class:`TermLabel`:

* **Eurostat's NACE classification download** (RAMON / the classification server's
  ``NACE_REV2`` CSV export, one file per language, and the Rev. 2.1 list): columns
  ``Order, Level, Code, Parent, Description, This item includes, ...``, comma- or
  semicolon-separated. The language is given by the caller (``--language fr``) or by a
  ``Language`` column when the file holds several languages. ``Label``, ``Heading`` or
  ``Name`` are accepted in place of ``Description``; codes are dotted (``26.11``) or
  Eurostat's undotted form (``C2611``).
* **A generic CSV** ``scheme,code,language,label`` for any scheme (ecosystems,
  technologies, S3 priorities, NACE).

Every error names the file, line, field and value. English is not loaded here: it is the
term's ``name`` (``clustera registry load nace``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from clustera.errors import DataFormatError, UnknownCodeError
from clustera.taxonomies.nace import _DOTTED, _EUROSTAT, nace_to_dotted

__all__ = ["LABEL_LANGUAGES", "NACE_SCHEMES", "TermLabel", "read_label_csv", "read_nace_labels"]

LABEL_LANGUAGES = ("fr", "de")
"""Languages a label may be loaded in (the portal's languages other than English)."""

NACE_SCHEMES = {"2": "NACE2", "2.1": "NACE21"}
_LABEL_COLUMNS = ("description", "label", "heading", "name", "libellé", "intitulé", "bezeichnung")
_GENERIC_COLUMNS = ("scheme", "code", "language", "label")


@dataclass(frozen=True)
class TermLabel:
    """One label of one term: where it came from (``source``, ``line``) for error messages."""

    scheme: str
    code: str
    language: str
    label: str
    source: str
    line: int


def _rows(path: str | Path) -> tuple[dict[str, str], Iterator[tuple[int, dict[str, str]]]]:
    """The header (lower-cased name -> name as written) and the rows with their line numbers."""
    handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by the generator
    first = handle.readline()
    handle.seek(0)
    separator = ";" if first.count(";") > first.count(",") else ","
    separator = "\t" if first.count("\t") > first.count(separator) else separator
    reader = csv.DictReader(handle, delimiter=separator)
    header = {name.strip().lower(): name for name in reader.fieldnames or []}

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        with handle:
            for row in reader:
                yield reader.line_num, row

    return header, rows()


def _column(header: dict[str, str], names: Iterable[str], source: str, what: str) -> str:
    for name in names:
        if name in header:
            return header[name]
    raise DataFormatError(
        f"missing {what} column", source=source, line=1, field=what, value=",".join(header.values())
    )


def _language(value: str, source: str, line: int | None, field: str) -> str:
    language = value.strip().lower()
    if language == "en":
        raise UnknownCodeError(
            "English labels are the terms' names: load them with `clustera registry load nace` "
            "or the list's own loader",
            source=source, line=line, field=field, value=value,
        )  # fmt: skip
    if language not in LABEL_LANGUAGES:
        raise UnknownCodeError(
            f"not a label language (expected one of {', '.join(LABEL_LANGUAGES)})",
            source=source, line=line, field=field, value=value,
        )  # fmt: skip
    return language


def _nace_code(value: str, revision: str, source: str, line: int) -> str:
    code = value.strip()
    if _DOTTED.match(code):
        return code
    if _EUROSTAT.match(code):
        try:
            return nace_to_dotted(code, revision)  # type: ignore[arg-type]
        except UnknownCodeError as exc:
            raise UnknownCodeError(
                exc.message, source=source, line=line, field="Code", value=value
            ) from exc
    raise UnknownCodeError(
        "not a NACE code (dotted such as 26.11, or Eurostat's C2611)",
        source=source, line=line, field="Code", value=value,
    )  # fmt: skip


def read_nace_labels(
    path: str | Path, language: str | None = None, revision: str | None = None
) -> list[TermLabel]:
    """Read Eurostat's NACE download in one language (or several, with a ``Language`` column).

    Parameters
    ----------
    path : str or Path
        The CSV/TSV file as downloaded.
    language : {"fr", "de"}, optional
        The file's language. Required without a ``Language`` column; with one, only the
        rows in this language are kept.
    revision : {"2", "2.1"}, optional
        Detected from the sections when omitted (section ``V`` exists in 2.1 only).

    Raises
    ------
    DataFormatError, UnknownCodeError
        A missing column, a bad language or code, an empty or duplicated label.
    """
    source = str(path)
    if language is not None:
        language = _language(language, source, None, "language")
    header, rows = _rows(path)
    code_column = _column(header, ("code",), source, "Code")
    label_column = _column(header, _LABEL_COLUMNS, source, "Description")
    language_column = header.get("language") or header.get("lang")
    if language_column is None and language is None:
        raise DataFormatError(
            "the file has no Language column: say its language with --language",
            source=source, line=1, field="Language", value=None,
        )  # fmt: skip
    raw = [(line, row) for line, row in rows]
    codes = {(row.get(code_column) or "").strip() for _line, row in raw}
    if revision is None:
        revision = "2.1" if ("V" in codes or any(c.startswith("V") for c in codes)) else "2"
    if revision not in NACE_SCHEMES:
        raise UnknownCodeError(
            "NACE revision must be '2' or '2.1'", field="revision", value=revision
        )
    labels: list[TermLabel] = []
    for line, row in raw:
        if language_column is not None:
            written = row.get(language_column) or ""
            if language is not None and written.strip().lower() != language:
                continue
            row_language = _language(written, source, line, language_column)
        else:
            row_language = str(language)
        code = _nace_code(row.get(code_column) or "", revision, source, line)
        labels.append(
            TermLabel(
                NACE_SCHEMES[revision],
                code,
                row_language,
                row.get(label_column) or "",
                source,
                line,
            )
        )
    return _checked(labels, label_column)


def read_label_csv(path: str | Path) -> list[TermLabel]:
    """Read the generic ``scheme,code,language,label`` CSV (one label a line)."""
    source = str(path)
    header, rows = _rows(path)
    columns = {name: _column(header, (name,), source, name) for name in _GENERIC_COLUMNS}
    labels: list[TermLabel] = []
    for line, row in rows:
        values = {name: (row.get(column) or "").strip() for name, column in columns.items()}
        for name in ("scheme", "code"):
            if not values[name]:
                raise DataFormatError(
                    f"empty {name}", source=source, line=line, field=name, value=values[name]
                )
        language = _language(values["language"], source, line, "language")
        labels.append(
            TermLabel(values["scheme"], values["code"], language, values["label"], source, line)
        )
    return _checked(labels, "label")


def _checked(labels: list[TermLabel], label_field: str) -> list[TermLabel]:
    """Labels stripped, none empty, none twice for one term and language."""
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for item in labels:
        text = " ".join(item.label.split())
        if not text:
            raise DataFormatError(
                "empty label", source=item.source, line=item.line, field=label_field, value=""
            )
        key = (item.scheme, item.code, item.language)
        if key in seen:
            raise DataFormatError(
                f"a second label for this term and language (first on line {seen[key]})",
                source=item.source, line=item.line, field="code", value=item.code,
            )  # fmt: skip
        seen[key] = item.line
        out.append(TermLabel(item.scheme, item.code, item.language, text, item.source, item.line))
    return out
