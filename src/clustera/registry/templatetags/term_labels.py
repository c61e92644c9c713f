"""``{% load term_labels %}`` then ``{{ term|term_label }}``: a taxonomy term in the reader's
language, falling back to English (``clustera.registry.labels``)."""

from __future__ import annotations

from typing import Any

from django import template

from clustera.registry.labels import term_label as _term_label

register = template.Library()


@register.filter
def term_label(term: Any) -> str:
    """The term's label in the active language, else its English name."""
    return _term_label(term)
