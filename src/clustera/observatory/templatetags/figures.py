"""``{{ value|figure:"lq" }}``: a figure rounded by the observatory's one rule
(:mod:`clustera.observatory.figures`)."""

from __future__ import annotations

from typing import Any

from django import template

from clustera.observatory.figures import format_figure

register = template.Library()


@register.filter
def figure(value: Any, kind: str) -> str:
    """The value rounded and formatted for its kind of figure; empty when missing."""
    if value is None or value == "":
        return ""
    try:
        return format_figure(float(value), kind)
    except (TypeError, ValueError):
        return str(value)
