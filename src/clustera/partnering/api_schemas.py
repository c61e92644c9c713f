"""Schemas of the matching API: partner suggestions and the technology-centre finder."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

from clustera.accounts.api_errors import MAX_CODE, MAX_ID, MAX_QUERY_TEXT

__all__ = ["CentreList", "CentreQuery", "PartnerList", "PartnerQuery"]


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
    new_only: bool = Field(
        False,
        description="Leave out organisations it already worked with (shared projects, accepted "
        "conversations, consortium partners of applications)",
    )
    prefer: Literal["", "cross-border", "same-country", "cross-region"] = Field(
        "",
        description="Prefer partners in other countries, in the same country, or in other regions "
        "(interregional); the others rank lower",
    )
    include_own_clusters: bool = Field(
        False,
        description="Also suggest the organisation's own clusters and their members "
        "(left out by default)",
    )
    type: str = Field("", max_length=24, description="Only organisations of this type")
    country: str = Field("", max_length=2, description="Only organisations in this country")
    region: str = Field(
        "", max_length=MAX_CODE, description="Only organisations in this region (NUTS prefix)"
    )
    q: str = Field("", max_length=200, description="Only organisations matching these words")


class PartnerOut(Schema):
    rank: int
    score: float
    percentile: float = Field(
        description="Share of the other candidates this partner outranks, in percent"
    )
    candidates: int = Field(description="How many candidates were scored")
    organisation: int
    name: str
    type: str
    country: str
    region: str | None
    reasons: list[str]


class PartnerFilterStep(Schema):
    name: Literal[
        "candidates", "own_clusters", "never_worked_with", "type", "country", "region", "words"
    ] = Field(description="The filter, in the order they apply ('candidates': those scored)")
    value: str = Field(description="The filter's value ('' for the yes/no filters)")
    label: str = Field(description="The step in words, after 'N candidates'")
    remaining: int = Field(description="Candidates left after this filter")


class PartnerList(Schema):
    organisation: int
    context: list[str]
    items: list[PartnerOut]
    steps: list[PartnerFilterStep] = Field(
        description="How the filters narrowed the scored candidates, one after the other"
    )
    explanation: str = Field(
        description="When there is no result: which filter emptied it and what to change"
    )


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


class CentreScorePart(Schema):
    name: Literal[
        "technology", "service_type", "trl", "more_services", "region", "language", "distance"
    ]
    value: float = Field(description="Its share of the score (distance: negative)")


class CentreOut(Schema):
    rank: int
    score: float = Field(description="The sum of the score parts")
    score_parts: list[CentreScorePart] = Field(
        description="Why it ranks where it does: technology match, service type, TRL fit, "
        "more matching services, region, language, distance"
    )
    organisation: int
    name: str
    distance_km: float | None
    services: list[ServiceBrief] = Field(description="Its services that serve the need")
    reasons: list[str]


class CentreList(Schema):
    total: int = Field(description="How many centres serve the need (items: the best k)")
    items: list[CentreOut]
