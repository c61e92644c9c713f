"""Accounts API: who the caller is, the caller's API tokens, and requests to act for
organisations (claim, join) with their decisions."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from clustera.accounts import selectors, services
from clustera.accounts.api_errors import MAX_ID, errors
from clustera.accounts.authentication import WRITE_AUTH
from clustera.accounts.models import OrganisationRequest
from clustera.accounts.permissions import is_editor
from clustera.errors import InvalidInputError

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    organisation: int
    name: str
    role: str


class MeOut(Schema):
    username: str
    is_editor: bool
    is_superuser: bool
    organisations: list[MembershipOut]


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created: Any
    last_used: Any = None


@router.get("/me", response=MeOut, auth=WRITE_AUTH)
def me(request: HttpRequest) -> dict[str, Any]:
    """The caller (token or session): username, platform role, organisations and roles."""
    user = request.user
    return {
        "username": user.get_username(),
        "is_editor": is_editor(user),
        "is_superuser": bool(user.is_superuser),
        "organisations": [
            {"organisation": m.organisation_id, "name": m.organisation.name, "role": m.role}
            for m in selectors.memberships_of(user)
        ],
    }


@router.get("/me/tokens", response=list[TokenOut], auth=WRITE_AUTH)
def my_tokens(request: HttpRequest) -> list[Any]:
    """The caller's API tokens (name, first characters, dates; never the token itself)."""
    return selectors.tokens_of(request.user)


@router.delete("/me/tokens/{token_id}", response={204: None, **errors(403, 404)}, auth=WRITE_AUTH)
def revoke_token(
    request: HttpRequest, token_id: int = Path(..., ge=1, le=MAX_ID)
) -> tuple[int, None]:
    """Revoke one of the caller's tokens (404 for a token the caller does not hold)."""
    try:
        services.revoke_token(request.user, token_id)
    except InvalidInputError as exc:
        raise HttpError(404, str(exc)) from None
    return 204, None


class RequestIn(Schema):
    kind: Literal["claim", "join"]
    message: str = Field("", max_length=1000)


class DecisionIn(Schema):
    approve: bool


class RequestOut(Schema):
    id: int
    user: str
    organisation: int
    organisation_name: str
    kind: str
    status: str
    domain_match: bool = Field(description="The user's e-mail domain is the organisation's")
    message: str
    created: Any


class RequestPage(Schema):
    count: int
    items: list[RequestOut]


def _request_out(request: OrganisationRequest) -> dict[str, Any]:
    return {
        "id": request.pk,
        "user": request.user.get_username(),
        "organisation": request.organisation_id,
        "organisation_name": request.organisation.name,
        "kind": request.kind,
        "status": request.status,
        "domain_match": request.domain_match,
        "message": request.message,
        "created": request.created,
    }


@router.get("/me/requests", response=RequestPage, auth=WRITE_AUTH)
def my_requests(request: HttpRequest) -> dict[str, Any]:
    """The caller's own claim and join requests, newest first."""
    items = [_request_out(r) for r in selectors.requests_of(request.user)]
    return {"count": len(items), "items": items}


@router.get("/me/requests-to-decide", response=RequestPage, auth=WRITE_AUTH)
def requests_to_decide(request: HttpRequest) -> dict[str, Any]:
    """Pending requests the caller may decide (their organisations'; all for editors)."""
    items = [_request_out(r) for r in selectors.requests_to_decide(request.user)]
    return {"count": len(items), "items": items}


@router.post(
    "/organisations/{organisation_id}/requests", response={201: RequestOut}, auth=WRITE_AUTH
)
def request_organisation(
    request: HttpRequest, organisation_id: int, payload: RequestIn
) -> tuple[int, dict[str, Any]]:
    """Ask to claim (become admin of) or join an organisation (404 if not visible)."""
    organisation = selectors.organisation_for(request.user, organisation_id)
    if organisation is None:
        raise HttpError(404, "No such organisation")
    made = services.request_organisation(
        request.user, organisation, payload.kind, payload.message, request.build_absolute_uri("/")
    )
    return 201, _request_out(made)


@router.post("/requests/{request_id}/decision", response=RequestOut, auth=WRITE_AUTH)
def decide_request(request: HttpRequest, request_id: int, payload: DecisionIn) -> dict[str, Any]:
    """Approve or decline a pending request (404 unless the caller may decide it)."""
    try:
        decided = services.decide_request(
            request.user, request_id, payload.approve, request.build_absolute_uri("/")
        )
    except InvalidInputError as exc:
        raise HttpError(404, exc.message) from None
    return _request_out(decided)


class AuditEntryOut(Schema):
    id: int
    timestamp: Any
    actor: str
    action: str
    model: str
    object_type: str
    object_id: str
    object_repr: str
    organisation: int | None = None
    changes: dict[str, Any]


class AuditPage(Schema):
    count: int
    items: list[AuditEntryOut]


class AuditQuery(Schema):
    organisation: int | None = Field(None, ge=1, le=MAX_ID)
    model: str = Field("", max_length=100, pattern=r"^([A-Za-z_]+\.[A-Za-z_]+)?$")
    action: Literal["create", "update", "delete", ""] = ""
    actor: str = Field("", max_length=150)
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=MAX_ID)


_ACTIONS = {"create": 0, "update": 1, "delete": 2}


@router.get("/audit", response={200: AuditPage, **errors(403)}, auth=WRITE_AUTH)
def audit_log(request: HttpRequest, query: Query[AuditQuery]) -> Any:
    """Who changed what and when, newest first: all for editors, an admin's organisations'."""
    from clustera.accounts import audit
    from clustera.accounts.permissions import NotAllowed

    try:
        found = audit.entries(
            request.user,
            organisation=query.organisation,
            model=query.model,
            action=_ACTIONS.get(query.action),
            actor=query.actor,
        )
    except NotAllowed as exc:
        raise HttpError(403, str(exc)) from exc
    window = found[query.offset : query.offset + query.limit]
    return {"count": found.count(), "items": [audit.describe(entry) for entry in window]}
