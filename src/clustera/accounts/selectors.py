"""Reads about users: the organisations they act for, their API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from clustera.accounts.evidence import PUBLIC_MAIL_DOMAINS, email_domain, matches_website
from clustera.accounts.models import (
    EDITOR_GROUP,
    ApiToken,
    Invitation,
    InvitationStatus,
    OrganisationMembership,
    OrganisationRequest,
    OrganisationRole,
    RequestStatus,
)
from clustera.accounts.permissions import is_editor, visible_organisations


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


def role_in(user: Any, organisation_id: int) -> str | None:
    """The user's role in an organisation ("admin", "member") or None."""
    if not _signed_in(user):
        return None
    return (
        OrganisationMembership.objects.filter(user=user, organisation_id=organisation_id)
        .values_list("role", flat=True)
        .first()
    )


def approvers_of(organisation_id: int) -> tuple[list[Any], str]:
    """Who decides requests about an organisation, and why: its admins, else the editors."""
    user_model = get_user_model()
    admins = list(
        user_model.objects.filter(
            is_active=True,
            organisation_memberships__organisation_id=organisation_id,
            organisation_memberships__role=OrganisationRole.ADMIN,
        )
    )
    if admins:
        return admins, gettext("an administrator of this organisation")
    editors = Group.objects.filter(name=EDITOR_GROUP).values("user")
    return list(
        user_model.objects.filter(is_active=True).filter(Q(pk__in=editors) | Q(is_superuser=True))
    ), gettext("a platform editor (the organisation has no administrator on Clustera)")


def requests_of(user: Any) -> list[OrganisationRequest]:
    """The user's own requests, newest first."""
    if not _signed_in(user):
        return []
    return list(OrganisationRequest.objects.filter(user=user).select_related("organisation")[:50])


def requests_to_decide(user: Any) -> list[OrganisationRequest]:
    """Pending requests the user may decide: about organisations they administer, or, for
    editors, every pending request (those about organisations without admins first)."""
    if not _signed_in(user):
        return []
    pending = OrganisationRequest.objects.filter(status=RequestStatus.PENDING).exclude(user=user)
    if not is_editor(user):
        administered = OrganisationMembership.objects.filter(
            user=user, role=OrganisationRole.ADMIN
        ).values("organisation_id")
        pending = pending.filter(organisation_id__in=administered).exclude(kind="create")
    return list(pending.select_related("user", "organisation").order_by("created")[:200])


def members_of(organisation_ids: list[int]) -> dict[int, list[OrganisationMembership]]:
    """The users of each organisation (admins first, then by user name)."""
    grouped: dict[int, list[OrganisationMembership]] = {pk: [] for pk in organisation_ids}
    rows = (
        OrganisationMembership.objects.filter(organisation_id__in=organisation_ids)
        .select_related("user")
        .order_by("role", "user__username")
    )
    for membership in rows:
        grouped[membership.organisation_id].append(membership)
    return grouped


def _organisations(user: Any) -> QuerySet[Any]:
    # The registry's table through the membership foreign key (a lazy reference), so this
    # bottom app imports no registry code.
    model = OrganisationMembership._meta.get_field("organisation").related_model
    return visible_organisations(user, model.objects.all())  # type: ignore[union-attr]


def organisations_matching_email(user: Any, limit: int = 5) -> list[Any]:
    """Organisations whose website is at the user's e-mail domain or a parent of it
    (``ana@lab.pv.example`` matches ``https://pv.example``): suggested claims."""
    email = getattr(user, "email", "") or ""
    domain = email_domain(email)
    if not domain or domain in PUBLIC_MAIL_DOMAINS:
        return []
    labels = domain.split(".")
    parents = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    rule = Q()
    for parent in parents:
        rule |= Q(website__icontains=f"//{parent}") | Q(website__icontains=f"//www.{parent}")
    candidates = (
        _organisations(user).filter(rule).exclude(user_memberships__user=user).order_by("name")
    )
    return [o for o in candidates[: limit * 4] if matches_website(email, o.website)][:limit]


def find_organisations(user: Any, query: str, limit: int = 20) -> list[Any]:
    """Organisations the user may see whose name contains ``query`` (for claims and joins)."""
    text = query.strip()
    if len(text) < 2:
        return []
    return list(_organisations(user).filter(name__icontains=text).order_by("name")[:limit])


def organisation_for(user: Any, organisation_id: int) -> Any:
    """The organisation with this id if the user may see it, else None."""
    return _organisations(user).filter(pk=organisation_id).first()


def active_users_of(organisation_id: int, admins_only: bool = True) -> list[Any]:
    """The organisation's active users (by default its admins), by user name."""
    rows = OrganisationMembership.objects.filter(
        organisation_id=organisation_id, user__is_active=True
    )
    if admins_only:
        rows = rows.filter(role=OrganisationRole.ADMIN)
    return [m.user for m in rows.select_related("user").order_by("user__username")]


def has_active_account(organisation_id: int) -> bool:
    """Whether any active user acts for the organisation (someone would read a message)."""
    return OrganisationMembership.objects.filter(
        organisation_id=organisation_id, user__is_active=True
    ).exists()


def editors() -> list[Any]:
    """The platform's active editors and platform admins."""
    editor_ids = Group.objects.filter(name=EDITOR_GROUP).values("user")
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(pk__in=editor_ids) | Q(is_superuser=True))
        .order_by("username")
    )


def awaiting_validation(organisation_id: int) -> bool:
    """Whether a user-created organisation still waits for the editors' validation."""
    return OrganisationRequest.objects.filter(
        organisation_id=organisation_id, kind="create", status=RequestStatus.PENDING
    ).exists()


def invitations_of(organisation_ids: list[int]) -> dict[int, list[Invitation]]:
    """Pending invitations to each of these organisations, newest first."""
    found: dict[int, list[Invitation]] = {}
    rows = Invitation.objects.filter(
        organisation_id__in=organisation_ids, status=InvitationStatus.PENDING
    ).select_related("invited_by")
    for invitation in rows:
        found.setdefault(int(invitation.organisation_id or 0), []).append(invitation)
    return found
