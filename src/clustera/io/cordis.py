"""CORDIS projects, organisations and participations (EU framework programmes).

Two layouts are read into the same three tables:

* the official CORDIS bulk package (``cordis-h2020projects-csv.zip``,
  ``cordis-HORIZONprojects-csv.zip``): ``project.csv`` and
  ``organization.csv``, semicolon-separated and quoted, one row of
  ``organization.csv`` per participation carrying the organisation's details;
* the cleaned subset beside Clustera's test data: ``projects.csv``,
  ``organisations.csv``, ``participations.csv`` (comma-separated).

Source attribution: "Source: CORDIS, European Union" (Commission Decision 2011/833/EU).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from clustera.errors import DataFormatError

__all__ = ["CordisTables", "read_cordis"]

ATTRIBUTION = "Source: CORDIS, European Union"

_PROJECT_COLUMNS = [
    "project_id", "rcn", "acronym", "title", "start_date", "end_date", "start_year",
    "total_cost", "ec_max_contribution", "programme", "topic", "funding_scheme", "objective",
]  # fmt: skip
_ORGANISATION_COLUMNS = [
    "org_id",
    "name",
    "short_name",
    "country",
    "activity_type",
    "sme",
    "city",
    "nuts_code",
]
_PARTICIPATION_COLUMNS = [
    "project_id",
    "org_id",
    "role",
    "activity_type",
    "country",
    "ec_contribution",
]


@dataclass(frozen=True)
class CordisTables:
    """The three CORDIS tables, keyed by ``project_id`` and ``org_id`` (strings).

    Attributes
    ----------
    projects : DataFrame
        Index ``project_id``; columns ``rcn, acronym, title, start_date,
        end_date`` (datetime64), ``start_year`` (Int64), ``total_cost,
        ec_max_contribution`` (float64), ``programme, topic, funding_scheme, objective``.
    organisations : DataFrame
        Index ``org_id``; ``name, short_name, country, activity_type, sme``
        (boolean, NA when unknown), ``city, nuts_code``.
    participations : DataFrame
        ``project_id, org_id, role, activity_type, country, ec_contribution``.
    layout : str
        ``"official"`` or ``"subset"``.
    """

    projects: pd.DataFrame
    organisations: pd.DataFrame
    participations: pd.DataFrame
    layout: str


def _read(source: Path | zipfile.ZipFile, name: str, separator: str, label: str) -> pd.DataFrame:
    try:
        if isinstance(source, zipfile.ZipFile):
            member = next(item for item in source.namelist() if Path(item).name == name)
            with source.open(member) as handle:
                data = handle.read()
        else:
            data = (source / name).read_bytes()
        table = pd.read_csv(
            io.BytesIO(data), sep=separator, dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
    except pd.errors.ParserError as exc:
        raise DataFormatError(f"cannot split into columns: {exc}", source=label) from exc
    except UnicodeDecodeError as exc:
        raise DataFormatError("not UTF-8 text", source=label) from exc
    table.attrs["source"] = label
    return table


def _require(table: pd.DataFrame, columns: list[str]) -> None:
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise DataFormatError(
            f"missing column(s) {missing}",
            source=table.attrs.get("source"),
            line=1,
            value=list(table.columns),
        )


def _amounts(table: pd.DataFrame, column: str) -> pd.Series:
    text = table[column].str.strip()
    # Some CORDIS exports write decimal commas ("1234,5"); a comma is never a thousands separator there.
    normalised = text.where(
        text.str.contains(".", regex=False), text.str.replace(",", ".", regex=False)
    )
    numbers = pd.to_numeric(normalised.where(normalised != ""), errors="coerce")
    bad = numbers.isna() & (normalised != "")
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataFormatError(
            f"not an amount (column {list(table.columns).index(column) + 1})",
            source=table.attrs.get("source"),
            line=row + 2,
            field=column,
            value=text.iloc[row],
        )
    return numbers.astype(np.float64)


def _dates(table: pd.DataFrame, column: str) -> pd.Series:
    text = table[column].str.strip().str.slice(0, 10)
    dates = pd.to_datetime(text.where(text != ""), format="%Y-%m-%d", errors="coerce")
    bad = dates.isna() & (text != "")
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataFormatError(
            f"not a YYYY-MM-DD date (column {list(table.columns).index(column) + 1})",
            source=table.attrs.get("source"),
            line=row + 2,
            field=column,
            value=text.iloc[row],
        )
    return dates


def _flags(table: pd.DataFrame, column: str) -> pd.Series:
    if column not in table.columns:
        return pd.Series(pd.NA, index=table.index, dtype="boolean")
    text = table[column].str.strip().str.lower()
    mapping = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}
    bad = ~text.isin(list(mapping)) & (text != "")
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataFormatError(
            "not true/false",
            source=table.attrs.get("source"),
            line=row + 2,
            field=column,
            value=text.iloc[row],
        )
    return text.map(mapping).astype("boolean")


def _unique_key(table: pd.DataFrame, column: str) -> None:
    repeated = table[column].duplicated()
    if repeated.any():
        row = int(np.flatnonzero(repeated.to_numpy())[0])
        raise DataFormatError(
            "key repeated",
            source=table.attrs.get("source"),
            line=row + 2,
            field=column,
            value=table[column].iloc[row],
        )


def _official(source: Path | zipfile.ZipFile, label: str) -> CordisTables:
    project = _read(source, "project.csv", ";", f"{label}/project.csv")
    organisation = _read(source, "organization.csv", ";", f"{label}/organization.csv")
    _require(
        project,
        ["id", "acronym", "title", "startDate", "endDate", "totalCost", "ecMaxContribution"],
    )
    _require(
        organisation,
        [
            "projectID",
            "organisationID",
            "name",
            "country",
            "activityType",
            "role",
            "ecContribution",
        ],
    )
    _unique_key(project, "id")
    start = _dates(project, "startDate")
    projects = pd.DataFrame(
        {
            "project_id": project["id"].str.strip(),
            "rcn": project.get("rcn", pd.Series("", index=project.index)),
            "acronym": project["acronym"],
            "title": project["title"],
            "start_date": start,
            "end_date": _dates(project, "endDate"),
            "start_year": start.dt.year.astype("Int64"),
            "total_cost": _amounts(project, "totalCost"),
            "ec_max_contribution": _amounts(project, "ecMaxContribution"),
            "programme": project.get("frameworkProgramme", ""),
            "topic": project.get("topics", ""),
            "funding_scheme": project.get("fundingScheme", ""),
            "objective": project.get("objective", ""),
        }
    )
    participations = pd.DataFrame(
        {
            "project_id": organisation["projectID"].str.strip(),
            "org_id": organisation["organisationID"].str.strip(),
            "role": organisation["role"].str.strip().str.lower(),
            "activity_type": organisation["activityType"].str.strip(),
            "country": organisation["country"].str.strip(),
            "ec_contribution": _amounts(organisation, "ecContribution"),
        }
    )
    latest = organisation
    if "contentUpdateDate" in organisation.columns:
        latest = organisation.sort_values("contentUpdateDate", kind="stable")
    latest = latest.drop_duplicates("organisationID", keep="last")
    organisations = pd.DataFrame(
        {
            "org_id": latest["organisationID"].str.strip(),
            "name": latest["name"],
            "short_name": latest.get("shortName", ""),
            "country": latest["country"].str.strip(),
            "activity_type": latest["activityType"].str.strip(),
            "sme": _flags(latest, "SME"),
            "city": latest.get("city", ""),
            "nuts_code": latest.get("nutsCode", ""),
        }
    )
    return _finish(projects, organisations, participations, "official")


def _subset(folder: Path, label: str) -> CordisTables:
    project = _read(folder, "projects.csv", ",", f"{label}/projects.csv")
    organisation = _read(folder, "organisations.csv", ",", f"{label}/organisations.csv")
    participation = _read(folder, "participations.csv", ",", f"{label}/participations.csv")
    _require(
        project,
        [
            "project_rcn",
            "start_date",
            "end_date",
            "max_contribution",
            "total_cost",
            "programme_parts",
        ],
    )
    _require(organisation, ["org_id", "country", "activity_type"])
    _require(
        participation,
        ["project_rcn", "org_id", "role", "activity_type", "country", "ec_contribution"],
    )
    _unique_key(project, "project_rcn")
    _unique_key(organisation, "org_id")
    start = _dates(project, "start_date")
    empty = pd.Series("", index=project.index)
    projects = pd.DataFrame(
        {
            "project_id": project["project_rcn"].str.strip(),
            "rcn": project["project_rcn"].str.strip(),
            "acronym": project.get("acronym", empty),
            "title": project.get("title", empty),
            "start_date": start,
            "end_date": _dates(project, "end_date"),
            "start_year": start.dt.year.astype("Int64"),
            "total_cost": _amounts(project, "total_cost"),
            "ec_max_contribution": _amounts(project, "max_contribution"),
            "programme": project["programme_parts"],
            "topic": project.get("topic", empty),
            "funding_scheme": project.get("funding_scheme", empty),
            "objective": project.get("objective", empty),
        }
    )
    blank = pd.Series("", index=organisation.index)
    organisations = pd.DataFrame(
        {
            "org_id": organisation["org_id"].str.strip(),
            "name": organisation.get("name", blank),
            "short_name": organisation.get("short_name", blank),
            "country": organisation["country"].str.strip(),
            "activity_type": organisation["activity_type"].str.strip(),
            "sme": _flags(organisation, "sme"),
            "city": organisation.get("city", blank),
            "nuts_code": organisation.get("nuts_code", blank),
        }
    )
    participations = pd.DataFrame(
        {
            "project_id": participation["project_rcn"].str.strip(),
            "org_id": participation["org_id"].str.strip(),
            "role": participation["role"].str.strip().str.lower(),
            "activity_type": participation["activity_type"].str.strip(),
            "country": participation["country"].str.strip(),
            "ec_contribution": _amounts(participation, "ec_contribution"),
        }
    )
    unknown = ~participations["project_id"].isin(projects["project_id"])
    if unknown.any():
        row = int(np.flatnonzero(unknown.to_numpy())[0])
        raise DataFormatError(
            "participation in a project that is not in projects.csv",
            source=participation.attrs["source"],
            line=row + 2,
            field="project_rcn",
            value=participations["project_id"].iloc[row],
        )
    return _finish(projects, organisations, participations, "subset")


def _finish(
    projects: pd.DataFrame, organisations: pd.DataFrame, participations: pd.DataFrame, layout: str
) -> CordisTables:
    projects = projects[_PROJECT_COLUMNS].set_index("project_id")
    organisations = organisations[_ORGANISATION_COLUMNS].set_index("org_id")
    participations = participations[_PARTICIPATION_COLUMNS].reset_index(drop=True)
    for table in (projects, organisations, participations):
        table.attrs["attribution"] = ATTRIBUTION
    return CordisTables(projects, organisations, participations, layout)


def read_cordis(path: str | Path) -> CordisTables:
    """Read CORDIS projects, organisations and participations.

    Parameters
    ----------
    path : str or Path
        The official zip package, a folder holding its ``project.csv`` and
        ``organization.csv``, or a folder with the subset's ``projects.csv``,
        ``organisations.csv`` and ``participations.csv``.

    Returns
    -------
    CordisTables

    Raises
    ------
    DataFormatError
        Unknown layout, missing columns, repeated keys, a bad amount or date
        (with the file, line and column), or a participation in an unknown project.
    """
    location = Path(path)
    label = str(location)
    if location.is_file():
        if not zipfile.is_zipfile(location):
            raise DataFormatError("expected a CORDIS zip package or a folder", source=label)
        with zipfile.ZipFile(location) as package:
            names = {Path(name).name: name for name in package.namelist()}
            if "project.csv" not in names or "organization.csv" not in names:
                raise DataFormatError(
                    "the zip holds no project.csv and organization.csv",
                    source=label,
                    value=sorted(names),
                )
            return _official(package, label)
    if (location / "project.csv").is_file() and (location / "organization.csv").is_file():
        return _official(location, label)
    if all(
        (location / name).is_file()
        for name in ("projects.csv", "organisations.csv", "participations.csv")
    ):
        return _subset(location, label)
    raise DataFormatError(
        "no CORDIS files found (project.csv + organization.csv, or projects/organisations/participations.csv)",
        source=label,
    )
