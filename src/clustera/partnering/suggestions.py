"""Partner suggestions with the user's filters, and how each filter narrowed the candidates.

The recommender scores its candidates; the filters then apply in turn (the circle of the
organisation's own clusters, past partners, type, country, region, words) and the count
left after each is kept, so that an empty result says which filter emptied it.
Re-exported by ``clustera.partnering.services``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clustera.errors import InvalidInputError, UnknownCodeError
from clustera.partnering import known, model_store, selectors
from clustera.registry.models import Organisation, OrganisationType

__all__ = [
    "FILTER_NAMES",
    "FilterStep",
    "PartnerFilters",
    "Suggestion",
    "SuggestionResults",
    "partner_suggestions",
    "suggest_partners",
]

#: The filters in the order they apply; "candidates" is the recommender's scored candidates.
FILTER_NAMES = (
    "candidates",
    "own_clusters",
    "never_worked_with",
    "type",
    "country",
    "region",
    "words",
)


@dataclass(frozen=True)
class Suggestion:
    """A suggested partner with its score and reasons."""

    organisation: Organisation
    rank: int
    score: float
    reasons: tuple[str, ...]
    percentile: float = 100.0  # share of the other candidates it outranks
    candidates: int = 0  # how many candidates were scored

    @property
    def beaten_percent(self) -> int:
        """The percentile floored to a whole percent: never claims more than it beats."""
        return math.floor(self.percentile)


@dataclass(frozen=True)
class PartnerFilters:
    """What the user asked: members of their clusters too? new partners only? type, place, words."""

    include_own_clusters: bool = False
    new_only: bool = False
    type: str = ""
    country: str = ""
    region: str = ""
    words: str = ""


@dataclass(frozen=True)
class FilterStep:
    """One filter as applied: its name (``FILTER_NAMES``), value and the candidates left."""

    name: str
    value: str
    remaining: int

    @property
    def label(self) -> str:
        """The step in words after "N candidates", e.g. "in region DE3"."""
        labels = {
            "candidates": _("scored"),
            "own_clusters": _("not in your clusters"),
            "never_worked_with": _("never worked with you"),
            "type": _("of type %(value)s"),
            "country": _("in country %(value)s"),
            "region": _("in region %(value)s"),
            "words": _("matching “%(value)s”"),
        }
        return labels[self.name] % {"value": _shown_value(self)}


def _shown_value(step: FilterStep) -> str:
    if step.name == "type" and step.value in OrganisationType.values:
        return str(OrganisationType(step.value).label)
    return step.value


@dataclass(frozen=True)
class SuggestionResults:
    """The suggestions and the filter steps that led to them."""

    items: list[Suggestion]
    steps: list[FilterStep] = field(default_factory=list)

    @property
    def emptied_by(self) -> FilterStep | None:
        """The first step that left no candidate (None when there are suggestions)."""
        if self.items:
            return None
        return next((s for s in self.steps if s.remaining == 0), None)

    @property
    def explanation(self) -> str:
        """Why the result is empty, and what to change ("" when there are suggestions)."""
        step = self.emptied_by
        if step is None:
            return ""
        if step.name == "candidates":
            return _(
                "No results: no candidate could be scored for this organisation; add "
                "technologies and activities to its profile."
            )
        before = self.steps[self.steps.index(step) - 1].remaining
        value = _shown_value(step)
        reasons = {
            "own_clusters": _(
                "all of them are members of your clusters: tick “Include members of my clusters”"
            ),
            "never_worked_with": _(
                "you already worked with all of them: untick “Only organisations we never "
                "worked with”"
            ),
            "type": _("none of them is of the type %(value)s: choose another type"),
            "country": _("none of them is in the country %(value)s: remove the country filter"),
            "region": _("none of them is in the region %(value)s: remove the region filter"),
            "words": _("none of them matches “%(value)s”: change or remove the words"),
        }
        return ngettext(
            "No results: %(count)s candidate passed the filters before, but %(reason)s.",
            "No results: %(count)s candidates passed the filters before, but %(reason)s.",
            before,
        ) % {"count": before, "reason": reasons[step.name] % {"value": value}}


def _passes(name: str, fact: str, value: str) -> bool:
    return fact.upper().startswith(value) if name == "region" else fact.upper() == value.upper()


def _funnel(
    organisation: Organisation, filters: PartnerFilters, steps: list[FilterStep]
) -> Callable[[list[Any]], list[bool]]:
    """The recommender's ``keep``: applies the filters in turn, recording each count."""

    def keep(ids: list[Any]) -> list[bool]:
        facts = known.candidate_facts(ids)
        alive = {
            pk for pk in ids if pk in facts and facts[pk][3] and pk != organisation.pk
        }  # public ones, never itself
        steps.append(FilterStep("candidates", "", len(alive)))
        if not filters.include_own_clusters:
            alive -= known.cluster_circle(organisation.pk)
            steps.append(FilterStep("own_clusters", "", len(alive)))
        if filters.new_only:
            alive -= known.past_partners(organisation.pk)
            steps.append(FilterStep("never_worked_with", "", len(alive)))
        for name, position, value in (
            ("type", 0, filters.type),
            ("country", 1, filters.country.upper()),
            ("region", 2, filters.region.upper()),  # a NUTS prefix: DE3 holds DE30
        ):
            if value:
                alive = {pk for pk in alive if _passes(name, str(facts[pk][position]), value)}
                steps.append(FilterStep(name, value, len(alive)))
        if filters.words.strip():
            alive = selectors.matching_words(sorted(alive), filters.words.strip())
            steps.append(FilterStep("words", filters.words.strip(), len(alive)))
        return [pk in alive for pk in ids]

    return keep


def partner_suggestions(
    organisation: Organisation,
    k: int = 10,
    context: tuple[str, ...] = (),
    prefer: str | None = None,
    filters: PartnerFilters | None = None,
) -> SuggestionResults:
    """The ``k`` best public partners for ``organisation`` that pass ``filters``, and the steps.

    By default (``PartnerFilters()``) the organisation's own clusters and their members are
    left out. ``prefer``: "cross-border", "same-country" or "cross-region". Raises
    ``model_store.RecommenderNotReady`` until the first fit has finished.
    """
    if isinstance(k, bool) or not 1 <= k <= 100:
        raise InvalidInputError(_("k must be from 1 to 100"), field="k", value=k)
    known_contexts = set(selectors.programme_contexts())
    unknown = [part for part in context if part not in known_contexts]
    if unknown:
        raise UnknownCodeError(_("unknown programme or theme"), field="context", value=unknown[0])
    filters = filters or PartnerFilters()
    if filters.type and filters.type not in OrganisationType.values:
        raise InvalidInputError(
            _("type must be one of %(types)s") % {"types": ", ".join(OrganisationType.values)},
            field="type",
            value=filters.type,
        )
    fitted = model_store.recommender()
    in_model = organisation.pk in fitted.history_.organisations.index
    steps: list[FilterStep] = []
    suggestions = fitted.recommend(
        organisation.pk,
        k=k,
        context=context,
        new_only=filters.new_only,
        profile=None if in_model else selectors.organisation_profiles(only=organisation.pk).iloc[0],
        names=selectors.term_names(),
        prefer=prefer,
        keep=_funnel(organisation, filters, steps),
    )
    found = Organisation.objects.in_bulk([s.org_id for s in suggestions])
    items = [
        Suggestion(found[s.org_id], s.rank, s.score, s.reasons, s.percentile, s.candidates)
        for s in suggestions
        if s.org_id in found
    ]
    return SuggestionResults(items, steps or [FilterStep("candidates", "", 0)])


def suggest_partners(
    organisation: Organisation,
    k: int = 10,
    context: tuple[str, ...] = (),
    new_only: bool = False,
    prefer: str | None = None,
) -> list[Suggestion]:
    """The ``k`` best public partners for ``organisation`` (optionally for a programme context).

    Members of its own clusters are included (events and consortia look for them too);
    the pages and the API use :func:`partner_suggestions` with the user's filters.
    """
    filters = PartnerFilters(include_own_clusters=True, new_only=new_only)
    return partner_suggestions(organisation, k, context, prefer, filters).items
