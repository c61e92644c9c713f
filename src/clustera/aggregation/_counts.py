"""Firm, organisation and participation records to region x activity x year counts."""

from __future__ import annotations

import pandas as pd

from clustera.aggregation._checks import check_columns, check_rows
from clustera.aggregation._engines import DuckDBEngine, Engine
from clustera.aggregation._matrix import long_matrix
from clustera.aggregation._queries import count_matrix_sql
from clustera.aggregation._sources import RecordSource, as_table

__all__ = ["aggregate_counts"]


def aggregate_counts(
    records: RecordSource,
    *,
    activity_column: str = "activity",
    entity_column: str | None = None,
    nuts_level: int | None = None,
    activity_length: int | None = None,
    year_column: str = "year",
    engine: Engine | None = None,
) -> pd.DataFrame:
    """Count records, or distinct entities, by region, activity and year.

    With ``entity_column=None`` every record counts once (project
    participations, say); with ``entity_column="firm_id"`` each firm counts once
    per region, activity and year however many records it has. The SQL is
    :func:`count_matrix_sql`.

    Parameters
    ----------
    records
        A DataFrame or Parquet files with ``region``, ``activity_column``,
        ``year_column`` and, when given, ``entity_column``.
    activity_column
        The activity code column (NACE code, programme, technology...).
    entity_column
        Count distinct values of this column instead of rows.
    nuts_level
        Roll regions up to NUTS level 0-3 by code prefix; None keeps the codes.
    activity_length
        Truncate activity codes to their first ``activity_length`` characters
        (3 turns undotted NACE classes such as ``C2611`` into divisions ``C26``).
    year_column
        The year column.
    engine
        Where the SQL runs; by default a :class:`DuckDBEngine`.

    Returns
    -------
    pandas.DataFrame
        Long table ``region, activity, year, value`` (value a float count),
        sorted by region, activity and year.

    Examples
    --------
    >>> firms = pd.DataFrame({"firm_id": [1, 1, 2, 3], "region": ["XA111", "XA111", "XA112", "XA111"],
    ...                       "nace": ["C2611", "C2612", "C2611", "C2611"], "year": [2020] * 4})
    >>> aggregate_counts(firms, activity_column="nace", entity_column="firm_id",
    ...                  nuts_level=2, activity_length=3)
      region activity  year  value
    0   XA11      C26  2020    3.0
    """
    table = as_table(records, label="records")
    sql = count_matrix_sql(
        activity_column=activity_column,
        entity_column=entity_column,
        nuts_level=nuts_level,
        activity_length=activity_length,
        year_column=year_column,
    )
    required = [("region", "code"), (activity_column, "code"), (year_column, "integer")]
    checked: tuple[str, ...] = ("region", activity_column, year_column)
    if entity_column is not None:
        checked += (entity_column,)
    with (engine or DuckDBEngine()).connect({"records": table}) as connection:
        check_columns(connection, table, required)
        if entity_column is not None:
            check_columns(connection, table, [(entity_column, "any")])
        check_rows(
            connection,
            table,
            columns=checked,
            nuts_level=nuts_level,
            order_by=("region", activity_column, year_column),
        )
        result = connection.query(sql)
    return long_matrix(result)
