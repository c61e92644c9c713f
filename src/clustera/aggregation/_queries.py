"""The aggregation definitions: SQL text that DuckDB and Spark SQL both run unchanged.

The queries keep to the SQL core both dialects share (``WITH``, ``JOIN``,
``SUBSTRING(text, start, length)``, ``LENGTH``, ``CAST(... AS INT | DOUBLE)``,
``SUM``, ``COUNT(DISTINCT ...)``, ``GROUP BY``, ``ORDER BY ... LIMIT``) and never
quote identifiers, because the two dialects quote differently. Column names are
therefore restricted to lower-case SQL identifiers.
"""

from __future__ import annotations

import math
import re

from clustera.errors import InvalidInputError

__all__ = [
    "count_matrix_sql",
    "patent_matrix_sql",
    "nuts_code_length",
]

_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


def nuts_code_length(nuts_level: int) -> int:
    """Return the length of a NUTS code at ``nuts_level`` (two letters, then a character per level).

    >>> nuts_code_length(2)
    4
    """
    if isinstance(nuts_level, bool) or not isinstance(nuts_level, int) or not 0 <= nuts_level <= 3:
        raise InvalidInputError("NUTS levels run from 0 to 3", field="nuts_level", value=nuts_level)
    return 2 + nuts_level


def _identifier(name: str, field: str) -> str:
    if not isinstance(name, str) or _IDENTIFIER.fullmatch(name) is None:
        raise InvalidInputError(
            "column names must be lower-case SQL identifiers (letters, digits, underscores)",
            field=field,
            value=name,
        )
    return name


def _prefix_length(length: int | None, field: str) -> int | None:
    if length is None:
        return None
    if isinstance(length, bool) or not isinstance(length, int) or length < 1:
        raise InvalidInputError(
            "a code prefix length must be a positive integer", field=field, value=length
        )
    return length


def _prefixed(column: str, length: int | None) -> str:
    return column if length is None else f"SUBSTRING({column}, 1, {length})"


def _region_length(nuts_level: int | None) -> int | None:
    return None if nuts_level is None else nuts_code_length(nuts_level)


def patent_matrix_sql(
    *,
    nuts_level: int | None = None,
    class_length: int | None = None,
    concordance: bool = False,
    year_column: str = "year",
    class_column: str = "tech_class",
) -> str:
    """Return the SQL that turns patent records into a fractional region x activity x year count.

    The query reads a table ``records`` with the columns ``region``,
    ``region_share``, ``class_column``, ``class_share`` and ``year_column``; when
    ``concordance`` is true it also reads ``concordance`` (``tech_class``,
    ``technology``, ``weight``). It returns ``region, activity, year, value``.

    Parameters
    ----------
    nuts_level
        Roll regions up to this NUTS level by code prefix (level ``k`` keeps the
        first ``2 + k`` characters); None keeps the codes as they are.
    class_length
        Truncate technology classes to their first ``class_length`` characters
        before counting or joining (4 turns IPC symbols into subclasses).
    concordance
        Map classes to technologies through the ``concordance`` table, multiplying
        by its weights.
    year_column
        The column holding the year to count by (priority or application year).
    class_column
        The column holding the technology class (``class`` in the tables of
        :mod:`clustera.io.patents`).

    Returns
    -------
    str
        One ``SELECT`` statement.

    Notes
    -----
    Fractional counting credits application :math:`a` to region :math:`r` and
    class :math:`c` with :math:`s^{region}_{a,r} \\, s^{class}_{a,c}` (times the
    concordance weight :math:`w_{c,t}` when mapping to technology :math:`t`), so
    each application counts once in total across regions and classes [1]_.

    References
    ----------
    .. [1] OECD (2009), *OECD Patent Statistics Manual*, OECD Publishing, Paris,
       section 5.3 (fractional counting), https://doi.org/10.1787/9789264056442-en.

    Examples
    --------
    >>> print(patent_matrix_sql(nuts_level=2))
    WITH weighted AS (
        SELECT
            SUBSTRING(records.region, 1, 4) AS region,
            records.tech_class AS activity,
            CAST(records.year AS INT) AS year,
            records.region_share * records.class_share AS value
        FROM records
    )
    SELECT region, activity, year, SUM(value) AS value
    FROM weighted
    GROUP BY region, activity, year
    """
    year = _identifier(year_column, "year_column")
    region = _prefixed("records.region", _region_length(nuts_level))
    tech_class = _prefixed(
        f"records.{_identifier(class_column, 'class_column')}",
        _prefix_length(class_length, "class_length"),
    )
    if concordance:
        activity = "concordance.technology"
        value = "records.region_share * records.class_share * concordance.weight"
        source = f"records\n    JOIN concordance ON {tech_class} = concordance.tech_class"
    else:
        activity = tech_class
        value = "records.region_share * records.class_share"
        source = "records"
    return (
        "WITH weighted AS (\n"
        "    SELECT\n"
        f"        {region} AS region,\n"
        f"        {activity} AS activity,\n"
        f"        CAST(records.{year} AS INT) AS year,\n"
        f"        {value} AS value\n"
        f"    FROM {source}\n"
        ")\n"
        "SELECT region, activity, year, SUM(value) AS value\n"
        "FROM weighted\n"
        "GROUP BY region, activity, year"
    )


def count_matrix_sql(
    *,
    activity_column: str = "activity",
    entity_column: str | None = None,
    nuts_level: int | None = None,
    activity_length: int | None = None,
    year_column: str = "year",
) -> str:
    """Return the SQL that counts records (or distinct entities) by region x activity x year.

    The query reads a table ``records`` with ``region``, ``activity_column``,
    ``year_column`` and, when given, ``entity_column``. It returns ``region,
    activity, year, value`` with ``value`` the number of rows (participations)
    or, with ``entity_column``, of distinct entities (firms, organisations).

    Examples
    --------
    >>> print(count_matrix_sql(activity_column="nace", entity_column="firm_id"))
    WITH keyed AS (
        SELECT
            records.region AS region,
            records.nace AS activity,
            CAST(records.year AS INT) AS year,
            records.firm_id AS entity
        FROM records
    )
    SELECT region, activity, year, CAST(COUNT(DISTINCT entity) AS DOUBLE) AS value
    FROM keyed
    GROUP BY region, activity, year
    """
    activity_name = _identifier(activity_column, "activity_column")
    year = _identifier(year_column, "year_column")
    region = _prefixed("records.region", _region_length(nuts_level))
    activity = _prefixed(
        f"records.{activity_name}", _prefix_length(activity_length, "activity_length")
    )
    if entity_column is None:
        entity_line = ""
        counted = "COUNT(*)"
    else:
        entity_line = f",\n        records.{_identifier(entity_column, 'entity_column')} AS entity"
        counted = "COUNT(DISTINCT entity)"
    return (
        "WITH keyed AS (\n"
        "    SELECT\n"
        f"        {region} AS region,\n"
        f"        {activity} AS activity,\n"
        f"        CAST(records.{year} AS INT) AS year{entity_line}\n"
        "    FROM records\n"
        ")\n"
        f"SELECT region, activity, year, CAST({counted} AS DOUBLE) AS value\n"
        "FROM keyed\n"
        "GROUP BY region, activity, year"
    )


def first_invalid_row_sql(columns: tuple[str, ...], conditions: list[str], order_by: str) -> str:
    """Return a query for the first ``records`` row meeting any of ``conditions``."""
    return (
        f"SELECT {', '.join(columns)}\n"
        "FROM records\n"
        f"WHERE {' OR '.join(conditions)}\n"
        f"ORDER BY {order_by}\n"
        "LIMIT 1"
    )


def missing_conditions(columns: tuple[str, ...]) -> list[str]:
    """SQL conditions true where one of ``columns`` is missing."""
    return [f"{column} IS NULL" for column in columns]


def share_conditions(columns: tuple[str, ...]) -> list[str]:
    """SQL conditions true where a share lies outside [0, 1] or is NaN (NaN sorts above 1 in both)."""
    return [f"NOT ({column} BETWEEN 0 AND 1)" for column in columns]


def short_region_condition(nuts_level: int | None) -> list[str]:
    """SQL condition true where a region code is too short for rolling up to ``nuts_level``."""
    length = _region_length(nuts_level)
    return [] if length is None else [f"LENGTH(region) < {length}"]


def share_total_sql(tolerance: float) -> str:
    """Return a query for the first application whose fractional counts do not sum to 1."""
    if not math.isfinite(tolerance) or tolerance < 0:
        raise InvalidInputError(
            "the tolerance must be a non-negative number", field="tolerance", value=tolerance
        )
    return (
        "SELECT appln_id, SUM(region_share * class_share) AS total\n"
        "FROM records\n"
        "GROUP BY appln_id\n"
        f"HAVING ABS(SUM(region_share * class_share) - 1.0) > {float(tolerance)!r}\n"
        "ORDER BY appln_id\n"
        "LIMIT 1"
    )


def unmapped_class_sql(class_length: int | None, class_column: str = "tech_class") -> str:
    """Return a query for the first record class that the concordance does not list."""
    tech_class = _prefixed(
        f"records.{_identifier(class_column, 'class_column')}",
        _prefix_length(class_length, "class_length"),
    )
    return (
        f"SELECT {tech_class} AS tech_class\n"
        "FROM records\n"
        f"LEFT JOIN concordance ON {tech_class} = concordance.tech_class\n"
        "WHERE concordance.tech_class IS NULL\n"
        "ORDER BY 1\n"
        "LIMIT 1"
    )
