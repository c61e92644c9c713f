"""The hidden economy of the synthetic world: capabilities, employment and patenting.

The model follows Hidalgo and Hausmann's capability view: an activity needs a
set of capabilities and a region can host it only when it holds all of them.
Capabilities sit in the same latent space as activities and an activity needs
the capabilities nearest to it, so related activities share requirements and
co-locate; complex activities need more of them, so only diversified regions
host them and the region-activity matrix is nested. Regions hold capabilities
around a focus point, more of them the better endowed they are, and acquire
nearby capabilities over the years, which makes them enter related activities.

References
----------
Hidalgo, C. A., & Hausmann, R. (2009). The building blocks of economic
complexity. PNAS, 106(26), 10570-10575.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from clustera.synth.geography import Geography
from clustera.synth.patents import PatentModel
from clustera.synth.taxonomy import Taxonomy

__all__ = ["Economy", "build_economy", "YEARS"]

YEARS: tuple[int, ...] = tuple(range(2014, 2024))
_N_CAPABILITIES = 40
_FOCUS_SCALE = 3.0  # latent distance over which a region's capabilities thin out
_ENDOWMENT_WEIGHT = 10.0
_BASE_LOGIT = 0.5
_COMPLEXITY_STRETCH = 1.4
_REGION_NOISE = 0.4
_FOCUS_SORTING = 0.15
_ADVANTAGE = 4.0
_CAPABILITY_EMPLOYMENT = 0.5
_ACQUISITION_RATE = 0.08  # yearly chance of acquiring a capability whose neighbours are all held


@dataclass(frozen=True)
class Economy:
    """Latent drivers and observable outcomes of the synthetic economy.

    ``employment`` is the last year's expected employment, regions (level 3, in
    ``Geography.level3_codes`` order) by leaf activities.
    """

    endowment: npt.NDArray[np.float64]
    requirements: npt.NDArray[np.bool_]  # activities x capabilities
    holdings: npt.NDArray[np.bool_]  # regions x capabilities, in the last year
    employment: npt.NDArray[np.float64]
    panel: pd.DataFrame
    patent_model: PatentModel


def _capability_positions(rng: np.random.Generator, taxonomy: Taxonomy) -> npt.NDArray[np.float64]:
    anchors = taxonomy.leaf_position[
        rng.choice(len(taxonomy.leaf_codes), _N_CAPABILITIES, replace=False)
    ]
    positions: npt.NDArray[np.float64] = anchors + rng.normal(0.0, 0.4, size=anchors.shape)
    return positions


def _requirements(
    taxonomy: Taxonomy, capabilities: npt.NDArray[np.float64]
) -> npt.NDArray[np.bool_]:
    distance = np.hypot(
        *(taxonomy.leaf_position[:, None, :] - capabilities[None, :, :]).transpose(2, 0, 1)
    )
    needed = np.clip(np.round(_COMPLEXITY_STRETCH * taxonomy.leaf_complexity).astype(int), 1, 9)
    order = np.argsort(distance, axis=1, kind="stable")
    requirements = np.zeros(distance.shape, dtype=bool)
    for activity, count in enumerate(needed):
        requirements[activity, order[activity, :count]] = True
    return requirements


def _initial_holdings(
    rng: np.random.Generator,
    endowment: npt.NDArray[np.float64],
    capabilities: npt.NDArray[np.float64],
    requirements: npt.NDArray[np.bool_],
    complexity: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
    n_regions = len(endowment)
    # Better endowed regions centre on the capabilities that complex activities need.
    sophistication = _sophistication(requirements, complexity)
    rank = np.argsort(np.argsort(sophistication, kind="stable"), kind="stable") / max(
        len(sophistication) - 1, 1
    )
    weights = np.exp(-(((rank[None, :] - endowment[:, None]) / _FOCUS_SORTING) ** 2))
    cumulative = np.cumsum(weights, axis=1)
    chosen = (cumulative < rng.random(n_regions)[:, None] * cumulative[:, -1:]).sum(axis=1)
    focus = capabilities[chosen] + rng.normal(0.0, 0.8, (n_regions, 2))
    distance = np.hypot(*(focus[:, None, :] - capabilities[None, :, :]).transpose(2, 0, 1))
    logit = (
        _ENDOWMENT_WEIGHT * (endowment[:, None] - 0.5)
        + _BASE_LOGIT
        - (distance / _FOCUS_SCALE) ** 2
    )
    probability = 1.0 / (1.0 + np.exp(-logit))
    return rng.random(probability.shape) < probability, distance


def _sophistication(
    requirements: npt.NDArray[np.bool_], complexity: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Mean complexity of the activities needing each capability (median where none do)."""
    users = requirements.sum(axis=0)
    total = complexity @ requirements
    result: npt.NDArray[np.float64] = np.where(
        users > 0, total / np.maximum(users, 1), np.median(complexity)
    )
    return result


def _acquire(
    rng: np.random.Generator, holdings: npt.NDArray[np.bool_], closeness: npt.NDArray[np.float64]
) -> npt.NDArray[np.bool_]:
    """One year of diversification: capabilities near held ones are acquired more often."""
    held = holdings.astype(float)
    density = held @ closeness / closeness.sum(axis=0)
    gained = (~holdings) & (rng.random(holdings.shape) < _ACQUISITION_RATE * density**2)
    result: npt.NDArray[np.bool_] = holdings | gained
    return result


def _intensity(
    holdings: npt.NDArray[np.bool_], requirements: npt.NDArray[np.bool_]
) -> npt.NDArray[np.float64]:
    """How far each region can host each activity: 1 when all capabilities are held."""
    held_share = (holdings.astype(float) @ requirements.T.astype(float)) / requirements.sum(axis=1)
    result: npt.NDArray[np.float64] = held_share**8
    return result


def build_economy(rng: np.random.Generator, geography: Geography, taxonomy: Taxonomy) -> Economy:
    """Draw capabilities, grow them for each year and derive employment and patenting."""
    level3 = geography.regions.set_index("code").loc[list(geography.level3_codes)]
    log_population = np.log(level3["population"].to_numpy(dtype=float))
    standardised = (log_population - log_population.mean()) / max(log_population.std(), 1e-9)
    endowment = 1.0 / (
        1.0 + np.exp(-(0.9 * standardised + rng.normal(0.0, 0.8, len(standardised))))
    )
    capabilities = _capability_positions(rng, taxonomy)
    requirements = _requirements(taxonomy, capabilities)
    holdings, _ = _initial_holdings(
        rng, endowment, capabilities, requirements, taxonomy.leaf_complexity
    )
    gap = np.hypot(*(capabilities[:, None, :] - capabilities[None, :, :]).transpose(2, 0, 1))
    closeness = np.exp(-((gap / 1.2) ** 2))
    np.fill_diagonal(closeness, 0.0)

    n_regions, n_activities = len(geography.level3_codes), len(taxonomy.leaf_codes)
    activity_size = rng.lognormal(0.0, 0.9, n_activities)
    activity_size /= activity_size.sum()
    activity_growth = rng.normal(0.01, 0.03, n_activities)
    region_noise = rng.lognormal(0.0, _REGION_NOISE, (n_regions, n_activities))
    # Workers per inhabitant in the activities covered: about a third of the population.
    workforce = level3["population"].to_numpy(dtype=float) * rng.uniform(0.28, 0.42, n_regions)
    # Comparative advantage: well-endowed regions are relatively better at complex activities.
    centred_complexity = taxonomy.leaf_complexity - taxonomy.leaf_complexity.mean()
    advantage = np.exp(_ADVANTAGE * np.outer(endowment - 0.5, centred_complexity))
    frames = []
    employment = np.zeros((n_regions, n_activities))
    for step, year in enumerate(YEARS):
        if step:
            holdings = _acquire(rng, holdings, closeness)
        intensity = _intensity(holdings, requirements)
        yearly_noise = rng.lognormal(0.0, 0.08, (n_regions, n_activities))
        growth = (1.0 + activity_growth) ** step
        raw = (
            activity_size[None, :] * growth[None, :] * region_noise * intensity * advantage + 1e-12
        )
        # Capabilities set what a region does; population mostly sets how many work there:
        # per-capita employment keeps only part of the regions' capability gap.
        per_capita = raw.sum(axis=1) / workforce
        total = (
            workforce * (per_capita / np.median(per_capita)) ** _CAPABILITY_EMPLOYMENT * 1.005**step
        )
        expected = raw / raw.sum(axis=1, keepdims=True) * total[:, None]
        employment = np.floor(expected * yearly_noise)
        region_index, activity_index = np.nonzero(employment > 0)
        frames.append(
            pd.DataFrame(
                {
                    "region": np.asarray(geography.level3_codes, dtype=object)[region_index],
                    "activity": np.asarray(taxonomy.leaf_codes, dtype=object)[activity_index],
                    "year": np.full(len(region_index), year, dtype=np.int64),
                    "value": employment[region_index, activity_index].astype(np.int64),
                }
            )
        )
    panel = pd.concat(frames, ignore_index=True)
    return Economy(
        endowment=endowment,
        requirements=requirements,
        holdings=holdings,
        employment=employment,
        panel=panel,
        patent_model=_patent_model(geography, taxonomy, employment, endowment),
    )


def _patent_model(
    geography: Geography,
    taxonomy: Taxonomy,
    employment: npt.NDArray[np.float64],
    endowment: npt.NDArray[np.float64],
) -> PatentModel:
    """Regions patent in the fields near the activities they employ people in, complex ones most.

    Well-endowed regions (research capabilities) patent more per worker.
    """
    field_gap = np.hypot(
        *(taxonomy.leaf_position[:, None, :] - taxonomy.field_position[None, :, :]).transpose(
            2, 0, 1
        )
    )
    affinity = np.exp(-((field_gap / 0.5) ** 2)) * taxonomy.leaf_complexity[:, None]
    propensity = employment @ affinity + 1e-6
    region_weights = propensity.sum(axis=1) * endowment**1.5 + 1e-3
    return PatentModel(
        region_codes=geography.level3_codes,
        class_codes=taxonomy.field_codes,
        region_weights=region_weights,
        propensity=propensity,
        years=YEARS,
        year_weights=1.03 ** np.arange(len(YEARS), dtype=np.float64),
    )


def build_input_output(
    rng: np.random.Generator, taxonomy: Taxonomy, economy: Economy
) -> pd.DataFrame:
    """Intermediate flows between leaf activities: a synthetic input-output table.

    Activities trade in proportion to their sizes (last year's employment) and
    more the closer they sit in the latent activity space, with log-normal noise;
    only the strongest flows of each supplier are kept (a sparse table, as real
    product-by-product tables are in effect). Long table: supplier, user, value.
    """
    size = economy.employment.sum(axis=0) + 1.0
    position = taxonomy.leaf_position
    distance = np.sqrt(((position[:, None, :] - position[None, :, :]) ** 2).sum(axis=2))
    flows = np.outer(size, size) ** 0.5 * np.exp(-((distance / 0.8) ** 2))
    flows = flows * rng.lognormal(0.0, 0.7, size=flows.shape)
    keep = max(1, len(size) // 8)
    threshold = -np.sort(-flows, axis=1)[:, keep - 1 : keep]
    flows = np.where(flows >= threshold, np.round(flows, 1), 0.0)
    supplier, user = np.nonzero(flows > 0)
    codes = np.asarray(taxonomy.leaf_codes, dtype=object)
    return pd.DataFrame(
        {"supplier": codes[supplier], "user": codes[user], "value": flows[supplier, user]}
    )
