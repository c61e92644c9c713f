"""The English labels of the core's vocabularies (``clustera.taxonomies.actors``), marked for
translation here because the pure core does not import Django; the registry's choices show
them in the reader's language (``tests/registry/test_vocabulary.py`` keeps both in step)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, gettext_noop

MARKED: tuple[str, ...] = (
    gettext_noop("Cluster organisation"),
    gettext_noop("SME"),
    gettext_noop("Large company"),
    gettext_noop("Research and technology organisation"),
    gettext_noop("Technology centre"),
    gettext_noop("Digital innovation hub"),
    gettext_noop("University"),
    gettext_noop("Science park"),
    gettext_noop("Business network"),
    gettext_noop("Public authority"),
    gettext_noop("Investor"),
    gettext_noop("Company (size unknown)"),
    gettext_noop("Other"),
    gettext_noop("Micro (<10)"),
    gettext_noop("Small (10-49)"),
    gettext_noop("Medium (50-249)"),
    gettext_noop("Large (250+)"),
    gettext_noop("Gold"),
    gettext_noop("Silver"),
    gettext_noop("Bronze"),
    gettext_noop("None"),
    gettext_noop("Business offer"),
    gettext_noop("Business request"),
    gettext_noop("Technology offer"),
    gettext_noop("Technology request"),
    gettext_noop("R&D request"),
    gettext_noop("Equipment"),
    gettext_noop("Service"),
    gettext_noop("Training"),
)


def label(text: str) -> Promise:
    """A vocabulary label, translated when shown."""
    return gettext_lazy(text)
