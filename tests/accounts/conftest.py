"""Roles beyond the suite's: an admin of another organisation, an analyst, a claimant."""

from __future__ import annotations

import pytest


@pytest.fixture
def roles(users, registry, django_user_model):
    """Every role of the permission matrices, by name (``anonymous`` is None)."""
    from django.contrib.auth.models import Group

    from clustera.accounts.models import OrganisationMembership

    other_admin = django_user_model.objects.create_user(
        "otheradmin", email="boss@pv.example", password="pw-other-1"
    )
    OrganisationMembership.objects.create(
        user=other_admin, organisation=registry["ORG1"], role="admin"
    )
    analyst = django_user_model.objects.create_user("analyst", password="pw-analyst-1")
    analyst.groups.add(Group.objects.get(name="analyst"))
    users["orgadmin"].email = "admin@lumen.example"
    users["orgadmin"].save()
    return {
        "anonymous": None,
        "plain": users["plain"],
        "member": users["member"],
        "orgadmin": users["orgadmin"],
        "otheradmin": other_admin,
        "editor": users["editor"],
        "analyst": analyst,
        "root": users["root"],
    }


@pytest.fixture
def claimant(django_user_model):
    """A verified user whose address is at Photon Valley Cluster's web domain (pv.example)."""
    return django_user_model.objects.create_user(
        "ana", email="ana@lab.pv.example", password="pw-ana-1"
    )
