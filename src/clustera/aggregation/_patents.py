"""Patent records to fractional region x technology x year counts."""

from __future__ import annotations

import math

import pandas as pd

from clustera.aggregation._checks import check_columns, check_rows
from clustera.aggregation._engines import DuckDBEngine, Engine
from clustera.aggregation._matrix import long_matrix
from clustera.aggregation._queries import patent_matrix_plan, share_total_sql, unmapped_class_sql
from clustera.aggregation._sources import RecordSource, Table, as_table
from clustera.errors import DataFormatError, DuplicateError, InvalidInputError, UnknownCodeError
from clustera.io.patents import PATENT_RECORD_COLUMNS

__all__ = [
    "CONCORDANCE_COLUMNS",
    "PATENT_RECORD_COLUMNS",
    "aggregate_patents",
    "check_share_totals",
]

# The layout (one row per application, region and class, with its two shares) is defined in
# clustera.io.patents; ``appln_id`` may be an integer or text, and the year and class columns can be
# renamed (``year_column``, ``class_column``).

CONCORDANCE_COLUMNS: tuple[str, ...] = ("tech_class", "technology", "weight")
"""The class-to-technology concordance layout: a class may feed several technologies."""


def _checked_concordance(concordance: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(concordance, pd.DataFrame):
        raise InvalidInputError(
            "the concordance must be a pandas DataFrame",
            field="concordance",
            value=type(concordance).__name__,
        )
    for column in CONCORDANCE_COLUMNS:
        if column not in concordance.columns:
            raise DataFormatError(
                "a concordance needs the columns tech_class, technology, weight",
                source="concordance",
                field=column,
            )
    table = concordance.loc[:, list(CONCORDANCE_COLUMNS)]
    for column in ("tech_class", "technology"):
        missing = table[column].isna()
        if missing.any():
            raise InvalidInputError(
                f"concordance row {table.index[int(missing.argmax())]!r}: code missing",
                source="concordance",
                field=column,
            )
    weights = pd.to_numeric(table["weight"], errors="coerce")
    bad = weights.isna() | ~weights.between(0.0, math.inf, inclusive="left")
    if bad.any():
        position = int(bad.argmax())
        raise InvalidInputError(
            f"concordance row {table.index[position]!r}: a weight must be a finite number >= 0",
            source="concordance",
            field="weight",
            value=table["weight"].iloc[position],
        )
    duplicated = table.duplicated(["tech_class", "technology"])
    if duplicated.any():
        first = table.loc[duplicated, ["tech_class", "technology"]].iloc[0]
        raise DuplicateError(
            "each (tech_class, technology) pair may appear once in a concordance",
            source="concordance",
            field="tech_class/technology",
            value=tuple(first.tolist()),
        )
    return pd.DataFrame(
        {
            "tech_class": table["tech_class"].astype(str),
            "technology": table["technology"].astype(str),
            "weight": weights.astype("float64"),
        }
    )


def aggregate_patents(
    records: RecordSource,
    *,
    concordance: pd.DataFrame | None = None,
    nuts_level: int | None = None,
    class_length: int | None = None,
    year_column: str = "year",
    class_column: str = "tech_class",
    require_all_classes: bool = False,
    engine: Engine | None = None,
) -> pd.DataFrame:
    """Count patents fractionally by region, technology and year.

    Each record credits ``region_share * class_share`` (times the concordance
    weight when a concordance is given) to its region, class and year; the
    matrix sums these credits. The SQL is :func:`patent_matrix_plan`; DuckDB runs
    it by default, any :class:`Engine` (such as :class:`SparkEngine`) can.

    Parameters
    ----------
    records
        Patent records in the :data:`PATENT_RECORD_COLUMNS` layout: a DataFrame,
        or Parquet files (a path, folder, glob or list) that the engine streams.
    concordance
        Optional class-to-technology table (:data:`CONCORDANCE_COLUMNS`); classes
        it does not list contribute nothing (see ``require_all_classes``).
    nuts_level
        Roll regions up to NUTS level 0-3 by code prefix; None keeps the codes.
    class_length
        Truncate classes to their first ``class_length`` characters first (4
        turns IPC symbols into subclasses).
    year_column
        The year to count by, such as ``prio_year`` or ``app_year`` in REGPAT.
    class_column
        The class column: ``tech_class`` in the synthetic world's records,
        ``class`` in the tables :func:`clustera.io.patents.read_regpat` returns.
    require_all_classes
        Fail with :class:`~clustera.errors.UnknownCodeError` when a record's
        class is absent from the concordance, instead of leaving it out.
    engine
        Where the SQL runs; by default a :class:`DuckDBEngine`.

    Returns
    -------
    pandas.DataFrame
        Long table ``region, activity, year, value`` sorted by region, activity
        and year; :func:`to_wide` pivots it.

    Raises
    ------
    DataFormatError
        A column is missing or of the wrong type.
    InvalidInputError
        A record has a missing value, a share outside [0, 1], or a region code
        too short for ``nuts_level``; the message names the application.

    Notes
    -----
    The fractional count of region :math:`r`, activity :math:`t` and year
    :math:`y` is

    .. math:: x_{r,t,y} = \\sum_{a \\in A_y} \\sum_{c} s^{region}_{a,r} \\,
              s^{class}_{a,c} \\, w_{c,t}

    with :math:`w_{c,t} = [c = t]` without a concordance. An application whose
    shares each sum to 1 counts once in total [1]_. Records are checked row by
    row (missing values, shares in [0, 1]); :func:`check_share_totals` also checks
    that each application sums to 1, at the cost of a group-by on ``appln_id``.

    References
    ----------
    .. [1] OECD (2009), *OECD Patent Statistics Manual*, OECD Publishing, Paris,
       section 5.3 (fractional counting), https://doi.org/10.1787/9789264056442-en.

    Examples
    --------
    >>> records = pd.DataFrame({
    ...     "appln_id": [1, 1, 2, 2], "year": [2020, 2020, 2020, 2020],
    ...     "region": ["XA111", "XA111", "XA111", "XA121"], "region_share": [1.0, 1.0, 0.25, 0.75],
    ...     "tech_class": ["SF01", "SF02", "SF01", "SF01"], "class_share": [0.5, 0.5, 1.0, 1.0]})
    >>> aggregate_patents(records)
      region activity  year  value
    0  XA111     SF01  2020   0.75
    1  XA111     SF02  2020   0.50
    2  XA121     SF01  2020   0.75
    >>> float(aggregate_patents(records, nuts_level=1)["value"].sum())
    2.0
    """
    table = as_table(records, label="records")
    tables = {"records": table}
    if concordance is not None:
        tables["concordance"] = Table(label="concordance", frame=_checked_concordance(concordance))
    plan = patent_matrix_plan(
        nuts_level=nuts_level,
        class_length=class_length,
        concordance=concordance is not None,
        year_column=year_column,
        class_column=class_column,
    )
    year, tech_class = year_column, class_column
    with (engine or DuckDBEngine()).connect(tables) as connection:
        check_columns(
            connection,
            table,
            [
                ("appln_id", "any"),
                (year, "integer"),
                ("region", "code"),
                ("region_share", "number"),
                (tech_class, "code"),
                ("class_share", "number"),
            ],
        )
        check_rows(
            connection,
            table,
            columns=("appln_id", "region", tech_class, year, "region_share", "class_share"),
            shares=("region_share", "class_share"),
            nuts_level=nuts_level,
            order_by=("appln_id", "region", tech_class),
        )
        if concordance is not None and require_all_classes:
            unmapped = connection.query(unmapped_class_sql(class_length, class_column))
            if not unmapped.empty:
                raise UnknownCodeError(
                    "the concordance does not list this class",
                    source=table.label,
                    field=class_column,
                    value=unmapped["tech_class"].iloc[0],
                )
        for name, sql in plan.tables:
            connection.materialize(name, sql)
        result = connection.query(plan.select)
    return long_matrix(result, presorted=True)


def check_share_totals(
    records: RecordSource, *, tolerance: float = 1e-9, engine: Engine | None = None
) -> None:
    """Check that each application's fractional counts sum to 1, within ``tolerance``.

    Raises :class:`~clustera.errors.InvalidInputError` naming the first
    application (lowest ``appln_id``) whose ``region_share * class_share`` sum
    is off.

    Examples
    --------
    >>> records = pd.DataFrame({"appln_id": [7, 7], "region": ["XA111", "XA112"],
    ...                         "region_share": [0.5, 0.4], "class_share": [1.0, 1.0]})
    >>> check_share_totals(records)
    Traceback (most recent call last):
    ...
    clustera.errors.InvalidInputError: records, field 'region_share * class_share', value 0.9: appln_id 7: fractional counts sum to 0.9, not 1
    """
    table = as_table(records, label="records")
    sql = share_total_sql(tolerance)
    with (engine or DuckDBEngine()).connect({"records": table}) as connection:
        check_columns(
            connection,
            table,
            [("appln_id", "any"), ("region_share", "number"), ("class_share", "number")],
        )
        found = connection.query(sql)
    if not found.empty:
        appln_id, total = found["appln_id"].iloc[0], float(found["total"].iloc[0])
        raise InvalidInputError(
            f"appln_id {appln_id}: fractional counts sum to {total!r}, not 1",
            source=table.label,
            field="region_share * class_share",
            value=total,
        )
