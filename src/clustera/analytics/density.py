"""Relatedness density: how close a region's specialisations are to each activity."""

from __future__ import annotations

import warnings
from typing import Literal

import numpy as np
import pandas as pd

from clustera.analytics._tables import FloatArray, read_cube, read_proximity
from clustera.analytics.specialisation import location_quotients_of, presence_cube
from clustera.errors import InvalidInputError

__all__ = ["relatedness_density", "relative_relatedness"]


def densities_of(
    presence: FloatArray, proximity: FloatArray, *, exclude_self: bool = True
) -> FloatArray:
    """``w_ri = sum_j M_rj phi_ji / sum_j phi_ji`` per year, NaN for masked cells."""
    n_years = presence.shape[0]
    result = np.empty(presence.shape, dtype=np.float64)
    index = np.arange(proximity.shape[1])
    for year in range(n_years):
        phi = np.nan_to_num(proximity[min(year, proximity.shape[0] - 1)], nan=0.0)
        if exclude_self:
            phi = phi.copy()
            phi[index, index] = 0.0
        filled = np.nan_to_num(presence[year], nan=0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            np.divide(filled @ phi, phi.sum(axis=0)[np.newaxis, :], out=result[year])
    result[np.isnan(presence)] = np.nan
    result[~np.isfinite(result)] = np.nan
    return result


def relatedness_density(
    M: pd.DataFrame,
    proximity: pd.DataFrame,
    *,
    exclude_self: bool = True,
    scale: float = 1.0,
    threshold: float = 1.0,
    presence: bool | None = None,
    weights: Literal["presence", "rca"] = "presence",
) -> pd.DataFrame:
    """Relatedness density: the share of an activity's related activities a region is specialised in.

    ``RD_ri = scale * sum_j M_rj phi_ji / sum_j phi_ji``, over ``j != i`` when
    ``exclude_self`` (the platform default and EconGeo's). ``scale=100`` gives
    EconGeo's 0-100 units (unrounded); ``exclude_self=False`` with a proximity
    whose diagonal is 1 gives py-ecomplexity's density. ``weights="rca"`` weights
    by the continuous RCA of counts instead of presence (py-ecomplexity's
    continuous density, with ``proximity_continuous``). Activities unrelated to
    every other activity get NaN.

    References
    ----------
    Hidalgo, C.A., Klinger, B., Barabasi, A.-L., Hausmann, R. (2007). *Science* 317:482-487.
    Boschma, R., Balland, P.-A., Kogler, D. (2015). *Industrial and Corporate Change* 24(1):223-250.

    Examples
    --------
    >>> M = pd.DataFrame({"A": [1, 1, 0], "B": [1, 1, 1], "C": [0, 0, 1]}, index=["r1", "r2", "r3"])
    >>> from clustera.analytics import relatedness
    >>> phi = relatedness(M)
    >>> round(float(relatedness_density(M, phi).loc["r3", "A"]), 4)
    1.0
    """
    if weights == "rca":
        counts = read_cube(M, name="X")
        rca = location_quotients_of(counts)
        phi = read_proximity(proximity, counts)
        return counts.frame(scale * densities_of(rca, phi, exclude_self=exclude_self))
    if weights != "presence":
        raise InvalidInputError(
            "weights must be 'presence' or 'rca'", field="weights", value=weights
        )
    cube, _ = presence_cube(M, threshold=threshold, presence=presence, name="M")
    phi = read_proximity(proximity, cube)
    return cube.frame(scale * densities_of(cube.values, phi, exclude_self=exclude_self))


def relative_relatedness(
    M: pd.DataFrame,
    proximity: pd.DataFrame,
    *,
    threshold: float = 1.0,
    presence: bool | None = None,
) -> pd.DataFrame:
    """Density standardised within each region over its candidate activities (M = 0).

    ``(w_ri - mean_{j: M_rj = 0} w_rj) / sd_{j: M_rj = 0}(w_rj)`` with the sample
    standard deviation (ddof 1) and ``w`` the density without self, as Datawheel's
    ``relative_relatedness``. It ranks a region's options on a common scale.

    References
    ----------
    Datawheel (2023). economic-complexity 0.3.0, ``relative_relatedness``.
    Hidalgo, C.A., et al. (2007). *Science* 317:482-487.

    Examples
    --------
    >>> M = pd.DataFrame([[1, 1, 0, 0], [1, 0, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> from clustera.analytics import relatedness
    >>> scores = relative_relatedness(M, relatedness(M))
    >>> round(float(scores.loc["r1", "c"]), 4)
    0.7071
    """
    cube, _ = presence_cube(M, threshold=threshold, presence=presence, name="M")
    phi = read_proximity(proximity, cube)
    density = densities_of(cube.values, phi, exclude_self=True)
    candidates = np.where(cube.values == 0, density, np.nan)
    # A region with fewer than two candidates has no spread: NaN, without a warning.
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(candidates, axis=2, keepdims=True)
        spread = np.nanstd(candidates, axis=2, ddof=1, keepdims=True)
        result = (density - mean) / spread
    return cube.frame(result)
