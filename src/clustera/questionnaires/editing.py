"""Edit a :class:`Definition` step by step, as the portal's form builder does, and check it.

Every operation returns a new definition (definitions are frozen); :func:`check` then refuses
what the XLSForm import would refuse: an expression outside the supported subset, a reference to
an unknown or later question, a cyclic condition, a select without choices, a default that is
not a valid answer. Errors name the item and the field (``relevant``, ``constraint``, ...).

>>> d = Definition("demo", "1", title={"en": "Demo"}, languages={"en": "English"})
>>> d = add_item(d, None, Group("p1", label={"en": "Page 1"}))
>>> d = add_item(d, "p1", Question("used", "select_one", label={"en": "Used?"}),
...              choices=(Choice("yes", {"en": "Yes"}), Choice("no", {"en": "No"})))
>>> d = add_item(d, "p1", Question("why", "text", {"en": "Why?"}, relevant="${used} = 'yes'"))
>>> check(d)
>>> check(move_item(d, "why", -1))
Traceback (most recent call last):
...
clustera.questionnaires.editing.DefinitionError: item 'why', field 'relevant', value "${used} = 'yes'": ${used} refers to a later question
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from clustera.errors import InvalidInputError
from clustera.questionnaires._xlsform_checks import Located, XLSFormError, check_references
from clustera.questionnaires.expressions import ExpressionError, parse
from clustera.questionnaires.model import Choice, Definition, Group, Item, Question
from clustera.questionnaires.pickers import TAXONOMY_LISTS
from clustera.questionnaires.validation import answers_from_form, validate_answers

__all__ = [
    "NAME",
    "DefinitionError",
    "add_item",
    "check",
    "item",
    "move_item",
    "remove_item",
    "replace_item",
    "set_choices",
]

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
"""What an item name may look like (the XLSForm rule)."""
_FLAGS = ("", "yes", "no", "true", "false", "true()", "false()", "1", "0")


class DefinitionError(InvalidInputError):
    """A refused edit: ``item`` is the question or group, ``field`` the builder's field name."""

    def __init__(self, message: str, *, item: str | None, field: str, value: object = None):
        self.item = item
        super().__init__(message, field=field, value=value)

    def __str__(self) -> str:
        text = super().__str__()
        return f"item {self.item!r}, {text}" if self.item else text


def item(definition: Definition, name: str) -> tuple[Item, tuple[Group, ...]]:
    """The item called ``name`` and its enclosing groups; ``KeyError`` if there is none."""
    for found, parents in definition.walk():
        if found.name == name:
            return found, parents
    raise KeyError(name)


def _names(items: Sequence[Item]) -> set[str]:
    names: set[str] = set()
    for entry in items:
        names.add(entry.name)
        if isinstance(entry, Group):
            names |= _names(entry.children)
    return names


def _at(
    items: tuple[Item, ...], name: str, change: Callable[[list[Item], int], list[Item]]
) -> tuple[tuple[Item, ...], bool]:
    """Apply ``change(siblings, index)`` to the sibling list that holds ``name``."""
    for index, entry in enumerate(items):
        if entry.name == name:
            return tuple(change(list(items), index)), True
    out: list[Item] = []
    found = False
    for entry in items:
        if not found and isinstance(entry, Group):
            children, found = _at(entry.children, name, change)
            if found:
                entry = replace(entry, children=children)
        out.append(entry)
    return tuple(out), found


def _normalised(new: Item) -> Item:
    """A select without a list gets its own list, named as the question."""
    if isinstance(new, Question) and new.type.startswith("select") and not new.list_name:
        return replace(new, list_name=new.name)
    return new


def _with_choices(
    definition: Definition, new: Item, choices: Sequence[Choice] | None
) -> Definition:
    if choices is None or not isinstance(new, Question) or not new.list_name or new.taxonomy:
        return definition
    return set_choices(definition, new.list_name, choices)


def add_item(
    definition: Definition,
    parent: str | None,
    new: Item,
    *,
    choices: Sequence[Choice] | None = None,
) -> Definition:
    """Append ``new`` to the group ``parent`` (``None``: a new top-level item, i.e. a page)."""
    new = _normalised(new)
    if not NAME.fullmatch(new.name):
        raise DefinitionError(
            "a name starts with a letter or '_' and holds only letters, digits, _ . -",
            item=None,
            field="name",
            value=new.name,
        )
    if new.name in _names(definition.children):
        raise DefinitionError("this name is already used", item=None, field="name", value=new.name)
    if parent is None:
        children = (*definition.children, new)
    else:
        if not isinstance(item(definition, parent)[0], Group):
            raise DefinitionError("not a page or group", item=parent, field="parent")

        def append(siblings: list[Item], i: int) -> list[Item]:
            group = siblings[i]
            assert isinstance(group, Group)
            siblings[i] = replace(group, children=(*group.children, new))
            return siblings

        children, _ = _at(definition.children, parent, append)
    return _with_choices(replace(definition, children=children), new, choices)


def replace_item(
    definition: Definition, name: str, new: Item, *, choices: Sequence[Choice] | None = None
) -> Definition:
    """Put ``new`` in the place of ``name`` (a group keeps its children); renaming is allowed
    while no expression refers to the old name."""
    old, _ = item(definition, name)
    new = _normalised(new)
    if new.name != name:
        if not NAME.fullmatch(new.name):
            raise DefinitionError(
                "a name starts with a letter or '_' and holds only letters, digits, _ . -",
                item=name,
                field="name",
                value=new.name,
            )
        if new.name in _names(definition.children):
            raise DefinitionError(
                "this name is already used", item=name, field="name", value=new.name
            )
        _refuse_if_referenced(definition, {name}, "renamed")
    if isinstance(old, Group) and isinstance(new, Group):
        new = replace(new, children=old.children)
    children, _ = _at(definition.children, name, lambda s, i: [*s[:i], new, *s[i + 1 :]])
    return _prune(_with_choices(replace(definition, children=children), new, choices))


def _refuse_if_referenced(definition: Definition, names: set[str], verb: str) -> None:
    for entry, _ in definition.walk():
        if entry.name in names:
            continue
        for column, text in _expressions(entry):
            used = names & set(parse(text).references)
            if used:
                raise DefinitionError(
                    f"{', '.join(sorted(used))} cannot be {verb}: the {column} of "
                    f"{entry.name!r} refers to it",
                    item=sorted(used)[0],
                    field="name",
                    value=text,
                )


def remove_item(definition: Definition, name: str) -> Definition:
    """Delete a question or a group with its questions; refused while an expression uses them."""
    old, _ = item(definition, name)
    _refuse_if_referenced(definition, _names((old,)), "deleted")
    children, _ = _at(definition.children, name, lambda s, i: [*s[:i], *s[i + 1 :]])
    return _prune(replace(definition, children=children))


def move_item(definition: Definition, name: str, offset: int) -> Definition:
    """Move an item one place up (``-1``) or down (``+1``) among its siblings; a question at the
    edge of a page moves to the end of the previous page or the start of the next one."""
    found, parents = item(definition, name)
    siblings = parents[-1].children if parents else definition.children
    index = next(i for i, s in enumerate(siblings) if s.name == name)
    target = index + offset
    if 0 <= target < len(siblings):

        def swap(s: list[Item], i: int) -> list[Item]:
            s[i], s[i + offset] = s[i + offset], s[i]
            return s

        children, _ = _at(definition.children, name, swap)
        return replace(definition, children=children)
    if len(parents) != 1 or not isinstance(found, Question):
        return definition
    pages = list(definition.children)
    page = next(i for i, p in enumerate(pages) if p.name == parents[0].name)
    other = page + offset
    if not (0 <= other < len(pages) and isinstance(pages[other], Group)):
        return definition
    source, dest = parents[0], pages[other]
    assert isinstance(dest, Group)
    pages[page] = replace(source, children=tuple(c for c in source.children if c.name != name))
    moved = (*dest.children, found) if offset < 0 else (found, *dest.children)
    pages[other] = replace(dest, children=moved)
    return replace(definition, children=tuple(pages))


def set_choices(definition: Definition, list_name: str, choices: Sequence[Choice]) -> Definition:
    """Set the choices of a list (every question on the list shares them)."""
    if list_name in TAXONOMY_LISTS:
        raise DefinitionError(
            "this list is filled by the platform", item=None, field="list_name", value=list_name
        )
    seen: set[str] = set()
    for choice in choices:
        if not NAME.fullmatch(choice.name) and not re.fullmatch(r"[A-Za-z0-9_.\-]+", choice.name):
            raise DefinitionError(
                "a choice name holds only letters, digits, _ . -",
                item=None,
                field="choices",
                value=choice.name,
            )
        if choice.name in seen:
            raise DefinitionError(
                "this choice appears twice", item=None, field="choices", value=choice.name
            )
        seen.add(choice.name)
    lists = dict(definition.choice_lists)
    lists[list_name] = tuple(choices)
    return replace(definition, choice_lists=lists)


def _prune(definition: Definition) -> Definition:
    """Drop choice lists no question uses any more."""
    used = {q.list_name for q in definition.questions() if q.list_name}
    lists = {k: v for k, v in definition.choice_lists.items() if k in used}
    return replace(definition, choice_lists=lists)


def _expressions(entry: Item) -> list[tuple[str, str]]:
    found = [("relevant", entry.relevant)]
    if isinstance(entry, Question):
        found.append(("constraint", entry.constraint))
        if entry.required.strip().lower() not in _FLAGS:
            found.append(("required", entry.required))
    return [(column, text) for column, text in found if text.strip()]


def check(definition: Definition) -> None:
    """Refuse a definition the XLSForm import would refuse (see the module's docstring)."""
    located = Located()
    owners: dict[int, str] = {}
    for number, (entry, parents) in enumerate(definition.walk(), start=1):
        located.rows[entry.name] = number
        located.enclosing[entry.name] = tuple(p.name for p in parents)
        owners[number] = entry.name
        if isinstance(entry, Group):
            located.groups.add(entry.name)
        for column, text in _expressions(entry):
            try:
                parse(text)
            except ExpressionError as error:
                raise DefinitionError(
                    error.message, item=entry.name, field=column, value=text
                ) from error
            located.expressions.append((entry.name, number, column, text))
    try:
        check_references("form", located)
    except XLSFormError as error:
        message = re.sub(r" \(row \d+\)", "", error.message)
        owner = owners.get(error.row or 0)
        raise DefinitionError(
            message, item=owner, field=error.column or "", value=error.value
        ) from None
    for question in definition.questions():
        _check_question(definition, question)


def _check_question(definition: Definition, question: Question) -> None:
    if not question.label.get(definition.default_language):
        raise DefinitionError(
            "a question needs a label in the default language",
            item=question.name,
            field="label",
        )
    if question.type in ("select_one", "select_multiple") and not question.taxonomy:
        if not definition.choices(question):
            raise DefinitionError(
                "a choice question needs at least one choice", item=question.name, field="choices"
            )
    default = question.default
    if default and question.type not in ("note", "file"):
        single = replace(question, required="", constraint="", relevant="")
        probe = replace(definition, children=(single,))
        posted = default.split() if question.type == "select_multiple" else [default]
        _, errors = validate_answers(
            probe,
            answers_from_form(probe, {question.name: posted}),
            language=definition.default_language,
        )
        if errors:
            raise DefinitionError(
                errors[0]["message"], item=question.name, field="default", value=default
            )
