"""Fetch an official dataset and read it, returning the table with its provenance.

These are what the portal's import services and the CLI call: download into
the cache (or reuse a verified copy), read with the matching reader, and
describe where the data came from so every figure can name its dataset.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar

import pandas as pd

from clustera.errors import ClusteraError, InvalidInputError
from clustera.io.cordis import CordisTables, read_cordis
from clustera.io.eurostat import read_eurostat
from clustera.io.fetch.cache import CachedFile, DataCache, DownloadRequest, ProgressCallback
from clustera.io.fetch.sources import cordis_request, eurostat_request, nuts_request
from clustera.regions.codes import NutsCodeList, read_nuts_codes
from clustera.regions.geometry import read_nuts_geojson

__all__ = ["Provenance", "fetch_cordis", "fetch_eurostat", "fetch_nuts", "provenance_of"]

T = TypeVar("T")


@dataclass(frozen=True)
class Provenance:
    """Where a dataset came from, as the portal stores it beside the data.

    ``last_update`` is the publisher's own date (SDMX ``LAST UPDATE``,
    JSON-stat ``updated``, else the HTTP ``Last-Modified`` header, else "");
    ``path`` is the file in the cache; ``reused`` tells whether this call
    found it there instead of downloading it.
    """

    source: str
    dataset: str
    url: str
    sha256: str
    size: int
    downloaded_at: str
    last_update: str
    licence: str
    file_format: str
    path: str
    reused: bool = field(default=False, compare=False)


def _read_or_discard(cache: DataCache, request: DownloadRequest, reader: Callable[[Path], T]) -> T:
    """Read a fetched file; a file that does not read leaves the cache, so it is never reused."""
    try:
        return reader(cache.target(request))
    except ClusteraError:
        cache.discard(request)
        raise


def provenance_of(cached: CachedFile, table: pd.DataFrame | None = None) -> Provenance:
    """Describe a cached file (and the table read from it) for storage with the data."""
    attrs = table.attrs if table is not None else {}
    return Provenance(
        source=cached.source,
        dataset=cached.dataset,
        url=cached.url,
        sha256=cached.sha256,
        size=cached.size,
        downloaded_at=cached.downloaded_at,
        last_update=str(attrs.get("last_update") or cached.last_modified or ""),
        licence=cached.licence,
        file_format=str(attrs.get("format", cached.path.suffix.lstrip("."))),
        path=str(cached.path),
        reused=cached.from_cache,
    )


def fetch_eurostat(
    code: str,
    *,
    file_format: Literal["tsv", "sdmx-csv", "json"] = "tsv",
    filters: dict[str, list[str]] | None = None,
    key: str | None = None,
    cache: DataCache | None = None,
    refresh: bool = False,
    progress: ProgressCallback | None = None,
    base_url: str | None = None,
) -> tuple[pd.DataFrame, Provenance]:
    """Download (or reuse) a Eurostat dataset and return its tidy table and provenance.

    ``filters`` go to the API for JSON; for TSV and SDMX-CSV (whole datasets)
    they are applied to the tidy table after reading.

    Raises
    ------
    OfflineError, DownloadError
        From the download; DataFormatError when the file does not read;
        InvalidInputError for a filter on a dimension the dataset lacks.
    """
    cache = cache or DataCache()
    server_filters = filters if file_format == "json" else None
    request = eurostat_request(code, file_format, server_filters, key, base_url)
    cached = cache.fetch(request, refresh=refresh, progress=progress)
    table = _read_or_discard(cache, request, read_eurostat)
    for name, values in (filters or {}).items():
        if name not in table.columns:
            raise InvalidInputError(
                f"no dimension {name!r} in {code}; dimensions are {list(table.columns[:-4])}",
                field="filters",
                value=name,
            )
        table = table[table[name].isin(values)]
    return table.reset_index(drop=True), provenance_of(cached, table)


def fetch_nuts(
    year: str | int,
    level: int,
    scale: str = "20M",
    *,
    cache: DataCache | None = None,
    refresh: bool = False,
    progress: ProgressCallback | None = None,
    base_url: str | None = None,
) -> tuple[NutsCodeList, pd.DataFrame, Provenance]:
    """Download (or reuse) GISCO NUTS regions of one level; return codes, geometries, provenance."""
    cache = cache or DataCache()
    cached = cache.fetch(
        nuts_request(year, level, scale, base_url=base_url), refresh=refresh, progress=progress
    )
    codes = read_nuts_codes(cached.path, str(year))
    geometries = read_nuts_geojson(cached.path)
    return codes, geometries, provenance_of(cached)


def fetch_cordis(
    programme: str = "h2020",
    *,
    cache: DataCache | None = None,
    refresh: bool = False,
    progress: ProgressCallback | None = None,
    base_url: str | None = None,
) -> tuple[CordisTables, Provenance]:
    """Download (or reuse) a CORDIS projects package; return its three tables and provenance."""
    cache = cache or DataCache()
    request = cordis_request(programme, base_url)
    cached = cache.fetch(request, refresh=refresh, progress=progress)
    return _read_or_discard(cache, request, read_cordis), provenance_of(cached)
