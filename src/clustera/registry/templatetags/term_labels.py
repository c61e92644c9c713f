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


@register.filter
def one_per_technology(terms: Any) -> list[Any]:
    """Technology terms with one of each technology listed under several schemes.

    KETs and ATI "Advanced materials" are one technology (the rule:
    :func:`clustera.taxonomies.thesaurus.technology_key`); the first term is kept.
    """
    from clustera.taxonomies.thesaurus import technology_key

    items = terms.all() if hasattr(terms, "all") else terms
    seen: set[str] = set()
    kept = []
    for term in items:
        key = technology_key(term.name)
        if key not in seen:
            seen.add(key)
            kept.append(term)
    return kept
