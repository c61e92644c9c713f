"""Matching API: partner suggestions and the technology-centre finder."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from clustera.accounts.api_errors import MAX_CODE, MAX_ID, MAX_QUERY_TEXT, errors
from clustera.accounts.authentication import READ_AUTH
from clustera.accounts.permissions import can_view_organisation
from clustera.partnering import selectors, services

router = Router(tags=["matching"])


class PartnerQuery(Schema):
    organisation: int = Field(
        ..., ge=1, le=MAX_ID, description="Id of the organisation to find partners for"
    )
    k: int = Field(10, ge=1, le=100, description="How many suggestions (1-100)")
    context: str = Field(
        "",
        max_length=MAX_QUERY_TEXT,
        description="Programme part(s) or theme(s) the partnership is for, ';'-separated",
    )
    new_only: bool = Field(False, description="Leave out organisations it already worked with")
    prefer: Literal["", "cross-border", "same-country", "cross-region"] = Field(
        "",
        description="Prefer partners in other countries, in the same country, or in other regions "
        "(interregional); the others rank lower",
    )


class PartnerOut(Schema):
    rank: int
    score: float
    organisation: int
    name: str
    type: str
    country: str
    region: str | None
    reasons: list[str]


class PartnerList(Schema):
    organisation: int
    context: list[str]
    items: list[PartnerOut]


class CentreQuery(Schema):
    technology: str = Field(
        "", max_length=MAX_QUERY_TEXT, description="Technology code(s), ';'-separated"
    )
    text: str = Field("", max_length=500, description="The need in words")
    service_type: str = Field(
        "",
        max_length=MAX_QUERY_TEXT,
        description="equipment, testing, prototyping, pilot line, training; ';'-separated",
    )
    trl: int | None = Field(None, ge=1, le=9)
    region: str = Field(
        "",
        max_length=MAX_CODE,
        description="Region code of the SME (distances are measured from it)",
    )
    language: str = Field(
        "", max_length=MAX_QUERY_TEXT, description="ISO 639-1 code(s), ';'-separated"
    )
    k: int = Field(10, ge=1, le=100)


class ServiceBrief(Schema):
    id: int
    name: str
    kind: str
    trl_min: int
    trl_max: int


class CentreOut(Schema):
    rank: int
    score: float
    organisation: int
    name: str
    distance_km: float | None
    services: list[ServiceBrief]
    reasons: list[str]


class CentreList(Schema):
    items: list[CentreOut]


@router.get("/match/partners", response={200: PartnerList, **errors(404, 503)}, auth=READ_AUTH)
def match_partners(request: HttpRequest, query: Query[PartnerQuery]) -> dict[str, Any]:
    """Ranked complementary partners for an organisation, each with its reasons in words.

    Only public profiles are suggested. 404 for an organisation the caller cannot see,
    422 for an unknown context or k out of range.
    """
    organisation = selectors.organisation(query.organisation)
    if organisation is None or not can_view_organisation(request.user, organisation):
        raise HttpError(404, f"No organisation with id {query.organisation}")
    context = selectors.split_parts(query.context)
    suggestions = services.suggest_partners(
        organisation,
        k=query.k,
        context=context,
        new_only=query.new_only,
        prefer=query.prefer or None,
    )
    return {
        "organisation": organisation.pk,
        "context": list(context),
        "items": [
            {
                "rank": s.rank,
                "score": s.score,
                "organisation": s.organisation.pk,
                "name": s.organisation.name,
                "type": s.organisation.type,
                "country": s.organisation.country,
                "region": s.organisation.region.code if s.organisation.region_id else None,
                "reasons": list(s.reasons),
            }
            for s in suggestions
        ],
    }


@router.get("/match/technology-centres", response=CentreList, auth=READ_AUTH)
def match_centres(request: HttpRequest, query: Query[CentreQuery]) -> dict[str, Any]:
    """Technology centres whose equipment, services or training serve a need, nearest and best first.

    422 for an empty need (no technology, text or service type) or an unknown region.
    """
    results = services.find_centres(
        technologies=selectors.split_parts(query.technology),
        text=query.text,
        service_types=selectors.split_parts(query.service_type),
        trl=query.trl,
        region=query.region,
        languages=selectors.split_parts(query.language),
        k=query.k,
    )
    return {
        "items": [
            {
                "rank": c.rank,
                "score": c.score,
                "organisation": c.organisation.pk,
                "name": c.organisation.name,
                "distance_km": c.distance_km,
                "reasons": list(c.reasons),
                "services": [
                    {
                        "id": s.pk,
                        "name": s.name,
                        "kind": s.kind,
                        "trl_min": s.trl_min,
                        "trl_max": s.trl_max,
                    }
                    for s in c.services
                ],
            }
            for c in results
        ]
    }


class OfferAnswerOut(Schema):
    offer: int | None
    title: str
    kind: str
    organisation: int
    organisation_name: str
    score: float
    reasons: list[str]


class OfferAnswers(Schema):
    offer: int
    items: list[OfferAnswerOut]


@router.get("/match/offers", response={200: OfferAnswers, **errors(404)}, auth=READ_AUTH)
def match_offers(
    request: HttpRequest,
    offer: int = Query(..., ge=1, le=MAX_ID),
    k: int = Query(5, ge=1, le=100),
) -> dict[str, Any]:
    """Offers and requests of the Enterprise Europe Network types that answer one another.

    A technology offer is answered by technology and R&D requests, a business request by
    business offers, an R&D request by technology offers and research organisations.
    """
    found = selectors.public_offer(offer)
    if found is None:
        raise HttpError(404, f"No public offer with id {offer}")
    answers = services.answers_to([found], k=k)[found.pk]
    return {
        "offer": found.pk,
        "items": [
            {
                "offer": a.offer.pk if a.offer else None,
                "title": a.offer.title if a.offer else a.organisation.name,
                "kind": a.offer.kind if a.offer else "research_organisation",
                "organisation": a.organisation.pk,
                "organisation_name": a.organisation.name,
                "score": a.score,
                "reasons": list(a.reasons),
            }
            for a in answers
        ],
    }
