"""Invitations by e-mail: the link signs the invitee up with the address fixed (or lets an
existing account log in) and makes them a member with the invited role, without a request.

A generic service: an organisation's admins invite people to it from their account page, and
other apps (surveys, events, partnerships) call ``invite`` with ``purpose`` and ``next_url``
(and no organisation when they invite to the platform only; they check their own permission
first). Re-exported by ``services``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from clustera.accounts import emails
from clustera.accounts.models import (
    Invitation,
    InvitationStatus,
    OrganisationMembership,
    OrganisationRequest,
    OrganisationRole,
    RequestStatus,
)
from clustera.accounts.permissions import NotAllowed, can_manage_members
from clustera.errors import InvalidInputError

__all__ = [
    "INVITATION_DAYS",
    "accept_invitation",
    "find_invitation",
    "invite",
    "resend_invitation",
    "revoke_invitation",
    "sign_up_invited",
    "usable",
]

#: How long an invitation's link works; a resend starts the period again.
INVITATION_DAYS = 14


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _refuse(field: str, value: Any, errors: ValidationError | str) -> InvalidInputError:
    message = errors if isinstance(errors, str) else " ".join(errors.messages)
    return InvalidInputError(message, field=field, value=value)


def find_invitation(token: str) -> Invitation | None:
    """The invitation a link's token names (whatever its state), or None."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(digest=_digest(token))
        .first()
    )


def _check_invitation(actor: Any, email: str, organisation: Any, role: str, next_url: str) -> str:
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise NotAllowed(_("Log in to invite people"))
    if organisation is not None and not can_manage_members(actor, organisation.pk):
        raise NotAllowed(_("Only the organisation's admins and editors invite people to it"))
    address = email.strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise _refuse("email", email, _("enter a valid e-mail address")) from None
    if role not in OrganisationRole.values:
        raise _refuse("role", role, _("choose admin or member"))
    if next_url and not url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
        raise _refuse("next_url", next_url, _("a path on this site, such as /surveys/x/"))
    if (
        organisation is not None
        and OrganisationMembership.objects.filter(
            organisation=organisation, user__email__iexact=address
        ).exists()
    ):
        raise _refuse(
            "email",
            address,
            _("%(email)s already acts for %(organisation)s")
            % {"email": address, "organisation": organisation.name},
        )
    return address


def _send(invitation: Invitation, token: str, base_url: str) -> None:
    link = emails.site_url(base_url) + reverse("accounts:invitation", args=[token])
    emails.send(
        "accounts/email/invitation.txt",
        [invitation.email],
        {
            "invitation": invitation,
            "inviter": invitation.invited_by.get_username() if invitation.invited_by else "",
            "link": link,
            "valid_days": INVITATION_DAYS,
        },
    )


def invite(
    actor: Any,
    email: str,
    organisation: Any = None,
    role: str = "member",
    base_url: str = "",
    message: str = "",
    purpose: str = "",
    next_url: str = "",
) -> Invitation:
    """Invite ``email`` (to ``organisation`` with ``role``, when given) and send the link.

    Refuses, naming the field: an invalid address, an unknown role, an address that already
    acts for the organisation, a second pending invitation of the same address to it.
    """
    address = _check_invitation(actor, email, organisation, role, next_url)
    if len(message) > 1000:
        raise _refuse("message", f"{len(message)} characters", _("at most 1,000 characters"))
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                email=address,
                organisation=organisation,
                role=role,
                digest=_digest(token),
                message=message.strip(),
                purpose=purpose.strip()[:200],
                next_url=next_url,
                invited_by=actor,
                sent=now,
                expires=now + dt.timedelta(days=INVITATION_DAYS),
            )
    except IntegrityError:
        raise _refuse(
            "email", address, _("this address is already invited: resend the invitation instead")
        ) from None
    _send(invitation, token, base_url)
    return invitation


def _manageable(actor: Any, invitation_id: int) -> Invitation:
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id, status=InvitationStatus.PENDING)
        .first()
    )
    allowed = invitation is not None and (
        invitation.invited_by_id == getattr(actor, "pk", None)
        or (
            invitation.organisation_id is not None
            and can_manage_members(actor, invitation.organisation_id)
        )
    )
    if invitation is None or not allowed:
        raise _refuse("invitation", invitation_id, _("no pending invitation with this id for you"))
    return invitation


@transaction.atomic
def resend_invitation(actor: Any, invitation_id: int, base_url: str = "") -> Invitation:
    """Send a new link (the old one stops working) valid for ``INVITATION_DAYS`` from now."""
    invitation = _manageable(actor, invitation_id)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation.digest = _digest(token)
    invitation.sent = now
    invitation.expires = now + dt.timedelta(days=INVITATION_DAYS)
    invitation.sent_count += 1
    invitation.save(update_fields=["digest", "sent", "expires", "sent_count"])
    _send(invitation, token, base_url)
    return invitation


def revoke_invitation(actor: Any, invitation_id: int) -> Invitation:
    """Revoke a pending invitation: its link answers that it was withdrawn."""
    invitation = _manageable(actor, invitation_id)
    invitation.status = InvitationStatus.REVOKED
    invitation.closed = timezone.now()
    invitation.save(update_fields=["status", "closed"])
    return invitation


def usable(invitation: Invitation | None) -> str:
    """Why an invitation's link cannot be used ("" when it can)."""
    if invitation is None:
        return _("This invitation link is not valid.")
    if invitation.status == InvitationStatus.REVOKED:
        return _("This invitation was withdrawn by the person who sent it.")
    if invitation.status == InvitationStatus.ACCEPTED:
        return _("This invitation was already accepted: log in to continue.")
    if invitation.expires <= timezone.now():
        return _("This invitation expired: ask the person who sent it to resend it.")
    return ""


def _locked(token: str) -> Invitation:
    invitation = Invitation.objects.select_for_update().filter(digest=_digest(token or "-")).first()
    problem = usable(invitation)
    if problem or invitation is None:
        raise _refuse("invitation", "(link)", problem)
    return invitation


def _join(user: Any, invitation: Invitation) -> None:
    if invitation.organisation_id is not None:
        membership, created = OrganisationMembership.objects.get_or_create(
            user=user,
            organisation_id=invitation.organisation_id,
            defaults={"role": invitation.role},
        )
        if not created and invitation.role == OrganisationRole.ADMIN:
            membership.role = OrganisationRole.ADMIN
            membership.save(update_fields=["role"])
        OrganisationRequest.objects.filter(
            user=user, organisation_id=invitation.organisation_id, status=RequestStatus.PENDING
        ).update(status=RequestStatus.WITHDRAWN, decided=timezone.now())
    invitation.status = InvitationStatus.ACCEPTED
    invitation.accepted_by = user
    invitation.closed = timezone.now()
    invitation.save(update_fields=["status", "accepted_by", "closed"])


@transaction.atomic
def accept_invitation(user: Any, token: str) -> Invitation:
    """The signed-in invitee accepts: they act for the organisation with the invited role.

    The account's address must be the invited one (the link proves that address only).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise NotAllowed(_("Log in to accept the invitation"))
    invitation = _locked(token)
    if user.email.strip().lower() != invitation.email:
        raise _refuse(
            "email",
            user.email,
            _("this invitation is for %(email)s: log in with that account")
            % {"email": invitation.email},
        )
    _join(user, invitation)
    return invitation


@transaction.atomic
def sign_up_invited(token: str, username: str, password: str) -> tuple[Any, Invitation]:
    """Create the invitee's account (active: the link proved the address) and accept."""
    from clustera.accounts.signup import check_sign_up

    invitation = _locked(token)
    username = username.strip()
    check_sign_up(username, invitation.email, password)
    user = get_user_model().objects.create_user(
        username=username, email=invitation.email, password=password, is_active=True
    )
    _join(user, invitation)
    return user, invitation
