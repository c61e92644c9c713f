"""What a survey page shows: each question's label, help, widget, choices, value and errors in
the respondent's language, for the collection templates (no JavaScript needed)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from clustera.questionnaires import BUILTIN_CHOICES, Definition, Group, Item, Question, parse
from clustera.questionnaires.validation import DEFAULT_MAX_FILE_MB


@dataclass
class Field:
    """One question as the template draws it."""

    name: str
    widget: str  # radio, checkbox, select, select_multiple, number, decimal, text, textarea, ...
    label: str
    hint: str = ""
    required: bool = False
    personal_data: bool = False
    choices: list[tuple[str, str]] = field(default_factory=list)
    value: str = ""
    values: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    limit_mb: float = 0.0  # file questions: the upload limit


@dataclass
class Section:
    """A group inside a page (its heading) and its fields."""

    label: str
    fields: list[Field]


def language_for(definition: Definition, wanted: Sequence[str]) -> str:
    """The first of ``wanted`` the form is written in, else the form's default language."""
    for code in wanted:
        short = code.split("-")[0].lower()
        if short in definition.languages:
            return short
    return definition.default_language


def accept_language(header: str) -> list[str]:
    """Language codes of an ``Accept-Language`` header, best first."""
    ranked = []
    for part in header.split(","):
        code, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            weight = 0.0
        if code:
            ranked.append((-weight, code))
    return [code for _, code in sorted(ranked)]


def _choices(
    definition: Definition,
    question: Question,
    language: str,
    taxonomy: Mapping[str, list[tuple[str, str]]],
) -> list[tuple[str, str]]:
    if question.taxonomy in taxonomy:
        return list(taxonomy[question.taxonomy or ""])
    choices = definition.choices(question) or BUILTIN_CHOICES.get(question.taxonomy or "", ())
    return [(c.name, definition.text(c.label, language) or c.name) for c in choices]


def _widget(question: Question, n_choices: int) -> str:
    if question.type == "select_one":
        return "radio" if n_choices <= 12 else "select"
    if question.type == "select_multiple":
        return "checkbox" if n_choices <= 24 else "select_multiple"
    if question.type == "text" and question.is_long_text:
        return "textarea"
    return {"integer": "number", "decimal": "decimal"}.get(question.type, question.type)


def build_field(
    definition: Definition,
    question: Question,
    language: str,
    answers: Mapping[str, Any],
    errors: Mapping[str, list[str]],
    taxonomy: Mapping[str, list[tuple[str, str]]],
) -> Field:
    """A question ready to draw, with the answer kept so far."""
    choices = _choices(definition, question, language, taxonomy)
    raw = answers.get(question.name)
    if question.type == "file":  # the name of the file sent so far
        raw = raw.get("name") if isinstance(raw, dict) else None
    if raw is None and question.default and question.name not in answers:
        default = question.default
        raw = default.split() if question.type == "select_multiple" else default
    values = [str(v) for v in raw] if isinstance(raw, list) else []
    return Field(
        name=question.name,
        widget=_widget(question, len(choices)),
        label=definition.text(question.label, language) or question.name,
        hint=definition.text(question.hint, language),
        required=question.required.strip().lower() in ("yes", "true", "true()"),
        personal_data=question.personal_data,
        choices=choices if question.type.startswith("select") else [],
        value="" if raw is None or isinstance(raw, list | dict) else str(raw),
        values=values,
        errors=list(errors.get(question.name, [])),
        limit_mb=(question.max_file_size_mb or DEFAULT_MAX_FILE_MB)
        if question.type == "file"
        else 0.0,
    )


def sections(
    definition: Definition,
    page: Item,
    language: str,
    answers: Mapping[str, Any],
    errors: Sequence[Mapping[str, str]],
    taxonomy: Mapping[str, list[tuple[str, str]]],
) -> list[Section]:
    """The page as headed sections (the page's own questions first, then each nested group)."""
    by_field: dict[str, list[str]] = {}
    for error in errors:
        by_field.setdefault(error["field"], []).append(error["message"])
    out: list[Section] = []
    on_page = set(_names(page))

    def hidden(question: Question) -> bool:
        # A condition on earlier pages' answers hides the question at once; one on a question
        # of the same page takes effect when the page is saved (no JavaScript needed).
        if not question.relevant:
            return False
        expression = parse(question.relevant)
        if on_page & set(expression.references):
            return False
        return not expression.holds(answers)

    def visit(item: Item, heading: str) -> None:
        if isinstance(item, Group):
            label = definition.text(item.label, language)
            start = len(out)
            out.append(Section(label, []))
            for child in item.children:
                visit(child, label)
            if not out[start].fields and len(out) > start + 1:
                out.pop(start)
            return
        if hidden(item):
            return
        if item.type == "note":
            out[-1].fields.append(
                Field(item.name, "note", definition.text(item.label, language) or "")
            )
            return
        out[-1].fields.append(build_field(definition, item, language, answers, by_field, taxonomy))

    if not isinstance(page, Group):
        out.append(Section("", []))
    visit(page, "")
    return [s for s in out if s.fields]


def _names(item: Item) -> list[str]:
    if isinstance(item, Group):
        return [name for child in item.children for name in _names(child)]
    return [item.name]
