"""Write the labels of taxonomy terms in other languages (``clustera registry load labels``).

All or nothing: every label is checked against the terms in the registry (scheme known,
code known) before one row is written, in one transaction. Loading the same file twice
changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from clustera.errors import UnknownCodeError
from clustera.registry import models
from clustera.taxonomies.labels import TermLabel

__all__ = ["TERM_MODELS", "LabelReport", "load_term_labels"]

TERM_MODELS: tuple[Any, ...] = (
    models.Activity,
    models.Technology,
    models.Ecosystem,
    models.S3Priority,
)


@dataclass(frozen=True)
class LabelReport:
    """What a load did: labels read, terms changed, terms already up to date."""

    labels: int
    changed: int
    unchanged: int

    def summary(self) -> str:
        return (
            f"{self.labels} labels: {self.changed} terms updated, "
            f"{self.unchanged} already up to date"
        )


def _scheme_models() -> dict[str, Any]:
    """Scheme -> the model that holds its terms."""
    found: dict[str, Any] = {}
    for model in TERM_MODELS:
        for scheme in model.objects.values_list("scheme", flat=True).distinct():
            found.setdefault(scheme, model)
    return found


def _terms(labels: Sequence[TermLabel]) -> dict[tuple[str, str], Any]:
    """The term of every label, or an error naming the first label with no term."""
    schemes = _scheme_models()
    wanted: dict[str, set[str]] = {}
    for item in labels:
        if item.scheme not in schemes:
            raise UnknownCodeError(
                f"no taxonomy has this scheme (known: {', '.join(sorted(schemes)) or 'none'})",
                source=item.source, line=item.line, field="scheme", value=item.scheme,
            )  # fmt: skip
        wanted.setdefault(item.scheme, set()).add(item.code)
    terms: dict[tuple[str, str], Any] = {}
    for scheme, codes in wanted.items():
        rows = schemes[scheme].objects.filter(scheme=scheme, code__in=codes)
        terms.update({(scheme, term.code): term for term in rows})
    for item in labels:
        if (item.scheme, item.code) not in terms:
            raise UnknownCodeError(
                f"no term with this code in {item.scheme}",
                source=item.source, line=item.line, field="code", value=item.code,
            )  # fmt: skip
    return terms


@transaction.atomic
def load_term_labels(labels: Sequence[TermLabel], dry_run: bool = False) -> LabelReport:
    """Set ``labels[language]`` of the terms named by ``labels`` (other languages kept)."""
    terms = _terms(labels)
    updated: dict[tuple[str, str], dict[str, str]] = {}
    for item in labels:
        key = (item.scheme, item.code)
        current = updated.setdefault(key, dict(terms[key].labels or {}))
        current[item.language] = item.label
    changed: dict[Any, list[Any]] = {}
    for key, new in updated.items():
        term = terms[key]
        if new != (term.labels or {}):
            term.labels = new
            changed.setdefault(type(term), []).append(term)
    if not dry_run:
        for model, rows in changed.items():
            model.objects.bulk_update(rows, ["labels"], batch_size=500)
    n_changed = sum(len(rows) for rows in changed.values())
    return LabelReport(len(labels), n_changed, len(updated) - n_changed)
