"""The form builder's writes (re-exported by :mod:`clustera.surveys.services`): create a survey,
edit its draft version (settings, pages, questions, choices, order), publish it, close it.

Every edit loads the newest version, applies a pure edit of :mod:`clustera.questionnaires.editing`,
checks the whole definition with the core's safe evaluator, and only then writes: a refused edit
writes nothing. A published version, or one with answers, is frozen: :func:`new_draft` copies it
into a new draft version, and old answers stay tied to theirs. Only editors build.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError
from clustera.questionnaires import Choice, Definition, Item, editing
from clustera.surveys import selectors
from clustera.surveys.models import Survey, SurveyStatus, SurveyVersion

__all__ = [
    "VersionFrozen",
    "add_item",
    "close_survey",
    "create_survey",
    "delete_item",
    "move_item",
    "new_draft",
    "publish",
    "update_item",
    "update_settings",
]

RESERVED_SLUGS = frozenset({"builder"})
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
_LANGUAGE = re.compile(r"[a-z]{2,3}")


class VersionFrozen(InvalidInputError):
    """The version asked for is published or has answers: make a new draft to change it."""


def _require_builder(user: Any) -> None:
    if user is not None and not selectors.is_builder(user):
        raise NotAllowed(str(_("Only editors build surveys")))


def language_names(codes: Sequence[str]) -> dict[str, str]:
    """``{code: name}`` for language codes (the name in that language where Django knows it)."""
    names: dict[str, str] = {}
    for code in codes:
        if not _LANGUAGE.fullmatch(code):
            raise InvalidInputError(
                str(_("a language is a two- or three-letter code such as en, fr, de")),
                field="languages",
                value=code,
            )
        try:
            names[code] = str(get_language_info(code)["name_local"])
        except KeyError:
            names[code] = code
    return names


def create_survey(
    *,
    slug: str,
    title: str,
    languages: Sequence[str],
    default_language: str,
    description: str = "",
    user: Any = None,
) -> SurveyVersion:
    """A new draft survey with an empty draft version 1."""
    _require_builder(user)
    if not _SLUG.fullmatch(slug) or slug in RESERVED_SLUGS:
        raise InvalidInputError(
            str(_("lower-case letters, digits and '-', at most 80")), field="slug", value=slug
        )
    if not title.strip():
        raise InvalidInputError(str(_("a survey needs a title")), field="title", value=title)
    names = language_names(languages)
    if default_language not in names:
        raise InvalidInputError(
            str(_("the default language must be one of the survey's languages")),
            field="default_language",
            value=default_language,
        )
    definition = Definition(
        form_id=slug.replace("-", "_"),
        version="1",
        title={default_language: title.strip()},
        default_language=default_language,
        languages=names,
    )
    with transaction.atomic():
        if Survey.objects.filter(slug=slug).exists():
            raise InvalidInputError(
                str(_("a survey with this address already exists")), field="slug", value=slug
            )
        survey = Survey.objects.create(
            slug=slug,
            title=title.strip()[:300],
            status=SurveyStatus.DRAFT,
            languages=list(names),
            purpose=description,
            controller="The platform operator",
        )
        return SurveyVersion.objects.create(
            survey=survey, number=1, form_version="1", definition=definition.to_dict()
        )


def new_draft(survey: Survey, *, user: Any = None) -> SurveyVersion:
    """The draft the builder edits: the newest version while it is not frozen, else a copy of
    it as a new version (its answers stay with it)."""
    _require_builder(user)
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        newest = selectors.newest_version(survey)
        if not selectors.is_frozen(newest):
            return newest
        number = newest.number + 1
        copied = replace(selectors.definition(newest), version=str(number))
        return SurveyVersion.objects.create(
            survey=survey, number=number, form_version=str(number), definition=copied.to_dict()
        )


def _edit(survey: Survey, user: Any, change: Callable[[Definition], Definition]) -> SurveyVersion:
    """Apply ``change`` to the draft, check the result, then store it (or nothing)."""
    _require_builder(user)
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        version = selectors.newest_version(survey)
        if selectors.is_frozen(version):
            raise VersionFrozen(
                str(
                    _(
                        "version %(number)s is published or has answers: "
                        "make a new draft to change it"
                    )
                    % {"number": version.number}
                ),
                field="version",
                value=version.number,
            )
        changed = change(selectors.definition(version))
        editing.check(changed)
        SurveyVersion.objects.filter(pk=version.pk).update(definition=changed.to_dict())
        version.refresh_from_db()
        return version


def update_settings(
    survey: Survey,
    *,
    title: dict[str, str],
    languages: Sequence[str],
    default_language: str,
    description: str = "",
    user: Any = None,
) -> SurveyVersion:
    """Title per language, languages, default language and description of the draft."""
    names = language_names(languages)
    if default_language not in names:
        raise InvalidInputError(
            str(_("the default language must be one of the survey's languages")),
            field="default_language",
            value=default_language,
        )
    shown = {code: text.strip() for code, text in title.items() if code in names and text.strip()}
    if not shown.get(default_language):
        raise InvalidInputError(
            str(_("a survey needs a title in its default language")),
            field=f"title_{default_language}",
            value="",
        )

    def change(definition: Definition) -> Definition:
        return replace(definition, title=shown, languages=names, default_language=default_language)

    with transaction.atomic():
        version = _edit(survey, user, change)
        Survey.objects.filter(pk=survey.pk).update(
            title=shown[default_language][:300], languages=list(names), purpose=description
        )
    return version


def add_item(
    survey: Survey,
    parent: str | None,
    item: Item,
    *,
    choices: Sequence[Choice] | None = None,
    user: Any = None,
) -> SurveyVersion:
    """Add a page (``parent`` None) or a question or group inside ``parent``."""
    return _edit(survey, user, lambda d: editing.add_item(d, parent, item, choices=choices))


def update_item(
    survey: Survey,
    name: str,
    item: Item,
    *,
    choices: Sequence[Choice] | None = None,
    user: Any = None,
) -> SurveyVersion:
    """Replace a question or group (a group keeps its questions) and its choices."""
    return _edit(survey, user, lambda d: editing.replace_item(d, name, item, choices=choices))


def delete_item(survey: Survey, name: str, *, user: Any = None) -> SurveyVersion:
    """Delete a question, or a page or group with its questions."""
    return _edit(survey, user, lambda d: editing.remove_item(d, name))


def move_item(survey: Survey, name: str, offset: int, *, user: Any = None) -> SurveyVersion:
    """Move an item up (``-1``) or down (``+1``)."""
    if offset not in (-1, 1):
        raise InvalidInputError(str(_("move up or down")), field="direction", value=offset)
    return _edit(survey, user, lambda d: editing.move_item(d, name, offset))


def publish(survey: Survey, *, user: Any = None) -> SurveyVersion:
    """Publish the newest version: it becomes the one respondents answer, and the survey opens."""
    _require_builder(user)
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        version = selectors.newest_version(survey)
        definition = selectors.definition(version)
        if not [q for q in definition.questions() if q.type != "note"]:
            raise InvalidInputError(
                str(_("add at least one question before publishing")), field="version"
            )
        editing.check(definition)
        if version.published is None:
            SurveyVersion.objects.filter(pk=version.pk).update(published=timezone.now())
        Survey.objects.filter(pk=survey.pk).update(
            status=SurveyStatus.OPEN,
            title=(definition.text(definition.title) or survey.title)[:300],
            languages=list(selectors.languages_in_order(survey, definition)),
        )
        version.refresh_from_db()
        return version


def close_survey(survey: Survey, *, user: Any = None) -> None:
    """Close a survey to new answers (its results stay)."""
    _require_builder(user)
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.CLOSED)
