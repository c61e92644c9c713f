"""Content fixtures: every role of the permissions matrix, and published, draft and review items."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def roles(users, registry, django_user_model):
    """The shared users plus an analyst and the admin of another organisation (ORG1)."""
    from django.contrib.auth.models import Group

    from clustera.accounts.models import OrganisationMembership

    analyst = django_user_model.objects.create_user("analyst", password="pw-analyst-1")
    analyst.groups.add(Group.objects.get(name="analyst"))
    other_admin = django_user_model.objects.create_user("otheradmin", password="pw-other-1")
    OrganisationMembership.objects.create(
        user=other_admin, organisation=registry["ORG1"], role="admin"
    )
    return {**users, "analyst": analyst, "otheradmin": other_admin, "anonymous": None}


def make_item(registry, **values):
    """An item of ORG2 (published yesterday unless told otherwise), saved without the workflow."""
    from clustera.content.models import Item

    defaults = {
        "kind": "news",
        "title": "Lumen Optics opens a laser lab",
        "summary": "A shared lab for SMEs.",
        "body": "Laser **optics** for everyone.",
        "organisation": registry["ORG2"],
        "status": "published",
        "published_at": timezone.now() - timedelta(days=1),
    }
    defaults.update(values)
    defaults.setdefault("slug", defaults["title"].lower().replace(" ", "-")[:100])
    return Item.objects.create(**defaults)


@pytest.fixture
def items(registry):
    """A published news item, a draft and an item in review of ORG2, and a scheduled brief."""
    from clustera.registry.models import Region, Technology

    published = make_item(registry)
    published.organisations.add(registry["ORG2"])
    published.technologies.add(Technology.objects.get(code="KET2"))
    published.regions.add(Region.objects.filter(code="XA111").first())
    return {
        "published": published,
        "draft": make_item(registry, title="Draft of Lumen", status="draft", published_at=None),
        "review": make_item(registry, title="Lumen in review", status="review", published_at=None),
        "scheduled": make_item(
            registry,
            kind="policy_brief",
            title="Future brief",
            published_at=timezone.now() + timedelta(days=3),
        ),
    }


@pytest.fixture
def client_as(client, roles):
    """A test client logged in as a role (``anonymous``: not logged in)."""

    def login(role: str):
        if roles[role] is not None:
            client.force_login(roles[role])
        return client

    return login
