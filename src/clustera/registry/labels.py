"""Taxonomy terms in the reader's language: the one helper every page uses.

A term's ``name`` is English; ``labels`` holds the official labels loaded with
``clustera registry load labels`` / ``nace-labels`` (docs/i18n.md). The label comes
with the term's own row, so showing it costs no query: lists only need to load the
``labels`` column with ``name`` (see :data:`TERM_FIELDS`).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

__all__ = ["TERM_FIELDS", "localised", "term_label"]

TERM_FIELDS = ("id", "scheme", "code", "name", "labels", "level")
"""The columns to load (``.only(*TERM_FIELDS)``) for showing terms."""


def _language(language: str | None) -> str:
    return (language or get_language() or "en").split("-")[0].lower()


def localised(name: str, labels: dict[str, str] | None, language: str | None = None) -> str:
    """``labels[language]`` (the active language by default), else the English ``name``."""
    if labels:
        return str(labels.get(_language(language)) or name)
    return name


def term_label(term: Any, language: str | None = None) -> str:
    """The label of a term (a model instance, or a dict with ``name`` and ``labels``)."""
    if term is None:
        return ""
    if isinstance(term, dict):
        return localised(str(term.get("name", "")), term.get("labels"), language)
    return localised(term.name, term.labels, language)
