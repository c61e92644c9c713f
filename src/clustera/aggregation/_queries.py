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
from dataclasses import dataclass

from clustera.errors import InvalidInputError

__all__ = [
    "QueryPlan",
    "patent_matrix_plan",
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


@dataclass(frozen=True)
class QueryPlan:
    """An aggregation in steps: small code tables built first, then one ``SELECT``.

    ``tables`` are ``(name, select)`` pairs that an engine materialises in order
    (DuckDB as temporary tables, Spark as cached views), each visible to the
    next steps under its name; ``select`` returns the result. Every engine runs
    these very texts. :meth:`script` renders the whole plan as a script that
    pastes into the DuckDB CLI or a Spark SQL notebook (``CREATE TEMPORARY
    VIEW``, which both dialects accept).
    """

    tables: tuple[tuple[str, str], ...]
    select: str

    def script(self) -> str:
        """The plan as one SQL script, statements ending with ``;``."""
        views = [f"CREATE TEMPORARY VIEW {name} AS\n{sql};" for name, sql in self.tables]
        return "\n\n".join([*views, f"{self.select};"])

    def __str__(self) -> str:
        return self.script()


def _code_table(expression: str, name: str, source: str = "records") -> str:
    """A table numbering the distinct values of ``expression`` over ``source`` in code order."""
    return (
        f"SELECT {name}, CAST(ROW_NUMBER() OVER (ORDER BY {name}) AS INT) AS {name}_key\n"
        f"FROM (SELECT DISTINCT {expression} AS {name} FROM {source}) listed"
    )


def patent_matrix_plan(
    *,
    nuts_level: int | None = None,
    class_length: int | None = None,
    concordance: bool = False,
    year_column: str = "year",
    class_column: str = "tech_class",
) -> QueryPlan:
    """Return the SQL plan that turns patent records into a fractional region x activity x year count.

    The plan reads a table ``records`` with the columns ``region``,
    ``region_share``, ``class_column``, ``class_share`` and ``year_column``; when
    ``concordance`` is true it also reads ``concordance`` (``tech_class``,
    ``technology``, ``weight``). Its final ``SELECT`` returns ``region, activity,
    year, value`` sorted by region, activity and year (code-point order).

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
    QueryPlan
        Two small code tables (``region_codes``; ``activity_codes``, and with a
        concordance ``class_weights``), then the aggregation.

    Notes
    -----
    Fractional counting credits application :math:`a` to region :math:`r` and
    class :math:`c` with :math:`s^{region}_{a,r} \\, s^{class}_{a,c}` (times the
    concordance weight :math:`w_{c,t}` when mapping to technology :math:`t`), so
    each application counts once in total across regions and classes [1]_.

    The group-by runs on small integer keys rather than on the text codes: the
    code tables number the distinct regions and activities (in code order, so
    sorting by key sorts by code), and an engine that knows the keys' ranges
    aggregates into a directly indexed array instead of a hash table (DuckDB's
    perfect hash aggregate). The result is the same as grouping by the codes.

    References
    ----------
    .. [1] OECD (2009), *OECD Patent Statistics Manual*, OECD Publishing, Paris,
       section 5.3 (fractional counting), https://doi.org/10.1787/9789264056442-en.

    Examples
    --------
    >>> print(patent_matrix_plan(nuts_level=2))
    CREATE TEMPORARY VIEW region_codes AS
    SELECT region, CAST(ROW_NUMBER() OVER (ORDER BY region) AS INT) AS region_key
    FROM (SELECT DISTINCT SUBSTRING(records.region, 1, 4) AS region FROM records) listed;
    <BLANKLINE>
    CREATE TEMPORARY VIEW activity_codes AS
    SELECT activity, CAST(ROW_NUMBER() OVER (ORDER BY activity) AS INT) AS activity_key
    FROM (SELECT DISTINCT records.tech_class AS activity FROM records) listed;
    <BLANKLINE>
    WITH weighted AS (
        SELECT
            region_codes.region_key,
            activity_codes.activity_key,
            CAST(records.year AS INT) AS year,
            records.region_share * records.class_share AS value
        FROM records
        JOIN region_codes ON SUBSTRING(records.region, 1, 4) = region_codes.region
        JOIN activity_codes ON records.tech_class = activity_codes.activity
    ),
    grouped AS (
        SELECT region_key, activity_key, year, SUM(value) AS value
        FROM weighted
        GROUP BY region_key, activity_key, year
    )
    SELECT region_codes.region, activity_codes.activity, grouped.year, grouped.value
    FROM grouped
    JOIN region_codes ON grouped.region_key = region_codes.region_key
    JOIN activity_codes ON grouped.activity_key = activity_codes.activity_key
    ORDER BY grouped.region_key, grouped.activity_key, grouped.year;
    """
    year = _identifier(year_column, "year_column")
    region = _prefixed("records.region", _region_length(nuts_level))
    tech_class = _prefixed(
        f"records.{_identifier(class_column, 'class_column')}",
        _prefix_length(class_length, "class_length"),
    )
    tables = [("region_codes", _code_table(region, "region"))]
    if concordance:
        tables.append(
            ("activity_codes", _code_table("concordance.technology", "activity", "concordance"))
        )
        tables.append(
            (
                "class_weights",
                "SELECT concordance.tech_class, activity_codes.activity_key, concordance.weight\n"
                "FROM concordance\n"
                "JOIN activity_codes ON concordance.technology = activity_codes.activity",
            )
        )
        value = "records.region_share * records.class_share * class_weights.weight"
        activity_join = f"JOIN class_weights ON {tech_class} = class_weights.tech_class"
        activity_key = "class_weights.activity_key"
    else:
        tables.append(("activity_codes", _code_table(tech_class, "activity")))
        value = "records.region_share * records.class_share"
        activity_join = f"JOIN activity_codes ON {tech_class} = activity_codes.activity"
        activity_key = "activity_codes.activity_key"
    select = (
        "WITH weighted AS (\n"
        "    SELECT\n"
        "        region_codes.region_key,\n"
        f"        {activity_key},\n"
        f"        CAST(records.{year} AS INT) AS year,\n"
        f"        {value} AS value\n"
        "    FROM records\n"
        f"    JOIN region_codes ON {region} = region_codes.region\n"
        f"    {activity_join}\n"
        "),\n"
        "grouped AS (\n"
        "    SELECT region_key, activity_key, year, SUM(value) AS value\n"
        "    FROM weighted\n"
        "    GROUP BY region_key, activity_key, year\n"
        ")\n"
        "SELECT region_codes.region, activity_codes.activity, grouped.year, grouped.value\n"
        "FROM grouped\n"
        "JOIN region_codes ON grouped.region_key = region_codes.region_key\n"
        "JOIN activity_codes ON grouped.activity_key = activity_codes.activity_key\n"
        "ORDER BY grouped.region_key, grouped.activity_key, grouped.year"
    )
    return QueryPlan(tables=tuple(tables), select=select)


def patent_matrix_sql(
    *,
    nuts_level: int | None = None,
    class_length: int | None = None,
    concordance: bool = False,
    year_column: str = "year",
    class_column: str = "tech_class",
) -> str:
    """Return :func:`patent_matrix_plan` (same parameters) as one SQL script.

    Paste it into the DuckDB CLI or a Spark SQL notebook after registering the
    records as ``records`` (and the concordance as ``concordance``).
    """
    return patent_matrix_plan(
        nuts_level=nuts_level,
        class_length=class_length,
        concordance=concordance,
        year_column=year_column,
        class_column=class_column,
    ).script()


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
