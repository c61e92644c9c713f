"""Partnerships API: calls for expression of interest (list, one, create) and their ranking."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from clustera.accounts.authentication import READ_AUTH, WRITE_AUTH
from clustera.partnerships import selectors, services

router = Router(tags=["partnerships"])


class CallQuery(Schema):
    status: str = Field("", max_length=12, description="draft (editors), published or evaluated")
    offset: int = Field(0, ge=0, le=1_000_000)
    limit: int = Field(25, ge=1, le=500)


class CriterionSchema(Schema):
    name: str = Field(..., max_length=120)
    weight: float = Field(..., gt=0, le=1000)
    threshold: float = Field(0, ge=0, le=1000)
    max_score: float = Field(5, gt=0, le=1000)


class CallOut(Schema):
    id: int
    title: str
    summary: str
    status: str
    deadline: datetime
    time_zone: str
    open: bool
    organisation_types: list[str]
    countries: list[str]
    min_partners: int
    min_countries: int


class CallDetail(CallOut):
    text: str
    overall_threshold: float
    technologies: list[str]
    ecosystems: list[str]
    s3_priorities: list[str]
    criteria: list[CriterionSchema]
    documents: list[str]


class CallPage(Schema):
    count: int
    items: list[CallOut]


class CallIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    summary: str = Field("", max_length=500)
    text: str = Field("", max_length=20000)
    organisation_types: list[str] = Field(default_factory=list, max_length=20)
    countries: list[str] = Field(..., min_length=1, max_length=60)
    min_partners: int = Field(3, ge=1, le=50)
    min_countries: int = Field(2, ge=1, le=50)
    deadline: datetime = Field(..., description="ISO 8601 with its UTC offset")
    time_zone: str = Field("Europe/Brussels", max_length=64)
    overall_threshold: float = Field(0, ge=0, le=1000)
    technologies: list[str] = Field(default_factory=list, max_length=50)
    ecosystems: list[str] = Field(default_factory=list, max_length=50)
    s3_priorities: list[str] = Field(default_factory=list, max_length=50)
    criteria: list[CriterionSchema] = Field(..., min_length=1, max_length=20)
    publish: bool = False


def _call_out(call: Any) -> dict[str, Any]:
    return {
        "id": call.pk,
        "title": call.title,
        "summary": call.summary,
        "status": call.status,
        "deadline": call.deadline,
        "time_zone": call.time_zone,
        "open": services.countdown(call).open and call.status == "published",
        "organisation_types": call.organisation_types,
        "countries": call.countries,
        "min_partners": call.min_partners,
        "min_countries": call.min_countries,
    }


def _call_detail(call: Any) -> dict[str, Any]:
    return {
        **_call_out(call),
        "text": call.text,
        "overall_threshold": call.overall_threshold,
        "technologies": [t.code for t in call.technologies.all()],
        "ecosystems": [t.code for t in call.ecosystems.all()],
        "s3_priorities": [t.code for t in call.s3_priorities.all()],
        "criteria": [
            {"name": c.name, "weight": c.weight, "threshold": c.threshold, "max_score": c.max_score}
            for c in call.criteria.all()
        ],
        "documents": [d.file.url for d in call.documents.all()],
    }


@router.get("/calls", response=CallPage, auth=READ_AUTH)
def list_calls(request: HttpRequest, query: Query[CallQuery]) -> dict[str, Any]:
    """Calls for expression of interest the caller may see (published ones for everyone)."""
    calls = selectors.visible_calls(request.user)
    if query.status:
        calls = calls.filter(status=query.status)
    return {
        "count": calls.count(),
        "items": [_call_out(c) for c in calls[query.offset : query.offset + query.limit]],
    }


@router.get("/calls/{call_id}", response=CallDetail, auth=READ_AUTH)
def get_call(request: HttpRequest, call_id: int) -> dict[str, Any]:
    """One call with its criteria, themes and documents (404 for a draft, except to editors)."""
    call = selectors.call_detail(request.user, call_id)
    if call is None:
        raise HttpError(404, f"No call with id {call_id}")
    return _call_detail(call)


@router.post("/calls", response={201: CallDetail}, auth=WRITE_AUTH)
def create_call(request: HttpRequest, payload: CallIn) -> tuple[int, dict[str, Any]]:
    """Create a call (platform editors only; 403 otherwise), published with ``publish``."""
    fields = payload.dict(exclude={"criteria", "publish"})
    call = services.save_call(request.user, fields, [c.dict() for c in payload.criteria])
    if payload.publish:
        services.publish_call(request.user, call)
    found = selectors.call_detail(request.user, call.pk)
    return 201, _call_detail(found)
