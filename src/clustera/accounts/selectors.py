"""Reads about users: the organisations they act for, their API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from clustera.accounts.models import ApiToken, OrganisationMembership


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def memberships_of(user: Any) -> list[OrganisationMembership]:
    """The user's memberships (organisation and role), by organisation name."""
    if not _signed_in(user):
        return []
    return list(
        OrganisationMembership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def organisations_of(user: Any) -> list[Any]:
    """The organisations ``user`` belongs to (any role), by name.

    Read through the membership rows, whose foreign key names ``registry.Organisation``
    lazily, so that this bottom app imports no registry code.
    """
    return [membership.organisation for membership in memberships_of(user)]


def tokens_of(user: Any) -> list[ApiToken]:
    """The user's API tokens, newest first (digests only: clear tokens are never stored)."""
    if not _signed_in(user):
        return []
    return list(ApiToken.objects.filter(user=user).order_by("-created", "-pk"))


def active_token(clear: str) -> ApiToken | None:
    """The token matching a clear value when its user is active, else None."""
    found = ApiToken.find(clear)
    if found is None or not found.user.is_active:
        return None
    return found


def user_named(username: str) -> Any:
    """The user with this username, or None."""
    return get_user_model().objects.filter(username=username).first()
