"""Accounts API: who the caller is, and the caller's own API tokens."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Router, Schema
from ninja.errors import HttpError

from clustera.accounts import selectors, services
from clustera.accounts.api_errors import MAX_ID, errors
from clustera.accounts.authentication import WRITE_AUTH
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
