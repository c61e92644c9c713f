"""Change between periods: entry into and exit from specialisations, compound growth."""

from __future__ import annotations

from dataclasses import dataclass
from typing import overload

import numpy as np
import pandas as pd

from clustera.analytics._tables import Cube, FloatArray
from clustera.analytics.specialisation import presence_cube
from clustera.errors import InvalidInputError

__all__ = ["EntryExit", "compound_annual_growth", "entry_exit"]


@dataclass(frozen=True)
class EntryExit:
    """Entries and exits per start year: 1/0 inside the risk set, NaN outside it.

    ``entry`` is defined where the region was not specialised at t (M_t = 0) and
    says whether it is at t + lag; ``exit`` is defined where it was (M_t = 1) and
    says whether it no longer is. Both are indexed by (start year, region).
    """

    entry: pd.DataFrame
    exit: pd.DataFrame
    lag: int


def entry_exit(
    X_or_M: pd.DataFrame, *, lag: int = 1, threshold: float = 1.0, presence: bool | None = None
) -> EntryExit:
    """Entries ``1[M_t = 0 and M_t+lag = 1]`` and exits ``1[M_t = 1 and M_t+lag = 0]``.

    Years are taken in sorted order and ``lag`` counts positions (periods), so
    a panel of 5-year periods uses ``lag=1``. Cells masked in either period are
    NaN. These are the dependent variables of the relatedness/entry regressions
    (EconGeo ``entry_list``/``exit_list`` risk sets).

    References
    ----------
    Boschma, R., Balland, P.-A., Kogler, D. (2015). Relatedness and technological
    change in cities. *Industrial and Corporate Change* 24(1):223-250.
    Balland, P.-A. (2017). EconGeo, R package (``entry_mat``, ``exit_mat``).

    Examples
    --------
    >>> M = pd.DataFrame({"year": [2020] * 4 + [2021] * 4, "region": ["r1", "r1", "r2", "r2"] * 2,
    ...                   "activity": ["a", "b"] * 4, "value": [1, 0, 0, 1, 1, 1, 1, 0]})
    >>> flows = entry_exit(M)
    >>> float(flows.entry.loc[(2020, "r1"), "b"]), float(flows.exit.loc[(2020, "r2"), "b"])
    (1.0, 1.0)
    """
    if lag < 1:
        raise InvalidInputError("lag must be at least 1", field="lag", value=lag)
    cube, _ = presence_cube(X_or_M, threshold=threshold, presence=presence, name="X_or_M")
    if cube.years is None or len(cube.years) <= lag:
        raise InvalidInputError(
            "entry and exit need a panel with more periods than the lag", field="year", value=lag
        )
    before, after = cube.values[:-lag], cube.values[lag:]
    with np.errstate(invalid="ignore"):
        entry = np.where(before == 0, (after == 1).astype(np.float64), np.nan)
        leave = np.where(before == 1, (after == 0).astype(np.float64), np.nan)
    unknown = np.isnan(before) | np.isnan(after)
    entry[unknown] = np.nan
    leave[unknown] = np.nan
    start = Cube(before, cube.regions, cube.activities, cube.years[:-lag])
    return EntryExit(entry=start.frame(entry), exit=start.frame(leave), lag=lag)


@overload
def compound_annual_growth(first: float | None, last: float | None, years: float) -> float: ...


@overload
def compound_annual_growth(first: pd.Series, last: pd.Series, years: float) -> pd.Series: ...


def compound_annual_growth(
    first: float | None | pd.Series, last: float | None | pd.Series, years: float
) -> float | pd.Series:
    """Compound annual growth rate ``(last / first) ** (1 / years) - 1`` between two values.

    Parameters
    ----------
    first, last
        The values at the start and end of the span: two numbers (None for
        missing) or two Series aligned on their index.
    years
        The length of the span in years (or periods, for a rate per period).

    Returns
    -------
    float or pandas.Series
        The rate as a fraction (0.05 is 5 % a year), unrounded; NaN where it is
        undefined: a missing, zero or negative value at either end (growth from
        or to nothing has no compound rate) or a span of 0 years or less.

    Notes
    -----
    .. math:: g = \\left(\\frac{x_{t_1}}{x_{t_0}}\\right)^{1/(t_1 - t_0)} - 1

    the constant yearly rate that takes :math:`x_{t_0}` to :math:`x_{t_1}` [1]_.

    References
    ----------
    .. [1] U.S. Bureau of Economic Analysis, Regional Economic Accounts,
       definitions: "Compound annual growth rate" (the n-th root of the ratio
       of the end value to the begin value, minus 1, n the years between),
       http://bea.gov/regional/definitions/nextpage.cfm?key=Compound%20annual%20growth%20rate.

    Examples
    --------
    >>> round(compound_annual_growth(100.0, 121.0, 2), 12)
    0.1
    >>> compound_annual_growth(0.0, 5.0, 3)
    nan
    """
    if isinstance(first, pd.Series) or isinstance(last, pd.Series):
        start_series, end_series = pd.Series(first, dtype=np.float64).align(
            pd.Series(last, dtype=np.float64)
        )
        rates = _compound_rates(start_series.to_numpy(), end_series.to_numpy(), years)
        return pd.Series(rates, index=start_series.index, name="growth")
    start = np.array([np.nan if first is None else first], dtype=np.float64)
    end = np.array([np.nan if last is None else last], dtype=np.float64)
    return float(_compound_rates(start, end, years)[0])


def _compound_rates(start: FloatArray, end: FloatArray, years: float) -> FloatArray:
    if not years > 0:
        return np.full(start.shape, np.nan)
    defined = (start > 0) & (end > 0)
    rates = np.full(start.shape, np.nan)
    rates[defined] = (end[defined] / start[defined]) ** (1.0 / years) - 1.0
    return rates
