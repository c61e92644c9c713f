"""Write a :class:`Definition` as an XLSForm workbook that ODK, KoboToolbox and Clustera read back.

Languages are written as ``label::English (en)`` columns; taxonomy pickers get their list in the
choices sheet so other tools accept the file: the built-in TRL, service-type and language lists
in full, the platform's lists (technology, NACE, region) as passed in or as one placeholder row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from os import PathLike
from typing import IO, Any

from openpyxl import Workbook

from clustera.questionnaires.model import Choice, Definition, Group, Item, Question
from clustera.questionnaires.pickers import BUILTIN_CHOICES, PLACEHOLDER

__all__ = ["to_xlsform"]

_PLACEHOLDER_LABEL = "(choices filled from the platform's taxonomy)"


def to_xlsform(
    definition: Definition,
    target: str | PathLike[str] | IO[bytes],
    *,
    taxonomy_choices: Mapping[str, Sequence[Choice]] | None = None,
) -> None:
    """Write the definition as an .xlsx XLSForm (sheets ``survey``, ``choices``, ``settings``).

    Parameters
    ----------
    definition
        The survey definition.
    target
        A path or a binary file object.
    taxonomy_choices
        Codes and labels to write for platform pickers (``technology``, ``nace``, ``region``),
        for use of the file outside Clustera; without them a placeholder row is written.

    References
    ----------
    XLSForm specification, https://xlsform.org/en/
    """
    languages = [(code, f"{name} ({code})") for code, name in definition.languages.items()]
    workbook = Workbook()
    survey = workbook.active
    assert survey is not None  # a new workbook always has one sheet
    survey.title = "survey"
    rows: list[dict[str, str]] = []
    _items(definition.children, languages, rows)
    every = {code: "-" for code, _ in languages}
    template = _question_row(
        Question("name", "text", label=every, hint=every, required_message=every,
                 constraint_message=every),
        languages,
    )  # fmt: skip
    _write(survey, rows, _columns(rows, [*template]))
    choice_rows = _choice_rows(definition, languages, taxonomy_choices or {})
    choice_columns = ["list_name", "name"] + [f"label::{spec}" for _, spec in languages]
    _write(workbook.create_sheet("choices"), choice_rows, _columns(choice_rows, choice_columns))
    settings = {"form_id": definition.form_id, "version": definition.version}
    # pyxform takes one form_title: the other languages go in form_title_<code>, which ODK ignores
    default = definition.default_language
    settings["form_title"] = definition.title.get(default, "")
    settings |= {f"form_title_{c}": t for c, t in definition.title.items() if c != default}
    if default in definition.languages:
        settings["default_language"] = dict(languages)[default]
    settings |= definition.settings
    settings = {key: value for key, value in settings.items() if value}
    _write(workbook.create_sheet("settings"), [settings], list(settings))
    workbook.save(target)


def _translated(
    column: str, values: Mapping[str, str], languages: Sequence[tuple[str, str]]
) -> dict[str, str]:
    return {f"{column}::{spec}": values[code] for code, spec in languages if values.get(code)}


def _items(
    items: Sequence[Item], languages: Sequence[tuple[str, str]], rows: list[dict[str, str]]
) -> None:
    for item in items:
        if isinstance(item, Group):
            row = {"type": "begin_group", "name": item.name}
            row |= _translated("label", item.label, languages)
            row |= {"relevant": item.relevant, "appearance": item.appearance}
            rows.append(row)
            _items(item.children, languages, rows)
            rows.append({"type": "end_group"})
        else:
            rows.append(_question_row(item, languages))


def _question_row(question: Question, languages: Sequence[tuple[str, str]]) -> dict[str, str]:
    kind = f"{question.type} {question.list_name}" if question.list_name else question.type
    row = {"type": kind, "name": question.name}
    row |= _translated("label", question.label, languages)
    row |= _translated("hint", question.hint, languages)
    row["required"] = question.required
    row |= _translated("required_message", question.required_message, languages)
    row["constraint"] = question.constraint
    row |= _translated("constraint_message", question.constraint_message, languages)
    row["relevant"] = question.relevant
    row["appearance"] = question.appearance
    row["parameters"] = " ".join(f"{k}={v}" for k, v in question.parameters.items())
    row["personal_data"] = "yes" if question.personal_data else ""
    row["default"] = question.default
    return row


def _choice_rows(
    definition: Definition,
    languages: Sequence[tuple[str, str]],
    taxonomy_choices: Mapping[str, Sequence[Choice]],
) -> list[dict[str, str]]:
    lists: dict[str, Sequence[Choice]] = dict(definition.choice_lists)
    for question in definition.questions():
        kind = question.taxonomy
        if kind is None or kind in lists:
            continue
        placeholder = (Choice(PLACEHOLDER, {code: _PLACEHOLDER_LABEL for code, _ in languages}),)
        lists[kind] = taxonomy_choices.get(kind) or BUILTIN_CHOICES.get(kind) or placeholder
    rows = []
    for list_name, choices in lists.items():
        for choice in choices:
            row = {"list_name": list_name, "name": choice.name}
            rows.append(row | _translated("label", choice.label, languages))
    return rows


def _columns(rows: Sequence[Mapping[str, str]], order: Sequence[str]) -> list[str]:
    """The columns of ``order`` that hold a value in some row (the first two always)."""
    used = {key for row in rows for key, value in row.items() if value}
    return [column for index, column in enumerate(order) if index < 2 or column in used]


def _write(sheet: Any, rows: Sequence[Mapping[str, str]], columns: Sequence[str]) -> None:
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row.get(column) or None for column in columns])
