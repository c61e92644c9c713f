"""Estimator forms of complexity: every product-space indicator in one pass."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Literal

import numpy as np
import pandas as pd

from clustera.analytics._tables import LONG_COLUMNS, read_cube
from clustera.analytics.complexity import (
    ComplexityArrays,
    Convention,
    Method,
    complexity_arrays,
    eigenvalue_table,
)
from clustera.analytics.outlook import _RULES, outlook_arrays
from clustera.analytics.relatedness import proximities_of
from clustera.analytics.specialisation import location_quotients_of, presence_cube, presence_of
from clustera.errors import InvalidInputError

__all__ = ["Complexity", "EconomicComplexity"]


class Complexity:
    """Estimator form of :func:`~clustera.analytics.complexity`: ``Complexity().fit(M).eci_``.

    Examples
    --------
    >>> M = pd.DataFrame([[1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 1], [0, 1, 1, 1]],
    ...                  index=["r1", "r2", "r3", "r4"], columns=list("abcd"))
    >>> round(float(Complexity().fit(M).pci_["d"]), 4)
    -3.0664
    """

    def __init__(
        self,
        method: Method = "eigenvector",
        convention: Convention = "growthlab",
        *,
        threshold: float = 1.0,
        iterations: int = 20,
    ) -> None:
        self.method = method
        self.convention = convention
        self.threshold = threshold
        self.iterations = iterations

    def fit(self, X_or_M: pd.DataFrame, presence: bool | None = None) -> Complexity:
        """Learn ``eci_``, ``pci_`` and ``eigenvalues_`` from counts or presence."""
        cube, _ = presence_cube(X_or_M, threshold=self.threshold, presence=presence, name="X_or_M")
        arrays = complexity_arrays(
            cube.values, self.method, self.convention, iterations=self.iterations
        )
        self.eci_ = cube.region_series(arrays.eci, "eci")
        self.pci_ = cube.activity_series(arrays.pci, "pci")
        self.eigenvalues_ = eigenvalue_table(cube, arrays)
        return self


class EconomicComplexity:
    """The whole product-space profile of a count table, computed once for all years.

    ``fit(X)`` learns ``rca_``, ``presence_``, ``diversity_``, ``ubiquity_``,
    ``proximity_``, ``density_``, ``eci_``, ``pci_``, ``coi_``, ``cog_`` and
    ``eigenvalues_``, sharing intermediate results. ``convention="growthlab"``
    is the platform default (Hidalgo proximity with ``phi_ii = 0``, density
    without self, Stata COI/COG); ``convention="ecomplexity"`` reproduces
    py-ecomplexity 0.5.3 (``phi_ii = 1``, density with self, its COI/COG scaling).
    ``n_jobs`` computes that many years at once on threads.

    References
    ----------
    Hausmann, R., Hidalgo, C.A., et al. (2014). *The Atlas of Economic Complexity*. MIT Press.

    Examples
    --------
    >>> X = pd.DataFrame([[5, 3, 2, 0], [4, 4, 0, 0], [6, 0, 0, 2], [0, 3, 3, 4]],
    ...                  index=["r1", "r2", "r3", "r4"], columns=list("abcd"))
    >>> model = EconomicComplexity().fit(X)
    >>> model.diversity_.tolist()
    [3.0, 2.0, 2.0, 3.0]
    """

    def __init__(
        self,
        convention: Literal["growthlab", "ecomplexity"] = "growthlab",
        *,
        threshold: float = 1.0,
        n_jobs: int = 1,
    ) -> None:
        self.convention = convention
        self.threshold = threshold
        self.n_jobs = n_jobs

    def fit(self, X: pd.DataFrame) -> EconomicComplexity:
        """Compute every indicator of ``X`` (counts: wide, wide panel or long)."""
        if self.convention not in ("growthlab", "ecomplexity"):
            raise InvalidInputError(
                "convention must be 'growthlab' or 'ecomplexity'",
                field="convention",
                value=self.convention,
            )
        rule = _RULES[self.convention]
        cube = read_cube(X)
        # The cube is private when it was built from a long table or a panel: RCA may overwrite it.
        rca = cube.values if _is_private(X) else cube.values.copy()
        n_years, n_regions, n_activities = rca.shape
        presence = np.empty_like(rca)
        density = np.empty_like(rca)
        cog = np.empty_like(rca)
        proximity = np.empty((n_years, n_activities, n_activities))
        eci = np.empty((n_years, n_regions))
        coi = np.empty((n_years, n_regions))
        pci = np.empty((n_years, n_activities))
        second, third = np.empty(n_years), np.empty(n_years)
        region_degree = np.empty((n_years, n_regions))
        activity_degree = np.empty((n_years, n_activities))

        # One pass over the panel, year by year, so temporaries stay the size of one year;
        # years are independent, so n_jobs > 1 runs them on threads (numpy and BLAS release the GIL).
        def fit_year(year: int) -> None:
            span = slice(year, year + 1)
            rca[span] = location_quotients_of(cube.with_values(rca[span]))
            presence[span] = presence_of(rca[span], self.threshold)
            arrays = complexity_arrays(presence[span], "eigenvector", "growthlab")
            proximity[span] = proximities_of(
                presence[span], "proximity", self_loops=rule.self_loops
            )
            scores = arrays.activity_raw if rule.standardise else arrays.pci
            outlook_arrays(
                presence[span],
                proximity[span],
                scores,
                rule,
                region_raw=arrays.region_raw,
                out=(coi[span], cog[span], density[span]),
            )
            eci[span], pci[span] = arrays.eci, arrays.pci
            region_degree[span] = np.nansum(presence[span], axis=2)
            activity_degree[span] = np.nansum(presence[span], axis=1)
            second[span], third[span] = arrays.eigenvalue_2, arrays.eigenvalue_3

        if self.n_jobs > 1 and n_years > 1:
            with ThreadPoolExecutor(max_workers=self.n_jobs) as pool:
                list(pool.map(fit_year, range(n_years)))
        else:
            for year in range(n_years):
                fit_year(year)
        self.rca_ = cube.frame(rca)
        self.presence_ = cube.frame(presence)
        self.diversity_ = cube.region_series(
            np.where(region_degree > 0, region_degree, np.nan), "diversity"
        )
        self.ubiquity_ = cube.activity_series(
            np.where(activity_degree > 0, activity_degree, np.nan), "ubiquity"
        )
        self.proximity_ = cube.activity_square(proximity)
        self.density_ = cube.frame(density)
        self.eci_ = cube.region_series(eci, "eci")
        self.pci_ = cube.activity_series(pci, "pci")
        self.coi_ = cube.region_series(coi, "coi")
        self.cog_ = cube.frame(cog)
        summary = ComplexityArrays(eci, pci, eci, pci, second, third)
        self.eigenvalues_ = eigenvalue_table(cube, summary)
        return self


def _is_private(source: pd.DataFrame) -> bool:
    """Whether :func:`read_cube` built a fresh array (long tables and panels), not a view of ``source``."""
    return set(LONG_COLUMNS) <= set(map(str, source.columns)) or isinstance(
        source.index, pd.MultiIndex
    )
