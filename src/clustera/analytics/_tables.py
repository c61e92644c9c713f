"""Turn user tables into one float64 cube (years x regions x activities) and back.

Every public function of :mod:`clustera.analytics` accepts three layouts:

* a *wide* DataFrame, regions as index and activities as columns;
* a *wide panel*, the same with a two-level ``(year, region)`` index;
* a *long* table with the columns ``region``, ``activity``, ``value`` and optionally ``year``.

They are validated here, once, at the edge: negative, missing, infinite or
non-numeric counts and duplicated labels raise :mod:`clustera.errors` types that
name the offending label and value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from clustera.errors import DuplicateError, InvalidInputError

__all__: list[str] = []

FloatArray = NDArray[np.float64]
LONG_COLUMNS = ("region", "activity", "value")


@dataclass(frozen=True)
class Cube:
    """Counts or indicator values on a (years, regions, activities) grid with their labels."""

    values: FloatArray
    regions: pd.Index
    activities: pd.Index
    years: pd.Index | None

    def with_values(self, values: FloatArray) -> Cube:
        return Cube(values, self.regions, self.activities, self.years)

    def frame(self, values: NDArray[Any] | None = None) -> pd.DataFrame:
        """Label a (T, R, I) array the way the input was labelled."""
        data = self.values if values is None else values
        if self.years is None:
            return pd.DataFrame(data[0], index=self.regions, columns=self.activities, copy=False)
        index = pd.MultiIndex.from_product([self.years, self.regions])
        n_years, n_regions, n_activities = data.shape
        flat = data.reshape(n_years * n_regions, n_activities)
        return pd.DataFrame(flat, index=index, columns=self.activities, copy=False)

    def region_series(self, values: NDArray[Any], name: str) -> pd.Series:
        """Label a (T, R) array by region (and year)."""
        if self.years is None:
            return pd.Series(values[0], index=self.regions, name=name, copy=False)
        index = pd.MultiIndex.from_product([self.years, self.regions])
        return pd.Series(values.reshape(-1), index=index, name=name, copy=False)

    def activity_series(self, values: NDArray[Any], name: str) -> pd.Series:
        """Label a (T, I) array by activity (and year)."""
        if self.years is None:
            return pd.Series(values[0], index=self.activities, name=name, copy=False)
        index = pd.MultiIndex.from_product([self.years, self.activities])
        return pd.Series(values.reshape(-1), index=index, name=name, copy=False)

    def activity_square(self, values: FloatArray) -> pd.DataFrame:
        """Label a (T, I, I) array (activity x activity, stacked by year)."""
        if self.years is None:
            return pd.DataFrame(
                values[0], index=self.activities, columns=self.activities, copy=False
            )
        index = pd.MultiIndex.from_product([self.years, self.activities])
        flat = values.reshape(-1, values.shape[-1])
        return pd.DataFrame(flat, index=index, columns=self.activities, copy=False)


def read_cube(data: pd.DataFrame, *, name: str = "X", missing_is_absent: bool = False) -> Cube:
    """Validate a wide, wide-panel or long table and return its cube.

    With ``missing_is_absent`` (presence matrices, whose masked cells are NaN),
    missing cells count as absent instead of being refused.
    """
    if not isinstance(data, pd.DataFrame):
        raise InvalidInputError(
            f"expected a pandas DataFrame, got {type(data).__name__}", field=name
        )
    if missing_is_absent:
        data = data.fillna(0)
    if set(LONG_COLUMNS) <= set(map(str, data.columns)):
        return _read_long(data, name)
    return _read_wide(data, name)


def _check_unique(index: pd.Index, name: str, what: str) -> None:
    if index.has_duplicates:
        duplicated = index[index.duplicated()][0]
        raise DuplicateError(f"{what} label appears more than once", field=name, value=duplicated)


def _check_values(values: FloatArray, locate: Any, name: str) -> None:
    """Refuse NaN, infinite and negative counts, naming the first offending cell."""
    bad = ~np.isfinite(values)
    if bad.any():
        position = np.unravel_index(int(np.argmax(bad)), values.shape)
        label, value = locate(position)
        raise InvalidInputError(f"missing or infinite count at {label}", field=name, value=value)
    negative = values < 0
    if negative.any():
        position = np.unravel_index(int(np.argmax(negative)), values.shape)
        label, value = locate(position)
        raise InvalidInputError(f"negative count at {label}", field=name, value=value)


def _numeric_block(frame: pd.DataFrame, name: str) -> FloatArray:
    for column in frame.columns:
        series = frame[column]
        if not (pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)):
            if pd.api.types.is_bool_dtype(series):
                continue
            coerced = pd.to_numeric(series, errors="coerce")
            offending = series[coerced.isna() & series.notna()]
            if len(offending):
                raise InvalidInputError(
                    f"non-numeric cell in column {column!r}, row {offending.index[0]!r}",
                    field=name,
                    value=offending.iloc[0],
                )
    return np.asarray(frame.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)


def _read_wide(data: pd.DataFrame, name: str) -> Cube:
    _check_unique(data.columns, name, "activity (column)")
    _check_unique(data.index, name, "region (row)")
    block = _numeric_block(data, name)
    activities = pd.Index(data.columns)
    if isinstance(data.index, pd.MultiIndex):
        if data.index.nlevels != 2:
            raise InvalidInputError(
                "a panel index must have two levels, (year, region)",
                field=name,
                value=list(data.index.names),
            )
        year_codes, years = pd.factorize(data.index.get_level_values(0), sort=True)
        region_codes, regions = pd.factorize(data.index.get_level_values(1), sort=True)
        cube = np.zeros((len(years), len(regions), len(activities)), dtype=np.float64)
        cube[year_codes, region_codes, :] = block
        year_index: pd.Index | None = pd.Index(years, name=data.index.names[0] or "year")
        region_index = pd.Index(regions, name=data.index.names[1] or "region")
    else:
        cube = block[np.newaxis, :, :]
        year_index = None
        region_index = pd.Index(data.index)

    def locate(position: tuple[int, ...]) -> tuple[str, Any]:
        if isinstance(data.index, pd.MultiIndex):
            row = int(
                np.flatnonzero((year_codes == position[0]) & (region_codes == position[1]))[0]
            )
        else:
            row = position[1]
        return f"row {data.index[row]!r}, column {activities[position[2]]!r}", block[
            row, position[2]
        ]

    _check_values(cube, locate, name)
    return Cube(cube, region_index, activities, year_index)


def _codes(column: pd.Series) -> tuple[NDArray[np.intp], pd.Index]:
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = column.cat.categories
        codes = column.cat.codes.to_numpy()
        if (codes < 0).any():
            raise InvalidInputError("missing label", field=str(column.name), value=None)
        return codes.astype(np.intp), pd.Index(categories, name=column.name)
    if pd.api.types.is_integer_dtype(column.dtype) and len(column):
        # Years and numeric codes: a dense offset table is O(n), where sorting is O(n log n).
        raw = column.to_numpy()
        low, high = int(raw.min()), int(raw.max())
        if high - low < 1_000_000:
            offsets = (raw - low).astype(np.intp)
            used = np.flatnonzero(np.bincount(offsets, minlength=high - low + 1))
            lookup = np.full(high - low + 1, -1, dtype=np.intp)
            lookup[used] = np.arange(len(used))
            return lookup[offsets], pd.Index(used + low, name=column.name)
    codes, labels = pd.factorize(column, sort=True)
    if (codes < 0).any():
        raise InvalidInputError("missing label", field=str(column.name), value=None)
    return codes.astype(np.intp), pd.Index(labels, name=column.name)


def _read_long(data: pd.DataFrame, name: str) -> Cube:
    value_column = data["value"]
    if not pd.api.types.is_numeric_dtype(value_column):
        coerced = pd.to_numeric(value_column, errors="coerce")
        offending = value_column[coerced.isna()]
        if len(offending):
            raise InvalidInputError(
                f"non-numeric value at row {offending.index[0]!r}",
                field="value",
                value=offending.iloc[0],
            )
        value_column = coerced
    values = value_column.to_numpy(dtype=np.float64, na_value=np.nan)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        row = int(np.argmax(bad))
        where = ", ".join(
            f"{key}={data[key].iloc[row]!r}"
            for key in ("year", "region", "activity")
            if key in data
        )
        raise InvalidInputError(
            f"negative, missing or infinite count at {where}", field="value", value=values[row]
        )
    region_codes, regions = _codes(data["region"])
    activity_codes, activities = _codes(data["activity"])
    if "year" in data.columns:
        year_codes, years = _codes(data["year"])
        year_index: pd.Index | None = years
    else:
        year_codes, years, year_index = np.zeros(len(data), dtype=np.intp), pd.Index([0]), None
    shape = (len(years), len(regions), len(activities))
    flat_position = (year_codes * shape[1] + region_codes) * shape[2] + activity_codes
    if not _strictly_increasing(flat_position):
        # Unsorted input: mark every cell once; fewer marks than rows means a duplicate.
        seen = np.full(shape[0] * shape[1] * shape[2], False)
        seen[flat_position] = True
        unique = int(seen.sum()) == len(flat_position)
        del seen
        if not unique:
            keys = [key for key in ("year", "region", "activity") if key in data.columns]
            duplicated = data.loc[data.duplicated(keys, keep="first"), keys].iloc[0]
            raise DuplicateError(
                "the same (year, region, activity) appears more than once",
                field=name,
                value=tuple(duplicated.tolist()),
            )
    # np.full writes the pages in order: scattering into lazily zeroed pages is far slower.
    cube = np.full(shape[0] * shape[1] * shape[2], 0.0)
    cube[flat_position] = values
    return Cube(cube.reshape(shape), regions, activities, year_index)


def _strictly_increasing(positions: NDArray[np.intp]) -> bool:
    """Sorted long tables (the usual case) prove their keys unique in one pass."""
    return bool(len(positions) < 2 or (positions[1:] > positions[:-1]).all())


def read_groups(
    groups: pd.Series | dict[Any, Any], activities: pd.Index, *, field: str
) -> pd.Series:
    """Check that a mapping activity -> group covers every activity."""
    mapping = pd.Series(groups) if isinstance(groups, dict) else groups
    if not isinstance(mapping, pd.Series):
        raise InvalidInputError("expected a Series or dict mapping activity -> group", field=field)
    _check_unique(mapping.index, field, "activity")
    missing = activities.difference(mapping.index)
    if len(missing):
        raise InvalidInputError("activity has no group", field=field, value=missing[0])
    result = mapping.reindex(activities)
    if result.isna().any():
        raise InvalidInputError(
            "activity has a missing group", field=field, value=result.index[result.isna()][0]
        )
    return result


def read_proximity(proximity: pd.DataFrame, cube: Cube) -> FloatArray:
    """Align a proximity table (single or stacked by year) on the cube's activities."""
    if not isinstance(proximity, pd.DataFrame):
        raise InvalidInputError(
            "proximity must be a DataFrame", field="proximity", value=type(proximity).__name__
        )
    missing = cube.activities.difference(proximity.columns)
    if len(missing):
        raise InvalidInputError(
            "activity missing from the proximity columns", field="proximity", value=missing[0]
        )
    if isinstance(proximity.index, pd.MultiIndex):
        years = (
            cube.years
            if cube.years is not None
            else proximity.index.get_level_values(0).unique()[:1]
        )
        blocks = []
        for year in years:
            block = pd.DataFrame(proximity.xs(year, level=0))
            blocks.append(
                block.reindex(index=cube.activities, columns=cube.activities).to_numpy(
                    dtype=np.float64
                )
            )
        return np.stack(blocks)
    aligned = proximity.reindex(index=cube.activities, columns=cube.activities)
    return aligned.to_numpy(dtype=np.float64)[np.newaxis, :, :]
