"""The demo-like world the journeys walk: a small synthetic world seeded as ``clustera demo``
seeds it (organisations, observatory, surveys, partnerships, events, content, demo people)."""

from __future__ import annotations

from typing import Any

import pytest
from tests.journeys.browsing import JOURNEYS, PASSWORD, PHONE, DemoWorld


@pytest.fixture
def demo(live_server, settings, tmp_path) -> DemoWorld:
    """``seed_world(0, 50)`` (the demo's generator, 50 organisations), every demo user with
    the password ``PASSWORD``, and a private data folder for PDFs and fitted models."""
    from clustera.accounts.models import OrganisationMembership
    from clustera.portal.seeding import seed_world

    settings.DATA_DIR = tmp_path
    seed_world(0, 50)
    acting: dict[str, Any] = {}
    for membership in OrganisationMembership.objects.select_related("user", "organisation"):
        membership.user.set_password(PASSWORD)
        membership.user.save(update_fields=["password"])
        acting.setdefault(membership.user.username, membership.organisation)
    JOURNEYS.mkdir(parents=True, exist_ok=True)
    PHONE.mkdir(parents=True, exist_ok=True)
    return DemoWorld(live_server.url, acting)
