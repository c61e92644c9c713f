"""A small synthetic world shared by the structural tests (generated once per session)."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from clustera.synth import GroundTruth, World, generate_world, ground_truth

# Another seed can be tried with CLUSTERA_SYNTH_TEST_SEED to check the margins of the statistics.
SEED = int(os.environ.get("CLUSTERA_SYNTH_TEST_SEED", "7"))


@pytest.fixture(scope="session")
def world() -> World:
    return generate_world(seed=SEED, scale="small")


@pytest.fixture(scope="session")
def truth() -> GroundTruth:
    return ground_truth(seed=SEED, scale="small")


def polygons(geometry: str) -> list[list[list[tuple[float, float]]]]:
    """Polygons (lists of rings) of a GeoJSON Polygon or MultiPolygon string."""
    parsed = json.loads(geometry)
    found = parsed["coordinates"] if parsed["type"] == "MultiPolygon" else [parsed["coordinates"]]
    return [[[tuple(point) for point in ring] for ring in polygon] for polygon in found]


def ring_area(ring: list[tuple[float, float]]) -> float:
    x = np.array([p[0] for p in ring])
    y = np.array([p[1] for p in ring])
    return float(0.5 * np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def contains(geometry: str, lon: float, lat: float) -> bool:
    """Even-odd rule over every ring: inside the outer ring and outside the holes."""
    inside = False
    for polygon in polygons(geometry):
        for ring in polygon:
            for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
                if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
                    inside = not inside
    return inside


def split(cell: str) -> list[str]:
    return [part for part in cell.split(";") if part]
