"""The observatory on the demo's synthetic world: seeding loads the datasets and every page works."""

from __future__ import annotations

import pytest

from clustera.observatory import models

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    from clustera.portal.seeding import seed_world

    seed_world(seed=1, scale=200)


def test_seeding_loads_employment_and_patents_with_indicators(client, seeded):
    codes = set(models.Dataset.objects.values_list("code", flat=True))
    assert codes == {"SYN-EMPLOYMENT", "SYN-PATENTS"}
    results = models.IndicatorResult.objects.filter(status="done")
    assert set(results.values_list("dataset__code", "level")) >= {
        ("SYN-EMPLOYMENT", 3),
        ("SYN-PATENTS", 3),
    }
    leaf = models.RegionIndicator.objects.filter(result__level=3).select_related("region").first()
    page = client.get(f"/observatory/regions/{leaf.region.code}/")
    assert page.status_code == 200 and page.context["candidates"] and page.context["technology"]
    data = client.get("/observatory/map/data.json?indicator=stars&level=3&category=").json()
    assert "Synthetic world" in data["attribution"] and data["regions"]["features"]
    assert client.get("/observatory/map/").status_code == 200
