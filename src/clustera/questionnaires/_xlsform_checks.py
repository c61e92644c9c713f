"""Checks of an XLSForm beyond its rows: references, cycles, and pyxform's own conversion."""

from __future__ import annotations

import graphlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pyxform.builder import create_survey_element_from_dict
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json

from clustera.errors import InvalidInputError
from clustera.questionnaires.expressions import parse

__all__ = ["Located", "XLSFormError", "check_references", "check_with_pyxform"]

_PYXFORM_ROW = re.compile(r"\[row : (\d+)\]")
_PYXFORM_SHEET = re.compile(r"'(survey|choices|settings)' sheet")
_PYXFORM_COLUMN = re.compile(r"the '([a-z_:]+)' (?:value|column)")
_PYXFORM_ELEMENT = re.compile(r"element named '([^']+)'")


class XLSFormError(InvalidInputError):
    """A refused XLSForm: names the file, sheet, spreadsheet row, column and value."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: Any = None,
    ) -> None:
        self.sheet = sheet
        self.row = row
        self.column = column
        super().__init__(message, source=source, line=row, field=column, value=value)

    def __str__(self) -> str:
        where = [str(part) for part in (self.source,) if part]
        if self.sheet:
            where.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        if self.value is not None:
            where.append(f"value {self.value!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class Located:
    """Where each item and expression came from, for error messages and the reference checks."""

    rows: dict[str, int] = field(default_factory=dict)
    expressions: list[tuple[str, int, str, str]] = field(default_factory=list)
    enclosing: dict[str, tuple[str, ...]] = field(default_factory=dict)
    groups: set[str] = field(default_factory=set)


def check_references(source: str, located: Located) -> None:
    """Unknown and later references, then cycles (an item's condition reaching back to itself)."""
    graph: dict[str, set[str]] = {
        name: set(located.enclosing.get(name, ())) for name in located.rows
    }
    for owner, row, column, text in located.expressions:
        for name in parse(text).references:
            if name not in located.rows or name in located.groups:
                message = f"${{{name}}} is not a question of this form"
                raise XLSFormError(
                    message, source=source, sheet="survey", row=row, column=column, value=text
                )
            if column != "constraint" or name != owner:
                graph[owner].add(name)
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as error:
        cycle: list[str] = error.args[1]
        for owner, row, column, text in located.expressions:
            if owner in cycle and set(parse(text).references) & set(cycle):
                path = " -> ".join(cycle)
                message = f"cyclic condition ({path})"
                raise XLSFormError(
                    message, source=source, sheet="survey", row=row, column=column, value=text
                ) from error
    for _owner, row, column, text in located.expressions:
        for name in parse(text).references:
            if located.rows[name] > row:
                message = f"${{{name}}} refers to a later question (row {located.rows[name]})"
                raise XLSFormError(
                    message, source=source, sheet="survey", row=row, column=column, value=text
                )


def check_with_pyxform(source: str, workbook: Any, stem: str, rows: Mapping[str, int]) -> None:
    """Convert to an XForm as ODK tools do, so that a form Clustera takes, they take too."""
    try:
        form = workbook_to_json(workbook, fallback_form_name=stem, warnings=[])
        create_survey_element_from_dict(form).to_xml(validate=False, warnings=[])
    except PyXFormError as error:
        text = str(error)
        row = _PYXFORM_ROW.search(text)
        sheet = _PYXFORM_SHEET.search(text)
        column = _PYXFORM_COLUMN.search(text)
        element = _PYXFORM_ELEMENT.search(text)
        if row is None and element is not None and element[1] in rows:
            number: int | None = rows[element[1]]
            sheet_name: str | None = "survey"
        else:
            number = int(row[1]) if row else None
            sheet_name = sheet[1] if sheet else None
        raise XLSFormError(
            text,
            source=source,
            sheet=sheet_name,
            row=number,
            column=column[1] if column else None,
        ) from error
