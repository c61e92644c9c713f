"""The checklist editors validate a user-created organisation against before it is public."""

from __future__ import annotations

from typing import Any

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
            "rule": "Website of its own",
            "passed": bool(organisation.website),
            "found": organisation.website or "none given",
        },
        {
            "rule": f"Description of at least {DESCRIPTION_MIN_CHARACTERS} characters",
            "passed": description >= DESCRIPTION_MIN_CHARACTERS,
            "found": f"{description} characters",
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
            "rule": "A management team (staff declared or contacts with a role)",
            "passed": staff > 0 or contacts > 0,
            "found": f"{staff} management staff, {contacts} contacts with a role",
        },
        {
            "rule": f"At least {CLUSTER_MIN_MEMBERS} member organisations",
            "passed": members >= CLUSTER_MIN_MEMBERS,
            "found": f"{listed} listed, {declared} declared",
        },
    ]
