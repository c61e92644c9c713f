"""The event's marketplace: participants with their registry offers and requests, searched and
filtered, and suggested meetings from Clustera's partner recommender among the participants."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from clustera.events.models import Event, Registration, RegistrationStatus
from clustera.partnering import services as partnering
from clustera.partnering.model_store import RecommenderNotReady
from clustera.registry.models import Offer


@dataclass(frozen=True)
class MarketQuery:
    """The marketplace's search: words, participant type, country, offer kind (each optional)."""

    q: str = ""
    type: str = ""
    country: str = ""
    offer_kind: str = ""

    @classmethod
    def from_mapping(cls, data: Any) -> MarketQuery:
        """Read the search of a query string."""
        return cls(
            **{
                k: str(data.get(k, "") or "").strip()[:200]
                for k in ("q", "type", "country", "offer_kind")
            }
        )


def search(event: Event, query: MarketQuery) -> QuerySet[Registration]:
    """Confirmed participants matching the search, with their offers and requests loaded."""
    queryset = event.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related(
        "organisation", "organisation__region", "participant_type"
    )
    if query.type:
        queryset = queryset.filter(participant_type__code=query.type)
    if query.country:
        queryset = queryset.filter(organisation__country=query.country.upper())
    if query.offer_kind:
        queryset = queryset.filter(organisation__offers__kind=query.offer_kind)
    if query.q:
        queryset = queryset.filter(
            Q(organisation__name__icontains=query.q)
            | Q(organisation__description__icontains=query.q)
            | Q(organisation__offers__title__icontains=query.q)
        )
    offers = Offer.objects.only("id", "title", "kind", "organisation_id").order_by("kind", "title")
    return (
        queryset.prefetch_related(Prefetch("organisation__offers", queryset=offers))
        .order_by("organisation__name")
        .distinct()
    )


@dataclass(frozen=True)
class SuggestedMeeting:
    """A participant the recommender suggests meeting, with its reasons."""

    registration: Registration
    score: float
    reasons: tuple[str, ...]


def suggested_meetings(entry: Registration, k: int = 8) -> list[SuggestedMeeting] | None:
    """The best partners for ``entry`` among the event's confirmed participants (None until the
    recommender has been fitted)."""
    others = {
        r.organisation_id: r
        for r in entry.event.registrations.filter(status=RegistrationStatus.CONFIRMED)
        .exclude(pk=entry.pk)
        .select_related("organisation", "participant_type")
    }
    try:
        ranked = partnering.suggest_partners(entry.organisation, k=100)
    except RecommenderNotReady:
        return None
    found = [
        SuggestedMeeting(others[s.organisation.pk], s.score, s.reasons)
        for s in ranked
        if s.organisation.pk in others
    ]
    return found[:k]
