"""Import responses exported from LimeSurvey or EUSurvey (CSV) onto a definition, all or nothing.

Every row is mapped onto the definition's questions, typed, then checked with
:func:`~clustera.questionnaires.validate_answers` (skip logic, required, choices, constraints).
If any cell fails, nothing is returned: :class:`ResponsesImportError` lists every problem with
the file, line and column.

Layouts read (the exporters' defaults):

- LimeSurvey, *Export responses* as CSV with *question code* headings and *answer codes*: one
  column per question code; a multiple-choice question is one ``code[subcode]`` column per
  option holding ``Y`` when chosen; dates as ``YYYY-MM-DD HH:MM:SS``; the metadata columns
  (``id``, ``submitdate``, ``lastpage``, ``startlanguage``, ``seed``, ...) are skipped.
- EUSurvey, results exported as CSV: a column per question headed by the question's text (or its
  identifier), choices as their text, a multiple choice as texts joined by ``;``; its
  metadata columns (``Contribution ID``, ``Creation date``, ...) are skipped.

LimeSurvey question codes cannot hold ``_``; ``columns={"Q1": "company_name"}`` maps a heading
(or a ``code[subcode]`` heading to a whole question) onto a question name.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Collection, Mapping
from os import PathLike
from pathlib import Path
from typing import Any

from clustera.errors import InvalidInputError
from clustera.questionnaires.model import Definition, Question
from clustera.questionnaires.pickers import BUILTIN_CHOICES
from clustera.questionnaires.validation import validate_answers

__all__ = ["ResponsesImportError", "read_eusurvey_csv", "read_limesurvey_csv"]

_LIMESURVEY_META = {
    "id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate", "datestamp",
    "ipaddr", "refurl", "interviewtime",
}  # fmt: skip
_EUSURVEY_META = {
    "contribution id", "user name", "creation date", "last update", "languages",
    "invitation number", "contribution status", "case id",
}  # fmt: skip
_SUBQUESTION = re.compile(r"(?P<code>[^\[\]]+)\[(?P<sub>[^\[\]]+)\]")
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")
_MAX_ERRORS_SHOWN = 5


class ResponsesImportError(InvalidInputError):
    """Responses refused as a whole; ``errors`` holds every problem (file, line, field, value)."""

    def __init__(self, errors: list[InvalidInputError]) -> None:
        self.errors = errors
        first = errors[0]
        shown = "; ".join(str(e) for e in errors[:_MAX_ERRORS_SHOWN])
        more = len(errors) - _MAX_ERRORS_SHOWN
        message = f"{len(errors)} problem(s), nothing imported: {shown}"
        if more > 0:
            message += f"; and {more} more"
        super().__init__(message)
        self.source, self.line, self.field, self.value = (
            first.source,
            first.line,
            first.field,
            first.value,
        )

    def __str__(self) -> str:
        return self.message


def _read(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    text = path.read_text(encoding="utf-8-sig")
    try:
        dialect: Any = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(text.splitlines(), dialect)
    rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    if not rows:
        raise InvalidInputError("the file is empty", source=path.name)
    header = [cell.strip() for cell in rows[0][1]]
    return header, rows[1:]


def _typed(question: Question, text: str) -> Any:
    """A cell as the answer type; ``ValueError`` when it cannot be read as one."""
    if question.type == "integer":
        # LimeSurvey stores numbers as decimal(30,10) and may export 150 as 150.0000000000
        number = float(text)
        if not number.is_integer():
            raise ValueError(text)
        return int(number)
    if question.type == "decimal":
        return float(text)
    if question.type == "date":
        match = _DATE.fullmatch(text)
        if match is None:
            raise ValueError(text)
        return dt.date.fromisoformat(match[1]).isoformat()
    return text


class _Importer:
    def __init__(self, path: Path, definition: Definition) -> None:
        self.path = path
        self.definition = definition
        self.questions = {q.name: q for q in definition.questions() if q.type != "note"}
        self.errors: list[InvalidInputError] = []
        self.column_of: dict[str, str] = {}  # question name -> its column, to name in errors

    def error(self, message: str, line: int, field: str, value: Any = None) -> None:
        self.errors.append(
            InvalidInputError(message, source=self.path.name, line=line, field=field, value=value)
        )

    def check(
        self,
        line: int,
        answers: dict[str, Any],
        taxonomy_codes: Mapping[str, Collection[str]] | None,
        today: dt.date | None,
    ) -> dict[str, Any]:
        clean, errors = validate_answers(
            self.definition, answers, taxonomy_codes=taxonomy_codes, today=today, language="en"
        )
        unreadable = {e.field for e in self.errors if e.line == line}
        for error in errors:
            field = self.column_of.get(error["field"], error["field"])
            if field in unreadable:
                continue
            self.error(error["message"], line, field, answers.get(error["field"]))
        return clean

    def finish(self, responses: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if self.errors:
            raise ResponsesImportError(self.errors)
        return responses


def read_limesurvey_csv(
    path: str | PathLike[str],
    definition: Definition,
    *,
    columns: Mapping[str, str] | None = None,
    taxonomy_codes: Mapping[str, Collection[str]] | None = None,
    today: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Responses from a LimeSurvey CSV export (question codes, answer codes), one dict each.

    Raises
    ------
    ResponsesImportError
        Any unknown column, unreadable cell or answer refused by the definition; nothing is
        returned then.

    References
    ----------
    LimeSurvey manual, "Export responses" (CSV, question code headings, answer codes).
    """
    path, columns = Path(path), columns or {}
    importer = _Importer(path, definition)
    header, rows = _read(path)
    targets: list[tuple[str, str | None] | None] = []  # (question, chosen option) per column
    for column in header:
        name = columns.get(column, column)
        sub = _SUBQUESTION.fullmatch(name)
        if column.lower() in _LIMESURVEY_META and column not in columns:
            targets.append(None)
        elif name in importer.questions:
            targets.append((name, None))
            importer.column_of[name] = column
        elif sub and importer.questions.get(sub["code"], None) is not None:
            targets.append((sub["code"], sub["sub"]))
        else:
            importer.error("column is not a question of the survey", 1, column)
            targets.append(None)
    responses = []
    for line, row in rows:
        answers: dict[str, Any] = {}
        for target, column, cell in zip(targets, header, row, strict=False):
            text = cell.strip()
            if target is None or not text:
                continue
            name, option = target
            question = importer.questions[name]
            if option is not None and question.type == "select_multiple":
                if text.upper() == "Y":
                    answers.setdefault(name, []).append(option)
                elif text.upper() != "N":
                    importer.error("expected Y or N", line, column, text)
                continue
            try:
                answers[name] = _typed(question, text)
            except ValueError:
                importer.error(f"not a valid {question.type}", line, column, text)
        responses.append(importer.check(line, answers, taxonomy_codes, today))
    return importer.finish(responses)


def read_eusurvey_csv(
    path: str | PathLike[str],
    definition: Definition,
    *,
    columns: Mapping[str, str] | None = None,
    taxonomy_codes: Mapping[str, Collection[str]] | None = None,
    today: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Responses from an EUSurvey CSV export (question texts as headings, choice texts).

    Headings are matched to questions by name, then by label in any of the form's languages;
    choice texts are matched to choice names the same way.

    Raises
    ------
    ResponsesImportError
        Any unknown or ambiguous column, unreadable cell or refused answer; nothing is returned.

    References
    ----------
    EUSurvey help for form managers, "Results: export" (https://ec.europa.eu/eusurvey).
    """
    path, columns = Path(path), columns or {}
    importer = _Importer(path, definition)
    header, rows = _read(path)
    by_label: dict[str, set[str]] = {}
    for question in importer.questions.values():
        for text in (question.name, *question.label.values()):
            by_label.setdefault(text.strip().casefold(), set()).add(question.name)
    targets: list[str | None] = []
    for column in header:
        found = {columns[column]} if column in columns else by_label.get(column.casefold())
        if found is None and column.casefold() in _EUSURVEY_META:
            targets.append(None)
        elif found is None or len(found) != 1:
            problem = "matches several questions" if found else "is not a question of the survey"
            importer.error(f"column {problem}", 1, column)
            targets.append(None)
        else:
            targets.append(next(iter(found)))
            importer.column_of[next(iter(found))] = column
    responses = []
    for line, row in rows:
        answers: dict[str, Any] = {}
        for name, column, cell in zip(targets, header, row, strict=False):
            text = cell.strip()
            if name is None or not text:
                continue
            question = importer.questions[name]
            try:
                answers[name] = _eusurvey_value(definition, question, text)
            except ValueError:
                importer.error(f"not a valid {question.type}", line, column, text)
        responses.append(importer.check(line, answers, taxonomy_codes, today))
    return importer.finish(responses)


def _eusurvey_value(definition: Definition, question: Question, text: str) -> Any:
    if question.type not in ("select_one", "select_multiple"):
        return _typed(question, text)
    choices = definition.choices(question) or BUILTIN_CHOICES.get(question.taxonomy or "", ())
    names = {c.name.casefold(): c.name for c in choices}
    for choice in choices:
        names.update({label.strip().casefold(): choice.name for label in choice.label.values()})

    def name_of(part: str) -> str:
        # picker codes and unknown texts pass through; validate_answers judges them
        return names.get(part.strip().casefold(), part.strip())

    if question.type == "select_one":
        return name_of(text)
    return [name_of(part) for part in text.split(";") if part.strip()]
