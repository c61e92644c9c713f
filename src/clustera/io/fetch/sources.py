"""Official download addresses of Eurostat, GISCO (NUTS) and CORDIS, as download requests.

Base addresses can be overridden with ``CLUSTERA_EUROSTAT_URL``,
``CLUSTERA_GISCO_URL`` and ``CLUSTERA_CORDIS_URL`` (or a ``base_url``
argument), so tests and mirrors run the same code path.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from typing import Literal

from clustera.errors import InvalidInputError
from clustera.io.fetch.cache import DownloadRequest
from clustera.regions.codes import NUTS_VERSIONS

__all__ = [
    "CORDIS_PROGRAMMES",
    "EUROSTAT_LICENCE",
    "GISCO_LICENCE",
    "CORDIS_LICENCE",
    "NUTS_SCALES",
    "cordis_request",
    "eurostat_request",
    "nuts_request",
]

EUROSTAT_LICENCE = "Source: Eurostat. Free re-use with acknowledgement of the source (Commission Decision 2011/833/EU)."
GISCO_LICENCE = (
    "© EuroGeographics for the administrative boundaries. Eurostat GISCO provisions; "
    "commercial use: contact EuroGeographics."
)
CORDIS_LICENCE = (
    "Source: CORDIS, European Union. Re-use with attribution (Commission Decision 2011/833/EU)."
)

NUTS_SCALES = ("01M", "03M", "10M", "20M", "60M")
CORDIS_PROGRAMMES = {"h2020": "h2020", "horizon": "HORIZON", "fp7": "fp7"}

_DEFAULTS = {
    "eurostat": ("CLUSTERA_EUROSTAT_URL", "https://ec.europa.eu/eurostat"),
    "gisco": ("CLUSTERA_GISCO_URL", "https://gisco-services.ec.europa.eu"),
    "cordis": ("CLUSTERA_CORDIS_URL", "https://cordis.europa.eu"),
}
_CODE = re.compile(r"^[A-Za-z0-9_$]+$")


def _base(source: str, base_url: str | None) -> str:
    variable, default = _DEFAULTS[source]
    return (base_url or os.environ.get(variable) or default).rstrip("/")


def eurostat_request(
    code: str,
    format: Literal["tsv", "sdmx-csv", "json"] = "tsv",  # noqa: A002
    filters: dict[str, list[str]] | None = None,
    key: str | None = None,
    base_url: str | None = None,
) -> DownloadRequest:
    """Return the download of a Eurostat dataset.

    ``tsv`` and ``sdmx-csv`` use the SDMX 2.1 dissemination API (whole
    dataset, gzipped; ``key`` selects series by SDMX key for SDMX-CSV);
    ``json`` uses the statistics API, where ``filters`` become query
    parameters (``geo=DE11&geo=ES43&time=2022``).

    >>> eurostat_request("nama_10r_3empers").url
    'https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/data/nama_10r_3empers?format=TSV&compressed=true'
    >>> eurostat_request("rd_e_gerdreg", "json", {"geo": ["DE11", "ES43"]}).url.split("?")[1]
    'format=JSON&lang=EN&geo=DE11&geo=ES43'
    """
    if not _CODE.match(code):
        raise InvalidInputError("not a Eurostat dataset code", field="code", value=code)
    base = _base("eurostat", base_url)
    filters = filters or {}
    suffix = ""
    if filters:
        text = "_".join(f"{name}-{'-'.join(values)}" for name, values in sorted(filters.items()))
        suffix = "__" + re.sub(r"[^A-Za-z0-9_.-]", "", text)[:80]
    if format == "tsv":
        if filters or key:
            raise InvalidInputError(
                "the TSV download is the whole dataset: filter after reading, or use --format json",
                field="filters",
                value=filters or key,
            )
        url = f"{base}/api/dissemination/sdmx/2.1/data/{code}?format=TSV&compressed=true"
        filename = f"eurostat/{code}.tsv.gz"
    elif format == "sdmx-csv":
        if filters:
            raise InvalidInputError(
                "SDMX-CSV selects series with an SDMX key (--key A.THS..DE); filters need --format json",
                field="filters",
                value=filters,
            )
        path = f"{code}/{urllib.parse.quote(key, safe='.+')}" if key else code
        url = f"{base}/api/dissemination/sdmx/2.1/data/{path}?format=SDMX-CSV&compressed=true"
        key_part = "__" + re.sub(r"[^A-Za-z0-9_.+-]", "", key) if key else ""
        filename = f"eurostat/{code}{key_part}.sdmx.csv.gz"
    elif format == "json":
        query = [("format", "JSON"), ("lang", "EN")]
        query += [(name, value) for name, values in filters.items() for value in values]
        url = f"{base}/api/dissemination/statistics/1.0/data/{code}?{urllib.parse.urlencode(query)}"
        filename = f"eurostat/{code}{suffix}.json"
    else:
        raise InvalidInputError(
            "format must be tsv, sdmx-csv or json", field="format", value=format
        )
    return DownloadRequest(url, filename, "eurostat", code, EUROSTAT_LICENCE)


def nuts_request(
    year: str | int,
    level: int,
    scale: str = "20M",
    crs: int = 4326,
    kind: Literal["RG", "LB", "BN"] = "RG",
    base_url: str | None = None,
) -> DownloadRequest:
    """Return the download of a GISCO NUTS GeoJSON (regions, label points or boundaries).

    >>> nuts_request(2021, 2).url
    'https://gisco-services.ec.europa.eu/distribution/v2/nuts/geojson/NUTS_RG_20M_2021_4326_LEVL_2.geojson'
    """
    year_text = str(year)
    if year_text not in NUTS_VERSIONS:
        raise InvalidInputError(
            f"NUTS year must be one of {NUTS_VERSIONS}", field="year", value=year
        )
    if level not in (0, 1, 2, 3):
        raise InvalidInputError("NUTS level must be 0, 1, 2 or 3", field="level", value=level)
    if scale not in NUTS_SCALES:
        raise InvalidInputError(f"scale must be one of {NUTS_SCALES}", field="scale", value=scale)
    if crs not in (4326, 3035, 3857):
        raise InvalidInputError("crs must be 4326, 3035 or 3857", field="crs", value=crs)
    scale_part = "" if kind == "LB" else f"_{scale}"
    name = f"NUTS_{kind}{scale_part}_{year_text}_{crs}_LEVL_{level}.geojson"
    url = f"{_base('gisco', base_url)}/distribution/v2/nuts/geojson/{name}"
    return DownloadRequest(url, f"nuts/{name}", "gisco", f"NUTS {year_text}", GISCO_LICENCE)


def cordis_request(programme: str = "h2020", base_url: str | None = None) -> DownloadRequest:
    """Return the download of a CORDIS projects package (project.csv + organization.csv).

    >>> cordis_request("horizon").url
    'https://cordis.europa.eu/data/cordis-HORIZONprojects-csv.zip'
    """
    if programme not in CORDIS_PROGRAMMES:
        raise InvalidInputError(
            f"programme must be one of {sorted(CORDIS_PROGRAMMES)}",
            field="programme",
            value=programme,
        )
    name = f"cordis-{CORDIS_PROGRAMMES[programme]}projects-csv.zip"
    url = f"{_base('cordis', base_url)}/data/{name}"
    return DownloadRequest(url, f"cordis/{name}", "cordis", f"CORDIS {programme}", CORDIS_LICENCE)
