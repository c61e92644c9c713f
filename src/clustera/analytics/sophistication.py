"""Income-based sophistication: PRODY of activities and EXPY of regions (Hausmann, Hwang & Rodrik 2007)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from clustera.analytics._tables import Cube, FloatArray, read_cube
from clustera.analytics.specialisation import location_quotients_of
from clustera.errors import InvalidInputError

__all__ = ["prody", "expy"]


def _income(income: pd.Series, cube: Cube) -> FloatArray:
    if not isinstance(income, pd.Series):
        raise InvalidInputError("income must be a Series indexed by region", field="income")
    missing = cube.regions.difference(income.index)
    if len(missing):
        raise InvalidInputError("no income for region", field="income", value=missing[0])
    values = income.reindex(cube.regions).to_numpy(dtype=np.float64)
    if not np.isfinite(values).all():
        raise InvalidInputError("income must be finite", field="income")
    return values


def _prody(cube: Cube, income: FloatArray, rca_decimals: int | None) -> FloatArray:
    rca = location_quotients_of(cube)
    if rca_decimals is not None:
        rca = np.round(rca, rca_decimals)
    weights = np.nan_to_num(rca, nan=0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        result: FloatArray = np.einsum("tri,r->ti", weights, income) / weights.sum(axis=1)
    return result


def prody(X: pd.DataFrame, income: pd.Series, *, rca_decimals: int | None = None) -> pd.Series:
    """Income level of an activity: ``PRODY_i = sum_r RCA_ri y_r / sum_r RCA_ri``.

    ``income`` (``y_r``) is a region-level Series such as GDP per capita.
    ``rca_decimals=2`` reproduces EconGeo, which weights by its 2-dp-rounded RCA.

    References
    ----------
    Hausmann, R., Hwang, J., Rodrik, D. (2007). What you export matters. *Journal
    of Economic Growth* 12(1):1-25.

    Examples
    --------
    >>> X = pd.DataFrame({"C10": [30, 10], "C20": [10, 50]}, index=["AT1", "BE2"])
    >>> income = pd.Series({"AT1": 40_000.0, "BE2": 20_000.0})
    >>> round(float(prody(X, income)["C10"]), 2)
    36363.64
    """
    cube = read_cube(X)
    return cube.activity_series(_prody(cube, _income(income, cube), rca_decimals), "prody")


def expy(X: pd.DataFrame, income: pd.Series, *, rca_decimals: int | None = None) -> pd.Series:
    """Income level of a region's activity mix: ``EXPY_r = sum_i s_ri PRODY_i``.

    References
    ----------
    Hausmann, R., Hwang, J., Rodrik, D. (2007). *Journal of Economic Growth* 12(1):1-25.

    Examples
    --------
    >>> X = pd.DataFrame({"C10": [30, 10], "C20": [10, 50]}, index=["AT1", "BE2"])
    >>> income = pd.Series({"AT1": 40_000.0, "BE2": 20_000.0})
    >>> round(float(expy(X, income)["AT1"]), 2)
    33426.57
    """
    cube = read_cube(X)
    product = _prody(cube, _income(income, cube), rca_decimals)
    values = cube.values
    totals = values.sum(axis=2, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = values / totals
    result = np.einsum("tri,ti->tr", shares, np.nan_to_num(product, nan=0.0))
    result[totals[:, :, 0] == 0] = np.nan
    return cube.region_series(result, "expy")
