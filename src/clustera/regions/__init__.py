"""NUTS regions: code lists and hierarchy, boundaries for the web, conversion between versions.

>>> from clustera.regions import nuts_level, nuts_parent
>>> nuts_level("ITC4"), nuts_parent("ITC4")
(2, 'ITC')
"""

from clustera.regions.codes import (
    NUTS_VERSIONS,
    NutsCodeList,
    NutsRegion,
    nuts_country,
    nuts_level,
    nuts_parent,
    read_nuts_codes,
)
from clustera.regions.conversion import (
    CONVERTER_WEIGHTS,
    NutsConverter,
    read_nuts_converter,
    remap_observations,
    remap_regions,
)
from clustera.regions.geometry import (
    ATTRIBUTION,
    douglas_peucker,
    read_nuts_geojson,
    regions_to_geojson,
    simplify_geometry,
)
from clustera.regions.hierarchy import (
    PARENT_TABLE_COLUMNS,
    ancestors_at_level,
    descendants,
    roll_up,
)
from clustera.regions.tables import nuts_regions_table

__all__ = [
    "ATTRIBUTION",
    "CONVERTER_WEIGHTS",
    "NUTS_VERSIONS",
    "PARENT_TABLE_COLUMNS",
    "NutsCodeList",
    "NutsConverter",
    "NutsRegion",
    "ancestors_at_level",
    "descendants",
    "douglas_peucker",
    "nuts_country",
    "nuts_level",
    "nuts_parent",
    "nuts_regions_table",
    "read_nuts_codes",
    "read_nuts_converter",
    "read_nuts_geojson",
    "regions_to_geojson",
    "remap_observations",
    "remap_regions",
    "roll_up",
    "simplify_geometry",
]
