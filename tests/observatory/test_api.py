"""The observatory API: datasets with provenance, map values, region profiles, their 4xx."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_one_dataset_carries_its_provenance_and_row_count(client, world):
    dataset = world["employment"]
    body = client.get(f"/api/observatory/datasets/{dataset.pk}").json()
    assert body["code"] == dataset.code and body["rows"] == dataset.rows
    assert body["checksum"] == dataset.checksum and body["is_synthetic"] is True
    assert client.get("/api/observatory/datasets/999999").status_code == 404


def test_unknown_region_and_out_of_range_level_are_refused(client, world):
    response = client.get("/api/observatory/regions/ZZ99")
    assert response.status_code == 404 and "ZZ99" in response.json()["detail"]
    assert client.get("/api/observatory/map?level=4").status_code == 422


def test_map_values_are_keyed_by_the_regions_of_the_level(client, world):
    from clustera.registry.models import Region

    values = client.get("/api/observatory/map?indicator=employment&level=2").json()["values"]
    level_2 = set(Region.objects.filter(level=2).values_list("code", flat=True))
    assert values and set(values) <= level_2
