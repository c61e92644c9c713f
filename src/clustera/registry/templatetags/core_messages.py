"""``{% load core_messages %}`` then ``{{ message|translated }}``: a message of the pure core
(eligibility problems, suggestion reasons, validation errors) in the reader's language."""

from __future__ import annotations

from django import template

from clustera.registry.messages import translated as _translated

register = template.Library()


@register.filter
def translated(message: object) -> str:
    """The message in the active language (plain text is shown as it is)."""
    return _translated(message)
