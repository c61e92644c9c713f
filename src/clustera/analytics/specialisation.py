"""Specialisation: location quotients (Balassa RCA), presence, diversity and ubiquity.

Empty regions and activities are masked: every value that needs them is NaN,
never 0 (SPEC section 0). Nothing is rounded.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from clustera.analytics._tables import Cube, FloatArray, read_cube
from clustera.errors import InvalidInputError

__all__ = [
    "location_quotient",
    "rca_binary",
    "rpop",
    "symmetric_rca",
    "diversity",
    "ubiquity",
]


def _reference_totals(reference: pd.Series | pd.DataFrame, cube: Cube) -> FloatArray:
    """External activity totals as a (T, 1, I) array aligned on the cube's activities."""
    if isinstance(reference, pd.Series):
        table = pd.DataFrame([reference.to_numpy()], columns=reference.index)
        table = pd.concat([table] * cube.values.shape[0], ignore_index=True)
    elif isinstance(reference, pd.DataFrame):
        if cube.years is None or len(reference) == 1:
            table = pd.concat([reference.iloc[[0]]] * cube.values.shape[0], ignore_index=True)
        else:
            missing_years = cube.years.difference(reference.index)
            if len(missing_years):
                raise InvalidInputError(
                    "no reference totals for year", field="reference", value=missing_years[0]
                )
            table = reference.loc[cube.years]
    else:
        raise InvalidInputError(
            "reference must be a Series (activity -> total) or a DataFrame (year x activity)",
            field="reference",
            value=type(reference).__name__,
        )
    missing = cube.activities.difference(table.columns)
    if len(missing):
        raise InvalidInputError(
            "no reference total for activity", field="reference", value=missing[0]
        )
    totals = table[cube.activities].to_numpy(dtype=np.float64)
    if not np.isfinite(totals).all() or (totals < 0).any():
        raise InvalidInputError(
            "reference totals must be finite and non-negative", field="reference"
        )
    return totals[:, np.newaxis, :]


def location_quotients_of(
    cube: Cube, reference: pd.Series | pd.DataFrame | None = None
) -> FloatArray:
    """Balassa RCA on a cube; masked cells (empty region or activity) are NaN."""
    values = cube.values
    region_totals = values.sum(axis=2, keepdims=True)
    if reference is None:
        activity_totals = values.sum(axis=1, keepdims=True)
    else:
        activity_totals = _reference_totals(reference, cube)
    grand_totals = activity_totals.sum(axis=2, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        result: FloatArray = values / region_totals
        result /= activity_totals / grand_totals
    masked = (region_totals == 0) | (activity_totals == 0)
    result[np.broadcast_to(masked, result.shape)] = np.nan
    return result


def presence_of(rca: FloatArray, threshold: float) -> FloatArray:
    """1 where RCA >= threshold, 0 below, NaN where masked (``>=``: an exact 1.0 is present)."""
    with np.errstate(invalid="ignore"):
        result = (rca >= threshold).astype(np.float64)
    result[np.isnan(rca)] = np.nan
    return result


def _is_presence(cube: Cube) -> bool:
    values = cube.values
    return bool(np.all((values == 0) | (values == 1)))


def presence_cube(
    data: pd.DataFrame, *, threshold: float = 1.0, presence: bool | None = None, name: str = "X"
) -> tuple[Cube, FloatArray | None]:
    """Binary presence M (0/1, NaN where masked) from counts or from a presence table.

    ``presence=None`` treats a table whose cells are all 0 or 1 (or missing) as
    presence already; ``True``/``False`` force either reading. Returns the
    presence cube and the RCA array when it was computed.
    """
    is_presence = _looks_like_presence(data) if presence is None else presence
    cube = read_cube(data, name=name, missing_is_absent=is_presence)
    if is_presence:
        if not _is_presence(cube):
            raise InvalidInputError("a presence table may only hold 0 and 1", field=name)
        values = cube.values.copy()
        empty_regions = values.sum(axis=2, keepdims=True) == 0
        empty_activities = values.sum(axis=1, keepdims=True) == 0
        values[np.broadcast_to(empty_regions | empty_activities, values.shape)] = np.nan
        return cube.with_values(values), None
    rca = location_quotients_of(cube)
    return cube.with_values(presence_of(rca, threshold)), rca


def location_quotient(
    X: pd.DataFrame, reference: pd.Series | pd.DataFrame | None = None
) -> pd.DataFrame:
    """Location quotient (Balassa revealed comparative advantage) of each region in each activity.

    ``LQ_ri = (x_ri / x_r.) / (x_.i / x_..)``. The reference economy is the sum of
    the regions in ``X`` unless ``reference`` gives external activity totals
    (e.g. EU-27 or national totals), which then replace ``x_.i`` and ``x_..``.

    Parameters
    ----------
    X : DataFrame
        Counts, regions x activities; a wide panel indexed by (year, region); or a
        long table with ``region``, ``activity``, ``value`` and optionally ``year``.
    reference : Series or DataFrame, optional
        External totals per activity (a DataFrame indexed by year for panels).

    Returns
    -------
    DataFrame
        LQ values labelled like ``X`` (wide); NaN for empty regions or activities.

    References
    ----------
    Balassa, B. (1965). Trade liberalisation and "revealed" comparative advantage.
    *The Manchester School* 33:99-123.

    Examples
    --------
    >>> X = pd.DataFrame({"C10": [30, 10], "C20": [10, 50]}, index=["AT1", "BE2"])
    >>> round(float(location_quotient(X).loc["AT1", "C10"]), 4)
    1.875
    """
    cube = read_cube(X)
    return cube.frame(location_quotients_of(cube, reference))


def rca_binary(
    X: pd.DataFrame,
    threshold: float = 1.0,
    reference: pd.Series | pd.DataFrame | None = None,
    *,
    population: pd.Series | None = None,
    test: Literal["rca", "rpop", "either"] = "rca",
) -> pd.DataFrame:
    """Binary presence ``M_ri = 1[RCA_ri >= threshold]``; NaN for masked cells.

    The comparison is ``>=`` on the unrounded RCA, as in every peer: an exact
    1.0 counts as present. ``test="rpop"`` uses :func:`rpop` (counts per head)
    instead, and ``"either"`` is present when either test passes (py-ecomplexity's
    ``presence_test="both"`` adds the two flags instead; SPEC defines it as OR).

    References
    ----------
    Hidalgo, C.A., Hausmann, R. (2009). The building blocks of economic
    complexity. *PNAS* 106:10570-10575.

    Examples
    --------
    >>> X = pd.DataFrame({"C10": [30, 10], "C20": [10, 50]}, index=["AT1", "BE2"])
    >>> rca_binary(X).loc["AT1"].tolist()
    [1.0, 0.0]
    """
    if test not in ("rca", "rpop", "either"):
        raise InvalidInputError("test must be 'rca', 'rpop' or 'either'", field="test", value=test)
    cube = read_cube(X)
    rca_presence = presence_of(location_quotients_of(cube, reference), threshold)
    if test == "rca":
        return cube.frame(rca_presence)
    if population is None:
        raise InvalidInputError("the RPOP test needs population", field="population")
    rpop_presence = presence_of(_rpop(cube, population), threshold)
    if test == "rpop":
        return cube.frame(rpop_presence)
    either = np.fmax(rca_presence, rpop_presence)
    return cube.frame(either)


def _rpop(cube: Cube, population: pd.Series) -> FloatArray:
    if not isinstance(population, pd.Series):
        raise InvalidInputError("population must be a Series indexed by region", field="population")
    missing = cube.regions.difference(population.index)
    if len(missing):
        raise InvalidInputError("no population for region", field="population", value=missing[0])
    heads = population.reindex(cube.regions).to_numpy(dtype=np.float64)
    if not np.isfinite(heads).all() or (heads <= 0).any():
        raise InvalidInputError("population must be finite and positive", field="population")
    values = cube.values
    activity_totals = values.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        result: FloatArray = (values / heads[np.newaxis, :, np.newaxis]) / (
            activity_totals / heads.sum()
        )
    result[np.broadcast_to(activity_totals == 0, result.shape)] = np.nan
    return result


def rpop(X: pd.DataFrame, population: pd.Series) -> pd.DataFrame:
    """Per-head comparative advantage ``RPOP_ri = (x_ri / pop_r) / (x_.i / pop_.)``.

    References
    ----------
    Growth Lab, Harvard University. py-ecomplexity 0.5.3, ``presence_test="rpop"``.

    Examples
    --------
    >>> X = pd.DataFrame({"C10": [30, 10], "C20": [10, 50]}, index=["AT1", "BE2"])
    >>> float(rpop(X, pd.Series({"AT1": 1.0, "BE2": 3.0})).loc["AT1", "C10"])
    3.0
    """
    cube = read_cube(X)
    return cube.frame(_rpop(cube, population))


def symmetric_rca(
    X: pd.DataFrame, reference: pd.Series | pd.DataFrame | None = None
) -> pd.DataFrame:
    """Symmetric RCA ``(RCA - 1) / (RCA + 1)``, in [-1, 1).

    References
    ----------
    Dalum, B., Laursen, K., Villumsen, G. (1998). Structural change in OECD export
    specialisation patterns. *International Review of Applied Economics* 12(3):423-443.

    Examples
    --------
    >>> X = pd.DataFrame({"C10": [30, 10], "C20": [10, 50]}, index=["AT1", "BE2"])
    >>> round(float(symmetric_rca(X).loc["AT1", "C10"]), 4)
    0.3043
    """
    cube = read_cube(X)
    rca = location_quotients_of(cube, reference)
    return cube.frame((rca - 1.0) / (rca + 1.0))


def diversity(
    X_or_M: pd.DataFrame, threshold: float = 1.0, presence: bool | None = None
) -> pd.Series:
    """Diversity ``D_r = sum_i M_ri``: the number of activities a region is specialised in.

    ``X_or_M`` is counts (RCA >= ``threshold`` is computed) or a 0/1 presence
    table (``presence=None`` detects it). Empty regions are NaN.

    References
    ----------
    Hidalgo, C.A., Hausmann, R. (2009). *PNAS* 106:10570-10575.

    Examples
    --------
    >>> X = pd.DataFrame({"C10": [30, 10], "C20": [10, 50], "C30": [5, 5]}, index=["AT1", "BE2"])
    >>> diversity(X).tolist()
    [2.0, 1.0]
    """
    cube, _ = presence_cube(X_or_M, threshold=threshold, presence=presence)
    return cube.region_series(_sum_masked(cube.values, axis=2), "diversity")


def ubiquity(
    X_or_M: pd.DataFrame, threshold: float = 1.0, presence: bool | None = None
) -> pd.Series:
    """Ubiquity ``U_i = sum_r M_ri``: the number of regions specialised in an activity.

    Empty activities are NaN.

    References
    ----------
    Hidalgo, C.A., Hausmann, R. (2009). *PNAS* 106:10570-10575.

    Examples
    --------
    >>> M = pd.DataFrame({"C10": [1, 1], "C20": [0, 1]}, index=["AT1", "BE2"])
    >>> ubiquity(M).tolist()
    [2.0, 1.0]
    """
    cube, _ = presence_cube(X_or_M, threshold=threshold, presence=presence)
    return cube.activity_series(_sum_masked(cube.values, axis=1), "ubiquity")


def _sum_masked(values: FloatArray, axis: int) -> FloatArray:
    """Sum over an axis, NaN where every term is masked."""
    total: FloatArray = np.nansum(values, axis=axis)
    total[np.isnan(values).all(axis=axis)] = np.nan
    return total


def _looks_like_presence(data: pd.DataFrame) -> bool:
    block = data["value"] if "value" in data.columns and "activity" in data.columns else data
    try:
        values = np.asarray(block.to_numpy(dtype=np.float64, na_value=np.nan))
    except (TypeError, ValueError):
        return False
    return bool(np.all(np.isnan(values) | (values == 0) | (values == 1)))
