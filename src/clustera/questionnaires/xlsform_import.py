"""Read an XLSForm (.xlsx, .xls, .csv or pyxform's markdown) into a :class:`Definition`.

pyxform reads the workbook into plain rows (``xls2json_backends.get_xlsform``) and then checks
the form as ODK would (``xls2json.workbook_to_json``); Clustera's own checks run in between so
that every refusal names the sheet, the spreadsheet row, the column and the value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import Any, cast

from pyxform.errors import PyXFormError
from pyxform.xls2json_backends import get_xlsform

from clustera.questionnaires._xlsform_checks import (
    Located,
    XLSFormError,
    check_references,
    check_with_pyxform,
)
from clustera.questionnaires.expressions import ExpressionError, parse
from clustera.questionnaires.model import Choice, Definition, Group, Item, Question, QuestionType
from clustera.questionnaires.pickers import TAXONOMY_LISTS

__all__ = ["XLSFormError", "read_xlsform"]

_SIMPLE_TYPES = ("integer", "decimal", "text", "date", "file", "note")
_TRANSLATED = ("label", "hint", "constraint_message", "required_message")
_ALIASES = {"constraint message": "constraint_message", "required message": "required_message"}
_LANGUAGE = re.compile(r"(?P<name>.*?)\s*\((?P<code>[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\)\s*")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_UNDETERMINED = ("und", "Undetermined")


def read_xlsform(source: str | PathLike[str] | bytes, *, name: str | None = None) -> Definition:
    """Import an XLSForm file into a :class:`Definition`, refusing anything outside the subset.

    Parameters
    ----------
    source
        Path of an .xlsx, .xls, .csv or .md (pyxform's markdown tables) XLSForm, or the
        content of one (an upload), whose format pyxform then recognises.
    name
        File name used in error messages and as the fallback ``form_id`` (defaults to the
        path's name; ``"form"`` for content).

    Raises
    ------
    XLSFormError
        Missing ``survey`` sheet, unknown type or list, bad name, unbalanced group, unsupported
        expression, reference to an unknown or later question, cyclic condition, or any error
        pyxform reports; each names sheet, row, column and value.

    References
    ----------
    XLSForm specification, https://xlsform.org/en/ ; pyxform, https://github.com/XLSForm/pyxform
    """
    path = Path(name or "form") if isinstance(source, bytes) else Path(source)
    label = name or path.name
    try:
        workbook = get_xlsform(source if isinstance(source, bytes) else path)
    except PyXFormError as error:
        raise XLSFormError(f"not a readable XLSForm ({error})", source=label) from error
    if not workbook.survey:
        sheets = ", ".join(workbook.sheet_names or ()) or "none"
        raise XLSFormError(
            f"the 'survey' sheet is missing or empty (sheets found: {sheets})",
            source=label,
            sheet="survey",
        )
    settings = _settings(workbook.settings or ())
    languages = _languages(label, workbook, settings)
    default = next(iter(languages))
    builder = _Builder(label, default, languages)
    choice_lists = builder.choice_lists(workbook.choices or ())
    children = builder.items(workbook.survey, choice_lists)
    check_references(label, builder.located)
    check_with_pyxform(label, workbook, path.stem, builder.located.rows)
    titles = {default: settings.get("form_title", "")}
    titles |= {
        code: settings[f"form_title_{code}"]
        for code in languages
        if f"form_title_{code}" in settings
    }
    own = {*_OWN_SETTINGS, *(f"form_title_{code}" for code in languages)}
    extra = {k: v for k, v in settings.items() if k not in own}
    return Definition(
        form_id=settings.get("form_id") or path.stem,
        version=settings.get("version", ""),
        title={code: titles[code] for code in languages if titles.get(code)},
        default_language=default,
        languages=languages,
        children=children,
        choice_lists={k: v for k, v in choice_lists.items() if k not in TAXONOMY_LISTS},
        settings=extra,
    )


_OWN_SETTINGS = ("form_id", "version", "form_title", "default_language")


def _settings(rows: Sequence[Mapping[str, str]]) -> dict[str, str]:
    return {k.strip(): str(v).strip() for k, v in (rows[0] if rows else {}).items()}


def _language(label: str, sheet: str, row: int | None, column: str, spec: str) -> tuple[str, str]:
    match = _LANGUAGE.fullmatch(spec)
    if match is None:
        raise XLSFormError(
            "a language must be written 'Name (code)', e.g. 'label::English (en)'",
            source=label,
            sheet=sheet,
            row=row,
            column=column,
            value=spec,
        )
    return match["code"], match["name"] or match["code"]


def _languages(label: str, workbook: Any, settings: Mapping[str, str]) -> dict[str, str]:
    """The form's languages by code, the default language first."""
    languages: dict[str, str] = {}
    for sheet in ("survey", "choices", "settings"):
        for header in (getattr(workbook, f"{sheet}_header") or [{}])[0]:
            base, _, spec = header.partition("::")
            if spec and base == "form_title":
                message = "pyxform takes one form_title; write other languages as form_title_<code>"
                raise XLSFormError(message, source=label, sheet=sheet, row=1, column=header)
            if spec and _ALIASES.get(base, base) in _TRANSLATED:
                code, language = _language(label, sheet, 1, header, spec)
                languages.setdefault(code, language)
    spec = settings.get("default_language", "")
    if spec:
        code, language = _language(label, "settings", 2, "default_language", spec)
        languages = {code: language, **languages}
    elif not languages:
        languages = {_UNDETERMINED[0]: _UNDETERMINED[1]}
    return languages


def _translated(
    row: Mapping[str, str], base: str, default: str, languages: Mapping[str, str]
) -> dict[str, str]:
    """The per-language values of a column: ``base`` is the default language, ``base::L (c)``."""
    values: dict[str, str] = {}
    for header, value in row.items():
        head, _, spec = header.partition("::")
        if _ALIASES.get(head, head) != base or not str(value).strip():
            continue
        match = _LANGUAGE.fullmatch(spec) if spec else None
        code = match["code"] if match else default
        if spec or code not in values:
            values[code] = str(value).strip()
    return {code: values[code] for code in languages if code in values}


class _Builder:
    """Builds items and choice lists from the rows while recording where each came from."""

    def __init__(self, source: str, default: str, languages: Mapping[str, str]) -> None:
        self.source = source
        self.default = default
        self.languages = languages
        self.located = Located()

    def error(
        self, message: str, sheet: str, row: int, column: str | None, value: Any
    ) -> Exception:
        return XLSFormError(
            message, source=self.source, sheet=sheet, row=row, column=column, value=value
        )

    def choice_lists(self, rows: Sequence[Mapping[str, str]]) -> dict[str, tuple[Choice, ...]]:
        lists: dict[str, list[Choice]] = {}
        for index, row in enumerate(rows):
            if not row:
                continue
            number = index + 2  # header is row 1, pyxform keeps blank rows in place
            list_name = row.get("list_name", "").strip() or row.get("list name", "").strip()
            choice = row.get("name", "").strip()
            if not list_name:
                raise self.error("a choice needs a list_name", "choices", number, "list_name", None)
            if not choice:
                raise self.error("a choice needs a name", "choices", number, "name", None)
            if any(c.name == choice for c in lists.get(list_name, ())):
                message = f"choice {choice!r} appears twice in list {list_name!r}"
                raise self.error(message, "choices", number, "name", choice)
            label = _translated(row, "label", self.default, self.languages)
            lists.setdefault(list_name, []).append(Choice(choice, label))
        return {name: tuple(choices) for name, choices in lists.items()}

    def items(
        self, rows: Sequence[Mapping[str, str]], lists: Mapping[str, tuple[Choice, ...]]
    ) -> tuple[Item, ...]:
        stack: list[tuple[dict[str, str], int, list[Item]]] = []
        top: list[Item] = []
        for index, raw in enumerate(rows):
            row = {_ALIASES.get(k, k): str(v).strip() for k, v in raw.items()}
            if not row:
                continue
            number = index + 2
            kind = " ".join(row.get("type", "").split())
            siblings = stack[-1][2] if stack else top
            parents = tuple(r["name"] for r, _, _ in stack)
            if kind in ("begin_group", "begin group"):
                self.register(row, number, parents)
                self.located.groups.add(row["name"])
                stack.append((row, number, []))
            elif kind in ("end_group", "end group"):
                if not stack:
                    raise self.error(
                        "end_group without begin_group", "survey", number, "type", kind
                    )
                begun, begun_row, children = stack.pop()
                group = self.group(begun, begun_row, tuple(children))
                (stack[-1][2] if stack else top).append(group)
            else:
                self.register(row, number, parents)
                siblings.append(self.question(row, number, kind, lists))
        if stack:
            row, number, _ = stack[-1]
            raise self.error("begin_group is never closed", "survey", number, "type", row["type"])
        return tuple(top)

    def register(self, row: Mapping[str, str], number: int, parents: tuple[str, ...]) -> None:
        name = row.get("name", "")
        if not _NAME.fullmatch(name):
            message = "a name must start with a letter or '_' and hold only letters, digits, _ . -"
            raise self.error(message, "survey", number, "name", name or None)
        if name in self.located.rows:
            message = f"name already used on row {self.located.rows[name]}"
            raise self.error(message, "survey", number, "name", name)
        self.located.rows[name] = number
        self.located.enclosing[name] = parents
        for column in ("relevant", "constraint", "required"):
            text = row.get(column, "")
            if column == "required" and _flag(text) is not None:
                continue
            if text:
                try:
                    parse(text)
                except ExpressionError as error:
                    raise self.error(error.message, "survey", number, column, text) from error
                self.located.expressions.append((name, number, column, text))

    def group(self, row: Mapping[str, str], number: int, children: tuple[Item, ...]) -> Group:
        for column in ("constraint", "required"):
            if row.get(column):
                message = f"a group cannot have a {column}"
                raise self.error(message, "survey", number, column, row[column])
        return Group(
            name=row["name"],
            label=_translated(row, "label", self.default, self.languages),
            relevant=row.get("relevant", ""),
            appearance=row.get("appearance", ""),
            children=children,
        )

    def question(
        self, row: Mapping[str, str], number: int, kind: str, lists: Mapping[str, Any]
    ) -> Question:
        base, _, list_name = kind.replace("select one", "select_one").partition(" ")
        base = base.replace("select multiple", "select_multiple")
        if kind.startswith("select multiple "):
            base, list_name = "select_multiple", kind[len("select multiple ") :]
        if base in ("select_one", "select_multiple"):
            if not list_name:
                message = f"{base} needs a list name, e.g. '{base} yes_no'"
                raise self.error(message, "survey", number, "type", kind)
            if list_name not in lists:
                message = f"list {list_name!r} is not in the choices sheet"
                if list_name in TAXONOMY_LISTS:
                    message += " (a placeholder row is enough for a platform taxonomy picker)"
                raise self.error(message, "survey", number, "type", kind)
        elif kind not in _SIMPLE_TYPES:
            raise self.error("unknown or unsupported question type", "survey", number, "type", kind)
        parameters = self.parameters(row, number, base)
        required = _flag(row.get("required", ""))
        return Question(
            name=row["name"],
            type=cast(QuestionType, base),
            label=_translated(row, "label", self.default, self.languages),
            hint=_translated(row, "hint", self.default, self.languages),
            required=row.get("required", "") if required is None else ("yes" if required else ""),
            required_message=_translated(row, "required_message", self.default, self.languages),
            constraint=row.get("constraint", ""),
            constraint_message=_translated(row, "constraint_message", self.default, self.languages),
            relevant=row.get("relevant", ""),
            list_name=list_name or None,
            appearance=row.get("appearance", ""),
            parameters=parameters,
            taxonomy=list_name if list_name in TAXONOMY_LISTS else None,
            personal_data=bool(_flag(row.get("personal_data", ""))),
            default=row.get("default", ""),
        )

    def parameters(self, row: Mapping[str, str], number: int, kind: str) -> dict[str, str]:
        text = row.get("parameters", "")
        pairs = [part.partition("=") for part in text.replace(";", " ").split()]
        if any(not key or not sep or not value for key, sep, value in pairs):
            raise self.error(
                "parameters are written key=value", "survey", number, "parameters", text
            )
        parameters = {key: value for key, _, value in pairs}
        size = parameters.get("max-file-size")
        if size is not None and (kind != "file" or not re.fullmatch(r"\d+(\.\d+)?", size)):
            message = "max-file-size is a number of megabytes, on a file question"
            raise self.error(message, "survey", number, "parameters", text)
        return parameters


def _flag(text: str) -> bool | None:
    """``yes``/``no`` style values as a boolean; ``None`` for anything else (an expression)."""
    lowered = text.strip().lower()
    if lowered in ("", "no", "false", "false()", "0"):
        return False
    if lowered in ("yes", "true", "true()", "1"):
        return True
    return None
