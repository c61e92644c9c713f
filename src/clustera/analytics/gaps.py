"""Demand/supply gap analysis: SME technology needs against technology-centre services.

Needs (one row per expressed need) and centres' offers are matched by a
capability rule; per technology x service type x TRL band x region the
analysis reports demand, supply in reach, spatial access (2SFCA), unmet
demand, the share of needs with no capable centre within reach and the
distance to the nearest capable centre. See ``docs/indicators/gap-analysis.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import cast

import numpy as np
import pandas as pd

from clustera.analytics._catchment import (
    FloatArray,
    catchment_weights,
    is_number,
    step_weights,
    two_step_ratios,
)
from clustera.analytics._gap_inputs import (
    ancestors,
    language_set,
    read_needs,
    read_offers,
    read_regions,
)
from clustera.errors import InvalidInputError

__all__ = ["GAP_COLUMNS", "TRL_BANDS", "capable", "gap_analysis", "great_circle_km", "trl_band"]

TRL_BANDS: dict[str, tuple[int, int]] = {"1-3": (1, 3), "4-6": (4, 6), "7-9": (7, 9)}
"""Technology-readiness bands: research (1-3), development (4-6), deployment (7-9)."""

GAP_COLUMNS = (
    "technology",
    "service",
    "trl_band",
    "region",
    "demand",
    "supply",
    "access",
    "unmet",
    "uncovered_share",
    "nearest_distance",
)
_EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius, as clustera.matching uses


def trl_band(trl: int) -> str:
    """The TRL band (``"1-3"``, ``"4-6"`` or ``"7-9"``) of a technology-readiness level.

    >>> trl_band(5)
    '4-6'
    """
    for band, (low, high) in TRL_BANDS.items():
        if low <= trl <= high:
            return band
    raise InvalidInputError("a TRL is an integer from 1 to 9", field="trl", value=trl)


def capable(
    need: Mapping[str, object],
    offer: Mapping[str, object],
    *,
    hierarchy: Mapping[str, str] | None = None,
) -> bool:
    """Whether an offer can serve a need: the capability rule of the gap analysis.

    The offer's technology is the need's or one of its ancestors in
    ``hierarchy`` (child -> parent); the service type is the same; the need's
    TRL lies in ``[trl_min, trl_max]``; and, when the need names a language,
    the offer lists it (``languages``: codes joined by ``;`` or a collection).

    >>> need = {"technology": "3d-printing", "service": "prototyping", "trl": 5, "language": "fr"}
    >>> offer = {"technology": "manufacturing", "service": "prototyping", "trl_min": 4,
    ...          "trl_max": 7, "languages": "en;fr"}
    >>> capable(need, offer, hierarchy={"3d-printing": "manufacturing"})
    True
    >>> capable(need, offer)
    False
    """
    trl = need["trl"]
    low, high = offer["trl_min"], offer["trl_max"]
    if not (is_number(trl) and is_number(low) and is_number(high)):
        raise InvalidInputError("TRLs must be numbers", field="trl", value=(trl, low, high))
    language = need.get("language")
    if isinstance(language, str) and language.strip():
        if language.strip().lower() not in language_set(offer.get("languages", "")):
            return False
    return (
        str(offer["technology"]) in ancestors(hierarchy, str(need["technology"]))
        and offer["service"] == need["service"]
        and float(low) <= float(trl) <= float(high)
    )


def great_circle_km(regions: pd.DataFrame, centres: pd.DataFrame) -> pd.DataFrame:
    """Great-circle (haversine) distances in km, regions x centres, from ``lat``/``lon`` columns.

    >>> here = pd.DataFrame({"lat": [48.8566], "lon": [2.3522]}, index=["paris"])
    >>> there = pd.DataFrame({"lat": [52.52], "lon": [13.405]}, index=["berlin"])
    >>> round(float(great_circle_km(here, there).loc["paris", "berlin"]), 1)
    877.5
    """
    # imported here: scikit-learn costs 70 MB and a second at import, and most users of
    # clustera.analytics never compute a gap table
    from sklearn.metrics.pairwise import haversine_distances

    first = np.radians(regions[["lat", "lon"]].to_numpy(dtype=np.float64))
    second = np.radians(centres[["lat", "lon"]].to_numpy(dtype=np.float64))
    return pd.DataFrame(
        haversine_distances(first, second) * _EARTH_RADIUS_KM,
        index=regions.index,
        columns=centres.index,
    )


def gap_analysis(
    needs: pd.DataFrame,
    offers: pd.DataFrame,
    regions: pd.DataFrame,
    *,
    max_distance: float,
    weights: Mapping[float, float] | None = None,
    hierarchy: Mapping[str, str] | None = None,
    cost: pd.DataFrame | None = None,
) -> pd.DataFrame:
    r"""Demand, supply, access and unmet demand per technology x service x TRL band x region.

    A *group* is a technology :math:`t`, service type :math:`s` and TRL band
    :math:`b` that some need expresses. For region :math:`r` and group :math:`g`:

    - ``demand`` :math:`P_{rg}`: the summed weights of the needs;
    - ``supply``: the capacity of the offers serving :math:`g` (technology
      :math:`t` or an ancestor, service :math:`s`, TRL range overlapping
      :math:`b`) at centres within ``max_distance`` of :math:`r`;
    - ``access`` :math:`A_{rg}`: the 2SFCA (enhanced with ``weights``) of
      :func:`~clustera.analytics.spatial_access`, with demand :math:`P_{\cdot g}`
      and each centre's capacity serving :math:`g` as supply;
    - ``unmet`` :math:`= P_{rg}\,\max(0, 1 - A_{rg})`: demand minus the supply
      the catchments allot to it (capacity and demand in the same unit,
      needs per period);
    - ``uncovered_share``: the weighted share of the needs with no
      :func:`capable` centre within ``max_distance`` (exact TRL and language);
    - ``nearest_distance``: the weighted mean over the needs of the distance to
      the nearest capable centre (``inf`` when one has none at all).

    Parameters
    ----------
    needs : pandas.DataFrame
        One row per need: ``region``, ``technology``, ``service``, ``trl``
        (1-9), optional ``weight`` (default 1) and ``language`` (empty = any).
    offers : pandas.DataFrame
        One row per centre offer: ``centre``, ``lat``, ``lon``, ``technology``,
        ``service``, ``trl_min``, ``trl_max``, ``capacity``, optional ``languages``.
    regions : pandas.DataFrame
        ``region`` code and label point ``lat``, ``lon``.
    max_distance : float
        Catchment size :math:`d_0`, in km (or in the unit of ``cost``).
    weights : mapping of float to float, optional
        Distance steps ``{upper: weight}`` for the enhanced 2SFCA.
    hierarchy : mapping of str to str, optional
        Technology parents (child -> parent): a centre offering a broader
        technology serves its narrower ones.
    cost : pandas.DataFrame, optional
        Regions x centres travel cost replacing the great-circle km (e.g. road
        time); NaN = unreachable.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`GAP_COLUMNS`, one row per group x region, ranked by
        ``unmet`` then ``uncovered_share`` and ``demand`` (largest first).
        ``uncovered_share`` and ``nearest_distance`` are NaN where demand is 0.
        The four key columns are categoricals with sorted categories.

    References
    ----------
    .. [1] Luo, W. & Wang, F. (2003). Measures of spatial accessibility to
       health care in a GIS environment. Environment and Planning B 30(6),
       865-884. doi:10.1068/b29120
    .. [2] Luo, W. & Qi, Y. (2009). An enhanced two-step floating catchment
       area (E2SFCA) method. Health & Place 15(4), 1100-1107.
       doi:10.1016/j.healthplace.2009.06.002
    .. [3] European Commission, Advanced Technologies for Industry (2015).
       Study on access of SMEs to KETs technological centres (gap analysis of
       SME demand against centres' services).

    Examples
    --------
    Two regions 111 km apart, each with needs for prototyping at TRL 5; one
    centre of capacity 3 in the first:

    >>> regions = pd.DataFrame({"region": ["A", "B"], "lat": [0.0, 1.0], "lon": [0.0, 0.0]})
    >>> needs = pd.DataFrame({"region": ["A", "A", "B"], "technology": "ai",
    ...                       "service": "prototyping", "trl": 5})
    >>> offers = pd.DataFrame({"centre": ["c1"], "lat": [0.0], "lon": [0.0], "technology": "ai",
    ...                        "service": "prototyping", "trl_min": 4, "trl_max": 6,
    ...                        "capacity": 3.0})
    >>> table = gap_analysis(needs, offers, regions, max_distance=50)
    >>> table[["region", "demand", "access", "unmet", "uncovered_share"]].to_string(index=False)
    'region  demand  access  unmet  uncovered_share\n     B     1.0     0.0    1.0              1.0\n     A     2.0     1.5    0.0              0.0'
    """
    region_table = read_regions(regions)
    need_table = read_needs(needs, region_table.index)
    offer_table = read_offers(offers)
    if not is_number(max_distance) or math.isnan(max_distance) or max_distance < 0:
        raise InvalidInputError(
            "max_distance must be a number >= 0", field="max_distance", value=max_distance
        )
    centres = offer_table.groupby("centre", sort=True)[["lat", "lon"]].first()
    costs = _costs(cost, region_table, centres)
    steps = None if weights is None else step_weights(weights)
    reach_weight = catchment_weights(costs, float(max_distance), steps)
    within = catchment_weights(costs, float(max_distance), None)

    need_table["trl_band"] = pd.cut(
        need_table["trl"], bins=[0, 3, 6, 9], labels=list(TRL_BANDS)
    ).astype(str)
    groups = (
        need_table[["technology", "service", "trl_band"]]
        .drop_duplicates()
        .sort_values(["technology", "service", "trl_band"])
        .reset_index(drop=True)
    )
    group_of = pd.MultiIndex.from_frame(groups).get_indexer(
        pd.MultiIndex.from_frame(need_table[["technology", "service", "trl_band"]])
    )
    region_of = region_table.index.get_indexer(pd.Index(need_table["region"]))
    centre_of = centres.index.get_indexer(pd.Index(offer_table["centre"]))
    n_regions, n_groups = len(region_table), len(groups)

    demand = np.zeros((n_regions, n_groups))
    np.add.at(demand, (region_of, group_of), need_table["weight"].to_numpy())
    supply = _group_supply(groups, offer_table, centre_of, len(centres), hierarchy)
    access = two_step_ratios(reach_weight, demand, supply)
    nearest = _nearest_capable(need_table, offer_table, centre_of, region_of, costs, hierarchy)
    uncovered, distance = _need_summaries(
        need_table["weight"].to_numpy(), nearest, float(max_distance), region_of, group_of, demand
    )
    table = pd.DataFrame(
        {
            **{
                key: _repeated_labels(groups[key], n_regions)
                for key in ("technology", "service", "trl_band")
            },
            "region": _repeated_labels(pd.Series(region_table.index), n_groups, tile=False),
            "demand": demand.ravel(),
            "supply": (within @ supply).ravel(),
            "access": access.ravel(),
            "unmet": (demand * np.maximum(0.0, 1.0 - access)).ravel(),
            "uncovered_share": uncovered.ravel(),
            "nearest_distance": distance.ravel(),
        }
    )
    return table.sort_values(
        ["unmet", "uncovered_share", "demand", "technology", "service", "trl_band", "region"],
        ascending=[False, False, False, True, True, True, True],
        na_position="last",
        kind="stable",
    ).reset_index(drop=True)


def _repeated_labels(labels: pd.Series, times: int, *, tile: bool = True) -> pd.Categorical:
    """A key column as a categorical (sorted categories): cheap, and it sorts like the strings."""
    codes, categories = pd.factorize(labels, sort=True)
    repeated = np.tile(codes, times) if tile else np.repeat(codes, times)
    return pd.Categorical.from_codes(repeated, categories=pd.Index(categories))


def _costs(cost: pd.DataFrame | None, regions: pd.DataFrame, centres: pd.DataFrame) -> FloatArray:
    if cost is None:
        return great_circle_km(regions, centres).to_numpy()
    if not isinstance(cost, pd.DataFrame):
        raise InvalidInputError(
            "cost must be a DataFrame (regions x centres)", field="cost", value=type(cost).__name__
        )
    for labels, wanted, axis in (
        (cost.index, regions.index, "rows"),
        (cost.columns, centres.index, "columns"),
    ):
        missing = wanted.difference(labels.astype(str))
        if len(missing):
            raise InvalidInputError(f"cost {axis} lack label", field="cost", value=missing[0])
    matrix = cost.set_axis(cost.index.astype(str), axis=0).set_axis(
        cost.columns.astype(str), axis=1
    )
    values = matrix.loc[regions.index, centres.index].to_numpy(dtype=np.float64)
    if (values < 0).any():
        row, column = (int(x) for x in np.argwhere(values < 0)[0])
        raise InvalidInputError(
            f"cost must be >= 0 (row {regions.index[row]!r}, column {centres.index[column]!r})",
            field="cost",
            value=values[row, column],
        )
    return values


def _group_supply(
    groups: pd.DataFrame,
    offers: pd.DataFrame,
    centre_of: np.ndarray,
    n_centres: int,
    hierarchy: Mapping[str, str] | None,
) -> FloatArray:
    """Capacity of each centre serving each group (technology or ancestor, service, band overlap)."""
    by_key = offers.groupby(["technology", "service"], sort=False).indices
    supply = np.zeros((n_centres, len(groups)))
    for position, (technology, service, band) in enumerate(groups.itertuples(index=False)):
        low, high = TRL_BANDS[band]
        for broader in ancestors(hierarchy, technology):
            rows = by_key.get((broader, service))
            if rows is None:
                continue
            overlap = (offers["trl_min"].to_numpy()[rows] <= high) & (
                offers["trl_max"].to_numpy()[rows] >= low
            )
            np.add.at(
                supply[:, position],
                centre_of[rows[overlap]],
                offers["capacity"].to_numpy()[rows[overlap]],
            )
    return supply


def _nearest_capable(
    needs: pd.DataFrame,
    offers: pd.DataFrame,
    centre_of: np.ndarray,
    region_of: np.ndarray,
    costs: FloatArray,
    hierarchy: Mapping[str, str] | None,
) -> FloatArray:
    """Cost from each need's region to its nearest capable centre (inf when none is reachable)."""
    reachable = np.where(np.isnan(costs), np.inf, costs)
    by_key = offers.groupby(["technology", "service"], sort=False).indices
    trl_min, trl_max = offers["trl_min"].to_numpy(), offers["trl_max"].to_numpy()
    speaks = _speakers(offers["languages"].tolist(), set(needs["language"].unique()) - {""})
    nearest = np.full(len(needs), np.inf)
    # Regions x offers of one (technology, service), built once and masked by each profile.
    columns: dict[tuple[str, str], tuple[np.ndarray, FloatArray]] = {}
    profiles = needs.groupby(["technology", "service", "trl", "language"], sort=False).indices
    for key, rows in profiles.items():
        technology, service, trl, language = cast(tuple[str, str, int, str], key)
        if (technology, service) not in columns:
            candidates = [
                by_key[(broader, service)]
                for broader in ancestors(hierarchy, technology)
                if (broader, service) in by_key
            ]
            offer_rows = np.concatenate(candidates) if candidates else np.empty(0, np.int64)
            columns[technology, service] = (offer_rows, reachable[:, centre_of[offer_rows]])
        offer_rows, sub = columns[technology, service]
        keep = (trl_min[offer_rows] <= trl) & (trl_max[offer_rows] >= trl)
        if language:
            keep &= speaks[language][offer_rows]
        if keep.any():
            nearest[rows] = sub[region_of[rows]][:, keep].min(axis=1)
    return nearest


def _speakers(languages: list[frozenset[str]], wanted: set[str]) -> dict[str, np.ndarray]:
    """For each language a need asks for, which offers list it."""
    return {
        language: np.array([language in offered for offered in languages], dtype=bool)
        for language in wanted
    }


def _need_summaries(
    weight: FloatArray,
    nearest: FloatArray,
    max_distance: float,
    region_of: np.ndarray,
    group_of: np.ndarray,
    demand: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Weighted share of uncovered needs and weighted mean nearest distance per cell."""
    uncovered = np.zeros_like(demand)
    np.add.at(uncovered, (region_of, group_of), weight * (nearest > max_distance))
    distance = np.zeros_like(demand)
    # A zero-weight need counts for nothing, even when its centre is infinitely far.
    np.add.at(distance, (region_of, group_of), np.where(weight > 0, weight * nearest, 0.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(demand > 0, uncovered / demand, np.nan)
        mean = np.where(demand > 0, distance / demand, np.nan)
    return share, mean
