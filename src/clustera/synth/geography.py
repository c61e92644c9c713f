"""The synthetic map: fictional countries and NUTS-like regions on a hexagonal grid.

Land is a blob of hexagonal cells in the mid-Atlantic (far from any real
country). Countries are grown from seeds over the land, level-1 regions over
each country, and so on down to level 3, always by region growing, so every
region is connected. A region's polygon is traced from the outer edges of its
cells: children partition their parent exactly and share vertices bit for bit.
"""

from __future__ import annotations

import heapq
import json
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from clustera.errors import InvalidInputError
from clustera.synth.text import place_names

__all__ = ["COUNTRY_CODES", "Geography", "build_geography", "level3_codes_for", "sample_points"]

# User-assigned ISO 3166 codes (XA-XZ, without XK, which some use for Kosovo).
COUNTRY_CODES: tuple[str, ...] = tuple(f"X{letter}" for letter in "ABCDEFGHIJLMNOPQRSTUVWXYZ")
NUTS_VERSION = "SYN"
_DIGITS = "123456789"
_ORIGIN_LON, _ORIGIN_LAT = -36.0, 46.0
_CELL_SIZE = 0.08  # hexagon circumradius, degrees of latitude
_CELLS_PER_LEVEL3 = 24
_KM_PER_DEGREE = 111.32
# Axial neighbour steps, in the order of the hexagon edges (edge k joins vertex k and k + 1).
_STEPS = ((0, 1), (-1, 1), (-1, 0), (0, -1), (1, -1), (1, 0))
# Pointy-top hexagon vertices counter-clockwise, in units of (sqrt(3)/2 * size, size / 2).
_VERTICES = ((1, 1), (0, 2), (-1, 1), (-1, -1), (0, -2), (1, -1))


@dataclass(frozen=True)
class Geography:
    """Countries, regions and the hexagonal cells that regions are made of."""

    countries: pd.DataFrame
    regions: pd.DataFrame
    cell_x: npt.NDArray[np.float64]  # planar centre, degrees of latitude
    cell_y: npt.NDArray[np.float64]
    cell_level3: npt.NDArray[np.int64]  # position of the cell's region in ``level3_codes``
    level3_codes: tuple[str, ...]


def level3_codes_for(n_regions: int) -> tuple[str, ...]:
    """``n_regions`` level-3 codes spread over synthetic countries, as used by benchmarks.

    Examples
    --------
    >>> level3_codes_for(3)
    ('XA111', 'XA112', 'XA113')
    >>> sorted({code[:2] for code in level3_codes_for(100)})
    ['XA', 'XB', 'XC']
    """
    capacity = len(COUNTRY_CODES) * len(_DIGITS) ** 3
    if not 1 <= n_regions <= capacity:
        raise InvalidInputError(
            f"between 1 and {capacity} synthetic regions can be coded",
            field="n_regions",
            value=n_regions,
        )
    n_countries = min(len(COUNTRY_CODES), max(1, math.ceil(n_regions / 40)), n_regions)
    per_country = math.ceil(n_regions / n_countries)
    codes: list[str] = []
    for position in range(per_country):
        first, rest = divmod(position, 81)
        second, third = divmod(rest, 9)
        for country in COUNTRY_CODES[:n_countries]:
            if len(codes) < n_regions:
                codes.append(f"{country}{_DIGITS[first]}{_DIGITS[second]}{_DIGITS[third]}")
    return tuple(sorted(codes))


def _land(rng: np.random.Generator, n_cells: int) -> list[tuple[int, int]]:
    """Axial coordinates of a connected, irregular blob of about ``n_cells`` hexagons."""
    radius = math.sqrt(n_cells / (math.pi * 0.75)) * 1.1
    harmonics = rng.normal(0.0, 0.12, size=(5, 2))
    span = int(radius * 2) + 4
    r, q = np.mgrid[-span : span + 1, -2 * span - 2 : 2 * span + 3]
    x, y = np.sqrt(3) * (q + r / 2), 1.5 * r
    angle = np.arctan2(y, x * 0.8)
    wobble = 1.0 + sum(
        a * np.cos((k + 2) * angle) + b * np.sin((k + 2) * angle)
        for k, (a, b) in enumerate(harmonics)
    )
    keep = np.hypot(x * 0.8, y) / 1.5 <= radius * wobble
    cells = [(int(a), int(b)) for a, b in zip(q[keep], r[keep], strict=True)]
    # Keep the component holding the centre so the land is one piece.
    inside = set(cells)
    start = min(cells, key=lambda cell: abs(cell[0] + cell[1] / 2) + abs(cell[1]))
    seen, stack = {start}, [start]
    while stack:
        cell_q, cell_r = stack.pop()
        for dq, dr in _STEPS:
            neighbour = (cell_q + dq, cell_r + dr)
            if neighbour in inside and neighbour not in seen:
                seen.add(neighbour)
                stack.append(neighbour)
    return sorted(seen, key=lambda cell: (cell[1], cell[0]))


def _partition(
    rng: np.random.Generator,
    members: list[int],
    n_parts: int,
    neighbours: list[list[int]],
    centres: npt.NDArray[np.float64],
    weight_sigma: float,
) -> dict[int, int]:
    """Split connected cells into ``n_parts`` connected parts by weighted region growing."""
    n_parts = min(n_parts, len(members))
    member_array = np.array(members)
    points = centres[member_array]
    seeds = [int(rng.integers(len(members)))]
    distance = np.hypot(*(points - points[seeds[0]]).T)
    while len(seeds) < n_parts:
        seeds.append(int(np.argmax(distance)))
        distance = np.minimum(distance, np.hypot(*(points - points[seeds[-1]]).T))
    weights = rng.lognormal(0.0, weight_sigma, size=n_parts).tolist()
    noise = rng.uniform(1.0, 1.35, size=len(centres)).tolist()
    x, y = centres[:, 0].tolist(), centres[:, 1].tolist()
    seed_cells = [int(member_array[seed]) for seed in seeds]
    allowed = set(members)
    owner: dict[int, int] = {}
    heap: list[tuple[float, int, int]] = [(0.0, cell, part) for part, cell in enumerate(seed_cells)]
    heapq.heapify(heap)
    while heap:
        _, cell, part = heapq.heappop(heap)
        if cell in owner:
            continue
        owner[cell] = part
        seed_x, seed_y = x[seed_cells[part]], y[seed_cells[part]]
        for neighbour in neighbours[cell]:
            if neighbour in allowed and neighbour not in owner:
                gap = math.hypot(x[neighbour] - seed_x, y[neighbour] - seed_y)
                heapq.heappush(heap, (gap / weights[part] * noise[neighbour], neighbour, part))
    return owner


def _split_counts(rng: np.random.Generator, total: int, parts: int) -> list[int]:
    """``parts`` positive integers summing to ``total``, at most nine each."""
    counts = [1] * parts
    for _ in range(total - parts):
        open_parts = [index for index, count in enumerate(counts) if count < 9]
        counts[open_parts[int(rng.integers(len(open_parts)))]] += 1
    return counts


def _rings(cells: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Closed boundary rings of a set of hexagons, in integer vertex units."""
    inside = set(cells)
    following: dict[tuple[int, int], tuple[int, int]] = {}
    for q, r in cells:
        cx, cy = 2 * q + r, 3 * r
        for edge, (dq, dr) in enumerate(_STEPS):
            if (q + dq, r + dr) not in inside:
                start, end = _VERTICES[edge], _VERTICES[(edge + 1) % 6]
                following[(cx + start[0], cy + start[1])] = (cx + end[0], cy + end[1])
    rings = []
    while following:
        first = min(following)
        ring = [first]
        vertex = following.pop(first)
        while vertex != first:
            ring.append(vertex)
            vertex = following.pop(vertex)
        ring.append(first)
        rings.append(ring)
    return rings


def _signed_area(ring: list[tuple[int, int]]) -> float:
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))


def _to_degrees(x_units: float, y_units: float) -> tuple[float, float]:
    x = x_units * math.sqrt(3) / 2 * _CELL_SIZE
    y = y_units * 0.5 * _CELL_SIZE
    lon = _ORIGIN_LON + x / math.cos(math.radians(_ORIGIN_LAT))
    return round(lon, 5), round(_ORIGIN_LAT + y, 5)


def _geometry(cells: list[tuple[int, int]]) -> str:
    """GeoJSON geometry of a set of hexagons: a Polygon, or a MultiPolygon when split."""
    rings = _rings(cells)
    outers = [ring for ring in rings if _signed_area(ring) > 0]
    holes = [ring for ring in rings if _signed_area(ring) < 0]
    polygons: list[list[list[tuple[int, int]]]] = [[outer] for outer in outers]
    for hole in holes:
        target = next((p for p in polygons if _contains(p[0], hole[0])), polygons[0])
        target.append(hole)
    coordinates = [
        [[list(_to_degrees(*vertex)) for vertex in ring] for ring in polygon]
        for polygon in polygons
    ]
    if len(coordinates) == 1:
        return json.dumps({"type": "Polygon", "coordinates": coordinates[0]}, separators=(",", ":"))
    return json.dumps({"type": "MultiPolygon", "coordinates": coordinates}, separators=(",", ":"))


def _contains(ring: list[tuple[int, int]], point: tuple[int, int]) -> bool:
    x, y = point[0] + 0.01, point[1] + 0.013  # off the grid's vertices and edges
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def build_geography(rng: np.random.Generator, *, n_countries: int, n_level3: int) -> Geography:
    """Grow the map: ``n_countries`` countries holding about ``n_level3`` level-3 regions."""
    if not 1 <= n_countries <= len(COUNTRY_CODES) or n_level3 < n_countries:
        raise InvalidInputError(
            "need 1-25 countries and at least one level-3 region per country",
            field="n_countries/n_level3",
            value=(n_countries, n_level3),
        )
    axial = _land(rng, n_level3 * _CELLS_PER_LEVEL3)
    index_of = {cell: position for position, cell in enumerate(axial)}
    neighbours = [
        [index_of[(q + dq, r + dr)] for dq, dr in _STEPS if (q + dq, r + dr) in index_of]
        for q, r in axial
    ]
    centres = np.array([(math.sqrt(3) * (q + r / 2), 1.5 * r) for q, r in axial])
    country_of = _partition(rng, list(range(len(axial))), n_countries, neighbours, centres, 0.25)
    members: dict[str, list[int]] = {}
    for cell, part in sorted(country_of.items()):
        members.setdefault(COUNTRY_CODES[part], []).append(cell)
    shares = np.array([len(members[code]) for code in COUNTRY_CODES[:n_countries]], dtype=float)
    level3_counts = np.maximum(1, np.round(shares / shares.sum() * n_level3)).astype(int)
    children: dict[str, list[str]] = {}
    for position, country in enumerate(COUNTRY_CODES[:n_countries]):
        n3 = int(min(level3_counts[position], 9 * 9 * 9, len(members[country])))
        n2 = max(1, min(round(math.sqrt(n3)), 81))
        n1 = max(1, min(round(math.sqrt(n2)), 9))
        n2 = max(n2, n1, math.ceil(n3 / 9))
        level2_per_level1 = _split_counts(rng, n2, n1)
        level3_per_level2 = _split_counts(rng, n3, n2)
        _grow(rng, country, level2_per_level1, members, children, neighbours, centres)
        level2_codes = [code for level1 in children[country] for code in children.get(level1, [])]
        for code, count in zip(level2_codes, level3_per_level2, strict=False):
            _grow(rng, code, [1] * count, members, children, neighbours, centres, depth=1)
    return _tables(rng, n_countries, members, children, axial, centres)


def _grow(
    rng: np.random.Generator,
    parent: str,
    grandchild_counts: list[int],
    members: dict[str, list[int]],
    children: dict[str, list[str]],
    neighbours: list[list[int]],
    centres: npt.NDArray[np.float64],
    depth: int = 2,
) -> None:
    """Split ``parent`` into children; with depth 2, split each child again."""
    owner = _partition(rng, members[parent], len(grandchild_counts), neighbours, centres, 0.3)
    codes = [f"{parent}{_DIGITS[part]}" for part in range(len(grandchild_counts))]
    children[parent] = codes
    for cell, part in sorted(owner.items()):
        members.setdefault(codes[part], []).append(cell)
    if depth == 2:
        for code, count in zip(codes, grandchild_counts, strict=False):
            _grow(rng, code, [1] * count, members, children, neighbours, centres, depth=1)


def _tables(
    rng: np.random.Generator,
    n_countries: int,
    members: dict[str, list[int]],
    children: dict[str, list[str]],
    axial: list[tuple[int, int]],
    centres: npt.NDArray[np.float64],
) -> Geography:
    codes = sorted(members)
    level3 = [code for code in codes if len(code) == 5]
    population3 = rng.lognormal(np.log(180_000.0), 0.85, size=len(level3))
    metros = rng.choice(len(level3), size=max(1, len(level3) // 12), replace=False)
    population3[metros] *= np.minimum(2.0 + rng.pareto(1.5, size=len(metros)) * 2.0, 12.0)
    population = dict(zip(level3, population3.round().astype(np.int64), strict=True))
    for code in sorted(codes, key=len, reverse=True):
        if code not in population:
            population[code] = sum(population[child] for child in children[code])
    names = place_names(rng, len(codes), decorated=True)
    country_names = {
        c: f"Synthetic {w}"
        for c, w in zip(COUNTRY_CODES[:n_countries], place_names(rng, n_countries), strict=True)
    }
    planar_x = centres[:, 0] * _CELL_SIZE
    planar_y = centres[:, 1] * _CELL_SIZE
    rows = []
    for position, code in enumerate(codes):
        cells = members[code]
        x, y = planar_x[cells], planar_y[cells]
        nearest = cells[int(np.argmin((x - x.mean()) ** 2 + (y - y.mean()) ** 2))]
        label_lon, label_lat = _to_degrees(*_unit_centre(axial[nearest]))
        latitude = _ORIGIN_LAT + float(y.mean())
        hexagon_km2 = 1.5 * math.sqrt(3) * (_CELL_SIZE * _KM_PER_DEGREE) ** 2
        rows.append(
            {
                "code": code,
                "level": len(code) - 2,
                "name": country_names[code] if len(code) == 2 else names[position],
                "parent": "" if len(code) == 2 else code[:-1],
                "country": code[:2],
                "nuts_version": NUTS_VERSION,
                "geometry": _geometry([axial[cell] for cell in cells]),
                "label_lon": label_lon,
                "label_lat": label_lat,
                "population": int(population[code]),
                "area_km2": round(
                    len(cells)
                    * hexagon_km2
                    * math.cos(math.radians(latitude))
                    / math.cos(math.radians(_ORIGIN_LAT)),
                    1,
                ),
            }
        )
    regions = pd.DataFrame(rows)
    countries = regions.loc[regions["level"] == 0, ["code", "name"]].reset_index(drop=True)
    cell_level3 = np.empty(len(axial), dtype=np.int64)
    for position, code in enumerate(level3):
        cell_level3[members[code]] = position
    return Geography(
        countries=countries,
        regions=regions,
        cell_x=planar_x,
        cell_y=planar_y,
        cell_level3=cell_level3,
        level3_codes=tuple(level3),
    )


def _unit_centre(cell: tuple[int, int]) -> tuple[float, float]:
    q, r = cell
    return float(2 * q + r), float(3 * r)


def sample_points(
    geography: Geography, level3_positions: npt.NDArray[np.int64], rng: np.random.Generator
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Random (lon, lat) points, each inside the polygon of the given level-3 region."""
    order = np.argsort(geography.cell_level3, kind="stable")
    counts = np.bincount(geography.cell_level3, minlength=len(geography.level3_codes))
    starts = np.cumsum(counts) - counts
    pick = starts[level3_positions] + (
        rng.random(len(level3_positions)) * counts[level3_positions]
    ).astype(np.int64)
    cells = order[pick]
    # Stay inside the hexagon's inscribed circle, with a margin for rounding.
    radius = 0.85 * math.sqrt(3) / 2 * _CELL_SIZE * np.sqrt(rng.random(len(cells)))
    angle = rng.uniform(0.0, 2 * np.pi, len(cells))
    x = geography.cell_x[cells] + radius * np.cos(angle)
    y = geography.cell_y[cells] + radius * np.sin(angle)
    lon = np.round(_ORIGIN_LON + x / math.cos(math.radians(_ORIGIN_LAT)), 6)
    return lon, np.round(_ORIGIN_LAT + y, 6)
