"""Reads about users: the organisations they act for."""

from __future__ import annotations

from typing import Any

from clustera.registry.models import Organisation


def organisations_of(user: Any) -> list[Organisation]:
    """The organisations ``user`` belongs to (any role), by name."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Organisation.objects.filter(user_memberships__user=user).order_by("name"))
