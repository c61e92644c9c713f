"""The floating-catchment arithmetic shared by spatial access and the gap analysis."""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Real
from typing import TypeGuard

import numpy as np
import numpy.typing as npt
from scipy import sparse

from clustera.errors import InvalidInputError

FloatArray = npt.NDArray[np.float64]
# Below this share of reachable pairs (and above this size) the sparse products are faster.
_SPARSE_DENSITY = 0.1
_SPARSE_MIN_SIZE = 1_000_000


def is_number(value: object) -> TypeGuard[Real]:
    """A real number, not a bool (``True`` is an int to Python, never a cost or a weight)."""
    return isinstance(value, Real) and not isinstance(value, bool)


def step_weights(weights: Mapping[float, float]) -> tuple[FloatArray, FloatArray]:
    """Check a ``{upper_cost: weight}`` step mapping; return (upper costs, weights) sorted."""
    if not isinstance(weights, Mapping) or not weights:
        raise InvalidInputError(
            "weights must be a non-empty mapping {upper_cost: weight}",
            field="weights",
            value=weights,
        )
    for upper, weight in weights.items():
        if not is_number(upper) or not math.isfinite(upper) or upper <= 0:
            raise InvalidInputError(
                "every upper cost of a step must be a finite number > 0",
                field="weights",
                value=upper,
            )
        if not is_number(weight) or not math.isfinite(weight) or weight < 0:
            raise InvalidInputError(
                f"the weight of the step up to {upper} must be a finite number >= 0",
                field="weights",
                value=weight,
            )
    uppers = np.array(sorted(weights), dtype=np.float64)
    values = np.array([weights[upper] for upper in sorted(weights)], dtype=np.float64)
    return uppers, values


def catchment_weights(
    costs: FloatArray, max_cost: float, steps: tuple[FloatArray, FloatArray] | None
) -> FloatArray:
    """The weight :math:`W(d_{ij})` of every pair within reach, 0 elsewhere (NaN = unreachable)."""
    with np.errstate(invalid="ignore"):
        reach = costs <= max_cost
    if steps is None:
        return reach.astype(np.float64)
    uppers, values = steps
    # side="left": a cost equal to an upper bound belongs to that step, as in PySAL's step_fn.
    position = np.searchsorted(uppers, np.where(reach, costs, np.inf), side="left")
    padded = np.append(values, 0.0)
    return np.asarray(padded[position], dtype=np.float64)


def two_step_ratios(weight: FloatArray, demand: FloatArray, supply: FloatArray) -> FloatArray:
    """Access of every demand location for several supply types at once.

    ``weight`` is (locations x centres); ``demand`` (locations x types) and
    ``supply`` (centres x types). A centre with no weighted demand in reach
    contributes nothing.
    """
    matrix: FloatArray | sparse.csr_array = weight
    if weight.size >= _SPARSE_MIN_SIZE and np.count_nonzero(weight) < _SPARSE_DENSITY * weight.size:
        matrix = sparse.csr_array(weight)
    catchment_demand = np.asarray(matrix.T @ demand, dtype=np.float64)
    ratio = np.divide(
        supply, catchment_demand, out=np.zeros_like(catchment_demand), where=catchment_demand > 0
    )
    return np.asarray(matrix @ ratio, dtype=np.float64)
