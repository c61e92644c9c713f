"""Relatedness between activities: co-occurrence, proximity and relatedness density."""

from __future__ import annotations

from typing import Literal, get_args

import numpy as np
import pandas as pd

from clustera.analytics._tables import FloatArray, read_cube
from clustera.analytics.density import relatedness_density
from clustera.analytics.specialisation import location_quotients_of, presence_cube
from clustera.errors import InvalidInputError

__all__ = [
    "RELATEDNESS_METHODS",
    "co_occurrence",
    "relatedness",
    "Relatedness",
]

RelatednessMethod = Literal[
    "proximity",
    "proximity_continuous",
    "proximity_sqrt",
    "proximity_asymmetric",
    "association",
    "cosine",
    "jaccard",
    "probability",
]
RELATEDNESS_METHODS: tuple[str, ...] = get_args(RelatednessMethod)
_CO_OCCURRENCE_METHODS = ("association", "cosine", "jaccard", "probability")


def co_occurrences_of(presence: FloatArray) -> FloatArray:
    """``U = M^T M`` per year; masked (NaN) cells count as absent."""
    result = np.empty((presence.shape[0], presence.shape[2], presence.shape[2]))
    # 0/1 products summed over fewer than 2^24 regions are exact in float32, at half the cost.
    exact_in_single = presence.shape[1] < 2**24
    for year in range(presence.shape[0]):
        filled = np.where(np.isnan(presence[year]), 0.0, presence[year])
        if exact_in_single:
            single = filled.astype(np.float32)
            result[year] = single.T @ single
        else:
            result[year] = filled.T @ filled
    return result


def _normalise_co_occurrence(
    co: FloatArray, method: str, normalisation: str, n_events: FloatArray
) -> FloatArray:
    """EconGeo (``co_occurrence`` sums) or occurrence-based (``C_ii``, number of events) normalisation."""
    diagonal = np.diagonal(co, axis1=1, axis2=2).copy()
    off = co.copy()
    index = np.arange(co.shape[1])
    off[:, index, index] = 0.0
    if normalisation == "co_occurrence":
        sizes = off.sum(axis=2)
        total = sizes.sum(axis=1)
    else:
        sizes = diagonal
        total = n_events
    s_i = sizes[:, :, np.newaxis]
    s_j = sizes[:, np.newaxis, :]
    t = total[:, np.newaxis, np.newaxis]
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "association":
            result: FloatArray = off * t / (s_i * s_j)
        elif method == "cosine":
            result = off / np.sqrt(s_i * s_j)
        elif method == "jaccard":
            result = off / (s_i + s_j - off)
        else:
            expected = ((s_i / t) * s_j / (t - s_i) + (s_j / t) * s_i / (t - s_j)) * t / 2.0
            result = off / expected
    result[~np.isfinite(result)] = np.nan
    # Pairs of present activities that never co-occur are unrelated (0), not unknown.
    defined = (sizes > 0)[:, :, np.newaxis] & (sizes > 0)[:, np.newaxis, :]
    result[defined & (off == 0)] = 0.0
    result[:, index, index] = 0.0
    active = diagonal > 0
    result[~(active[:, :, np.newaxis] & active[:, np.newaxis, :])] = np.nan
    return result


def proximities_of(
    presence: FloatArray,
    method: str,
    *,
    self_loops: bool = False,
    normalisation: str = "co_occurrence",
) -> FloatArray:
    """Activity x activity relatedness per year; NaN rows/columns for activities present nowhere."""
    if method not in RELATEDNESS_METHODS:
        raise InvalidInputError(
            f"unknown relatedness method; choose one of {', '.join(RELATEDNESS_METHODS)}",
            field="method",
            value=method,
        )
    if method == "proximity_continuous":
        raise InvalidInputError(
            "continuous proximity is computed from counts: call relatedness(X, 'proximity_continuous')",
            field="method",
            value=method,
        )
    if normalisation not in ("co_occurrence", "occurrence"):
        raise InvalidInputError(
            "normalisation must be 'co_occurrence' or 'occurrence'",
            field="normalisation",
            value=normalisation,
        )
    co = co_occurrences_of(presence)
    if method in _CO_OCCURRENCE_METHODS:
        n_events = (~np.isnan(presence).all(axis=2)).sum(axis=1).astype(np.float64)
        result = _normalise_co_occurrence(co, method, normalisation, n_events)
    else:
        ubiquity = np.diagonal(co, axis1=1, axis2=2)
        u_i = ubiquity[:, :, np.newaxis]
        u_j = ubiquity[:, np.newaxis, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            if method == "proximity":
                result = co / np.maximum(u_i, u_j)
            elif method == "proximity_sqrt":
                result = co / np.sqrt(u_i * u_j)
            else:
                result = co / u_j
        active = ubiquity > 0
        result[~(active[:, :, np.newaxis] & active[:, np.newaxis, :])] = np.nan
    index = np.arange(result.shape[1])
    diagonal_value = 1.0 if self_loops else 0.0
    active_diagonal = ~np.isnan(result[:, index, index])
    result[:, index, index] = np.where(active_diagonal, diagonal_value, np.nan)
    return result


def co_occurrence(B: pd.DataFrame, *, diagonal: bool = False) -> pd.DataFrame:
    """Co-occurrence of activities, ``C = B^T B``, from an incidence table with events in rows.

    Events are regions (``B = M``, product-space style) or documents such as
    patents listing classes (technology space). EconGeo's ``co_occurrence`` wants
    the transpose (activities in rows); pass ``B`` with events in rows here.

    References
    ----------
    Boschma, R., Balland, P.-A., Kogler, D. (2015). Relatedness and technological
    change in cities. *Industrial and Corporate Change* 24(1):223-250.

    Examples
    --------
    >>> B = pd.DataFrame({"A": [1, 1, 0], "B": [1, 1, 1], "C": [0, 0, 1]})
    >>> int(co_occurrence(B).loc["A", "B"])
    2
    """
    cube = read_cube(B, name="B")
    co = np.matmul(np.swapaxes(cube.values, 1, 2), cube.values)
    if not diagonal:
        index = np.arange(co.shape[1])
        co[:, index, index] = 0.0
    return cube.activity_square(co)


def relatedness(
    M: pd.DataFrame,
    method: RelatednessMethod = "proximity",
    *,
    self_loops: bool = False,
    normalisation: Literal["co_occurrence", "occurrence"] = "co_occurrence",
    threshold: float = 1.0,
    presence: bool | None = None,
) -> pd.DataFrame:
    """Relatedness between activities from their co-occurrence in regions (or documents).

    ``U = M^T M`` counts the regions specialised in both i and j. Methods:

    * ``proximity`` (default): Hidalgo's minimum conditional probability
      ``phi_ij = U_ij / max(U_ii, U_jj)`` (Hidalgo et al. 2007);
      ``proximity_sqrt``: ``U_ij / sqrt(U_ii U_jj)``; ``proximity_asymmetric``:
      ``P(i | j) = U_ij / U_jj``; ``proximity_continuous`` (from counts, no
      threshold): ``(1 + corr(RCA_.i, RCA_.j)) / 2`` across regions (py-ecomplexity
      ``continuous=True``).
    * ``association``, ``cosine``, ``jaccard``, ``probability``: EconGeo's
      normalisations of the co-occurrence matrix (van Eck & Waltman 2009;
      Steijn 2017). With ``normalisation="co_occurrence"`` (EconGeo) the sizes are
      the off-diagonal co-occurrence sums; with ``"occurrence"`` (econcomplex)
      they are the occurrences ``U_ii`` and the total is the number of events.

    The diagonal is 0 unless ``self_loops`` (1, as py-ecomplexity and R
    economiccomplexity). Activities present nowhere get NaN rows and columns.

    References
    ----------
    Hidalgo, C.A., Klinger, B., Barabasi, A.-L., Hausmann, R. (2007). The product
    space conditions the development of nations. *Science* 317:482-487.
    van Eck, N.J., Waltman, L. (2009). How to normalize cooccurrence data? *JASIST*
    60(8):1635-1651.
    Steijn, M.P.A. (2017). Improvement on the association strength. Utrecht University.

    Examples
    --------
    >>> M = pd.DataFrame({"A": [1, 1, 0], "B": [1, 1, 1], "C": [0, 0, 1]}, index=["r1", "r2", "r3"])
    >>> round(float(relatedness(M).loc["A", "B"]), 4)
    0.6667
    """
    if method == "proximity_continuous":
        counts = read_cube(M, name="X")
        result = _continuous_proximities(location_quotients_of(counts), self_loops)
        return counts.activity_square(result)
    cube, _ = presence_cube(M, threshold=threshold, presence=presence, name="M")
    result = proximities_of(cube.values, method, self_loops=self_loops, normalisation=normalisation)
    return cube.activity_square(result)


def _continuous_proximities(rca: FloatArray, self_loops: bool) -> FloatArray:
    """``(1 + corr(RCA_.i, RCA_.j)) / 2`` over the non-empty regions, per year."""
    n_years, _, n_activities = rca.shape
    result = np.full((n_years, n_activities, n_activities), np.nan)
    index = np.arange(n_activities)
    for year in range(n_years):
        values = rca[year]
        rows = ~np.isnan(values).all(axis=1)
        columns = ~np.isnan(values).all(axis=0)
        block = values[np.ix_(rows, columns)]
        with np.errstate(divide="ignore", invalid="ignore"):
            result[year][np.ix_(columns, columns)] = (1.0 + np.corrcoef(block, rowvar=False)) / 2.0
        result[year, index[columns], index[columns]] = 1.0 if self_loops else 0.0
    return result


class Relatedness:
    """Estimator form of :func:`relatedness`: ``Relatedness(method=...).fit(M).proximity_``.

    ``transform(M)`` then gives the relatedness density of any presence table on
    the fitted activity space.

    Examples
    --------
    >>> M = pd.DataFrame({"A": [1, 1, 0], "B": [1, 1, 1], "C": [0, 0, 1]}, index=["r1", "r2", "r3"])
    >>> model = Relatedness(method="proximity").fit(M)
    >>> round(float(model.proximity_.loc["B", "C"]), 4)
    0.3333
    """

    def __init__(
        self,
        method: RelatednessMethod = "proximity",
        *,
        self_loops: bool = False,
        normalisation: Literal["co_occurrence", "occurrence"] = "co_occurrence",
        threshold: float = 1.0,
    ) -> None:
        self.method = method
        self.self_loops = self_loops
        self.normalisation = normalisation
        self.threshold = threshold

    def fit(self, M: pd.DataFrame, presence: bool | None = None) -> Relatedness:
        """Learn ``proximity_`` and ``co_occurrence_`` from counts or presence."""
        cube, _ = presence_cube(M, threshold=self.threshold, presence=presence, name="M")
        if self.method == "proximity_continuous":
            self.co_occurrence_ = cube.activity_square(co_occurrences_of(cube.values))
            self.proximity_ = relatedness(M, "proximity_continuous", self_loops=self.self_loops)
            return self
        self.co_occurrence_ = cube.activity_square(co_occurrences_of(cube.values))
        self.proximity_ = cube.activity_square(
            proximities_of(
                cube.values,
                self.method,
                self_loops=self.self_loops,
                normalisation=self.normalisation,
            )
        )
        return self

    def transform(self, M: pd.DataFrame, presence: bool | None = None) -> pd.DataFrame:
        """Relatedness density (0-1, self excluded) of ``M`` on the fitted space."""
        return relatedness_density(M, self.proximity_, threshold=self.threshold, presence=presence)
