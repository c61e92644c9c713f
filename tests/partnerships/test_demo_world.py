"""The synthetic demo world's calls, applications and partnerships."""

from __future__ import annotations

import pytest

from clustera.partnerships.models import Application, Call, Partnership, Proposal

pytestmark = pytest.mark.django_db


def test_seed_world_adds_calls_of_every_state_and_partnerships_at_every_stage():
    from clustera.portal.seeding import seed_world

    seed_world(seed=3, scale=300, with_datasets=False)
    calls = {c.title: c for c in Call.objects.all()}
    assert len(calls) == 3 and all(t.endswith("(synthetic)") for t in calls)
    assert {c.status for c in calls.values()} == {"published", "evaluated"}
    assert (
        Call.objects.filter(deadline__lt=Call.objects.get(status="evaluated").deadline).count() == 0
    )
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "accepted", "rejected"} <= statuses
    stages = set(Proposal.objects.values_list("stage", flat=True))
    assert stages == {"idea", "concept", "business_plan", "bankable", "submitted", "funded"}
    for partnership in Partnership.objects.all():
        types = {o.type for pilot in partnership.pilots.all() for o in pilot.participants.all()}
        assert "sme" in types
        lines = sum(line.amount for line in partnership.proposal.lines.all())
        assert lines == partnership.proposal.total
    first = [(p.name, p.proposal.total) for p in Partnership.objects.order_by("pk")]
    # deterministic: the same seed gives the same partnerships on a fresh database
    assert first[0][0].endswith("(synthetic)")
