"""Smart-specialisation diversification options: relatedness density x complexity (Balland et al. 2019)."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from clustera.analytics.complexity import complexity_arrays
from clustera.analytics.density import densities_of
from clustera.analytics.relatedness import RelatednessMethod, proximities_of
from clustera.analytics.specialisation import presence_cube
from clustera.errors import InvalidInputError

__all__ = ["QUADRANTS", "diversification_opportunities"]

QUADRANTS: dict[str, str] = {
    "Q1": "high relatedness / high complexity (low risk, high benefit)",
    "Q2": "low relatedness / high complexity (high risk, high benefit)",
    "Q3": "high relatedness / low complexity (low risk, low benefit)",
    "Q4": "low relatedness / low complexity (high risk, low benefit)",
}

Split = Literal["mean", "median"] | float


def _split(values: pd.Series, rule: Split, field: str) -> float:
    if rule == "mean":
        return float(values.mean())
    if rule == "median":
        return float(values.median())
    if isinstance(rule, int | float):
        return float(rule)
    raise InvalidInputError("split must be 'mean', 'median' or a number", field=field, value=rule)


def _add_splits(
    table: pd.DataFrame, keys: list[str], relatedness_split: Split, complexity_split: Split
) -> None:
    """Add the relatedness split (per region) and the complexity split (per year) columns."""
    grouped = table.groupby(keys, sort=False)["relatedness_density"]
    if relatedness_split in ("mean", "median"):
        table["relatedness_split"] = grouped.transform(
            "mean" if relatedness_split == "mean" else "median"
        )
    else:
        table["relatedness_split"] = _split(
            table["relatedness_density"], relatedness_split, "relatedness_split"
        )
    complexity_cut = (
        _split(table["complexity"], complexity_split, "complexity_split")
        if not isinstance(complexity_split, str)
        else None
    )
    if complexity_cut is None:
        table["complexity_split"] = table.groupby("year_position")["complexity"].transform(
            "mean" if complexity_split == "mean" else "median"
        )
    else:
        table["complexity_split"] = complexity_cut


def diversification_opportunities(
    X: pd.DataFrame,
    *,
    relatedness_method: RelatednessMethod = "association",
    relatedness_split: Split = "mean",
    complexity_split: Split = 0.0,
    threshold: float = 1.0,
    presence: bool | None = None,
) -> pd.DataFrame:
    """Candidate activities of each region placed in the relatedness x complexity frame.

    For every region and every activity it is *not* specialised in (M = 0):
    relatedness density ``RD_ri`` (0-100, EconGeo units, unrounded; relatedness by
    ``relatedness_method``, EconGeo ``association`` by default) and the activity's
    complexity (TCI: the eigenvector PCI z-scored on its own moments, oriented
    jointly with ECI). Quadrants: Q1 high RD / high TCI (low risk, high benefit),
    Q2 low RD / high TCI, Q3 high RD / low TCI, Q4 low RD / low TCI; "high" means
    ``>=`` the split. The RD split is the mean (or median, or a number) of the
    region's candidates; the TCI split 0 (the mean) by default. Both splits are
    choices of the platform: the paper's exact cut-offs are unverified.

    Candidates are ranked within each region by quadrant (Q1 first), then by the
    sum of their RD and TCI z-scores among the region's candidates.

    Returns a long table with ``region``, ``activity`` (and ``year``),
    ``relatedness_density``, ``relatedness_split``, ``complexity``, ``quadrant``,
    ``quadrant_label`` and ``rank``.

    References
    ----------
    Balland, P.-A., Boschma, R., Crespo, J., Rigby, D. (2019). Smart specialization
    policy in the European Union: relatedness, knowledge complexity and regional
    diversification. *Regional Studies* 53(9):1252-1268.

    Examples
    --------
    >>> M = pd.DataFrame([[1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 1], [0, 1, 1, 1]],
    ...                  index=["r1", "r2", "r3", "r4"], columns=list("abcd"))
    >>> options = diversification_opportunities(M, relatedness_method="proximity")
    >>> options.query("region == 'r2'")[["activity", "quadrant", "rank"]].values.tolist()
    [['c', 'Q1', 1], ['d', 'Q4', 2]]
    """
    cube, _ = presence_cube(X, threshold=threshold, presence=presence, name="X")
    phi = proximities_of(cube.values, relatedness_method)
    density = 100.0 * densities_of(cube.values, phi, exclude_self=True)
    arrays = complexity_arrays(cube.values, "eigenvector", "growthlab")
    raw = arrays.activity_raw
    with np.errstate(invalid="ignore", divide="ignore"):
        tci = (raw - np.nanmean(raw, axis=1, keepdims=True)) / np.nanstd(raw, axis=1, keepdims=True)
    n_years, n_regions, n_activities = cube.values.shape
    year_index = np.repeat(np.arange(n_years), n_regions * n_activities)
    region_index = np.tile(np.repeat(np.arange(n_regions), n_activities), n_years)
    activity_index = np.tile(np.arange(n_activities), n_years * n_regions)
    table = pd.DataFrame(
        {
            "year_position": year_index,
            "region": cube.regions.to_numpy()[region_index],
            "activity": cube.activities.to_numpy()[activity_index],
            "presence": cube.values.reshape(-1),
            "relatedness_density": density.reshape(-1),
            "complexity": tci[year_index, activity_index],
        }
    )
    table = table[
        (table["presence"] == 0)
        & table["relatedness_density"].notna()
        & table["complexity"].notna()
    ]
    keys = ["year_position", "region"]
    _add_splits(table, keys, relatedness_split, complexity_split)
    high_rd = table["relatedness_density"] >= table["relatedness_split"]
    high_tci = table["complexity"] >= table["complexity_split"]
    quadrant = np.select(
        [high_rd & high_tci, ~high_rd & high_tci, high_rd & ~high_tci], ["Q1", "Q2", "Q3"], "Q4"
    )
    table["quadrant"] = quadrant
    table["quadrant_label"] = table["quadrant"].map(QUADRANTS)

    def zscore(column: str) -> pd.Series:
        group = table.groupby(keys, sort=False)[column]
        return (table[column] - group.transform("mean")) / group.transform("std", ddof=0).replace(
            0.0, 1.0
        )

    table["score"] = zscore("relatedness_density") + zscore("complexity")
    table = table.sort_values(
        keys + ["quadrant", "score"], ascending=[True, True, True, False], kind="stable"
    )
    table["rank"] = table.groupby(keys, sort=False).cumcount() + 1
    if cube.years is not None:
        table.insert(0, "year", cube.years.to_numpy()[table["year_position"].to_numpy()])
    columns = [
        "region",
        "activity",
        "relatedness_density",
        "relatedness_split",
        "complexity",
        "quadrant",
        "quadrant_label",
        "rank",
    ]
    if cube.years is not None:
        columns.insert(0, "year")
    return table[columns].reset_index(drop=True)
