"""Intermediate flows out of Eurostat's symmetric input-output tables (``naio_10_cp1700`` and kin)."""

from __future__ import annotations

import pandas as pd

from clustera.errors import DataFormatError

__all__ = ["input_output_flows"]

# The supplying and using axes: today's dissemination names first, then the older ones.
_SUPPLIER_DIMENSIONS = ("prd_ava", "prod_na")
_USER_DIMENSIONS = ("prd_use", "induse")


def _dimension(table: pd.DataFrame, names: tuple[str, ...], role: str, source: str) -> str:
    for name in names:
        if name in table.columns:
            return name
    raise DataFormatError(
        f"no {role} dimension ({' or '.join(names)}); found {list(table.columns)}",
        source=source,
        field=names[0],
    )


def _choose(table: pd.DataFrame, column: str, wanted: str | None, source: str) -> pd.DataFrame:
    """Rows of ``table`` whose ``column`` is ``wanted``; without ``wanted`` the column must hold one value."""
    if column not in table.columns:
        return table
    values = sorted(table[column].astype(str).unique())
    if wanted is None:
        if len(values) > 1:
            raise DataFormatError(
                f"the table holds several {column} values; choose one of {values}",
                source=source,
                field=column,
                value=values[0],
            )
        return table
    if wanted not in values:
        raise DataFormatError(
            f"no {column} {wanted!r} in the table; it holds {values}",
            source=source,
            field=column,
            value=wanted,
        )
    return table[table[column].astype(str) == wanted]


def input_output_flows(
    table: pd.DataFrame,
    *,
    geo: str,
    year: int | None = None,
    unit: str | None = "MIO_EUR",
    stk_flow: str | None = "TOTAL",
) -> pd.DataFrame:
    """The product-by-product intermediate flows of one country and year, as a long table.

    ``table`` is a Eurostat input-output table as :func:`clustera.io.read_eurostat`
    reads it (any of its formats). The supplying axis is ``prd_ava`` (``prod_na``
    in older files), the using axis ``prd_use`` (``induse``); only flows from a CPA
    product to a CPA product are kept (``CPA_A01`` ... ``CPA_T``), so totals, value
    added and final uses drop out. ``stk_flow`` ``TOTAL`` counts domestic output
    and imports together. Without ``year``, the latest year with values for
    ``geo``. Missing and confidential cells are left out.

    Returns a frame with ``supplier``, ``user`` and ``value``; ``attrs`` holds
    ``geo``, ``year`` and ``unit``. A missing dimension, country, year, unit or
    flow raises :class:`DataFormatError` naming the file and the dimension.

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "unit": "MIO_EUR", "stk_flow": "TOTAL", "geo": "AT", "time": "2020",
    ...     "prd_ava": ["CPA_C24", "CPA_C24", "CPA_C25", "B1G"],
    ...     "prd_use": ["CPA_C25", "TU", "CPA_C24", "CPA_C25"],
    ...     "value": [30.0, 35.0, 10.0, 50.0]})
    >>> input_output_flows(rows, geo="AT")
      supplier     user  value
    0  CPA_C24  CPA_C25   30.0
    1  CPA_C25  CPA_C24   10.0
    """
    source = str(table.attrs.get("source", "input-output table"))
    supplier = _dimension(table, _SUPPLIER_DIMENSIONS, "supplying product", source)
    user = _dimension(table, _USER_DIMENSIONS, "using product", source)
    for column in ("geo", "time", "value"):
        if column not in table.columns:
            raise DataFormatError(
                f"no {column} column; found {list(table.columns)}", source=source, field=column
            )
    rows = _choose(table, "geo", geo, source)
    rows = _choose(rows, "unit", unit, source)
    rows = _choose(rows, "stk_flow", stk_flow, source)
    rows = rows[rows["value"].notna()]
    years = sorted({int(str(value)[:4]) for value in rows["time"]})
    if not years:
        raise DataFormatError(f"no values for {geo}", source=source, field="geo", value=geo)
    chosen = years[-1] if year is None else year
    if chosen not in years:
        raise DataFormatError(
            f"no values for {geo} in {year}; years with values: {years}",
            source=source,
            field="time",
            value=year,
        )
    rows = rows[rows["time"].astype(str).str[:4] == str(chosen)]

    def is_product(codes: pd.Series) -> pd.Series:
        text = codes.astype(str)
        return text.str.startswith("CPA_") & (text != "CPA_TOTAL")

    kept = rows[is_product(rows[supplier]) & is_product(rows[user])]
    if kept.empty:
        raise DataFormatError(
            f"no flows between CPA products for {geo} in {chosen}", source=source, field=supplier
        )
    flows = pd.DataFrame(
        {
            "supplier": kept[supplier].astype(str).to_numpy(),
            "user": kept[user].astype(str).to_numpy(),
            "value": kept["value"].astype(float).to_numpy(),
        }
    )
    flows.attrs.update(
        {
            "geo": geo,
            "year": chosen,
            "unit": str(rows["unit"].iloc[0]) if "unit" in rows.columns else "",
        }
    )
    return flows
