"""Partnerships API: calls for expression of interest (list, one, create) and partnerships
(public summaries for all, the workspace's roadmap, pilots and proposal for members)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Schema
from ninja.errors import HttpError

from clustera.accounts.authentication import READ_AUTH, WRITE_AUTH
from clustera.partnerships import investment, rules, selectors, services
from clustera.partnerships.api_router import router


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
        "documents": [f"/calls/{call.pk}/documents/{d.pk}/" for d in call.documents.all()],
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


class PartnershipQuery(Schema):
    offset: int = Field(0, ge=0, le=1_000_000)
    limit: int = Field(25, ge=1, le=500)


class PartnershipMemberOut(Schema):
    organisation: int
    name: str
    country: str
    role: str
    active: bool


class PartnershipOut(Schema):
    id: int
    name: str
    summary: str
    theme: str
    visibility: str
    stage: str
    regions: list[str]
    members: list[PartnershipMemberOut]


class PartnershipPage(Schema):
    count: int
    items: list[PartnershipOut]


class PartnershipDetail(PartnershipOut):
    vision: str | None
    objectives: str | None
    workspace: bool = Field(..., description="False: only the public summary is shown")


class MilestoneOut(Schema):
    id: int
    title: str
    owner: int | None
    start: date
    due: date
    status: str
    depends_on: list[int]


class PilotOut(Schema):
    id: int
    title: str
    participants: list[int]
    budget: Decimal
    trl_start: int
    trl_target: int
    kpis: str
    status: str


class FinancingRow(Schema):
    partner: str
    year: int
    amounts: dict[str, Decimal]
    total: Decimal


class ProposalOut(Schema):
    title: str
    stage: str
    total: Decimal | None
    co_investors: str
    financing: list[FinancingRow]
    source_totals: dict[str, Decimal]
    financing_total: Decimal
    not_bankable_because: list[str]


def _summary(partnership: Any, full: bool) -> dict[str, Any]:
    members = [m for m in partnership.members.all() if full or m.active]
    return {
        "id": partnership.pk,
        "name": partnership.name,
        "summary": partnership.summary,
        "theme": partnership.theme,
        "visibility": partnership.visibility,
        "stage": investment.stage_of(partnership),
        "regions": [r.code for r in partnership.regions.all()],
        "members": [
            {
                "organisation": m.organisation_id,
                "name": m.organisation.name,
                "country": m.organisation.country,
                "role": m.role,
                "active": m.active,
            }
            for m in members
        ],
    }


@router.get("/partnerships", response=PartnershipPage, auth=READ_AUTH)
def list_partnerships(request: HttpRequest, query: Query[PartnershipQuery]) -> dict[str, Any]:
    """Partnerships the caller belongs to, and the public summaries of the others."""
    found = (
        selectors.partnerships_visible_to(request.user)
        .prefetch_related("regions", "members__organisation")
        .select_related("proposal")
    )
    page = list(found[query.offset : query.offset + query.limit])
    return {
        "count": found.count(),
        "items": [_summary(p, rules.may_view_workspace(request.user, p)) for p in page],
    }


def _visible(request: HttpRequest, partnership_id: int, workspace_only: bool) -> Any:
    partnership = selectors.workspace(partnership_id)
    if partnership is None:
        raise HttpError(404, f"No partnership with id {partnership_id}")
    member = rules.may_view_workspace(request.user, partnership)
    if not member and (workspace_only or partnership.visibility != "public"):
        raise HttpError(404, f"No partnership with id {partnership_id}")
    return partnership


@router.get("/partnerships/{partnership_id}", response=PartnershipDetail, auth=READ_AUTH)
def get_partnership(request: HttpRequest, partnership_id: int) -> dict[str, Any]:
    """One partnership: the workspace's strategy for members, the public summary for others
    (404 for a private partnership the caller is not a member of)."""
    partnership = _visible(request, partnership_id, workspace_only=False)
    full = rules.may_view_workspace(request.user, partnership)
    return {
        **_summary(partnership, full),
        "vision": partnership.vision if full else None,
        "objectives": partnership.objectives if full else None,
        "workspace": full,
    }


@router.get(
    "/partnerships/{partnership_id}/milestones", response=list[MilestoneOut], auth=READ_AUTH
)
def list_milestones(request: HttpRequest, partnership_id: int) -> list[dict[str, Any]]:
    """The roadmap (members and editors only)."""
    partnership = _visible(request, partnership_id, workspace_only=True)
    return [
        {
            "id": m.id,
            "title": m.title,
            "owner": m.owner_organisation,
            "start": m.start,
            "due": m.due,
            "status": m.status,
            "depends_on": list(m.depends_on),
        }
        for m in selectors.roadmap(partnership.pk)
    ]


@router.get("/partnerships/{partnership_id}/pilots", response=list[PilotOut], auth=READ_AUTH)
def list_pilots(request: HttpRequest, partnership_id: int) -> list[dict[str, Any]]:
    """The pilot and demonstration projects (members and editors only)."""
    partnership = _visible(request, partnership_id, workspace_only=True)
    return [
        {
            "id": p.pk,
            "title": p.title,
            "participants": [o.pk for o in p.people],
            "budget": p.budget,
            "trl_start": p.trl_start,
            "trl_target": p.trl_target,
            "kpis": p.kpis,
            "status": p.status,
        }
        for p in partnership.pilots.all()
    ]


@router.get("/partnerships/{partnership_id}/proposal", response=ProposalOut, auth=READ_AUTH)
def get_proposal(request: HttpRequest, partnership_id: int) -> dict[str, Any]:
    """The investment proposal with its computed financing table (members and editors only)."""
    partnership = _visible(request, partnership_id, workspace_only=True)
    proposal = getattr(partnership, "proposal", None)
    if proposal is None:
        raise HttpError(404, "No investment proposal yet")
    table = investment.financing(proposal)
    return {
        "title": proposal.title,
        "stage": proposal.stage,
        "total": proposal.total,
        "co_investors": proposal.co_investors,
        "financing": [
            {
                "partner": partner,
                "year": year,
                "amounts": dict(zip(table.sources, amounts, strict=True)),
                "total": total,
            }
            for partner, year, amounts, total in table.rows
        ],
        "source_totals": dict(zip(table.sources, table.source_totals, strict=True)),
        "financing_total": table.total,
        "not_bankable_because": investment.readiness_problems(proposal),
    }


# The writes of applications, evaluations and the workspace register on the same router.
from clustera.partnerships import api_applications, api_workspace  # noqa: E402, F401
