"""The checklist editors validate a user-created organisation against before it is public."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from clustera.registry import models

# What editors check before a user-created organisation is public, after the ECCP's
# mapping criteria for cluster organisations (a platform preset, not an official rule).
CLUSTER_MIN_MEMBERS = 10
DESCRIPTION_MIN_CHARACTERS = 100


def validation_checklist(organisation: models.Organisation) -> list[dict[str, Any]]:
    """The rules a new organisation is checked against, each with passed and what was found."""
    description = len(organisation.description.strip())
    checks = [
        {
            "rule": _("Website of its own"),
            "passed": bool(organisation.website),
            "found": organisation.website or _("none given"),
        },
        {
            "rule": _("Description of at least %(n)s characters")
            % {"n": DESCRIPTION_MIN_CHARACTERS},
            "passed": description >= DESCRIPTION_MIN_CHARACTERS,
            "found": _("%(n)s characters") % {"n": description},
        },
    ]
    if organisation.type != "cluster":
        return checks
    profile = models.ClusterProfile.objects.filter(organisation=organisation).first()
    staff = (profile.management_staff or 0) if profile else 0
    contacts = organisation.contacts.exclude(role="").count()
    listed = organisation.members_links.count()
    declared = (profile.members_count or 0) if profile else 0
    members = max(listed, declared)
    return [
        *checks,
        {
            "rule": _("A management team (staff declared or contacts with a role)"),
            "passed": staff > 0 or contacts > 0,
            "found": _("%(staff)s management staff, %(contacts)s contacts with a role")
            % {"staff": staff, "contacts": contacts},
        },
        {
            "rule": _("At least %(n)s member organisations") % {"n": CLUSTER_MIN_MEMBERS},
            "passed": members >= CLUSTER_MIN_MEMBERS,
            "found": _("%(listed)s listed, %(declared)s declared")
            % {"listed": listed, "declared": declared},
        },
    ]
