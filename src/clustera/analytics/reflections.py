"""The method of reflections (Hidalgo & Hausmann 2009), computed stably."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from clustera.analytics._tables import FloatArray
from clustera.analytics.specialisation import presence_cube
from clustera.errors import InvalidInputError

__all__ = ["method_of_reflections", "Reflections"]

Scaling = Literal["raw", "zscore", "rescale100"]


@dataclass(frozen=True)
class Reflections:
    """The N-th reflections: ``region`` (k_c,N) and ``activity`` (k_p,N) series."""

    region: pd.Series
    activity: pd.Series
    steps: int
    scaling: str


def _standardise(values: FloatArray, axis: int) -> FloatArray:
    mean = np.nanmean(values, axis=axis, keepdims=True)
    spread = np.nanstd(values, axis=axis, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        result: FloatArray = (values - mean) / spread
    return result


def reflections_of(
    presence: FloatArray, steps: int, *, stable: bool = True
) -> tuple[FloatArray, FloatArray]:
    """``k_c,steps`` and ``k_p,steps`` per year: raw, or z-scored after every half-step.

    Each reflection averages the previous vector, so it commutes with affine
    maps: z-scoring every step gives exactly ``z(k_N)`` without the loss of
    significant digits of the raw iterates, which converge to a constant.
    """
    filled = np.nan_to_num(presence, nan=0.0)
    k_c0 = filled.sum(axis=2)
    k_p0 = filled.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        region, activity = k_c0.copy(), k_p0.copy()
        for _ in range(steps):
            next_region = np.einsum("tri,ti->tr", filled, np.nan_to_num(activity)) / k_c0
            next_activity = np.einsum("tri,tr->ti", filled, np.nan_to_num(region)) / k_p0
            region, activity = next_region, next_activity
            if stable:
                region = _standardise(np.where(k_c0 > 0, region, np.nan), axis=1)
                activity = _standardise(np.where(k_p0 > 0, activity, np.nan), axis=1)
    region = np.where(k_c0 > 0, region, np.nan)
    activity = np.where(k_p0 > 0, activity, np.nan)
    return region, activity


def fitness_of(presence: FloatArray, iterations: int) -> tuple[FloatArray, FloatArray]:
    """Fitness of regions and complexity of activities (Tacchella et al. 2012), mean-normalised.

    ``F_c <- sum_p M_cp Q_p`` and ``Q_p <- 1 / sum_c M_cp / F_c`` from the previous
    pair, each divided by its mean; ``iterations - 1`` updates, as R economiccomplexity.
    """
    filled = np.nan_to_num(presence, nan=0.0)
    active_regions = filled.sum(axis=2) > 0
    active_activities = filled.sum(axis=1) > 0
    fitness = np.where(active_regions, 1.0, np.nan)
    quality = np.where(active_activities, 1.0, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        for _ in range(iterations - 1):
            next_fitness = np.einsum("tri,ti->tr", filled, np.nan_to_num(quality))
            inverse = np.where(active_regions, 1.0 / fitness, 0.0)
            next_quality = 1.0 / np.einsum("tri,tr->ti", filled, inverse)
            fitness = np.where(active_regions, next_fitness, np.nan)
            quality = np.where(active_activities, next_quality, np.nan)
            fitness = fitness / np.nanmean(fitness, axis=1, keepdims=True)
            quality = quality / np.nanmean(quality, axis=1, keepdims=True)
    return fitness, quality


def method_of_reflections(
    X_or_M: pd.DataFrame,
    steps: int = 20,
    *,
    scaling: Scaling = "zscore",
    threshold: float = 1.0,
    presence: bool | None = None,
) -> Reflections:
    """The ``steps``-th reflections ``k_c,N`` (regions) and ``k_p,N`` (activities).

    ``k_c,N = (1/k_c,0) sum_p M_cp k_p,N-1`` and ``k_p,N = (1/k_p,0) sum_c M_cp k_c,N-1``,
    starting from diversity and ubiquity. ``scaling``: ``"raw"`` iterates (as
    EconGeo ``morc``/``mort`` for steps < 3), ``"zscore"`` (ddof 0, computed
    stably) or ``"rescale100"`` (min-max to 0-100, as EconGeo from step 3 on).

    Returns a :class:`Reflections` holding a ``region`` and an ``activity`` series.

    References
    ----------
    Hidalgo, C.A., Hausmann, R. (2009). The building blocks of economic
    complexity. *PNAS* 106:10570-10575.

    Examples
    --------
    >>> M = pd.DataFrame([[1, 1, 1], [1, 1, 0], [1, 0, 0]], index=["r1", "r2", "r3"], columns=list("abc"))
    >>> mor = method_of_reflections(M, steps=1, scaling="raw")
    >>> float(mor.region["r1"])
    2.0
    """
    if steps < 0:
        raise InvalidInputError("steps must be non-negative", field="steps", value=steps)
    if scaling not in ("raw", "zscore", "rescale100"):
        raise InvalidInputError("unknown scaling", field="scaling", value=scaling)
    cube, _ = presence_cube(X_or_M, threshold=threshold, presence=presence, name="M")
    region, activity = reflections_of(cube.values, steps, stable=scaling != "raw")
    if scaling == "zscore":
        region, activity = _standardise(region, 1), _standardise(activity, 1)
    elif scaling == "rescale100":
        region, activity = _rescale(region), _rescale(activity)
    return Reflections(
        region=cube.region_series(region, f"k_c{steps}"),
        activity=cube.activity_series(activity, f"k_p{steps}"),
        steps=steps,
        scaling=scaling,
    )


def _rescale(values: FloatArray) -> FloatArray:
    low = np.nanmin(values, axis=1, keepdims=True)
    high = np.nanmax(values, axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        result: FloatArray = 100.0 * (values - low) / (high - low)
    return result
