"""Loading the synthetic demo world's registry tables, through the ordinary importer."""

from __future__ import annotations

import math
from typing import Any

from clustera.registry.exchange_files import Tables, records_from_rows
from clustera.registry.importing import ImportReport, Progress, import_tables
from clustera.registry.schema import TABLES


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


# Taxonomy tables the synthetic world gives without a scheme column get these schemes.
_DEFAULT_SCHEMES = {
    "ecosystems": "SYN-ECO",
    "s3_priorities": "SYN-S3",
    "activities": "SYN-NACE",
    "technologies": "SYN-TECH",
}


def world_tables(world: Any) -> Tables:
    """The exchange tables of a ``clustera.synth.World`` (its extra columns left aside)."""
    tables: Tables = {}
    for table in TABLES:
        frame = getattr(world, table.name, None)
        if frame is None or len(frame) == 0:
            continue
        if table.name in _DEFAULT_SCHEMES and "scheme" not in frame.columns:
            frame = frame.assign(scheme=_DEFAULT_SCHEMES[table.name])
        columns = [c for c in table.column_names if c in frame.columns]
        rows = [
            {c: _clean(v) for c, v in zip(columns, values, strict=True)}
            for values in frame[columns].itertuples(index=False, name=None)
        ]
        tables[table.name] = records_from_rows(table.name, rows, f"synthetic world: {table.name}")
    return tables


def import_world(world: Any, progress: Progress | None = None) -> ImportReport:
    """Import a ``clustera.synth.World``'s registry tables (one transaction), labelled synthetic.

    Its observatory datasets are loaded by the layer above (``clustera.portal.seeding``).
    """
    return import_tables(world_tables(world), synthetic=True, progress=progress)
