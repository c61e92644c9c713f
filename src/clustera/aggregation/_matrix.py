"""The matrices the aggregation returns: a long table, and its wide region x activity form."""

from __future__ import annotations

import pandas as pd

from clustera.errors import DuplicateError, InvalidInputError, UnknownCodeError

__all__ = ["MATRIX_COLUMNS", "long_matrix", "to_wide"]

MATRIX_COLUMNS: tuple[str, ...] = ("region", "activity", "year", "value")


def long_matrix(result: pd.DataFrame, *, presorted: bool = False) -> pd.DataFrame:
    """Give an engine's result the same dtypes and row order whatever engine produced it.

    Rows are sorted by region, activity and year (code-point order of the codes),
    so two engines' outputs compare equal row by row; ``presorted=True`` says the
    query's ``ORDER BY`` already did so.
    """
    frame = pd.DataFrame(
        {
            "region": result["region"].astype(str),
            "activity": result["activity"].astype(str),
            "year": result["year"].astype("int64"),
            "value": result["value"].astype("float64"),
        }
    )
    if presorted:
        return frame
    return frame.sort_values(["region", "activity", "year"], kind="stable", ignore_index=True)


def to_wide(
    matrix: pd.DataFrame, *, year: int | None = None, fill_value: float | None = 0.0
) -> pd.DataFrame:
    """Pivot a long ``region, activity, year, value`` table to a region x activity matrix.

    Parameters
    ----------
    matrix
        A long table such as :func:`aggregate_patents` returns, one row per
        (region, activity, year).
    year
        Keep this year only and return regions x activities; None keeps every
        year, with rows indexed by ``(year, region)`` so ``wide.loc[2020]`` is
        the matrix of 2020.
    fill_value
        What a (region, activity) pair without any record gets: 0 by default,
        because no record means a count of zero; None leaves it missing (NaN).

    Returns
    -------
    pandas.DataFrame
        Rows are regions (or ``(year, region)``), columns are activities, both
        sorted.

    Examples
    --------
    >>> long = pd.DataFrame({"region": ["XA11", "XA11", "XA12"], "activity": ["SF01", "SF02", "SF01"],
    ...                      "year": [2020, 2020, 2020], "value": [0.75, 0.5, 0.75]})
    >>> wide = to_wide(long, year=2020)
    >>> float(wide.loc["XA12", "SF02"]), float(wide.loc["XA11", "SF02"])
    (0.0, 0.5)
    """
    missing = [column for column in MATRIX_COLUMNS if column not in matrix.columns]
    if missing:
        raise InvalidInputError(
            "a long matrix needs the columns region, activity, year, value", field=missing[0]
        )
    keys = ["region", "activity", "year"]
    duplicated = matrix.duplicated(keys)
    if duplicated.any():
        first = matrix.loc[duplicated, keys].iloc[0]
        raise DuplicateError(
            "each (region, activity, year) may appear once in a long matrix",
            field="region/activity/year",
            value=tuple(first.tolist()),
        )
    if year is not None:
        selected = matrix[matrix["year"] == year]
        if selected.empty:
            raise UnknownCodeError(
                "the matrix holds no row for this year", field="year", value=year
            )
        wide = selected.pivot(index="region", columns="activity", values="value")
    else:
        wide = matrix.pivot(index=["year", "region"], columns="activity", values="value")
    wide = wide.sort_index(axis=0).sort_index(axis=1)
    if fill_value is not None:
        wide = wide.fillna(fill_value)
    wide.columns.name = "activity"
    return wide
