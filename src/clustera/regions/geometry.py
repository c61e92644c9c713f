"""NUTS boundaries from GISCO GeoJSON, simplified for web maps.

Simplification is the Ramer-Douglas-Peucker algorithm applied ring by ring:
a vertex is kept when it lies farther than ``tolerance`` (in the file's
units, degrees for EPSG:4326) from the segment joining the vertices kept
around it. Rings keep at least four positions so polygons stay valid. Rings
are simplified independently, so borders shared by two regions can drift
apart by up to ``tolerance``; GISCO's coarser scales (20M, 60M) are the
topologically clean choice when that matters. Maps must credit
"© EuroGeographics for the administrative boundaries".

References
----------
Douglas, D. H., & Peucker, T. K. (1973). Algorithms for the reduction of the
number of points required to represent a digitized line or its caricature.
*Cartographica*, 10(2), 112-122.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from clustera.errors import DataFormatError, InvalidInputError
from clustera.regions.codes import nuts_level

__all__ = [
    "ATTRIBUTION",
    "douglas_peucker",
    "read_nuts_geojson",
    "regions_to_geojson",
    "simplify_geometry",
]

ATTRIBUTION = "© EuroGeographics for the administrative boundaries"


def _segment_distances(points: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    direction = end - start
    length_squared = float(direction @ direction)
    if length_squared == 0.0:
        return np.asarray(np.hypot(*(points - start).T))
    along = np.clip(((points - start) @ direction) / length_squared, 0.0, 1.0)
    nearest = start + along[:, None] * direction
    return np.asarray(np.hypot(*(points - nearest).T))


def douglas_peucker(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Return the positions of a polyline kept by Ramer-Douglas-Peucker.

    Parameters
    ----------
    points : ndarray of shape (n, 2)
        The polyline; the first and last positions are always kept.
    tolerance : float
        Largest distance a dropped position may lie from the simplified line.

    Examples
    --------
    >>> line = np.array([[0, 0], [1, 0.05], [2, -0.05], [3, 0], [3, 2]])
    >>> douglas_peucker(line, 0.1).tolist()
    [[0.0, 0.0], [3.0, 0.0], [3.0, 2.0]]
    """
    if tolerance < 0:
        raise InvalidInputError("tolerance must be >= 0", field="tolerance", value=tolerance)
    array = np.asarray(points, dtype=np.float64)
    if len(array) < 3:
        return array.copy()
    keep = np.zeros(len(array), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(array) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        inner = array[first + 1 : last]
        distances = _segment_distances(inner, array[first], array[last])
        farthest = int(np.argmax(distances))
        if distances[farthest] > tolerance:
            index = first + 1 + farthest
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return array[keep]


def _simplify_ring(ring: np.ndarray, tolerance: float) -> np.ndarray:
    if len(ring) <= 4:
        return ring
    # A closed ring has no base segment: split it at the vertex farthest from its start.
    split = int(np.argmax(np.hypot(*(ring - ring[0]).T)))
    half_a = douglas_peucker(ring[: split + 1], tolerance)
    half_b = douglas_peucker(ring[split:], tolerance)
    simplified = np.vstack([half_a, half_b[1:]])
    if len(simplified) < 4:
        # keep a valid (non-degenerate) ring: start, the two farthest vertices, start
        middle = np.argsort(-_segment_distances(ring, ring[0], ring[split]))[:1]
        chosen = sorted({0, split, int(middle[0])})
        simplified = np.vstack([ring[chosen], ring[:1]])
    return simplified


def simplify_geometry(
    geometry: dict[str, Any], tolerance: float, precision: int | None = None
) -> dict[str, Any]:
    """Simplify a GeoJSON geometry; optionally round coordinates to ``precision`` decimals.

    Polygons and multipolygons are simplified ring by ring, line strings as
    polylines; points are only rounded.

    >>> square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0.01], [2, 0], [2, 2], [0, 2], [0, 0]]]}
    >>> simplify_geometry(square, 0.1)["coordinates"]
    [[[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0], [0.0, 0.0]]]
    """
    kind = geometry.get("type")

    def finish(array: np.ndarray) -> list[Any]:
        if precision is not None:
            array = np.round(array, precision)
        result: list[Any] = array.tolist()
        return result

    def ring(coordinates: list[Any]) -> list[Any]:
        return finish(_simplify_ring(np.asarray(coordinates, dtype=np.float64), tolerance))

    def line(coordinates: list[Any]) -> list[Any]:
        return finish(douglas_peucker(np.asarray(coordinates, dtype=np.float64), tolerance))

    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        simplified: Any = [ring(part) for part in coordinates or []]
    elif kind == "MultiPolygon":
        simplified = [[ring(part) for part in polygon] for polygon in coordinates or []]
    elif kind == "LineString":
        simplified = line(coordinates or [])
    elif kind == "MultiLineString":
        simplified = [line(part) for part in coordinates or []]
    elif kind in ("Point", "MultiPoint"):
        simplified = finish(np.asarray(coordinates, dtype=np.float64))
    else:
        raise InvalidInputError("unsupported GeoJSON geometry type", field="type", value=kind)
    return {"type": kind, "coordinates": simplified}


def read_nuts_geojson(path: str | Path) -> pd.DataFrame:
    """Read NUTS regions with their geometries from a GISCO or Nuts2json GeoJSON.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code``; columns ``level``, ``country``, ``name`` and
        ``geometry`` (the GeoJSON geometry as a dict). ``attrs["crs"]`` holds
        the declared CRS (``EPSG:4326`` when the file names none).

    Raises
    ------
    DataFormatError
        Not a FeatureCollection, a feature without a NUTS code or geometry
        (naming the feature number), or a repeated code.
    """
    source = str(path)
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataFormatError(
            f"invalid JSON: {exc.msg} (column {exc.colno})", source=source, line=exc.lineno
        ) from exc
    if not isinstance(document, dict) or not isinstance(document.get("features"), list):
        raise DataFormatError("not a GeoJSON FeatureCollection", source=source, field="features")
    rows: dict[str, dict[str, Any]] = {}
    for number, feature in enumerate(document["features"]):
        properties = feature.get("properties") or {}
        code = str(properties.get("NUTS_ID") or properties.get("id") or "").strip()
        where = f"features[{number}]"
        try:
            level = nuts_level(code)
        except InvalidInputError:
            raise DataFormatError(
                "feature without a NUTS code", source=source, field=where, value=code
            ) from None
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict) or "coordinates" not in geometry:
            raise DataFormatError(
                "feature without a geometry", source=source, field=where, value=code
            )
        if code in rows:
            raise DataFormatError("NUTS code repeated", source=source, field=where, value=code)
        name = properties.get("NAME_LATN") or properties.get("na") or ""
        rows[code] = {
            "level": level,
            "country": str(properties.get("CNTR_CODE") or code[:2]),
            "name": " ".join(str(name).split()),
            "geometry": geometry,
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "code"
    crs = ((document.get("crs") or {}).get("properties") or {}).get("name", "EPSG:4326")
    table.attrs.update({"source": source, "crs": str(crs)})
    return table.sort_index()


def regions_to_geojson(
    regions: pd.DataFrame, tolerance: float = 0.0, precision: int | None = 4
) -> dict[str, Any]:
    """Return a FeatureCollection for the web: ``code``, ``name``, ``level`` and simplified geometry.

    Parameters
    ----------
    regions : DataFrame
        As returned by :func:`read_nuts_geojson`.
    tolerance : float
        Douglas-Peucker tolerance in coordinate units (0 keeps every vertex).
    precision : int, optional
        Decimals kept (4 decimals of a degree is about 10 m).
    """
    features = []
    for code, row in regions.iterrows():
        geometry = simplify_geometry(row["geometry"], tolerance, precision)
        properties = {"code": str(code), "name": row.get("name", ""), "level": int(row["level"])}
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    return {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}
