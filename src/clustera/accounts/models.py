"""Who may do what: organisation memberships with roles, and API tokens.

Platform-wide roles are Django's: superusers are platform admins, and the
``editor`` and ``analyst`` groups (created by a migration) hold editors and analysts.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models

EDITOR_GROUP = "editor"
ANALYST_GROUP = "analyst"


class OrganisationRole(models.TextChoices):
    ADMIN = "admin", "Organisation admin"
    MEMBER = "member", "Organisation member"


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
