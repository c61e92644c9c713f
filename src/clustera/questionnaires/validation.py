"""Check a set of answers against a definition: skip logic, required, types, choices, constraints.

The form is walked in order, so every condition sees only the answers before it that are shown
and valid (ODK clears the value of a question that is not relevant; here it is dropped).

>>> from clustera.questionnaires.model import Definition, Question
>>> form = Definition(form_id="f", version="1", children=(
...     Question("employees", "integer", required="yes", constraint=". >= 1"),
...     Question("exports", "decimal", relevant="${employees} > 9"),
... ))
>>> validate_answers(form, {"employees": 5, "exports": 0.5}, language="en")
({'employees': 5}, [])
>>> validate_answers(form, {"employees": 0}, language="en")[1]
[{'field': 'employees', 'message': 'Value not accepted (. >= 1).'}]
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from clustera.questionnaires.expressions import parse
from clustera.questionnaires.model import Definition, Group, Item, Question
from clustera.questionnaires.pickers import BUILTIN_CHOICES
from clustera.texts import N_, Message

__all__ = [
    "DEFAULT_MAX_FILE_MB",
    "LONG_TEXT_MAX",
    "TEXT_MAX",
    "answers_from_form",
    "validate_answers",
    "visible_pages",
]

TEXT_MAX = 2_000
LONG_TEXT_MAX = 20_000
DEFAULT_MAX_FILE_MB = 10.0
_MEGABYTE = 1024 * 1024
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CODE = re.compile(r"\S+")
#: The built-in messages, English templates marked for the surveys' catalogue (pages show
#: them in the reader's language: ``clustera.registry.messages.translated``).
_MESSAGES: dict[str, str] = {
    "required": N_("This question is required."),
    "constraint": N_("Value not accepted (%(constraint)s)."),
    "integer": N_("Expected a whole number, got %(value)s."),
    "decimal": N_("Expected a number, got %(value)s."),
    "date": N_("Expected a date as YYYY-MM-DD, got %(value)s."),
    "text": N_("Expected text of at most %(limit)s characters, got %(value)s."),
    "choice": N_("%(value)s is not one of the choices."),
    "choices": N_("Expected a list of distinct choices, got %(value)s."),
    "file": N_("Expected a file of at most %(limit)s MB, got %(value)s."),
    "note": N_("This is a note; it takes no answer."),
    "unknown": N_("Not a question of this survey."),
}
#: The parameters each message's arguments fill, in order (values are shown as ``repr``).
_PARAMETERS: dict[str, tuple[str, ...]] = {
    "constraint": ("constraint",),
    "text": ("value", "limit"),
    "file": ("value", "limit"),
}


class _TypeError(Exception):
    """An answer of the wrong type: ``key`` picks the message, ``arguments`` fill it."""

    def __init__(self, key: str, *arguments: object) -> None:
        self.key = key
        self.arguments = arguments
        super().__init__(key)


class _Walk:
    def __init__(
        self,
        definition: Definition,
        language: str,
        taxonomy_codes: Mapping[str, Collection[str]],
        today: dt.date | None,
    ) -> None:
        self.definition = definition
        self.language = language
        self.codes = {k: set(v) for k, v in taxonomy_codes.items()}
        for kind, choices in BUILTIN_CHOICES.items():
            self.codes.setdefault(kind, {c.name for c in choices})
        self.today = today
        self.clean: dict[str, Any] = {}
        self.errors: list[dict[str, str]] = []

    def message(self, key: str, *arguments: object) -> Message:
        names = _PARAMETERS.get(key, ("value",))[: len(arguments)]
        params = dict(zip(names, arguments, strict=True))
        if "value" in params:
            params["value"] = repr(params["value"])
        return Message(_MESSAGES[key], params)

    def form_message(self, messages: Mapping[str, str]) -> str:
        default = self.definition.default_language
        return messages.get(self.language) or messages.get(default) or ""

    def holds(self, expression: str, current: object = None) -> bool:
        return parse(expression).holds(self.clean, current=current, today=self.today)

    def items(self, items: tuple[Item, ...], answers: Mapping[str, Any]) -> None:
        for item in items:
            if item.relevant and not self.holds(item.relevant):
                continue
            if isinstance(item, Group):
                self.items(item.children, answers)
            else:
                self.question(item, answers.get(item.name))

    def question(self, question: Question, raw: object) -> None:
        if question.type == "note":
            if not _empty(raw):
                self.errors.append({"field": question.name, "message": self.message("note")})
            return
        if _empty(raw):
            required = question.required == "yes" or (
                question.required != "" and self.holds(question.required)
            )
            if required:
                text = self.form_message(question.required_message) or self.message("required")
                self.errors.append({"field": question.name, "message": text})
            return
        try:
            value = self.typed(question, raw)
        except _TypeError as error:
            message = self.message(error.key, *error.arguments)
            self.errors.append({"field": question.name, "message": message})
            return
        if question.constraint and not self.holds(question.constraint, value):
            text = self.form_message(question.constraint_message)
            text = text or self.message("constraint", question.constraint)
            self.errors.append({"field": question.name, "message": text})
            return
        self.clean[question.name] = value

    def typed(self, question: Question, raw: object) -> Any:
        if question.type in ("integer", "decimal"):
            return _number(question.type, raw)
        if question.type == "text":
            limit = LONG_TEXT_MAX if question.is_long_text else TEXT_MAX
            if not isinstance(raw, str) or len(raw) > limit:
                raise _TypeError("text", _shorten(raw), limit)
            return raw
        if question.type == "date":
            return _date(raw)
        if question.type == "file":
            return _file(raw, question.max_file_size_mb or DEFAULT_MAX_FILE_MB)
        allowed = self.allowed(question)
        if question.type == "select_one":
            if not isinstance(raw, str) or not self.accepts(allowed, raw):
                raise _TypeError("choice", raw)
            return raw
        if not isinstance(raw, list | tuple) or len(set(map(str, raw))) != len(raw):
            raise _TypeError("choices", raw)
        for choice in raw:
            if not isinstance(choice, str) or not self.accepts(allowed, choice):
                raise _TypeError("choice", choice)
        return list(raw)

    def allowed(self, question: Question) -> set[str] | None:
        """The accepted names, or ``None`` for a picker whose codes were not supplied."""
        if question.taxonomy is not None:
            return self.codes.get(question.taxonomy)
        return {c.name for c in self.definition.choices(question)}

    @staticmethod
    def accepts(allowed: set[str] | None, value: str) -> bool:
        return _CODE.fullmatch(value) is not None if allowed is None else value in allowed


def validate_answers(
    definition: Definition,
    answers: Mapping[str, Any],
    *,
    language: str | None = None,
    taxonomy_codes: Mapping[str, Collection[str]] | None = None,
    today: dt.date | None = None,
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """Check answers against a definition; return the answers to keep and every error.

    Parameters
    ----------
    definition
        The survey definition.
    answers
        ``{question_name: value}``: numbers as numbers, dates as ``YYYY-MM-DD``, a multiple
        choice as a list of choice names, a file as ``{"name": ..., "size": bytes}``.
    language
        Language code of the form's own messages (``required_message``,
        ``constraint_message``); defaults to the form's default language. The built-in
        messages are :class:`~clustera.texts.Message` objects in English, which the web
        layer shows in the reader's language.
    taxonomy_codes
        Accepted codes per picker kind (``technology``, ``nace``, ``region``...). TRL, service
        type and language have built-in lists; a picker with no list accepts any code without
        spaces, so the caller must pass the platform's codes to check them.
    today
        The date ``today()`` returns (defaults to the system date).

    Returns
    -------
    tuple
        The clean answers (only questions shown under the skip logic, normalised: integers as
        ``int``, decimals as ``float``, choices as lists) and the errors as
        ``[{"field": name, "message": text}]`` in form order, unknown names last.

    References
    ----------
    ODK XForms specification, bind attributes ``relevant``, ``required``, ``constraint``,
    https://getodk.github.io/xforms-spec/#bind-attributes
    """
    walk = _Walk(definition, language or definition.default_language, taxonomy_codes or {}, today)
    walk.items(definition.children, answers)
    known = {question.name for question in definition.questions()}
    for name in answers:
        if name not in known:
            walk.errors.append({"field": str(name), "message": walk.message("unknown")})
    return walk.clean, walk.errors


def visible_pages(
    definition: Definition, answers: Mapping[str, Any], *, today: dt.date | None = None
) -> list[Item]:
    """The pages shown given the answers so far: top-level groups (and loose top-level questions)
    whose ``relevant`` holds, in order. Page *k* of *n* gives the web form its progress.

    >>> from clustera.questionnaires.model import Definition, Group, Question
    >>> form = Definition(form_id="f", version="1", children=(
    ...     Group("firm", children=(Question("centre", "select_one", list_name="yes_no"),)),
    ...     Group("services", relevant="${centre} = 'yes'"),
    ... ))
    >>> [page.name for page in visible_pages(form, {"centre": "no"})]
    ['firm']
    """
    walk = _Walk(definition, definition.default_language, {}, today)
    walk.items(definition.children, answers)
    return [item for item in definition.children if not item.relevant or walk.holds(item.relevant)]


def answers_from_form(definition: Definition, data: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """Answers from an HTML form post (every field a list of strings, as ``QueryDict.lists()``).

    Numbers are read from their text and multiple choices kept as lists; a text that is not a
    number is passed on unchanged, so :func:`validate_answers` reports it. Files are not read
    here (the web layer stores them and passes ``{"name", "size"}``).

    >>> from clustera.questionnaires.model import Definition, Question
    >>> form = Definition("f", "1", children=(
    ...     Question("n", "integer"), Question("t", "select_multiple", list_name="t")))
    >>> answers_from_form(form, {"n": ["12"], "t": ["ai", "am"], "csrf": ["x"]})
    {'n': 12, 't': ['ai', 'am']}
    >>> validate_answers(form, answers_from_form(form, {"n": ["twelve"]}))[1][0]["field"]
    'n'
    """
    answers: dict[str, Any] = {}
    for question in definition.questions():
        values = [v for v in data.get(question.name, ()) if v.strip()]
        if question.type in ("note", "file") or not values:
            continue
        if question.type == "select_multiple":
            answers[question.name] = list(values)
            continue
        text = values[0].strip()
        try:
            number = float(text) if question.type in ("integer", "decimal") else None
        except ValueError:
            number = None
        if number is not None and question.type == "integer" and number.is_integer():
            answers[question.name] = int(number)
        elif number is not None and question.type == "decimal":
            answers[question.name] = number
        else:
            answers[question.name] = text if question.type != "text" else values[0]
    return answers


def _empty(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple) and not value)


def _number(kind: str, raw: object) -> int | float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise _TypeError(kind, raw)
    if kind == "decimal":
        return float(raw)
    if isinstance(raw, float) and not raw.is_integer():
        raise _TypeError(kind, raw)
    return int(raw)


def _date(raw: object) -> str:
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw.isoformat()
    if isinstance(raw, str) and _DATE.fullmatch(raw):
        try:
            return dt.date.fromisoformat(raw).isoformat()
        except ValueError:
            pass
    raise _TypeError("date", raw)


def _file(raw: object, limit_mb: float) -> dict[str, Any]:
    if isinstance(raw, Mapping):
        name, size = raw.get("name"), raw.get("size")
        if (
            isinstance(name, str)
            and name
            and isinstance(size, int)
            and not isinstance(size, bool)
            and 0 <= size <= limit_mb * _MEGABYTE
        ):
            key = raw.get("key")  # where the web layer stored it (kept, never read here)
            return {"name": name, "size": size, **({"key": key} if isinstance(key, str) else {})}
    raise _TypeError("file", raw, f"{limit_mb:g}")


def _shorten(value: object) -> object:
    return value[:40] + "..." if isinstance(value, str) and len(value) > 40 else value
