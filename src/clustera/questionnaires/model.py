"""Survey definitions as data: typed, frozen, and round-tripped through plain JSON.

A :class:`Definition` is what the surveys app stores per version (``to_dict()`` gives the JSON).
Top-level groups are pages; a group with ``appearance="table-list"`` whose questions are all
``select_one`` on one list is a matrix; a ``select_one`` with ``appearance="likert"`` is a Likert
scale; a question whose list is one of :data:`~clustera.questionnaires.pickers.TAXONOMY_LISTS`
is a taxonomy picker that stores codes.

>>> q = Question(name="employees", type="integer", label={"en": "Employees"}, required="yes")
>>> d = Definition(form_id="demo", version="1", title={"en": "Demo"}, default_language="en",
...                languages={"en": "English"}, children=(q,))
>>> Definition.from_dict(d.to_dict()) == d
True
>>> [x.name for x in d.questions()]
['employees']
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["QUESTION_TYPES", "Choice", "Definition", "Group", "Item", "Question"]

QuestionType = Literal[
    "select_one", "select_multiple", "integer", "decimal", "text", "date", "file", "note"
]
QUESTION_TYPES: tuple[str, ...] = (
    "select_one",
    "select_multiple",
    "integer",
    "decimal",
    "text",
    "date",
    "file",
    "note",
)
_SCHEMA = 1


@dataclass(frozen=True)
class Choice:
    """One answer option of a choice list: the stored ``name`` and its label per language."""

    name: str
    label: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the choice."""
        return {"name": self.name, "label": dict(self.label)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Choice:
        """Rebuild a choice from :meth:`to_dict` output."""
        return cls(name=str(data["name"]), label=dict(data.get("label", {})))


@dataclass(frozen=True)
class Question:
    """One question; expressions (``relevant``, ``constraint``, ``required``) are XLSForm text.

    ``required`` is ``""`` (optional), ``"yes"`` (always) or an expression. ``list_name`` names
    the choice list of a select; ``taxonomy`` is set when that list is a reserved picker list.
    ``parameters`` holds the XLSForm ``parameters`` column (``max-file-size`` in MB for files).
    ``default`` is the XLSForm ``default`` column: the answer the web form shows before the
    respondent changes it (choice names separated by spaces for a multiple choice).
    """

    name: str
    type: QuestionType
    label: dict[str, str] = field(default_factory=dict)
    hint: dict[str, str] = field(default_factory=dict)
    required: str = ""
    required_message: dict[str, str] = field(default_factory=dict)
    constraint: str = ""
    constraint_message: dict[str, str] = field(default_factory=dict)
    relevant: str = ""
    list_name: str | None = None
    appearance: str = ""
    parameters: dict[str, str] = field(default_factory=dict)
    taxonomy: str | None = None
    personal_data: bool = False
    default: str = ""

    @property
    def is_long_text(self) -> bool:
        """True for a ``text`` question shown as a multi-line box (long text)."""
        return self.type == "text" and "multiline" in self.appearance.split()

    @property
    def is_likert(self) -> bool:
        """True for a ``select_one`` shown as a Likert scale."""
        return self.type == "select_one" and "likert" in self.appearance.split()

    @property
    def max_file_size_mb(self) -> float | None:
        """The upload limit of a ``file`` question in megabytes, if one is set."""
        size = self.parameters.get("max-file-size")
        return float(size) if size else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the question (``kind`` tells it from a group)."""
        return {
            "kind": "question",
            "name": self.name,
            "type": self.type,
            "label": dict(self.label),
            "hint": dict(self.hint),
            "required": self.required,
            "required_message": dict(self.required_message),
            "constraint": self.constraint,
            "constraint_message": dict(self.constraint_message),
            "relevant": self.relevant,
            "list_name": self.list_name,
            "appearance": self.appearance,
            "parameters": dict(self.parameters),
            "taxonomy": self.taxonomy,
            "personal_data": self.personal_data,
            "default": self.default,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Question:
        """Rebuild a question from :meth:`to_dict` output."""
        return cls(
            name=str(data["name"]),
            type=data["type"],
            label=dict(data.get("label", {})),
            hint=dict(data.get("hint", {})),
            required=str(data.get("required", "")),
            required_message=dict(data.get("required_message", {})),
            constraint=str(data.get("constraint", "")),
            constraint_message=dict(data.get("constraint_message", {})),
            relevant=str(data.get("relevant", "")),
            list_name=data.get("list_name"),
            appearance=str(data.get("appearance", "")),
            parameters=dict(data.get("parameters", {})),
            taxonomy=data.get("taxonomy"),
            personal_data=bool(data.get("personal_data", False)),
            default=str(data.get("default", "")),
        )


@dataclass(frozen=True)
class Group:
    """A group of questions shown together; a top-level group is a page of the web form."""

    name: str
    label: dict[str, str] = field(default_factory=dict)
    relevant: str = ""
    appearance: str = ""
    children: tuple[Item, ...] = ()

    @property
    def is_matrix(self) -> bool:
        """True for a table-list group of ``select_one`` questions on one list (a matrix)."""
        if "table-list" not in self.appearance.split() or not self.children:
            return False
        lists = {c.list_name for c in self.children if isinstance(c, Question)}
        return len(lists) == 1 and all(
            isinstance(c, Question) and c.type == "select_one" for c in self.children
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the group and its children."""
        return {
            "kind": "group",
            "name": self.name,
            "label": dict(self.label),
            "relevant": self.relevant,
            "appearance": self.appearance,
            "children": [c.to_dict() for c in self.children],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Group:
        """Rebuild a group from :meth:`to_dict` output."""
        return cls(
            name=str(data["name"]),
            label=dict(data.get("label", {})),
            relevant=str(data.get("relevant", "")),
            appearance=str(data.get("appearance", "")),
            children=tuple(_item_from_dict(c) for c in data.get("children", ())),
        )


Item = Question | Group


def _item_from_dict(data: Mapping[str, Any]) -> Item:
    if data.get("kind") == "group":
        return Group.from_dict(data)
    return Question.from_dict(data)


@dataclass(frozen=True)
class Definition:
    """A survey definition: settings, languages, items in order and the choice lists.

    ``languages`` maps a language code to its name as in ``label::English (en)``; every
    per-language mapping (labels, hints, messages, title) is keyed by code.
    """

    form_id: str
    version: str
    title: dict[str, str] = field(default_factory=dict)
    default_language: str = "en"
    languages: dict[str, str] = field(default_factory=dict)
    children: tuple[Item, ...] = ()
    choice_lists: dict[str, tuple[Choice, ...]] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)

    def walk(self) -> Iterator[tuple[Item, tuple[Group, ...]]]:
        """Every group and question in form order, with the groups that enclose it."""
        yield from _walk(self.children, ())

    def questions(self) -> list[Question]:
        """Every question in form order, notes included."""
        return [item for item, _ in self.walk() if isinstance(item, Question)]

    def question(self, name: str) -> Question:
        """The question called ``name``; ``KeyError`` if there is none."""
        for item in self.questions():
            if item.name == name:
                return item
        raise KeyError(name)

    def text(self, values: Mapping[str, str], language: str | None = None) -> str:
        """A label, hint or message in ``language``, else in the default language, else ``""``.

        >>> Definition("f", "1", default_language="en").text({"en": "Size", "fr": "Taille"}, "de")
        'Size'
        """
        return values.get(language or self.default_language) or values.get(
            self.default_language, ""
        )

    def choices(self, question: Question) -> tuple[Choice, ...]:
        """The choices of a select question from its list (empty for taxonomy pickers)."""
        return self.choice_lists.get(question.list_name or "", ())

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the definition, as stored per version."""
        return {
            "schema": _SCHEMA,
            "form_id": self.form_id,
            "version": self.version,
            "title": dict(self.title),
            "default_language": self.default_language,
            "languages": dict(self.languages),
            "children": [c.to_dict() for c in self.children],
            "choice_lists": {
                name: [c.to_dict() for c in choices] for name, choices in self.choice_lists.items()
            },
            "settings": dict(self.settings),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Definition:
        """Rebuild a definition from :meth:`to_dict` output."""
        return cls(
            form_id=str(data["form_id"]),
            version=str(data.get("version", "")),
            title=dict(data.get("title", {})),
            default_language=str(data.get("default_language", "en")),
            languages=dict(data.get("languages", {})),
            children=tuple(_item_from_dict(c) for c in data.get("children", ())),
            choice_lists={
                name: tuple(Choice.from_dict(c) for c in choices)
                for name, choices in data.get("choice_lists", {}).items()
            },
            settings=dict(data.get("settings", {})),
        )


def _walk(
    items: tuple[Item, ...], parents: tuple[Group, ...]
) -> Iterator[tuple[Item, tuple[Group, ...]]]:
    for item in items:
        yield item, parents
        if isinstance(item, Group):
            yield from _walk(item.children, (*parents, item))
