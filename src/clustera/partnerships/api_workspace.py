"""API writes of the partnership workspace: members (invitations), strategy and visibility,
indicators, roadmap items, value-chain steps, pilots, the investment proposal with its stage,
budget lines (partner, year, funding source) and risks. A private workspace is 404 to
non-members; members and editors write; refusals are 403 or 422 and write nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Path
from ninja.errors import HttpError

from clustera.accounts.api_errors import MAX_ID, BodySchema
from clustera.accounts.authentication import WRITE_AUTH
from clustera.partnerships import investment, rules, selectors, workspace, workspace_edits
from clustera.partnerships.api_router import Money, router
from clustera.partnerships.selectors import find_item

PartnershipId = Path(..., ge=1, le=MAX_ID, description="Id of the partnership")
ItemId = Path(..., ge=1, le=MAX_ID, description="Id of the item")
Stage = Literal["idea", "concept", "business_plan", "bankable", "submitted", "funded", "rejected"]
Source = Literal["erdf", "esf", "horizon", "investeu", "national", "private", "own"]


class WorkspaceWrite(BodySchema):
    id: int
    partnership: int
    text: str = Field(..., description="What the activity log recorded")


class WorkspaceMemberIn(BodySchema):
    organisation: int = Field(..., ge=1, le=MAX_ID)
    role: Literal["partner", "associated"] = "partner"


class WorkspaceStrategyIn(BodySchema):
    summary: str | None = Field(None, max_length=500)
    theme: str | None = Field(None, max_length=200)
    vision: str | None = Field(None, max_length=5000)
    objectives: str | None = Field(None, max_length=10000)
    visibility: Literal["public", "private"] | None = None


class WorkspaceIndicatorIn(BodySchema):
    name: str = Field(..., min_length=1, max_length=200)
    unit: str = Field("", max_length=40)
    baseline: float = Field(..., ge=-1e12, le=1e12)
    target: float = Field(..., ge=-1e12, le=1e12)


class WorkspaceMilestoneIn(BodySchema):
    title: str = Field(..., min_length=1, max_length=200)
    start: date
    due: date = Field(..., description="Not before start; equal to start: a milestone")
    status: Literal["planned", "active", "done", "late"] = "planned"
    owner: int | None = Field(None, ge=1, le=MAX_ID, description="Member id")
    depends_on: list[int] = Field(default_factory=list, max_length=50)


class WorkspaceStepIn(BodySchema):
    name: str = Field(..., min_length=1, max_length=200)


class WorkspacePilotIn(BodySchema):
    title: str = Field(..., min_length=1, max_length=200)
    budget: Money
    trl_start: int = Field(..., ge=1, le=9)
    trl_target: int = Field(..., ge=1, le=9)
    kpis: str = Field("", max_length=3000)
    status: Literal["planned", "running", "completed", "stopped"] = "planned"
    participants: list[int] = Field(
        default_factory=list, max_length=100, description="Organisation ids (members)"
    )


class WorkspaceProposalIn(BodySchema):
    title: str = Field(..., min_length=1, max_length=200)
    total: Money | None = None
    co_investors: str = Field("", max_length=2000)


class WorkspaceStageIn(BodySchema):
    stage: Stage


class WorkspaceBudgetLineIn(BodySchema):
    organisation: int = Field(..., ge=1, le=MAX_ID, description="A member organisation")
    year: int = Field(..., ge=2000, le=2100)
    source: Source
    amount: Money
    description: str = Field("", max_length=200)


class WorkspaceRiskIn(BodySchema):
    description: str = Field(..., min_length=1, max_length=300)
    likelihood: int = Field(..., ge=1, le=5)
    impact: int = Field(..., ge=1, le=5)
    mitigation: str = Field("", max_length=500)


def _workspace(request: HttpRequest, partnership_id: int) -> Any:
    found = selectors.workspace(partnership_id)
    if found is None or not rules.may_view_workspace(request.user, found):
        raise HttpError(404, f"No partnership with id {partnership_id}")
    return found


def _item(partnership: Any, kind: str, item_id: int) -> Any:
    found = find_item(partnership, kind, item_id)
    if found is None:
        raise HttpError(404, f"No {kind.replace('_', ' ')} with id {item_id}")
    return found


def _organisation(organisation_id: int) -> Any:
    found = selectors.organisation(organisation_id)
    if found is None:
        raise HttpError(404, f"No organisation with id {organisation_id}")
    return found


def _written(partnership: Any, item: Any) -> dict[str, Any]:
    last = selectors.activity_of(partnership, 1)
    return {"id": item.pk, "partnership": partnership.pk, "text": last[0].text if last else ""}


def _proposal(partnership: Any) -> Any:
    found = getattr(partnership, "proposal", None)
    if found is None:
        raise HttpError(404, "No investment proposal yet: PUT /proposal first")
    return found


def _target(request: HttpRequest, partnership_id: int, kind: str, item_id: int) -> tuple[Any, Any]:
    """The workspace the caller may see and its item of `kind` (404 for either)."""
    p = _workspace(request, partnership_id)
    return p, _item(p, kind, item_id)


P = "/partnerships/{partnership_id}"


@router.post(P + "/members", response={201: WorkspaceWrite}, auth=WRITE_AUTH)
def invite_member(
    request: HttpRequest, payload: WorkspaceMemberIn, partnership_id: int = PartnershipId
) -> tuple[int, dict[str, Any]]:
    """Invite an organisation (the lead's admins, editors); it joins when its admin accepts."""
    p = _workspace(request, partnership_id)
    member = workspace.invite_member(
        request.user, p, _organisation(payload.organisation), payload.role
    )
    return 201, _written(p, member)


@router.patch(P, response=WorkspaceWrite, auth=WRITE_AUTH)
def update_strategy(
    request: HttpRequest, payload: WorkspaceStrategyIn, partnership_id: int = PartnershipId
) -> dict[str, Any]:
    """Change the summary, theme, vision, objectives; visibility (the lead's admins)."""
    p = _workspace(request, partnership_id)
    workspace.update_strategy(request.user, p, payload.dict(exclude_none=True))
    return _written(p, p)


@router.post(P + "/indicators", response={201: WorkspaceWrite}, auth=WRITE_AUTH)
def add_indicator(
    request: HttpRequest, payload: WorkspaceIndicatorIn, partnership_id: int = PartnershipId
) -> tuple[int, dict[str, Any]]:
    """Add a strategy indicator with baseline and target."""
    p = _workspace(request, partnership_id)
    found = workspace.add_indicator(
        request.user, p, payload.name, payload.unit, payload.baseline, payload.target
    )
    return 201, _written(p, found)


def _milestone_args(p: Any, payload: WorkspaceMilestoneIn) -> tuple[Any, list[Any]]:
    owner = p.members.filter(pk=payload.owner).first() if payload.owner else None
    if payload.owner and owner is None:
        raise HttpError(422, f"field 'owner', value {payload.owner}: not a member")
    before = list(p.milestones.filter(pk__in=payload.depends_on))
    if len(before) != len(set(payload.depends_on)):
        raise HttpError(422, "field 'depends_on': an item is not in this roadmap")
    return owner, before


@router.post(P + "/milestones", response={201: WorkspaceWrite}, auth=WRITE_AUTH)
def add_milestone(
    request: HttpRequest, payload: WorkspaceMilestoneIn, partnership_id: int = PartnershipId
) -> tuple[int, dict[str, Any]]:
    """Add a roadmap item (its status planned; PATCH it to change the status)."""
    p = _workspace(request, partnership_id)
    owner, before = _milestone_args(p, payload)
    found = workspace.add_milestone(
        request.user, p, payload.title, payload.start, payload.due, owner, before
    )
    return 201, _written(p, found)


@router.patch(P + "/milestones/{item_id}", response=WorkspaceWrite, auth=WRITE_AUTH)
def edit_milestone(
    request: HttpRequest,
    payload: WorkspaceMilestoneIn,
    partnership_id: int = PartnershipId,
    item_id: int = ItemId,
) -> dict[str, Any]:
    """Change a roadmap item (all its fields)."""
    p, item = _target(request, partnership_id, "milestone", item_id)
    owner, before = _milestone_args(p, payload)
    workspace_edits.edit_milestone(
        request.user, item, payload.title, payload.start, payload.due, payload.status, owner, before
    )
    return _written(p, item)


@router.post(P + "/steps", response={201: WorkspaceWrite}, auth=WRITE_AUTH)
def add_step(
    request: HttpRequest, payload: WorkspaceStepIn, partnership_id: int = PartnershipId
) -> tuple[int, dict[str, Any]]:
    """Add a value-chain step."""
    p = _workspace(request, partnership_id)
    return 201, _written(p, workspace.add_step(request.user, p, payload.name))


def _participants(p: Any, ids: list[int]) -> list[Any]:
    members = {m.organisation_id: m.organisation for m in p.members.all()}
    unknown = sorted(set(ids) - set(members))
    if unknown:
        raise HttpError(422, f"field 'participants', value {unknown[0]}: not a member")
    return [members[i] for i in dict.fromkeys(ids)]


def _pilot_args(payload: WorkspacePilotIn) -> tuple[str, Decimal, int, int, str]:
    """The fields add_pilot and edit_pilot take first, in their order."""
    return payload.title, payload.budget, payload.trl_start, payload.trl_target, payload.kpis


@router.post(P + "/pilots", response={201: WorkspaceWrite}, auth=WRITE_AUTH)
def add_pilot(
    request: HttpRequest, payload: WorkspacePilotIn, partnership_id: int = PartnershipId
) -> tuple[int, dict[str, Any]]:
    """Add a pilot or demonstration project."""
    p = _workspace(request, partnership_id)
    participants = _participants(p, payload.participants)
    found = workspace.add_pilot(request.user, p, *_pilot_args(payload), participants)
    return 201, _written(p, found)


@router.patch(P + "/pilots/{item_id}", response=WorkspaceWrite, auth=WRITE_AUTH)
def edit_pilot(
    request: HttpRequest,
    payload: WorkspacePilotIn,
    partnership_id: int = PartnershipId,
    item_id: int = ItemId,
) -> dict[str, Any]:
    """Change a pilot (all its fields)."""
    p, item = _target(request, partnership_id, "pilot", item_id)
    participants = _participants(p, payload.participants)
    workspace_edits.edit_pilot(
        request.user, item, *_pilot_args(payload), payload.status, participants
    )
    return _written(p, item)


@router.put(P + "/proposal", response=WorkspaceWrite, auth=WRITE_AUTH)
def save_proposal(
    request: HttpRequest, payload: WorkspaceProposalIn, partnership_id: int = PartnershipId
) -> dict[str, Any]:
    """Start or change the investment proposal: title, total, co-investors."""
    p = _workspace(request, partnership_id)
    found = investment.save_proposal(
        request.user, p, payload.title, payload.total, payload.co_investors
    )
    return _written(p, found)


@router.post(P + "/proposal/stage", response=WorkspaceWrite, auth=WRITE_AUTH)
def move_stage(
    request: HttpRequest, payload: WorkspaceStageIn, partnership_id: int = PartnershipId
) -> dict[str, Any]:
    """Move the proposal to a stage; bankable and later need the budget to add up and risks."""
    p = _workspace(request, partnership_id)
    found = investment.move_stage(request.user, _proposal(p), payload.stage)
    return _written(p, found)


def _line_args(payload: WorkspaceBudgetLineIn) -> tuple[Any, int, str, Decimal, str]:
    """The fields add_budget_line and edit_budget_line take after the proposal or line."""
    organisation = _organisation(payload.organisation)
    return organisation, payload.year, payload.source, payload.amount, payload.description


@router.post(P + "/proposal/lines", response={201: WorkspaceWrite}, auth=WRITE_AUTH)
def add_budget_line(
    request: HttpRequest, payload: WorkspaceBudgetLineIn, partnership_id: int = PartnershipId
) -> tuple[int, dict[str, Any]]:
    """Add a budget line: a member's spending in a year from a funding source."""
    p = _workspace(request, partnership_id)
    found = investment.add_budget_line(request.user, _proposal(p), *_line_args(payload))
    return 201, _written(p, found)


@router.patch(P + "/proposal/lines/{item_id}", response=WorkspaceWrite, auth=WRITE_AUTH)
def edit_budget_line(
    request: HttpRequest,
    payload: WorkspaceBudgetLineIn,
    partnership_id: int = PartnershipId,
    item_id: int = ItemId,
) -> dict[str, Any]:
    """Change a budget line (a bankable proposal must still add up)."""
    p, item = _target(request, partnership_id, "budget_line", item_id)
    workspace_edits.edit_budget_line(request.user, item, *_line_args(payload))
    return _written(p, item)


def _risk_args(payload: WorkspaceRiskIn) -> tuple[str, int, int, str]:
    """The fields add_risk and edit_risk take after the proposal or risk."""
    return payload.description, payload.likelihood, payload.impact, payload.mitigation


@router.post(P + "/proposal/risks", response={201: WorkspaceWrite}, auth=WRITE_AUTH)
def add_risk(
    request: HttpRequest, payload: WorkspaceRiskIn, partnership_id: int = PartnershipId
) -> tuple[int, dict[str, Any]]:
    """Add a risk to the register."""
    p = _workspace(request, partnership_id)
    found = investment.add_risk(request.user, _proposal(p), *_risk_args(payload))
    return 201, _written(p, found)


@router.patch(P + "/proposal/risks/{item_id}", response=WorkspaceWrite, auth=WRITE_AUTH)
def edit_risk(
    request: HttpRequest,
    payload: WorkspaceRiskIn,
    partnership_id: int = PartnershipId,
    item_id: int = ItemId,
) -> dict[str, Any]:
    """Change a risk."""
    p, item = _target(request, partnership_id, "risk", item_id)
    workspace_edits.edit_risk(request.user, item, *_risk_args(payload))
    return _written(p, item)


KINDS = {"milestones": "milestone", "pilots": "pilot", "lines": "budget_line", "risks": "risk"}
DELETE = {
    "milestone": workspace_edits.delete_milestone,
    "pilot": workspace_edits.delete_pilot,
    "budget_line": workspace_edits.delete_budget_line,
    "risk": workspace_edits.delete_risk,
}


def _delete(request: HttpRequest, partnership_id: int, kind: str, item_id: int) -> tuple[int, None]:
    _, item = _target(request, partnership_id, kind, item_id)
    DELETE[kind](request.user, item)
    return 204, None


@router.delete(P + "/milestones/{item_id}", response={204: None}, auth=WRITE_AUTH)
def delete_milestone(
    request: HttpRequest, partnership_id: int = PartnershipId, item_id: int = ItemId
) -> tuple[int, None]:
    """Remove a roadmap item."""
    return _delete(request, partnership_id, "milestone", item_id)


@router.delete(P + "/pilots/{item_id}", response={204: None}, auth=WRITE_AUTH)
def delete_pilot(
    request: HttpRequest, partnership_id: int = PartnershipId, item_id: int = ItemId
) -> tuple[int, None]:
    """Remove a pilot."""
    return _delete(request, partnership_id, "pilot", item_id)


@router.delete(P + "/proposal/lines/{item_id}", response={204: None}, auth=WRITE_AUTH)
def delete_budget_line(
    request: HttpRequest, partnership_id: int = PartnershipId, item_id: int = ItemId
) -> tuple[int, None]:
    """Remove a budget line (refused when a bankable proposal would no longer add up)."""
    return _delete(request, partnership_id, "budget_line", item_id)


@router.delete(P + "/proposal/risks/{item_id}", response={204: None}, auth=WRITE_AUTH)
def delete_risk(
    request: HttpRequest, partnership_id: int = PartnershipId, item_id: int = ItemId
) -> tuple[int, None]:
    """Remove a risk (refused when the last one of a bankable proposal)."""
    return _delete(request, partnership_id, "risk", item_id)
