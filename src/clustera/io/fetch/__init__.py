"""Explicit, cached downloads of official data (Eurostat, GISCO NUTS, CORDIS).

>>> from clustera.io.fetch import nuts_request
>>> nuts_request(2024, 2, "60M").filename
'nuts/NUTS_RG_60M_2024_4326_LEVL_2.geojson'
"""

from clustera.io.fetch.cache import (
    CachedFile,
    DataCache,
    DownloadRequest,
    ProgressCallback,
    default_cache_dir,
)
from clustera.io.fetch.datasets import (
    Provenance,
    fetch_cordis,
    fetch_eurostat,
    fetch_nuts,
    provenance_of,
)
from clustera.io.fetch.sources import (
    CORDIS_LICENCE,
    CORDIS_PROGRAMMES,
    EUROSTAT_LICENCE,
    GISCO_LICENCE,
    NUTS_SCALES,
    cordis_request,
    eurostat_request,
    nuts_request,
)

__all__ = [
    "CORDIS_LICENCE",
    "CORDIS_PROGRAMMES",
    "EUROSTAT_LICENCE",
    "GISCO_LICENCE",
    "NUTS_SCALES",
    "CachedFile",
    "DataCache",
    "DownloadRequest",
    "ProgressCallback",
    "Provenance",
    "cordis_request",
    "default_cache_dir",
    "eurostat_request",
    "fetch_cordis",
    "fetch_eurostat",
    "fetch_nuts",
    "nuts_request",
    "provenance_of",
]
