"""Input checks run through the engine, before the aggregation: fail on the first bad record."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from clustera.aggregation._engines import Connection
from clustera.aggregation._queries import (
    first_invalid_row_sql,
    missing_conditions,
    nuts_code_length,
    share_conditions,
    short_region_condition,
)
from clustera.aggregation._sources import Table
from clustera.errors import DataFormatError, InvalidInputError

__all__ = ["check_columns", "check_rows"]

_KINDS = {"integer": pd.api.types.is_integer_dtype, "number": pd.api.types.is_numeric_dtype}


def check_columns(
    connection: Connection, table: Table, required: Sequence[tuple[str, str]]
) -> None:
    """Fail unless ``records`` has every ``(column, kind)`` of ``required``.

    ``kind`` is ``"integer"``, ``"number"``, ``"code"`` (text) or ``"any"``.
    """
    probe = connection.query("SELECT * FROM records LIMIT 0")
    present = {str(column).lower(): probe[column].dtype for column in probe.columns}
    for column, kind in required:
        if column not in present:
            raise DataFormatError(
                f"the records have no column {column!r} (columns: {', '.join(sorted(present))})",
                source=table.label,
                field=column,
            )
        dtype = present[column]
        if kind == "any":
            continue
        if kind == "code":
            matches = pd.api.types.is_string_dtype(dtype) or pd.api.types.is_object_dtype(dtype)
        else:
            matches = _KINDS[kind](dtype) and not pd.api.types.is_bool_dtype(dtype)
        if not matches:
            raise DataFormatError(
                f"column {column!r} must hold {'text codes' if kind == 'code' else kind + 's'}",
                source=table.label,
                field=column,
                value=str(dtype),
            )


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value it holds, so messages read ``2``, not ``np.int64(2)``."""
    return value.item() if hasattr(value, "item") else value


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def check_rows(
    connection: Connection,
    table: Table,
    *,
    columns: tuple[str, ...],
    shares: tuple[str, ...] = (),
    nuts_level: int | None = None,
    order_by: tuple[str, ...],
) -> None:
    """Fail on the first record with a missing value, a share outside [0, 1], or a short region.

    ``columns`` are the columns that must be present in every row; the error names
    the record by the ``order_by`` columns.
    """
    conditions = (
        missing_conditions(columns) + share_conditions(shares) + short_region_condition(nuts_level)
    )
    order = ", ".join(f"{column} NULLS FIRST" for column in order_by)
    found = connection.query(first_invalid_row_sql(columns, conditions, order))
    if found.empty:
        return
    row = found.iloc[0]
    record = ", ".join(f"{column} {_plain(row[column])!r}" for column in order_by[:1])
    for column in columns:
        if _is_missing(row[column]):
            raise InvalidInputError(
                f"record with {record}: value missing or not a number",
                source=table.label,
                field=column,
            )
    for column in shares:
        value = float(row[column])
        if not 0.0 <= value <= 1.0:
            raise InvalidInputError(
                f"record with {record}: a share must lie between 0 and 1",
                source=table.label,
                field=column,
                value=value,
            )
    assert nuts_level is not None, "the check query matched a row that no condition explains"
    raise InvalidInputError(
        f"record with {record}: a NUTS level-{nuts_level} region code has at least "
        f"{nuts_code_length(nuts_level)} characters",
        source=table.label,
        field="region",
        value=_plain(row["region"]),
    )
