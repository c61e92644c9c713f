"""The gap analysis through the portal: the demo's planted gap is found, stored by fingerprint,
recomputed when answers change; the API and the pages."""

from __future__ import annotations

import pytest

from clustera.portal.seeding import seed_world
from clustera.surveys import gap_store
from clustera.surveys.demo_world import planted_gap
from clustera.surveys.models import GapRow, GapRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    from clustera.synth import generate_world

    seed_world(3, 300, with_datasets=False)
    return planted_gap(generate_world(seed=3, scale=300), 3)


def test_the_planted_gap_is_found_through_the_portal(seeded, client):
    run = GapRun.objects.get()
    assert run.n_respondents > 200 and run.n_offers > 0
    top = list(gap_store.rows(run).filter(trl_band="7-9")[:2])
    assert {(r.technology, r.service, r.region) for r in top} == {
        (seeded.technology, "prototyping", region) for region in seeded.regions
    }
    assert all(r.unmet > 10 for r in top)
    body = client.get(f"/api/gaps?technology={seeded.technology}&service=prototyping&trl=8").json()
    assert body["items"][0]["region"] in seeded.regions
    assert body["computed"] and body["fingerprint"] == run.fingerprint
    page = client.get(f"/observatory/gaps/{seeded.technology}/").content.decode()
    assert seeded.regions[0] in page and "Computed" in page


def test_the_analysis_is_recomputed_when_answers_change(seeded):
    from clustera.surveys.models import Response

    run = GapRun.objects.get()
    assert gap_store.current_run() == (run, False)
    Response.objects.filter(status="complete").first().delete()
    fresh, stale = gap_store.current_run()  # the immediate task backend recomputes at once
    assert not stale and fresh.fingerprint != run.fingerprint
    assert GapRun.objects.count() == 1 and GapRow.objects.filter(run=fresh).exists()
