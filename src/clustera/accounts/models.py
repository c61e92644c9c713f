"""Who may do what: organisation memberships with roles, and API tokens.

Platform-wide roles are Django's: superusers are platform admins, and the
``editor`` and ``analyst`` groups (created by a migration) hold editors and analysts.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

EDITOR_GROUP = "editor"
ANALYST_GROUP = "analyst"


class OrganisationRole(models.TextChoices):
    ADMIN = "admin", _("Organisation admin")
    MEMBER = "member", _("Organisation member")


class OrganisationMembership(models.Model):
    """A user's role in an organisation: admins edit its profile, offers and requests."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="user_memberships"
    )
    role = models.CharField(max_length=8, choices=OrganisationRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="user_organisation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) at {self.organisation}"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 digest is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text="First characters, to recognise the token")
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user: object, name: str) -> tuple[ApiToken, str]:
        """Create a token for ``user``; return the row and the clear token (shown once)."""
        clear = "cl_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, digest=_digest(clear), prefix=clear[:8])
        return token, clear

    @classmethod
    def find(cls, clear: str) -> ApiToken | None:
        """The token matching a clear value, or None."""
        return cls.objects.select_related("user").filter(digest=_digest(clear)).first()


class RequestKind(models.TextChoices):
    CLAIM = "claim", _("Claim (act as its administrator)")
    JOIN = "join", _("Join (as a member)")
    CREATE = "create", _("Publish a new organisation (validated by editors)")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class OrganisationRequest(models.Model):
    """A user's request to act for an organisation: claim it (admin) or join it (member);
    or, for an organisation the user created, to publish it.

    Claims and joins: its administrators decide, or the platform's editors when it has none.
    New organisations: editors validate them (a checklist on the profile) before they are public.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_requests"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="user_requests"
    )
    kind = models.CharField(max_length=8, choices=RequestKind.choices)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    message = models.TextField(blank=True, max_length=1000)
    domain_match = models.BooleanField(
        default=False, help_text="The user's e-mail domain is the organisation's web domain"
    )
    created = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(status="pending"),
                name="one_pending_request_per_user_and_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.organisation} ({self.status})"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the invitee"
    ACCEPTED = "accepted", "Accepted"
    REVOKED = "revoked", "Revoked"


class Invitation(models.Model):
    """An e-mailed invitation: the link signs the invitee up (or logs them in) and makes them
    a member of ``organisation`` with ``role``, without a separate request.

    Only the SHA-256 digest of the link's token is stored; a resend issues a new token.
    ``organisation`` is empty when another app (surveys, events, partnerships) invites someone
    to the platform only; ``next_url`` is where the invitee lands after accepting.
    """

    email = models.EmailField(max_length=254)
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    role = models.CharField(
        max_length=8, choices=OrganisationRole.choices, default=OrganisationRole.MEMBER
    )
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    digest = models.CharField(max_length=64, unique=True)
    message = models.TextField(blank=True, max_length=1000)
    purpose = models.CharField(
        max_length=200, blank=True, help_text="What the invitee is invited to, in a few words"
    )
    next_url = models.CharField(max_length=300, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    sent = models.DateTimeField()
    sent_count = models.PositiveSmallIntegerField(default=1)
    expires = models.DateTimeField()
    closed = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=models.Q(status="pending"),
                name="one_pending_invitation_per_address_and_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.organisation_id} ({self.status})"
