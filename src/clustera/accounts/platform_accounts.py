"""Accounts the operator makes and keeps: the platform admin, the demo's accounts, and the
retention of accounts never verified and of old audit entries (re-exported by ``services``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext

from clustera.accounts.models import OrganisationMembership
from clustera.errors import InvalidInputError


def set_platform_admin(username: str, password: str, email: str = "") -> Any:
    """Create or update a superuser (platform admin) with this password; return the user."""
    from django.contrib.auth import get_user_model

    if len(password) < 12:
        raise InvalidInputError(
            gettext("an admin password has at least 12 characters"),
            field="password",
            value="(hidden)",
        )
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"email": email or f"{username}@localhost"}
    )
    user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    return user


def ensure_demo_user(
    username: str,
    email: str,
    memberships: Sequence[tuple[Any, str]] = (),
    groups: Sequence[str] = (),
    superuser: bool = False,
) -> Any:
    """Create (or complete) a demo account acting for organisations, without a usable
    password: ``clustera demo run`` sets it and writes it to the data folder only."""
    from django.contrib.auth.models import Group

    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": email}
    )
    if created:
        user.set_unusable_password()
    user.is_staff = user.is_superuser = superuser or user.is_superuser
    user.save()
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    for organisation, role in memberships:
        OrganisationMembership.objects.update_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )
    return user


def apply_retention(now: Any = None) -> dict[str, int]:
    """Retention periods (settings): accounts never verified nor used, and old audit entries.

    Idempotent: a second run the same day deletes nothing more.
    """
    from datetime import timedelta

    from auditlog.context import disable_auditlog
    from auditlog.models import LogEntry
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    now = now or timezone.now()
    unverified_before = now - timedelta(days=settings.UNVERIFIED_ACCOUNT_DAYS)
    with disable_auditlog():
        accounts, _ = (
            get_user_model()
            ._default_manager.filter(
                is_active=False, last_login__isnull=True, date_joined__lt=unverified_before
            )
            .delete()
        )
    audit_before = now - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    entries, _ = LogEntry.objects.filter(timestamp__lt=audit_before).delete()
    return {"unverified accounts": accounts, "audit entries": entries}
