"""Form fields choosing taxonomy terms, labelled in the reader's language (``term_label``)."""

from __future__ import annotations

from typing import Any

from django import forms

from clustera.registry.labels import term_label

__all__ = ["TermChoiceField", "TermMultipleChoiceField"]


def _label(term: Any) -> str:
    return f"{term.code} {term_label(term)}"


class TermChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A select of terms shown as "code label" (the label in the active language)."""

    def label_from_instance(self, obj: Any) -> str:
        return _label(obj)


class TermMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """A multiple select of terms shown as "code label" (the label in the active language)."""

    def label_from_instance(self, obj: Any) -> str:
        return _label(obj)
