"""Patent microdata in the OECD REGPAT and EPO PATSTAT layouts, counted fractionally.

Both readers return the same tidy table, one row per (application, region,
class): ``appln_id, year, region, region_share, class, class_share``. The
region share of an application is the fraction of its inventors (or
applicants) located in the region; the class share is the fraction of the
application attributed to the class (an equal split over its distinct
classes, or PATSTAT's technology-field weights). :func:`fractional_counts`
then sums ``region_share x class_share`` into a region x class x year table,
so each application counts once in total when its regions and classes are
fully known.

References
----------
Maraut, S., Dernis, H., Webb, C., Spiezia, V., & Guellec, D. (2008). *The
OECD REGPAT database: a presentation*. OECD STI Working Paper 2008/2.
OECD (2009). *OECD Patent Statistics Manual*, section 5.3 (fractional counting).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from clustera.errors import DataFormatError, InvalidInputError
from clustera.taxonomies.concordance import normalise_patent_class

__all__ = [
    "PATENT_COLUMNS",
    "PATENT_RECORD_COLUMNS",
    "fractional_counts",
    "patent_class",
    "read_patstat",
    "read_regpat",
]

PATENT_COLUMNS = ("appln_id", "year", "region", "region_share", "class", "class_share")
"""The columns of the tables :func:`read_regpat` and :func:`read_patstat` return."""

PATENT_RECORD_COLUMNS: tuple[str, ...] = tuple(
    "tech_class" if column == "class" else column for column in PATENT_COLUMNS
)
"""The same layout as stored and aggregated: ``class`` is an SQL keyword, so ``tech_class``."""

ClassLevel = Literal["section", "class", "subclass", "main_group", "full"]
YearBasis = Literal["priority", "application"]


def patent_class(symbol: str, level: ClassLevel = "subclass") -> str:
    """Cut an IPC/CPC symbol to a level of the hierarchy, in padded PATSTAT form.

    >>> patent_class("H01L 21/02", "section"), patent_class("H01L21/02", "class")
    ('H', 'H01')
    >>> patent_class("H01L21/02"), patent_class("H01L21/02", "main_group")
    ('H01L', 'H01L  21')
    """
    padded = normalise_patent_class(symbol)
    if level == "section":
        return padded[:1]
    if level == "class":
        return padded[:3]
    if level == "subclass":
        return padded[:4]
    if level == "main_group":
        return padded.split("/", 1)[0]
    if level == "full":
        return padded
    raise InvalidInputError(
        "class level must be section, class, subclass, main_group or full",
        field="level",
        value=level,
    )


def _read_table(path: str | Path, separator: str, required: Iterable[str]) -> pd.DataFrame:
    source = str(path)
    try:
        table = pd.read_csv(
            path, sep=separator, dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
    except pd.errors.ParserError as exc:
        raise DataFormatError(f"cannot split the file into columns: {exc}", source=source) from exc
    table.columns = [str(column).strip().lower() for column in table.columns]
    missing = [column for column in required if column not in table.columns]
    if missing:
        raise DataFormatError(
            f"missing column(s) {missing} (separator {separator!r})",
            source=source,
            line=1,
            value=list(table.columns),
        )
    table.attrs["source"] = source
    return table


def _numbers(
    table: pd.DataFrame, column: str, low: float | None = None, high: float | None = None
) -> pd.Series:
    text = table[column].str.strip()
    numbers = pd.to_numeric(text, errors="coerce")
    bad = numbers.isna()
    if low is not None:
        bad |= numbers < low
    if high is not None:
        bad |= numbers > high
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        limits = f" in [{low}, {high}]" if low is not None and high is not None else ""
        raise DataFormatError(
            f"not a number{limits} (column {list(table.columns).index(column) + 1})",
            source=table.attrs.get("source"),
            line=row + 2,
            field=column,
            value=text.iloc[row],
        )
    return numbers.astype(np.float64)


def _classes_by_symbol(table: pd.DataFrame, column: str, level: ClassLevel) -> pd.DataFrame:
    symbols = table[column].str.strip()
    cut: dict[str, str] = {}
    for symbol in pd.unique(symbols):
        try:
            cut[symbol] = patent_class(symbol, level)
        except InvalidInputError:
            row = int(np.flatnonzero((symbols == symbol).to_numpy())[0])
            raise DataFormatError(
                f"not an IPC/CPC symbol (column {list(table.columns).index(column) + 1})",
                source=table.attrs.get("source"),
                line=row + 2,
                field=column,
                value=symbol,
            ) from None
    classes = pd.DataFrame(
        {"appln_id": table["appln_id"].str.strip(), "class": symbols.map(cut)}
    ).drop_duplicates()
    classes["class_share"] = 1.0 / classes.groupby("appln_id")["class"].transform("size")
    return classes


def _assemble(regions: pd.DataFrame, classes: pd.DataFrame, years: pd.Series) -> pd.DataFrame:
    table = regions.merge(classes, on="appln_id").merge(
        years.rename("year").reset_index(), on="appln_id"
    )
    table = table[list(PATENT_COLUMNS)].sort_values(["appln_id", "region", "class"])
    table["year"] = table["year"].astype(np.int64)
    return table.reset_index(drop=True)


def _cut_region(codes: pd.Series, region_level: int | None) -> pd.Series:
    if region_level is None:
        return codes
    if region_level not in (0, 1, 2, 3):
        raise InvalidInputError(
            "region level must be 0, 1, 2 or 3", field="region_level", value=region_level
        )
    return codes.str.slice(0, 2 + region_level)


def read_regpat(
    regions_path: str | Path,
    classes_path: str | Path,
    *,
    year: YearBasis = "priority",
    class_level: ClassLevel = "subclass",
    region_level: int | None = None,
    separator: str = "|",
) -> pd.DataFrame:
    """Read an OECD REGPAT edition (inventor or applicant regions, and IPC classes).

    Parameters
    ----------
    regions_path : str or Path
        ``{edition}_EPO_Inv_reg.txt`` (or ``_App_reg``): ``appln_id, reg_code,
        reg_share`` and ``inv_share`` (or ``app_share``); names are matched
        case-insensitively.
    classes_path : str or Path
        ``{edition}_EPO_IPC.txt``: ``appln_id, prio_year, app_year, IPC``.
    year : {"priority", "application"}
        Which year to count by.
    class_level : {"section", "class", "subclass", "main_group", "full"}
        Level the IPC symbols are cut to before the equal split.
    region_level : int, optional
        Cut ``reg_code`` to this NUTS level (``2`` turns ``DE111`` into ``DE11``).
    separator : str
        Field separator (``|`` in OECD files).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PATENT_COLUMNS`. ``region_share`` is
        ``sum(person share x reg_share)`` over the application's persons in
        the region.

    Raises
    ------
    DataFormatError
        Missing columns, a share outside [0, 1], a year or class that does not
        parse, with the file, line and column.
    """
    regions_raw = _read_table(regions_path, separator, ["appln_id", "reg_code", "reg_share"])
    person_column = next((c for c in ("inv_share", "app_share") if c in regions_raw.columns), None)
    if person_column is None:
        raise DataFormatError(
            "missing column 'inv_share' or 'app_share'", source=str(regions_path), line=1
        )
    share = _numbers(regions_raw, "reg_share", 0.0, 1.0) * _numbers(
        regions_raw, person_column, 0.0, 1.0
    )
    regions = (
        pd.DataFrame(
            {
                "appln_id": regions_raw["appln_id"].str.strip(),
                "region": _cut_region(regions_raw["reg_code"].str.strip(), region_level),
                "region_share": share,
            }
        )
        .groupby(["appln_id", "region"])["region_share"]
        .sum()
        .reset_index()
    )
    year_column = "prio_year" if year == "priority" else "app_year"
    if year not in ("priority", "application"):
        raise InvalidInputError(
            "year must be 'priority' or 'application'", field="year", value=year
        )
    classes_raw = _read_table(classes_path, separator, ["appln_id", year_column, "ipc"])
    years = _numbers(classes_raw, year_column, 1800, 2200)
    years.index = classes_raw["appln_id"].str.strip()
    years = years[~years.index.duplicated()]
    years.index.name = "appln_id"
    classes = _classes_by_symbol(classes_raw, "ipc", class_level)
    return _assemble(regions, classes, years)


def read_patstat(
    applications_path: str | Path,
    persons_path: str | Path,
    person_applications_path: str | Path,
    classes_path: str | Path,
    *,
    year: YearBasis = "priority",
    role: Literal["inventor", "applicant"] = "inventor",
    class_level: ClassLevel = "subclass",
    region_level: int | None = 3,
    separator: str = ",",
) -> pd.DataFrame:
    """Read PATSTAT tables into the tidy patent table.

    Parameters
    ----------
    applications_path : str or Path
        ``tls201_appln``: ``appln_id, appln_filing_year, earliest_filing_year``.
    persons_path : str or Path
        ``tls206_person``: ``person_id, nuts``.
    person_applications_path : str or Path
        ``tls207_pers_appln``: ``person_id, appln_id, invt_seq_nr, applt_seq_nr``.
    classes_path : str or Path
        ``tls209_appln_ipc`` (``appln_id, ipc_class_symbol``), ``tls224_appln_cpc``
        (``appln_id, cpc_class_symbol``) or ``tls230_appln_techn_field``
        (``appln_id, techn_field_nr, weight``: the WIPO field weights are used).
    year : {"priority", "application"}
        ``earliest_filing_year`` or ``appln_filing_year``.
    role : {"inventor", "applicant"}
        Persons with ``invt_seq_nr > 0`` or ``applt_seq_nr > 0``.
    class_level : str
        Level IPC/CPC symbols are cut to (ignored for technology fields).
    region_level : int, optional
        NUTS level the persons' ``nuts`` codes are cut to (3 by default).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PATENT_COLUMNS`. Each person of the role carries ``1/n``
        of the application; persons without a NUTS code keep their share out
        of every region (the counts stay fractional, never re-inflated).
    """
    if year not in ("priority", "application"):
        raise InvalidInputError(
            "year must be 'priority' or 'application'", field="year", value=year
        )
    year_column = "earliest_filing_year" if year == "priority" else "appln_filing_year"
    applications = _read_table(applications_path, separator, ["appln_id", year_column])
    years = _numbers(applications, year_column, 1800, 9999)
    years.index = pd.Index(applications["appln_id"].str.strip(), name="appln_id")
    persons = _read_table(persons_path, separator, ["person_id", "nuts"])
    sequence = "invt_seq_nr" if role == "inventor" else "applt_seq_nr"
    links = _read_table(person_applications_path, separator, ["person_id", "appln_id", sequence])
    links = links[_numbers(links, sequence, 0, None) > 0]
    located = pd.DataFrame(
        {"appln_id": links["appln_id"].str.strip(), "person_id": links["person_id"].str.strip()}
    ).drop_duplicates()
    located["region_share"] = 1.0 / located.groupby("appln_id")["person_id"].transform("size")
    nuts = pd.Series(
        persons["nuts"].str.strip().to_numpy(), index=persons["person_id"].str.strip().to_numpy()
    )
    located["region"] = _cut_region(located["person_id"].map(nuts).fillna(""), region_level)
    located = located[located["region"] != ""]
    regions = located.groupby(["appln_id", "region"])["region_share"].sum().reset_index()
    probe = _read_table(classes_path, separator, ["appln_id"])
    if "techn_field_nr" in probe.columns:
        weights = _numbers(probe, "weight", 0.0, 1.0) if "weight" in probe.columns else 1.0
        classes = pd.DataFrame(
            {
                "appln_id": probe["appln_id"].str.strip(),
                "class": probe["techn_field_nr"].str.strip(),
                "class_share": weights,
            }
        )
    else:
        column = next(
            (c for c in ("ipc_class_symbol", "cpc_class_symbol") if c in probe.columns), None
        )
        if column is None:
            raise DataFormatError(
                "expected ipc_class_symbol, cpc_class_symbol or techn_field_nr",
                source=str(classes_path),
                line=1,
                value=list(probe.columns),
            )
        classes = _classes_by_symbol(probe, column, class_level)
    return _assemble(regions, classes, years)


def fractional_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Sum ``region_share x class_share`` into a region x class x year long table.

    Parameters
    ----------
    table : DataFrame
        With the columns of :data:`PATENT_COLUMNS` (from :func:`read_regpat`
        or :func:`read_patstat`, possibly mapped to technologies with
        :meth:`clustera.taxonomies.TechnologyConcordance.apply`).

    Returns
    -------
    pandas.DataFrame
        Columns ``region, class, year, count`` sorted by the keys.

    Examples
    --------
    >>> table = pd.DataFrame({"appln_id": ["1", "1", "1", "1", "2"], "year": 2020,
    ...     "region": ["AT11", "AT11", "AT12", "AT12", "AT11"],
    ...     "region_share": [0.5, 0.5, 0.5, 0.5, 1.0], "class": ["A", "B", "A", "B", "A"],
    ...     "class_share": [0.5, 0.5, 0.5, 0.5, 1.0]})
    >>> fractional_counts(table)["count"].tolist()
    [1.25, 0.25, 0.25, 0.25]
    """
    missing = [column for column in PATENT_COLUMNS if column not in table.columns]
    if missing:
        raise InvalidInputError("the patent table lacks columns", value=missing)
    weights = table["region_share"].to_numpy(dtype=np.float64) * table["class_share"].to_numpy(
        dtype=np.float64
    )
    counts = (
        table[["region", "class", "year"]]
        .assign(count=weights)
        .groupby(["region", "class", "year"])["count"]
        .sum()
        .reset_index()
    )
    return counts.sort_values(["region", "class", "year"]).reset_index(drop=True)
