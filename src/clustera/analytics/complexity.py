"""Economic and knowledge complexity: ECI/KCI of regions, PCI/TCI of activities."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from clustera.analytics._eigen import second_eigenvectors
from clustera.analytics._tables import Cube, FloatArray
from clustera.analytics.reflections import fitness_of, reflections_of
from clustera.analytics.specialisation import presence_cube
from clustera.errors import InvalidInputError

__all__ = ["COMPLEXITY_CONVENTIONS", "ComplexityResult", "complexity"]

Method = Literal["eigenvector", "reflections", "fitness"]
Convention = Literal["growthlab", "atlas", "economiccomplexity", "datawheel", "econgeo"]
COMPLEXITY_CONVENTIONS: tuple[str, ...] = (
    "growthlab",
    "atlas",
    "economiccomplexity",
    "datawheel",
    "econgeo",
)


@dataclass(frozen=True)
class ComplexityResult:
    """Complexity of regions (``eci``) and activities (``pci``) with eigen diagnostics.

    ``eigenvalues`` holds lambda_2, lambda_3 and the gap ratio lambda_2/lambda_3 of the
    complexity matrix (per year for panels): a ratio near 1 means an
    ill-conditioned ranking.
    """

    eci: pd.Series
    pci: pd.Series
    eigenvalues: pd.DataFrame
    method: str
    convention: str


@dataclass(frozen=True)
class ComplexityArrays:
    """Oriented vectors on the cube: the published indices and the raw eigenvectors."""

    eci: FloatArray
    pci: FloatArray
    region_raw: FloatArray
    activity_raw: FloatArray
    eigenvalue_2: FloatArray
    eigenvalue_3: FloatArray


def _correlation(left: FloatArray, right: FloatArray) -> float:
    keep = ~(np.isnan(left) | np.isnan(right))
    if keep.sum() < 2 or np.std(left[keep]) == 0 or np.std(right[keep]) == 0:
        return 0.0
    return float(np.corrcoef(left[keep], right[keep])[0, 1])


def _rank_correlation(left: FloatArray, right: FloatArray) -> float:
    keep = ~(np.isnan(left) | np.isnan(right))
    ranks_left: FloatArray = np.asarray(pd.Series(left[keep]).rank(), dtype=np.float64)
    ranks_right: FloatArray = np.asarray(pd.Series(right[keep]).rank(), dtype=np.float64)
    return _correlation(ranks_left, ranks_right)


def _zscore(
    values: FloatArray, ddof: int, center: float | None = None, spread: float | None = None
) -> FloatArray:
    mean = float(np.nanmean(values)) if center is None else center
    sd = float(np.nanstd(values, ddof=ddof)) if spread is None else spread
    with np.errstate(divide="ignore", invalid="ignore"):
        result: FloatArray = (values - mean) / sd
    return result


def _econgeo_vector(presence: FloatArray, on_regions: bool, decimals: int) -> FloatArray:
    """EconGeo's ``kci``/``tci`` recipe: general eigen of the 4-dp-rounded transition matrix."""
    region_degree = presence.sum(axis=1)
    activity_degree = presence.sum(axis=0)
    keep_r, keep_a = region_degree > 0, activity_degree > 0
    matrix = presence[np.ix_(keep_r, keep_a)]
    rows = matrix / region_degree[keep_r][:, np.newaxis]
    columns = matrix / activity_degree[keep_a][np.newaxis, :]
    transition = rows @ columns.T if on_regions else columns.T @ rows
    values, vectors = np.linalg.eig(np.round(transition, decimals))
    order = np.argsort(-np.abs(values), kind="stable")
    vector = np.real(vectors[:, order[1]])
    result = np.full(presence.shape[0] if on_regions else presence.shape[1], np.nan)
    result[keep_r if on_regions else keep_a] = vector
    return result


def complexity_arrays(
    presence: FloatArray,
    method: str,
    convention: str,
    *,
    iterations: int = 20,
    transition_decimals: int | None = None,
) -> ComplexityArrays:
    """Complexity of every year of a presence cube under a peer convention."""
    if method not in ("eigenvector", "reflections", "fitness"):
        raise InvalidInputError(
            "method must be 'eigenvector', 'reflections' or 'fitness'", field="method", value=method
        )
    if convention not in COMPLEXITY_CONVENTIONS:
        raise InvalidInputError(
            f"unknown convention; choose one of {', '.join(COMPLEXITY_CONVENTIONS)}",
            field="convention",
            value=convention,
        )
    diversity = np.nansum(presence, axis=2)
    diversity[diversity == 0] = np.nan
    ubiquity = np.nansum(presence, axis=1)
    ubiquity[ubiquity == 0] = np.nan
    n_years = presence.shape[0]
    if method == "reflections":
        return _reflection_arrays(presence, convention, iterations, n_years)
    if method == "fitness":
        fitness, quality = fitness_of(presence, iterations)
        nan_years = np.full(n_years, np.nan)
        return ComplexityArrays(fitness, quality, fitness, quality, nan_years, nan_years)
    if convention == "datawheel":
        raise InvalidInputError(
            "the Datawheel convention exists only for method='reflections'",
            field="convention",
            value=convention,
        )
    solution = second_eigenvectors(presence)
    close = solution.eigenvalue_2 > 1.0 - 1e-9
    if close.any():
        warnings.warn(
            "the presence network has several components (lambda_2 = 1): complexity is not meaningful",
            UserWarning,
            stacklevel=3,
        )
    eci = np.full(solution.region.shape, np.nan)
    pci = np.full(solution.activity.shape, np.nan)
    region_raw = solution.region.copy()
    activity_raw = solution.activity.copy()
    for year in range(n_years):
        k, q = region_raw[year], activity_raw[year]
        if np.isnan(k).all():
            continue
        if convention == "econgeo":
            filled = np.nan_to_num(presence[year], nan=0.0)
            eci[year], pci[year] = _econgeo_orient(
                filled, k, q, ubiquity[year], transition_decimals
            )
            continue
        if _correlation(k, diversity[year]) < 0:
            k, q = -k, -q
        region_raw[year], activity_raw[year] = k, q
        if convention == "growthlab":
            center, spread = float(np.nanmean(k)), float(np.nanstd(k))
            eci[year] = _zscore(k, 0, center, spread)
            pci[year] = _zscore(q, 0, center, spread)
        elif convention == "atlas":
            eci[year] = _zscore(k, 0)
            own = _zscore(q, 0)
            pci[year] = -own if _correlation(own, ubiquity[year]) > 0 else own
        else:
            reflected_k, reflected_q = reflections_of(presence[year : year + 1], iterations - 1)
            reference_k, _ = reflections_of(presence[year : year + 1], iterations - 2)
            eci_year = _zscore(k, 1)
            pci_year = _zscore(q, 1)
            eci[year] = -eci_year if _correlation(eci_year, reference_k[0]) < 0 else eci_year
            pci[year] = -pci_year if _correlation(pci_year, reflected_q[0]) < 0 else pci_year
    return ComplexityArrays(
        eci, pci, region_raw, activity_raw, solution.eigenvalue_2, solution.eigenvalue_3
    )


def _econgeo_orient(
    presence: FloatArray, k: FloatArray, q: FloatArray, ubiquity: FloatArray, decimals: int | None
) -> tuple[FloatArray, FloatArray]:
    """EconGeo: v / sum(v); KCI signed by Pearson r with morc(20), TCI by Spearman r with ubiquity."""
    if decimals is not None:
        k = _econgeo_vector(presence, True, decimals)
        q = _econgeo_vector(presence, False, decimals)
    kci = k / np.nansum(k)
    tci = q / np.nansum(q)
    morc, _ = reflections_of(presence[np.newaxis], 20)
    if _correlation(kci, morc[0]) < 0:
        kci = -kci
    if _rank_correlation(tci, ubiquity) > 0:
        tci = -tci
    return kci, tci


def _reflection_arrays(
    presence: FloatArray, convention: str, iterations: int, n_years: int
) -> ComplexityArrays:
    if iterations < 2:
        raise InvalidInputError(
            "iterations must be at least 2", field="iterations", value=iterations
        )
    nan_years = np.full(n_years, np.nan)
    if convention == "econgeo":
        region, _ = reflections_of(presence, iterations)
        _, activity = reflections_of(presence, iterations - 1)
        eci = _rescale_rows(region)
        pci = _rescale_rows(activity)
        return ComplexityArrays(eci, pci, region, activity, nan_years, nan_years)
    region, activity = reflections_of(presence, iterations - 1)
    region, _ = reflections_of(presence, iterations - 2)
    ddof = 1 if convention in ("datawheel", "economiccomplexity") else 0
    eci = np.stack([_zscore(row, ddof) for row in region])
    pci = np.stack([_zscore(row, ddof) for row in activity])
    return ComplexityArrays(eci, pci, region, activity, nan_years, nan_years)


def _rescale_rows(values: FloatArray) -> FloatArray:
    low = np.nanmin(values, axis=1, keepdims=True)
    high = np.nanmax(values, axis=1, keepdims=True)
    result: FloatArray = 100.0 * (values - low) / (high - low)
    return result


def eigenvalue_table(cube: Cube, arrays: ComplexityArrays) -> pd.DataFrame:
    """lambda_2, lambda_3 and their ratio, one row per year (or one row)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = arrays.eigenvalue_2 / arrays.eigenvalue_3
    index = cube.years if cube.years is not None else pd.Index(["all"])
    return pd.DataFrame(
        {
            "eigenvalue_2": arrays.eigenvalue_2,
            "eigenvalue_3": arrays.eigenvalue_3,
            "gap_ratio": ratio,
        },
        index=index,
    )


def complexity(
    X_or_M: pd.DataFrame,
    method: Method = "eigenvector",
    convention: Convention = "growthlab",
    *,
    threshold: float = 1.0,
    presence: bool | None = None,
    iterations: int = 20,
    transition_decimals: int | None = None,
) -> ComplexityResult:
    """Economic complexity of regions (ECI/KCI) and activities (PCI/TCI).

    ``M`` is binary presence (RCA >= ``threshold``, computed from counts unless
    ``X_or_M`` is already 0/1). Empty regions and activities are masked (NaN) and
    left out of the eigenproblem. ``method="eigenvector"`` takes the second
    eigenvector q of ``M~P = D_p^-1 M^T D_c^-1 M`` through its symmetric similar
    form and ``K = D_c^-1 M q``. Conventions:

    * ``growthlab`` (default; py-ecomplexity, Stata): sign so that corr(ECI,
      diversity) > 0, PCI oriented jointly; ``ECI = (K - mean K)/sd0(K)`` and
      ``PCI = (q - mean K)/sd0(K)``, so ECI is the mean PCI of a region's activities.
    * ``atlas`` (econci, econcomplex): ECI as above; PCI z-scored on its own
      moments (ddof 0), oriented independently so that corr(PCI, ubiquity) < 0.
    * ``economiccomplexity`` (R package): own moments with ddof 1, each vector
      oriented by its correlation with the method of reflections.
    * ``econgeo``: ``KCI = v/sum(v)``, ``TCI = q/sum(q)``; KCI signed by Pearson
      r with ``morc(20)``, TCI by Spearman r with ubiquity. ``transition_decimals=4``
      reproduces EconGeo's rounding of the transition matrix (parity only).
    * ``datawheel`` (only with ``method="reflections"``): ``z(k_c,N-2)`` and
      ``z(k_p,N-1)`` with ddof 1 for ``iterations=N``.

    ``method="fitness"`` gives the fitness of regions and complexity of
    activities of Tacchella et al. (2012) instead (mean 1, any convention), with
    ``iterations - 1`` updates as R economiccomplexity.

    References
    ----------
    Hidalgo, C.A., Hausmann, R. (2009). The building blocks of economic
    complexity. *PNAS* 106:10570-10575.
    Hausmann, R., Hidalgo, C.A., et al. (2014). *The Atlas of Economic
    Complexity*. MIT Press, Technical Box 2.1.
    Balland, P.-A., Rigby, D. (2017). The geography of complex knowledge.
    *Economic Geography* 93(1):1-23.
    Tacchella, A., Cristelli, M., Caldarelli, G., Gabrielli, A., Pietronero, L.
    (2012). A new metrics for countries' fitness and products' complexity.
    *Scientific Reports* 2:723.

    Examples
    --------
    >>> M = pd.DataFrame([[1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 1], [0, 1, 1, 1]],
    ...                  index=["r1", "r2", "r3", "r4"], columns=list("abcd"))
    >>> result = complexity(M)
    >>> round(float(result.eci["r1"]), 4)
    0.9224
    """
    cube, _ = presence_cube(X_or_M, threshold=threshold, presence=presence, name="X_or_M")
    arrays = complexity_arrays(
        cube.values,
        method,
        convention,
        iterations=iterations,
        transition_decimals=transition_decimals,
    )
    return ComplexityResult(
        eci=cube.region_series(arrays.eci, "eci"),
        pci=cube.activity_series(arrays.pci, "pci"),
        eigenvalues=eigenvalue_table(cube, arrays),
        method=method,
        convention=convention,
    )
