"""One table per NUTS version with names, hierarchy, label points and web geometries.

This is the shape the registry loads into its ``Region`` rows: one row per
code, the parent code, the geometry as GeoJSON text (already simplified) and
the label point.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from clustera.regions.codes import NutsCodeList
from clustera.regions.geometry import simplify_geometry

__all__ = ["nuts_regions_table"]


def nuts_regions_table(
    codes: NutsCodeList,
    geometries: pd.DataFrame | None = None,
    label_points: pd.DataFrame | None = None,
    tolerance: float = 0.0,
    precision: int | None = 4,
) -> pd.DataFrame:
    """Join a NUTS code list with its geometries and label points.

    Parameters
    ----------
    codes : NutsCodeList
        The regions of one version (from :func:`read_nuts_codes`).
    geometries : DataFrame, optional
        From :func:`read_nuts_geojson` on a ``NUTS_RG`` file; regions without
        a geometry get an empty string.
    label_points : DataFrame, optional
        From :func:`read_nuts_geojson` on a ``NUTS_LB`` file (Point geometries).
    tolerance, precision
        Simplification of the geometries (see :func:`simplify_geometry`).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code``, sorted by level then code (parents first);
        columns ``version, level, parent, country, name, name_native,
        geometry`` (GeoJSON text or ``""``), ``label_lon, label_lat`` (NaN when
        unknown).

    Examples
    --------
    >>> from clustera.regions.codes import NutsRegion
    >>> codes = NutsCodeList([NutsRegion("AT", 0, "AT", None, "Österreich", "Österreich", "2021"),
    ...                       NutsRegion("AT1", 1, "AT", "AT", "Ostösterreich", "Ostösterreich", "2021")], "2021")
    >>> points = pd.DataFrame({"level": [1], "geometry": [{"type": "Point", "coordinates": [16.1, 48.0]}]},
    ...                       index=pd.Index(["AT1"], name="code"))
    >>> nuts_regions_table(codes, label_points=points)[["parent", "label_lon"]].values.tolist()
    [[None, nan], ['AT', 16.1]]
    """
    table = codes.to_frame()
    table = table.assign(level=table["level"].astype(int)).sort_values(["level"], kind="stable")
    shapes = []
    for code in table.index:
        geometry = geometries["geometry"].get(code) if geometries is not None else None
        shapes.append(
            json.dumps(simplify_geometry(geometry, tolerance, precision), separators=(",", ":"))
            if isinstance(geometry, dict)
            else ""
        )
    longitudes = np.full(len(table), np.nan)
    latitudes = np.full(len(table), np.nan)
    if label_points is not None:
        for position, code in enumerate(table.index):
            point = label_points["geometry"].get(code)
            if isinstance(point, dict) and point.get("type") == "Point":
                longitudes[position], latitudes[position] = point["coordinates"][:2]
    result = pd.DataFrame(
        {
            "version": table["version"],
            "level": table["level"],
            "parent": table["parent"].astype(object).where(table["parent"].notna(), None),
            "country": table["country"],
            "name": table["name"],
            "name_native": table["name_native"],
            "geometry": shapes,
            "label_lon": longitudes,
            "label_lat": latitudes,
        },
        index=table.index,
    )
    return result
