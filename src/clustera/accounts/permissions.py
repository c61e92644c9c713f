"""Object-level permissions: who may see and change which registry objects."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from clustera.accounts.models import EDITOR_GROUP, OrganisationMembership, OrganisationRole


class NotAllowed(PermissionError):
    """The user may not do this; the API answers 403, pages answer 403 or a message."""


def is_editor(user: Any) -> bool:
    """Platform admins and editors may change any registry object."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.groups.filter(name=EDITOR_GROUP).exists())


def _role(user: Any, organisation_id: int) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    membership = (
        OrganisationMembership.objects.filter(user=user, organisation_id=organisation_id)
        .only("role")
        .first()
    )
    return membership.role if membership else None


def can_edit_organisation(user: Any, organisation: Any) -> bool:
    """Editors, platform admins and the organisation's own admins may edit it."""
    return is_editor(user) or _role(user, organisation.pk) == str(OrganisationRole.ADMIN)


def can_view_organisation(user: Any, organisation: Any) -> bool:
    """Public profiles are visible to all; private ones to their members and editors."""
    return (
        bool(organisation.is_public) or is_editor(user) or _role(user, organisation.pk) is not None
    )


def can_view_contacts(user: Any, organisation: Any) -> bool:
    """Contacts are personal data: only the organisation's members and editors see them."""
    return is_editor(user) or _role(user, organisation.pk) is not None


def visible_organisations(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Restrict a queryset of organisations to those ``user`` may see."""
    if is_editor(user):
        return queryset
    if getattr(user, "is_authenticated", False):
        own = OrganisationMembership.objects.filter(user=user).values("organisation_id")
        return queryset.filter(Q(is_public=True) | Q(pk__in=own))
    return queryset.filter(is_public=True)


def has_admins(organisation_id: int) -> bool:
    """Whether an organisation has at least one admin among its users."""
    return OrganisationMembership.objects.filter(
        organisation_id=organisation_id, role=OrganisationRole.ADMIN
    ).exists()


def can_manage_members(user: Any, organisation_id: int) -> bool:
    """The organisation's admins, editors and platform admins change roles and remove members."""
    return is_editor(user) or _role(user, organisation_id) == str(OrganisationRole.ADMIN)


def can_decide_request(user: Any, request: Any) -> bool:
    """Admins decide requests about their organisation; editors decide any (and must when
    the organisation has no admin). Nobody decides their own request."""
    if not getattr(user, "is_authenticated", False) or request.user_id == user.pk:
        return False
    if request.kind == "create":  # a new organisation is published by editors only
        return is_editor(user)
    return can_manage_members(user, request.organisation_id)
