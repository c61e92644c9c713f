"""Cluster mapping: star ratings of region x cluster-category employment.

A generic *star engine*: each dimension has a metric (employment, LQ, share of
the region's employment, relative wage, growth) and a rule (absolute threshold,
within-category percentile or pooled percentile). Presets reproduce the
European Cluster Observatory, EOCIC/Panorama and US Cluster Mapping rules;
thresholds the sources do not confirm are flagged in the result's
``unverified`` field (SPEC section 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from clustera.analytics._tables import Cube, FloatArray, read_cube, read_groups
from clustera.errors import InvalidInputError

__all__ = ["STAR_PRESETS", "StarRule", "StarPreset", "ClusterStars", "cluster_stars"]

Metric = Literal[
    "employment",
    "location_quotient",
    "share_of_region",
    "relative_wage",
    "growth",
    "establishments",
]
Comparison = Literal["absolute", "within_category", "pooled"]


@dataclass(frozen=True)
class StarRule:
    """One dimension: ``metric`` compared with ``threshold`` (a value or a quantile in [0, 1]).

    ``comparison="absolute"`` means ``metric >= threshold``; ``within_category``
    and ``pooled`` mean ``metric >= quantile(threshold)`` (linear interpolation,
    R type 7) over the regions of the same category or over all cells.
    ``strict`` uses ``>`` instead of ``>=``. ``only_employed`` takes the quantile
    over cells with employment > 0 only. ``verified`` says whether the source
    confirms the threshold.
    """

    name: str
    metric: Metric
    comparison: Comparison
    threshold: float
    strict: bool = False
    only_employed: bool = False
    verified: bool = True


@dataclass(frozen=True)
class StarPreset:
    """A named set of star rules; ``all_required`` marks a cluster strong only if every rule holds."""

    name: str
    rules: tuple[StarRule, ...]
    source: str
    all_required: bool = False


STAR_PRESETS: dict[str, StarPreset] = {
    "ECO2009": StarPreset(
        "ECO2009",
        (
            StarRule("size", "employment", "within_category", 0.90),
            StarRule("specialisation", "location_quotient", "absolute", 2.0, verified=False),
            StarRule("focus", "share_of_region", "pooled", 0.90, verified=False),
        ),
        "European Cluster Observatory (CSC/SSE, c. 2009): size, specialisation, focus",
    ),
    "EOCIC_2020": StarPreset(
        "EOCIC_2020",
        (
            StarRule("size", "employment", "within_category", 0.90, verified=False),
            StarRule("specialisation", "location_quotient", "absolute", 2.0, verified=False),
            StarRule("productivity", "relative_wage", "within_category", 0.90, verified=False),
        ),
        "European Panorama of Clusters and Industrial Change 2020 (Hollanders & Merkelbach); "
        "thresholds not confirmed against the EOCIC methodology report",
    ),
    "PANORAMA2016": StarPreset(
        "PANORAMA2016",
        (
            StarRule(
                "specialisation", "location_quotient", "within_category", 0.80, verified=False
            ),
            StarRule("size", "employment", "within_category", 0.80, verified=False),
            StarRule("productivity", "relative_wage", "within_category", 0.80, verified=False),
            StarRule("dynamism", "growth", "within_category", 0.80, verified=False),
        ),
        "European Cluster Panorama 2016 (Ketels & Protsiv); top-20 % rule not confirmed",
    ),
    "USCMP_strong": StarPreset(
        "USCMP_strong",
        (
            StarRule(
                "relative_specialisation",
                "location_quotient",
                "within_category",
                0.75,
                only_employed=True,
            ),
            StarRule("specialisation", "location_quotient", "absolute", 1.0),
            StarRule(
                "employment", "employment", "within_category", 0.25, strict=True, only_employed=True
            ),
            StarRule(
                "establishments",
                "establishments",
                "within_category",
                0.25,
                strict=True,
                only_employed=True,
            ),
        ),
        "US Cluster Mapping Project strong clusters (clustermapping/cmp cluster_calcs_reducer.js)",
        all_required=True,
    ),
}


@dataclass(frozen=True)
class ClusterStars:
    """Star ratings: one row per (year,) region and category, with every metric and flag.

    ``table`` has the columns ``employment``, ``location_quotient``,
    ``share_of_region``, one ``star_<rule>`` 0/1 column per rule, ``stars`` (how
    many rules hold) and ``strong`` (every rule holds). ``unverified`` names the
    rules whose thresholds the sources do not confirm.
    """

    table: pd.DataFrame
    preset: str
    source: str
    unverified: tuple[str, ...]
    metadata: dict[str, str] = field(default_factory=dict)


def _aligned(
    data: pd.DataFrame | None, cube: Cube, categories: pd.Series | None, name: str
) -> FloatArray | None:
    if data is None:
        return None
    other = read_cube(data, name=name)
    if categories is not None:
        other = _aggregate(other, categories, name)
    if not (other.regions.equals(cube.regions) and other.activities.equals(cube.activities)):
        raise InvalidInputError(
            f"{name} must have the same regions and categories as employment", field=name
        )
    return other.values


def _aggregate(cube: Cube, categories: pd.Series, name: str) -> Cube:
    mapping = read_groups(categories, cube.activities, field="categories")
    codes, labels = pd.factorize(mapping, sort=True)
    one_hot = np.zeros((len(cube.activities), len(labels)))
    one_hot[np.arange(len(cube.activities)), codes] = 1.0
    return Cube(cube.values @ one_hot, cube.regions, pd.Index(labels, name="category"), cube.years)


def _quantile(
    values: FloatArray, q: float, axis: int | None, eligible: NDArray[np.bool_] | None
) -> FloatArray:
    if eligible is None:
        return np.quantile(values, q, axis=axis, keepdims=True)
    masked = np.where(eligible, values, np.nan)
    with np.errstate(all="ignore"):
        result: FloatArray = np.nanquantile(masked, q, axis=axis, keepdims=True)
    return result


def cluster_stars(
    employment: pd.DataFrame,
    categories: pd.Series | dict[str, str] | None = None,
    preset: str | StarPreset = "ECO2009",
    *,
    total_by_region: pd.Series | pd.DataFrame | None = None,
    establishments: pd.DataFrame | None = None,
    wages: pd.DataFrame | None = None,
    growth: pd.DataFrame | None = None,
) -> ClusterStars:
    """Rate every region x cluster category with stars (cluster mapping).

    ``employment`` is counts by region x detailed activity (NACE classes) or
    already by cluster category; ``categories`` maps activities to categories
    and aggregates them first. ``LQ_rc = (E_rc/E_r)/(E_c/E)`` and ``share_of_region
    = E_rc/E_r`` use ``total_by_region`` (all employment, including sectors
    outside clusters) for ``E_r`` when given. Presets: ``ECO2009`` (size = top
    decile of the category, LQ >= 2, focus = top decile of all shares; LQ and
    focus thresholds unverified), ``EOCIC_2020`` and ``PANORAMA2016``
    (unverified), ``USCMP_strong`` (strong clusters: LQ >= 75th percentile and
    >= 1, employment and establishments above the 25th percentile, over regions
    with employment).

    References
    ----------
    European Cluster Observatory (c. 2009). Evaluation of regional cluster strength.
    Delgado, M., Porter, M.E., Stern, S. (2016). Defining clusters of related
    industries. *Journal of Economic Geography* 16(1):1-38.

    Examples
    --------
    >>> E = pd.DataFrame({"auto": [900, 50, 40], "food": [100, 950, 60]}, index=["r1", "r2", "r3"])
    >>> stars = cluster_stars(E)
    >>> int(stars.table.loc[("r2", "food"), "stars"]), stars.unverified
    (2, ('specialisation', 'focus'))
    """
    chosen = STAR_PRESETS.get(preset) if isinstance(preset, str) else preset
    if chosen is None:
        raise InvalidInputError(
            f"unknown preset; choose one of {', '.join(STAR_PRESETS)}", field="preset", value=preset
        )
    cube = read_cube(employment, name="employment")
    mapping = None
    if categories is not None:
        mapping = pd.Series(categories) if isinstance(categories, dict) else categories
        cube = _aggregate(cube, mapping, "employment")
    values = cube.values
    region_totals = _region_totals(values, cube, total_by_region)
    category_totals = values.sum(axis=1, keepdims=True)
    grand = region_totals.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = values / region_totals
        lq = share / (category_totals / grand)
    metrics: dict[str, FloatArray | None] = {
        "employment": values,
        "location_quotient": lq,
        "share_of_region": share,
        "establishments": _aligned(establishments, cube, mapping, "establishments"),
        "relative_wage": None,
        "growth": _aligned(growth, cube, mapping, "growth"),
    }
    wage_values = _aligned(wages, cube, mapping, "wages")
    if wage_values is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            metrics["relative_wage"] = wage_values / np.nanmean(wage_values, axis=1, keepdims=True)
    flags = _rule_flags(chosen, metrics, employed=values > 0)
    stars = np.sum(list(flags.values()), axis=0)
    columns = {
        "employment": values,
        "location_quotient": lq,
        "share_of_region": share,
        **flags,
        "stars": stars,
        "strong": (stars == len(chosen.rules)).astype(np.float64),
    }
    table = _long_table(cube, columns)
    unverified = tuple(rule.name for rule in chosen.rules if not rule.verified)
    metadata = {"preset": chosen.name, "source": chosen.source}
    if unverified:
        metadata["warning"] = "thresholds not confirmed by the source: " + ", ".join(unverified)
    return ClusterStars(table, chosen.name, chosen.source, unverified, metadata)


def _region_totals(
    values: FloatArray, cube: Cube, total_by_region: pd.Series | pd.DataFrame | None
) -> FloatArray:
    """E_r: the regions' employment in the cube, or all their employment when given."""
    if total_by_region is None:
        return np.asarray(values.sum(axis=2, keepdims=True), dtype=np.float64)
    frame = (
        total_by_region
        if isinstance(total_by_region, pd.DataFrame)
        else total_by_region.to_frame().T
    )
    if cube.years is not None and len(frame) > 1:
        frame = frame.reindex(cube.years)
    totals = frame.reindex(columns=cube.regions).to_numpy(dtype=np.float64)
    if np.isnan(totals).any():
        raise InvalidInputError("total_by_region lacks a region or year", field="total_by_region")
    return np.broadcast_to(totals[:, :, np.newaxis], (values.shape[0], values.shape[1], 1))


def _rule_flags(
    chosen: StarPreset, metrics: dict[str, FloatArray | None], *, employed: NDArray[np.bool_]
) -> dict[str, FloatArray]:
    """1 where a region x category passes each of the preset's rules, else 0."""
    flags: dict[str, FloatArray] = {}
    for rule in chosen.rules:
        metric = metrics[rule.metric]
        if metric is None:
            raise InvalidInputError(
                f"preset {chosen.name} needs {rule.metric} for its {rule.name} rule",
                field=rule.metric,
            )
        eligible = employed if rule.only_employed else None
        if rule.comparison == "absolute":
            bound: FloatArray | float = rule.threshold
        elif rule.comparison == "within_category":
            bound = _quantile(metric, rule.threshold, 1, eligible)
        else:
            flat = metric.reshape(metric.shape[0], -1)
            flat_eligible = None if eligible is None else eligible.reshape(metric.shape[0], -1)
            bound = _quantile(flat, rule.threshold, 1, flat_eligible)[:, :, np.newaxis]
        with np.errstate(invalid="ignore"):
            hit = metric > bound if rule.strict else metric >= bound
        # no employment, no cluster: a category empty everywhere has a 0 threshold, which
        # its empty cells would otherwise "reach"
        flags[f"star_{rule.name}"] = (hit & employed).astype(np.float64)
    return flags


def _long_table(cube: Cube, columns: dict[str, FloatArray]) -> pd.DataFrame:
    levels = [cube.regions.rename("region"), cube.activities.rename("category")]
    if cube.years is not None:
        levels.insert(0, cube.years.rename("year"))
    index = pd.MultiIndex.from_product(levels)
    data = {
        name: np.asarray(array).reshape(-1)
        if cube.years is not None
        else np.asarray(array)[0].reshape(-1)
        for name, array in columns.items()
    }
    return pd.DataFrame(data, index=index)
