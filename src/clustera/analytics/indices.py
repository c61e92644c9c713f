"""Specialisation, concentration and variety indices of regions and activities."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from clustera.analytics._tables import FloatArray, read_cube, read_groups
from clustera.analytics.specialisation import location_quotients_of, presence_of
from clustera.errors import InvalidInputError

__all__ = ["specialisation_indices", "related_unrelated_variety", "localisation_indices"]


def _entropy_terms(shares: FloatArray, log_base: float) -> FloatArray:
    """``-s log s`` with ``0 log 0 = 0``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        terms: FloatArray = -shares * np.log(shares) / np.log(log_base)
    terms[shares == 0] = 0.0
    return terms


def specialisation_indices(
    X: pd.DataFrame,
    *,
    reference: Literal["total", "rest"] = "total",
    base: float = 2.0,
    threshold: float = 1.0,
) -> pd.DataFrame:
    """Specialisation and diversity indices of each region.

    Columns (all unrounded, NaN for empty regions):

    * ``krugman``: ``K_r = sum_i |s_ri - s_i|``, in [0, 2) (Krugman 1991);
    * ``hoover_coefficient``: ``K_r / 2``, in [0, 1) (Hoover & Giarratani 1985);
    * ``herfindahl``: ``HHI_r = sum_i s_ri^2`` and ``herfindahl_normalised``:
      ``(HHI_r - 1/N) / (1 - 1/N)`` with N the number of activity columns;
    * ``entropy``: ``-sum_i s_ri log_base s_ri`` (exact; ``0 log 0 = 0``);
    * ``diversity``: the number of activities with RCA >= ``threshold``;
    * ``lq_average``: ``sum_i s_ri LQ_ri`` and ``hachman``: its inverse.

    ``reference="rest"`` compares each region with the rest of the economy,
    ``s_i = (x_.i - x_ri) / (x_.. - x_r.)`` (Midelfart-Knarvik et al. 2000).

    References
    ----------
    Krugman, P. (1991). *Geography and Trade*. MIT Press.
    Hoover, E.M., Giarratani, F. (1985). *An Introduction to Regional Economics*.
    Balland, P.-A. (2017). EconGeo, R package (``krugman_index``, ``herfindahl``,
    ``entropy``, ``location_quotient_avg``, ``hachman``).

    Examples
    --------
    >>> X = pd.DataFrame({"C10": [30, 10], "C20": [10, 50]}, index=["AT1", "BE2"])
    >>> round(float(specialisation_indices(X).loc["AT1", "krugman"]), 4)
    0.7
    """
    if reference not in ("total", "rest"):
        raise InvalidInputError(
            "reference must be 'total' or 'rest'", field="reference", value=reference
        )
    cube = read_cube(X)
    values = cube.values
    region_totals = values.sum(axis=2, keepdims=True)
    activity_totals = values.sum(axis=1, keepdims=True)
    grand = region_totals.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = values / region_totals
        if reference == "total":
            reference_shares = activity_totals / grand
        else:
            reference_shares = (activity_totals - values) / (grand - region_totals)
        krugman = np.abs(shares - reference_shares).sum(axis=2)
        herfindahl = (shares**2).sum(axis=2)
        n_activities = values.shape[2]
        normalised = (herfindahl - 1.0 / n_activities) / (1.0 - 1.0 / n_activities)
        entropy = _entropy_terms(shares, base).sum(axis=2)
        rca = location_quotients_of(cube)
        lq_average = np.nansum(shares * rca, axis=2)
        presence = presence_of(rca, threshold)
        diversity = np.nansum(presence, axis=2)
    empty = region_totals[:, :, 0] == 0
    columns = {
        "krugman": krugman,
        "hoover_coefficient": krugman / 2.0,
        "herfindahl": herfindahl,
        "herfindahl_normalised": normalised,
        "entropy": entropy,
        "diversity": diversity,
        "lq_average": lq_average,
        "hachman": 1.0 / np.where(empty, np.nan, lq_average),
    }
    frame = pd.concat(
        [
            cube.region_series(np.where(empty, np.nan, column), name)
            for name, column in columns.items()
        ],
        axis=1,
    )
    return frame


def related_unrelated_variety(
    X: pd.DataFrame, groups: pd.Series | dict[str, str], *, base: float = 2.0
) -> pd.DataFrame:
    """Total, unrelated and related variety of each region (Frenken et al. 2007).

    With ``P_rg = sum_{i in g} s_ri``: unrelated variety ``UV_r = -sum_g P_rg log P_rg``,
    related variety ``RV_r = sum_g P_rg H_rg`` with ``H_rg`` the entropy of the
    shares within group g, and total variety (entropy) ``TV_r = UV_r + RV_r``.

    Parameters
    ----------
    X : DataFrame
        Counts (wide, wide panel or long).
    groups : Series or dict
        Activity -> group (e.g. NACE class -> division); every activity needs one.
    base : float
        Logarithm base (2 by default, as Frenken et al.).

    References
    ----------
    Frenken, K., Van Oort, F., Verburg, T. (2007). Related variety, unrelated
    variety and regional economic growth. *Regional Studies* 41(5):685-697.

    Examples
    --------
    >>> X = pd.DataFrame({"C101": [1, 1], "C102": [1, 0], "C201": [2, 1]}, index=["AT1", "BE2"])
    >>> groups = {"C101": "C10", "C102": "C10", "C201": "C20"}
    >>> variety = related_unrelated_variety(X, groups)
    >>> variety.loc["AT1", ["unrelated_variety", "related_variety", "total_variety"]].tolist()
    [1.0, 0.5, 1.5]
    """
    cube = read_cube(X)
    mapping = read_groups(groups, cube.activities, field="groups")
    group_codes, group_labels = pd.factorize(mapping, sort=True)
    values = cube.values
    region_totals = values.sum(axis=2, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = values / region_totals
    one_hot = np.zeros((values.shape[2], len(group_labels)))
    one_hot[np.arange(values.shape[2]), group_codes] = 1.0
    group_shares = shares @ one_hot
    total = _entropy_terms(shares, base).sum(axis=2)
    unrelated = _entropy_terms(group_shares, base).sum(axis=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        within = shares / group_shares[:, :, group_codes]
    within[shares == 0] = 0.0
    related = (group_shares * (_entropy_terms(within, base) @ one_hot)).sum(axis=2)
    empty = region_totals[:, :, 0] == 0
    return pd.concat(
        [
            cube.region_series(np.where(empty, np.nan, column), name)
            for name, column in (
                ("total_variety", total),
                ("unrelated_variety", unrelated),
                ("related_variety", related),
            )
        ],
        axis=1,
    )


def localisation_indices(
    X: pd.DataFrame, *, reference: Literal["regions", "uniform"] | pd.Series = "regions"
) -> pd.DataFrame:
    """How concentrated each activity is across regions.

    * ``hoover``: ``HI_i = 1/2 sum_r |x_ri / x_.i - p_r / p_.|`` in [0, 1), where the
      reference distribution p is the regions' total activity (default), a uniform
      distribution (EconGeo's default), or a Series such as population;
    * ``gini``: Gini coefficient of the activity's counts over the non-empty regions;
    * ``locational_gini``: regions sorted by falling share ``x_ri / x_r.``; the area
      between the Lorenz curve of ``x_ri / x_.i`` against the regions' shares of all
      activity and the diagonal, in [0, 0.5) as EconGeo (Krugman's index is twice it).

    References
    ----------
    Hoover, E.M. (1936). The measurement of industrial localization. *Review of
    Economics and Statistics* 18(4):162-171.
    Krugman, P. (1991). *Geography and Trade*. MIT Press (locational Gini).

    Examples
    --------
    >>> X = pd.DataFrame({"C10": [30, 10], "C20": [10, 50]}, index=["AT1", "BE2"])
    >>> round(float(localisation_indices(X).loc["C10", "hoover"]), 4)
    0.35
    """
    cube = read_cube(X)
    values = cube.values
    if isinstance(reference, pd.Series):
        missing = cube.regions.difference(reference.index)
        if len(missing):
            raise InvalidInputError(
                "no reference value for region", field="reference", value=missing[0]
            )
        weights = reference.reindex(cube.regions).to_numpy(dtype=np.float64)
        if not np.isfinite(weights).all() or (weights < 0).any():
            raise InvalidInputError(
                "reference values must be finite and non-negative", field="reference"
            )
        distribution = np.broadcast_to(weights[np.newaxis, :, np.newaxis], values.shape[:2] + (1,))
    elif reference == "regions":
        distribution = values.sum(axis=2, keepdims=True)
    elif reference == "uniform":
        distribution = np.ones(values.shape[:2] + (1,))
    else:
        raise InvalidInputError(
            "reference must be 'regions', 'uniform' or a Series", field="reference", value=reference
        )
    activity_totals = values.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        hoover = 0.5 * np.abs(
            values / activity_totals - distribution / distribution.sum(axis=1, keepdims=True)
        ).sum(axis=1)
    hoover[activity_totals[:, 0, :] == 0] = np.nan
    gini = np.stack([_gini(year) for year in values])
    locational = np.stack([_locational_gini(year) for year in values])
    return pd.concat(
        [
            cube.activity_series(hoover, "hoover"),
            cube.activity_series(gini, "gini"),
            cube.activity_series(locational, "locational_gini"),
        ],
        axis=1,
    )


def _gini(values: FloatArray) -> FloatArray:
    """Gini of each activity over the non-empty regions: ``2 sum_k k x_(k) / (n sum x) - (n + 1)/n``."""
    regions = values[values.sum(axis=1) > 0]
    ordered = np.sort(regions, axis=0)
    n = ordered.shape[0]
    ranks = np.arange(1, n + 1)[:, np.newaxis]
    with np.errstate(divide="ignore", invalid="ignore"):
        result: FloatArray = (
            2.0 * (ranks * ordered).sum(axis=0) / (n * ordered.sum(axis=0)) - (n + 1) / n
        )
    return result


def _locational_gini(values: FloatArray) -> FloatArray:
    """Area between the activity's Lorenz curve (regions by falling share) and the diagonal."""
    totals = values.sum(axis=1)
    regions = values[totals > 0]
    region_totals = totals[totals > 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        order = np.argsort(-(regions / region_totals[:, np.newaxis]), axis=0, kind="stable")
        activity_shares = np.take_along_axis(regions, order, axis=0) / regions.sum(axis=0)
    reference_shares = (region_totals / region_totals.sum())[order]
    curve = np.vstack([np.zeros((1, values.shape[1])), np.cumsum(activity_shares, axis=0)])
    # Trapezoids between consecutive points of the Lorenz curve.
    area = ((curve[1:] + curve[:-1]) / 2.0 * reference_shares).sum(axis=0)
    result: FloatArray = area - 0.5
    return result
