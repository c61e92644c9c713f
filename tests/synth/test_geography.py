"""Region polygons tile each country and nest exactly; points fall inside their region."""

from __future__ import annotations

from collections import Counter

import pytest

from .conftest import contains, polygons, ring_area


def _edges(geometry: str) -> Counter:
    found: Counter = Counter()
    for polygon in polygons(geometry):
        for ring in polygon:
            for start, end in zip(ring, ring[1:]):
                found[frozenset((start, end))] += 1
    return found


def _area(geometry: str) -> float:
    return sum(sum(ring_area(ring) for ring in polygon) for polygon in polygons(geometry))


def test_outer_rings_turn_counter_clockwise_and_holes_clockwise(world):
    for geometry in world.regions["geometry"]:
        for polygon in polygons(geometry):
            assert ring_area(polygon[0]) > 0
            assert all(ring_area(hole) < 0 for hole in polygon[1:])
            assert all(ring[0] == ring[-1] for ring in polygon)


def test_children_partition_their_parent_exactly(world):
    regions = world.regions.set_index("code")
    for parent, children in regions[regions["parent"] != ""].groupby("parent"):
        inner: Counter = Counter()
        for geometry in children["geometry"]:
            inner.update(_edges(geometry))
        # Edges shared by two children cancel; the rest is exactly the parent's boundary.
        boundary = {edge for edge, count in inner.items() if count % 2 == 1}
        assert all(count <= 2 for count in inner.values()), parent
        assert boundary == set(_edges(regions.at[parent, "geometry"])), parent
        assert sum(_area(g) for g in children["geometry"]) == pytest.approx(
            _area(regions.at[parent, "geometry"]), rel=1e-9
        )


def test_codes_nest_like_nuts(world):
    regions = world.regions
    assert (regions["code"].str.len() == regions["level"] + 2).all()
    child = regions[regions["level"] > 0]
    assert (child["parent"] == child["code"].str[:-1]).all()
    assert (regions["country"] == regions["code"].str[:2]).all()


def test_population_and_area_add_up_the_hierarchy(world):
    regions = world.regions.set_index("code")
    children = regions[regions["parent"] != ""].groupby("parent")[["population", "area_km2"]].sum()
    assert (children["population"] == regions.loc[children.index, "population"]).all()
    assert children["area_km2"].to_numpy() == pytest.approx(
        regions.loc[children.index, "area_km2"].to_numpy(), rel=1e-3
    )


def test_label_points_lie_inside_their_region(world):
    for row in world.regions.itertuples():
        assert contains(row.geometry, row.label_lon, row.label_lat), row.code


def test_organisations_lie_inside_their_region_and_no_other(world):
    level3 = world.regions[world.regions["level"] == 3].set_index("code")["geometry"]
    sample = world.organisations.sample(300, random_state=0)
    for row in sample.itertuples():
        hits = [code for code, geometry in level3.items() if contains(geometry, row.lon, row.lat)]
        assert hits == [row.region], row.id


def test_the_map_lies_away_from_real_europe(world):
    assert world.organisations["lon"].between(-60, -15).all()
    assert world.organisations["lat"].between(30, 60).all()
