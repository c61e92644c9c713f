"""CORDIS projects, organisations and participations as registry exchange tables.

Organisations and projects keep their CORDIS identifiers (``CORDIS-<id>``), so a
later CORDIS release re-imports as an update. Source: CORDIS, European Union.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from clustera.io.cordis import read_cordis
from clustera.registry.exchange_files import Tables, records_from_rows
from clustera.registry.references import CodeResolver
from clustera.taxonomies.actors import organisation_type_from_cordis


def _text(value: Any) -> str:
    return (
        ""
        if value is None or (isinstance(value, float) and value != value) or value is pd.NA
        else str(value)
    )


def _sme_flag(sme: Any) -> bool | None:
    return None if sme is None or pd.isna(sme) else bool(sme)


def cordis_exchange_tables(cordis: Any, origin: str | None = None) -> Tables:
    """Exchange tables (organisations, projects, participations) from ``clustera.io.read_cordis``.

    ``origin`` (the file or folder read) is named in every record, so errors point at it.
    """
    resolver = CodeResolver()

    def region(code: str) -> str:
        if not code:
            return ""
        try:
            resolver.region_id(code)
        except ValueError:
            return ""
        return code

    organisations = []
    for org_id, row in cordis.organisations.iterrows():
        activity = _text(row["activity_type"])
        sme = row["sme"]
        organisations.append(
            {
                "id": f"CORDIS-{org_id}",
                "name": _text(row["name"])
                or _text(row["short_name"])
                or f"CORDIS organisation {org_id}",
                "type": organisation_type_from_cordis(activity, _sme_flag(sme)),
                "city": _text(row["city"]),
                "country": _text(row["country"]),
                "region": region(_text(row["nuts_code"])),
            }
        )
    projects = []
    for project_id, row in cordis.projects.iterrows():
        year = row["start_year"]
        projects.append(
            {
                "id": f"CORDIS-{project_id}",
                "title": _text(row["title"]) or _text(row["acronym"]),
                "programme": _text(row["programme"]),
                "start_year": None if year is pd.NA or pd.isna(year) else int(year),
                "description": _text(row["objective"]),
                "source": "CORDIS",
            }
        )
    participations = [
        {"project": f"CORDIS-{p}", "organisation": f"CORDIS-{o}", "role": _text(r)}
        for p, o, r in cordis.participations[["project_id", "org_id", "role"]].itertuples(
            index=False
        )
    ]
    source = f"CORDIS {cordis.layout} files" + (f" in {origin}" if origin else "")
    return {
        "organisations": records_from_rows(
            "organisations", organisations, f"{source}: organisations"
        ),
        "projects": records_from_rows("projects", projects, f"{source}: projects"),
        "participations": records_from_rows(
            "participations", participations, f"{source}: participations"
        ),
    }


def read_cordis_tables(path: Path) -> Tables:
    """CORDIS projects, organisations and participations (zip or folder) as exchange tables.

    The importer registered as ``cordis``: organisation regions are kept only when the
    registry knows the code, so it needs the database.
    """
    return cordis_exchange_tables(read_cordis(path), origin=str(path))
