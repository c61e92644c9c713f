"""Official reference lists (NUTS, NACE, technologies, ecosystems) as registry exchange tables.

The readers live in the pure core (``clustera.regions``, ``clustera.taxonomies``);
this module maps their tables to the exchange schema, so loading a list goes
through the same all-or-nothing importer as any other registry data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from clustera.errors import InvalidInputError
from clustera.registry.exchange_files import Tables, records_from_rows
from clustera.taxonomies import read_nace, read_technology_list, read_wipo_ipc_concordance

NACE_SCHEMES = {"2": "NACE2", "2.1": "NACE21"}
TECHNOLOGY_SCHEMES = {"kets": "KET", "ati": "ATI"}


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def nuts_tables(regions: pd.DataFrame) -> Tables:
    """Regions from ``clustera.regions.nuts_regions_table`` (one NUTS version)."""
    rows = [
        {
            "code": str(code),
            "nuts_version": str(row["version"]),
            "level": int(row["level"]),
            "name": str(row["name"]),
            "parent": row["parent"] or "",
            "country": str(row["country"]),
            "geometry": row["geometry"] or "",
            "label_lon": _number(row["label_lon"]),
            "label_lat": _number(row["label_lat"]),
        }
        for code, row in regions.iterrows()
    ]
    return {"regions": records_from_rows("regions", rows, "NUTS regions")}


def nace_tables(nace: pd.DataFrame, source: str | None = None) -> Tables:
    """Activities from ``clustera.taxonomies.read_nace`` (Rev. 2 or Rev. 2.1, dotted codes)."""
    scheme = NACE_SCHEMES[str(nace.attrs.get("revision", "2"))]
    rows = [
        {
            "scheme": scheme,
            "code": str(code),
            "name": str(row["description"]),
            "parent": row["parent"] if isinstance(row["parent"], str) else "",
            "level": int(row["level"]) - 1,
        }
        for code, row in nace.iterrows()
    ]
    return {"activities": records_from_rows("activities", rows, source or f"NACE ({scheme})")}


def technology_list_tables(items: pd.DataFrame, source: str | None = None) -> Tables:
    """KETs, ATI technologies or industrial ecosystems from ``read_technology_list``.

    ATI ids are numbers in their source; they are stored as ``ATI01``... so that they
    never collide with WIPO field numbers.
    """
    kind = items.attrs.get("kind")
    if kind == "ecosystems":
        rows = [
            {
                "scheme": "EU14",
                "code": str(code),
                "name": str(row["name"]),
                "parent": "",
                "level": 0,
            }
            for code, row in items.iterrows()
        ]
        return {
            "ecosystems": records_from_rows("ecosystems", rows, source or "industrial ecosystems")
        }
    if kind not in TECHNOLOGY_SCHEMES:
        raise InvalidInputError(
            "expected a KETs, ATI or ecosystems list",
            source=source or items.attrs.get("source"),
            field="kind",
            value=kind,
        )
    scheme = TECHNOLOGY_SCHEMES[kind]
    rows = [
        {
            "scheme": scheme,
            "code": f"ATI{int(str(code)):02d}" if kind == "ati" else str(code),
            "name": str(row["name"]),
            "parent": "",
            "level": 0,
        }
        for code, row in items.iterrows()
    ]
    return {"technologies": records_from_rows("technologies", rows, source or f"{scheme} list")}


def wipo_tables(concordance: Any, source: str | None = None) -> Tables:
    """WIPO's 35 technology fields under their 5 sectors (``read_wipo_ipc_concordance``)."""
    fields = concordance.technologies
    sectors = list(dict.fromkeys(fields["group"]))
    rows = [
        {"scheme": "WIPO35", "code": f"S{i}", "name": name, "parent": "", "level": 0}
        for i, name in enumerate(sectors, start=1)
    ]
    rows += [
        {
            "scheme": "WIPO35",
            "code": str(code),
            "name": str(row["name"]),
            "parent": f"S{sectors.index(row['group']) + 1}",
            "level": 1,
        }
        for code, row in fields.iterrows()
    ]
    return {
        "technologies": records_from_rows(
            "technologies", rows, source or "WIPO 35 technology fields"
        )
    }


# The importers of the ``clustera.importers`` entry-point group: one file in, exchange tables out.


def _existing(path: Path) -> Path:
    if not Path(path).is_file():
        raise InvalidInputError("no such file", source=str(path))
    return Path(path)


def read_nace_tables(path: Path) -> Tables:
    """NACE Rev. 2 (RAMON export) or Rev. 2.1 code list as the activities table."""
    return nace_tables(read_nace(_existing(path)), source=str(path))


def read_technology_list_tables(path: Path) -> Tables:
    """A KETs, ATI or industrial-ecosystem list CSV as the technologies or ecosystems table."""
    return technology_list_tables(read_technology_list(_existing(path)), source=str(path))


def read_wipo_tables(path: Path) -> Tables:
    """WIPO's IPC-to-35-fields concordance CSV as the technologies table (fields and sectors)."""
    return wipo_tables(read_wipo_ipc_concordance(_existing(path)), source=str(path))
