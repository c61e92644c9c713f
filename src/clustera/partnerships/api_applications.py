"""API writes of applications and their evaluation: start (as lead), change a draft, invite
partners, accept or decline, submit, withdraw; evaluators' conflict declaration and scores;
editors' decisions. Objects the caller may not see are 404; refusals 403 or 422, nothing
written (every rule is in the services)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Path
from ninja.errors import HttpError

from clustera.accounts.api_errors import MAX_ID, BodySchema
from clustera.accounts.authentication import WRITE_AUTH
from clustera.partnerships import evaluation, selectors, services
from clustera.partnerships.api_router import Money, router
from clustera.partnerships.models import Application, ApplicationPartner, Assignment

CallId = Path(..., ge=1, le=MAX_ID, description="Id of the call")
ApplicationId = Path(..., ge=1, le=MAX_ID, description="Id of the application")
InvitationId = Path(..., ge=1, le=MAX_ID, description="Id of the invitation to an application")
AssignmentId = Path(..., ge=1, le=MAX_ID, description="Id of the evaluator's assignment")


class PartnershipApplicationOut(BodySchema):
    id: int
    call: int
    lead: int
    title: str
    concept: str
    objectives: str
    value_chain: str
    activities: str
    budget_estimate: Decimal | None
    status: str
    partners: dict[str, str] = Field(..., description="organisation id: invited/accepted/declined")
    eligibility_problems: list[str]
    withdrawal_reason: str
    decision_reasons: str


class PartnershipApplicationStart(BodySchema):
    lead: int = Field(..., ge=1, le=MAX_ID, description="Organisation the caller administers")
    title: str = Field(..., min_length=1, max_length=200)


class PartnershipApplicationPatch(BodySchema):
    title: str | None = Field(None, min_length=1, max_length=200)
    concept: str | None = Field(None, max_length=10000)
    objectives: str | None = Field(None, max_length=10000)
    value_chain: str | None = Field(None, max_length=10000)
    activities: str | None = Field(None, max_length=10000)
    budget_estimate: Money | None = None


class PartnershipPartnerInvite(BodySchema):
    organisation: int = Field(..., ge=1, le=MAX_ID)


class PartnershipInvitationAnswer(BodySchema):
    accept: bool


class PartnershipInvitationOut(BodySchema):
    id: int
    application: int
    organisation: int
    status: str


class PartnershipWithdrawal(BodySchema):
    reason: str = Field(..., min_length=1, max_length=500)


class PartnershipDecision(BodySchema):
    accept: bool
    reasons: str = Field(..., min_length=1, max_length=5000)


class EvaluationScoreIn(BodySchema):
    criterion: int = Field(..., ge=1, le=MAX_ID)
    score: float = Field(..., ge=0, le=1000)
    comment: str = Field("", max_length=3000)


class EvaluationScoresIn(BodySchema):
    scores: list[EvaluationScoreIn] = Field(..., min_length=1, max_length=20)


class EvaluationAssignmentOut(BodySchema):
    id: int
    application: int
    declared_no_conflict: bool
    completed: bool
    scores: dict[str, float] = Field(..., description="criterion id: score")


def _application_out(application: Application) -> dict[str, Any]:
    return {
        "id": application.pk,
        "call": application.call_id,
        "lead": application.lead_id,
        "title": application.title,
        "concept": application.concept,
        "objectives": application.objectives,
        "value_chain": application.value_chain,
        "activities": application.activities,
        "budget_estimate": application.budget_estimate,
        "status": application.status,
        "partners": {str(p.organisation_id): p.status for p in application.partners.all()},
        "eligibility_problems": services.eligibility_of(application).problems,
        "withdrawal_reason": application.withdrawal_reason,
        "decision_reasons": application.decision_reasons,
    }


def _application(request: HttpRequest, application_id: int) -> Application:
    found = selectors.application_detail(request.user, application_id)
    if found is None:
        raise HttpError(404, f"No application with id {application_id}")
    return found


def _assignment(request: HttpRequest, assignment_id: int) -> Assignment:
    found = next((a for a in selectors.assignments_of(request.user) if a.pk == assignment_id), None)
    if found is None:
        raise HttpError(404, f"No assignment with id {assignment_id}")
    return found


def _assignment_out(assignment: Assignment) -> dict[str, Any]:
    return {
        "id": assignment.pk,
        "application": assignment.application_id,
        "declared_no_conflict": assignment.declared_no_conflict is not None,
        "completed": assignment.completed is not None,
        "scores": {str(s.criterion_id): s.score for s in assignment.scores.all()},
    }


@router.post(
    "/calls/{call_id}/applications", response={201: PartnershipApplicationOut}, auth=WRITE_AUTH
)
def start_application(
    request: HttpRequest, payload: PartnershipApplicationStart, call_id: int = CallId
) -> tuple[int, dict[str, Any]]:
    """Start an application as lead, for an organisation the caller administers."""
    call = selectors.call_detail(request.user, call_id)
    lead = selectors.organisation(payload.lead)
    if call is None:
        raise HttpError(404, f"No call with id {call_id}")
    if lead is None:
        raise HttpError(404, f"No organisation with id {payload.lead}")
    found = services.start_application(request.user, call, lead, payload.title)
    return 201, _application_out(found)


@router.patch("/applications/{application_id}", response=PartnershipApplicationOut, auth=WRITE_AUTH)
def update_application(
    request: HttpRequest, payload: PartnershipApplicationPatch, application_id: int = ApplicationId
) -> dict[str, Any]:
    """Change a draft (the lead's admins, before the deadline); submitted ones are frozen."""
    application = _application(request, application_id)
    fields = payload.dict(exclude_unset=True, exclude_none=True)
    return _application_out(services.update_application(request.user, application, fields))


@router.post(
    "/applications/{application_id}/partners",
    response={201: PartnershipInvitationOut},
    auth=WRITE_AUTH,
)
def invite_partner(
    request: HttpRequest, payload: PartnershipPartnerInvite, application_id: int = ApplicationId
) -> tuple[int, dict[str, Any]]:
    """Invite a partner organisation to a draft (the lead's admins)."""
    application = _application(request, application_id)
    organisation = selectors.organisation(payload.organisation)
    if organisation is None:
        raise HttpError(404, f"No organisation with id {payload.organisation}")
    partner = services.invite_partner(request.user, application, organisation)
    return 201, _invitation_out(partner)


def _invitation_out(partner: ApplicationPartner) -> dict[str, Any]:
    return {
        "id": partner.pk,
        "application": partner.application_id,
        "organisation": partner.organisation_id,
        "status": partner.status,
    }


@router.post(
    "/application-invitations/{invitation_id}/answer",
    response=PartnershipInvitationOut,
    auth=WRITE_AUTH,
)
def answer_invitation(
    request: HttpRequest, payload: PartnershipInvitationAnswer, invitation_id: int = InvitationId
) -> dict[str, Any]:
    """Accept or decline an invitation (the invited organisation's admins; others: 404)."""
    partner = next(
        (p for p in selectors.invitations_for(request.user) if p.pk == invitation_id), None
    )
    if partner is None:
        raise HttpError(404, f"No open invitation with id {invitation_id}")
    return _invitation_out(services.answer_invitation(request.user, partner, payload.accept))


@router.post(
    "/applications/{application_id}/submit", response=PartnershipApplicationOut, auth=WRITE_AUTH
)
def submit_application(request: HttpRequest, application_id: int = ApplicationId) -> dict[str, Any]:
    """Submit before the deadline when eligible (422 explains why not); then frozen."""
    application = _application(request, application_id)
    return _application_out(services.submit_application(request.user, application))


@router.post(
    "/applications/{application_id}/withdraw", response=PartnershipApplicationOut, auth=WRITE_AUTH
)
def withdraw_application(
    request: HttpRequest, payload: PartnershipWithdrawal, application_id: int = ApplicationId
) -> dict[str, Any]:
    """Withdraw a draft or submitted application, with the reason (kept)."""
    application = _application(request, application_id)
    found = services.withdraw_application(request.user, application, payload.reason)
    return _application_out(found)


@router.post(
    "/applications/{application_id}/decision", response=PartnershipApplicationOut, auth=WRITE_AUTH
)
def decide(
    request: HttpRequest, payload: PartnershipDecision, application_id: int = ApplicationId
) -> dict[str, Any]:
    """Accept or reject an evaluated application with reasons (editors); applicants notified."""
    application = _application(request, application_id)
    found = evaluation.decide(request.user, application, payload.accept, payload.reasons)
    return _application_out(found)


@router.post(
    "/assignments/{assignment_id}/declaration", response=EvaluationAssignmentOut, auth=WRITE_AUTH
)
def declare_no_conflict(request: HttpRequest, assignment_id: int = AssignmentId) -> dict[str, Any]:
    """The assigned evaluator declares no conflict of interest (refused when there is one)."""
    assignment = _assignment(request, assignment_id)
    return _assignment_out(evaluation.declare_no_conflict(request.user, assignment))


@router.post(
    "/assignments/{assignment_id}/scores", response=EvaluationAssignmentOut, auth=WRITE_AUTH
)
def submit_scores(
    request: HttpRequest, payload: EvaluationScoresIn, assignment_id: int = AssignmentId
) -> dict[str, Any]:
    """Score every criterion with a comment (the assigned evaluator, after declaring)."""
    assignment = _assignment(request, assignment_id)
    scores = {s.criterion: (s.score, s.comment) for s in payload.scores}
    found = evaluation.submit_scores(request.user, assignment, scores)
    return _assignment_out(Assignment.objects.prefetch_related("scores").get(pk=found.pk))
