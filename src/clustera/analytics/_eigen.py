"""The second eigenvector of the complexity matrix, by a symmetric formulation.

``M~P = D_p^-1 M^T D_c^-1 M`` is similar to the symmetric, positive
semi-definite ``S = B^T B`` with ``B = D_c^-1/2 M D_p^-1/2``; its leading
eigenvector (eigenvalue 1) is known in closed form, ``sqrt(k_p)``, so it is
deflated and the top of the remaining spectrum is found with LAPACK ``eigh``
(small) or ARPACK Lanczos (large), never the general ``eig``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse.linalg import LinearOperator, eigsh

from clustera.analytics._tables import FloatArray

__all__: list[str] = []

# Below this many active activities (or regions) a dense eigh is fast and exact.
_DENSE_LIMIT = 400


@dataclass(frozen=True)
class EigenSolution:
    """Raw complexity vectors per year, before any sign or scale convention."""

    region: FloatArray  # K = D_c^-1 M q, shape (T, R), NaN where masked
    activity: FloatArray  # q, shape (T, I), NaN where masked
    eigenvalue_2: FloatArray  # (T,)
    eigenvalue_3: FloatArray  # (T,)


def _top_two(symmetric: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Two largest eigenpairs of a dense symmetric PSD matrix (values descending)."""
    size = symmetric.shape[0]
    if size <= _DENSE_LIMIT:
        values, vectors = np.linalg.eigh(symmetric)
        return values[::-1][:2], vectors[:, ::-1][:, :2]
    # Lanczos on the dense matrix: each product costs size^2, far less than a full eigh.
    operator = LinearOperator(
        (size, size), matvec=lambda x: symmetric @ np.ravel(x), dtype=np.float64
    )
    start = np.linspace(1.0, 2.0, size)
    values, vectors = eigsh(operator, k=2, which="LA", tol=0.0, v0=start)
    order = np.argsort(values)[::-1]
    return values[order], vectors[:, order]


def _solve_year(presence: FloatArray) -> tuple[FloatArray, FloatArray, float, float]:
    n_regions, n_activities = presence.shape
    region_degree = presence.sum(axis=1)
    activity_degree = presence.sum(axis=0)
    active_regions = region_degree > 0
    active_activities = activity_degree > 0
    nan_region = np.full(n_regions, np.nan)
    nan_activity = np.full(n_activities, np.nan)
    if active_regions.sum() < 2 or active_activities.sum() < 2:
        return nan_region, nan_activity, np.nan, np.nan
    everything_active = bool(active_regions.all() and active_activities.all())
    matrix = presence if everything_active else presence[np.ix_(active_regions, active_activities)]
    k_c = region_degree[active_regions]
    k_p = activity_degree[active_activities]
    # Work in the smaller of the two similar symmetric forms; B^T B is one symmetric rank-k update.
    on_activities = matrix.shape[1] <= matrix.shape[0]
    scaled = matrix / np.sqrt(k_c)[:, np.newaxis]
    scaled /= np.sqrt(k_p)[np.newaxis, :]
    leading = np.sqrt(k_p if on_activities else k_c)
    leading /= np.linalg.norm(leading)
    symmetric = scaled.T @ scaled if on_activities else scaled @ scaled.T
    symmetric -= np.outer(leading, leading)
    values, vectors = _top_two(symmetric)
    vector = vectors[:, 0]
    if on_activities:
        q = vector / np.sqrt(k_p)
    else:
        q = (matrix.T @ (vector / np.sqrt(k_c))) / k_p
    k = (matrix @ q) / k_c
    region = nan_region
    region[active_regions] = k
    activity = nan_activity
    activity[active_activities] = q
    return region, activity, float(values[0]), float(values[1])


def second_eigenvectors(presence: FloatArray) -> EigenSolution:
    """Solve the complexity eigenproblem for every year of a (T, R, I) presence cube."""
    n_years = presence.shape[0]
    regions = np.empty(presence.shape[:2])
    activities = np.empty((n_years, presence.shape[2]))
    second = np.empty(n_years)
    third = np.empty(n_years)
    for year in range(n_years):
        filled = np.nan_to_num(presence[year], nan=0.0)
        regions[year], activities[year], second[year], third[year] = _solve_year(filled)
    return EigenSolution(regions, activities, second, third)
