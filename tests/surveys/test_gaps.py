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


def test_the_gap_endpoint_and_the_region_panel_cost_few_queries(
    seeded, client, django_assert_max_num_queries
):
    region = seeded.regions[0]
    with django_assert_max_num_queries(12):
        body = client.get("/api/gaps?level=3&limit=20").json()
    assert body["count"] > 0 and len(body["items"]) == 20
    unmet = [item["unmet"] for item in body["items"]]
    assert unmet == sorted(unmet, reverse=True)
    with django_assert_max_num_queries(12):
        panel = client.get(f"/observatory/gaps/regions/{region}/").content.decode()
    assert seeded.technology in panel and "prototyping" in panel
    assert client.get("/api/gaps?trl=10").status_code == 422


def test_the_region_page_loads_the_gap_panel_from_this_app(seeded, client):
    from clustera.registry.models import Region

    code = Region.objects.filter(level=3).values_list("code", flat=True).first()
    page = client.get(f"/observatory/regions/{code}/")
    assert page.status_code == 200
    assert f'hx-get="/observatory/gaps/regions/{code}/"' in page.content.decode()
