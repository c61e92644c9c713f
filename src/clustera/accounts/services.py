"""Account use cases: issuing, using and revoking API tokens."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from clustera.accounts.models import ApiToken
from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError

__all__ = [
    "NotAllowed",
    "create_token",
    "record_token_use",
    "revoke_token",
    "set_platform_admin",
]

TOKEN_NAME_LENGTH = 100


def create_token(user: Any, name: str) -> tuple[ApiToken, str]:
    """Issue a token for an active ``user``; return the row and the clear token (shown once)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise NotAllowed("Only active users may hold API tokens")
    label = name.strip()
    if not label or len(label) > TOKEN_NAME_LENGTH:
        raise InvalidInputError(
            f"a token name has 1 to {TOKEN_NAME_LENGTH} characters", field="name", value=name
        )
    return ApiToken.issue(user, label)


def revoke_token(user: Any, token_id: int) -> None:
    """Delete one of the user's own tokens; scripts using it get 401 from then on."""
    if not getattr(user, "is_authenticated", False):
        raise NotAllowed("Log in to revoke a token")
    deleted, _ = ApiToken.objects.filter(pk=token_id, user=user).delete()
    if not deleted:
        raise InvalidInputError("you hold no token with this id", field="token", value=token_id)


def record_token_use(token: ApiToken) -> None:
    """Note when a token was last used (shown on the account page)."""
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())


def set_platform_admin(username: str, password: str, email: str = "") -> Any:
    """Create or update a superuser (platform admin) with this password; return the user."""
    from django.contrib.auth import get_user_model

    if len(password) < 12:
        raise InvalidInputError(
            "an admin password has at least 12 characters", field="password", value="(hidden)"
        )
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"email": email or f"{username}@localhost"}
    )
    user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    return user
