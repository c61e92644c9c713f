"""Synthetic technology-centre offers and SME survey needs, with a planted demand/supply gap.

The gap analysis (``clustera.analytics.gap_analysis``) must find what was
planted: a technology x service type x TRL band wanted in a few regions where
no capable centre lies within reach. Deterministic in the seed; every table
says it is synthetic through its codes (``SYN-...`` centres).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics.pairwise import haversine_distances

from clustera.errors import InvalidInputError
from clustera.synth.world import World

__all__ = [
    "LANGUAGES",
    "SERVICE_TYPES",
    "PlantedGap",
    "survey_needs",
    "survey_regions",
    "technology_centres",
]

SERVICE_TYPES = (
    "expertise_and_facilities",
    "demonstration",
    "proof_of_concept_and_testing",
    "prototyping",
    "pilot_production",
    "validation_and_certification",
)
"""Technology-centre services, after the KETs technology-centre study's vocabulary."""

LANGUAGES = ("de", "fr", "es", "it", "pl", "nl")
_BANDS = {"1-3": (1, 3), "4-6": (4, 6), "7-9": (7, 9)}
_EARTH_RADIUS_KM = 6371.0088
_ATI_SCHEME = "SYN-ATI"
_FALLBACK_TECHNOLOGIES = tuple(f"ATI{number:02d}" for number in range(1, 17))
# Streams of numpy.random.default_rng([seed, stream]): one per generator.
_CENTRE_STREAM, _NEED_STREAM = 71, 72


@dataclass(frozen=True)
class PlantedGap:
    """A gap to plant: demand for one technology x service x TRL band in regions left unserved."""

    technology: str
    service: str
    trl_band: str
    regions: tuple[str, ...]
    needs_per_region: int = 25

    def __post_init__(self) -> None:
        if self.trl_band not in _BANDS:
            raise InvalidInputError(
                "unknown TRL band (1-3, 4-6 or 7-9)", field="trl_band", value=self.trl_band
            )
        if self.needs_per_region < 1 or not self.regions:
            raise InvalidInputError(
                "a planted gap needs at least one region and one need per region",
                field="regions",
                value=(self.regions, self.needs_per_region),
            )


def survey_regions(world_or_regions: World | pd.DataFrame) -> pd.DataFrame:
    """Regions as ``region``, ``lat``, ``lon``, ``population``: a world's level-3 label points.

    A DataFrame already holding ``region``, ``lat`` and ``lon`` is returned with
    a population of 1 where it has none.
    """
    if isinstance(world_or_regions, World):
        level3 = world_or_regions.regions[world_or_regions.regions["level"] == 3]
        return pd.DataFrame(
            {
                "region": level3["code"].to_numpy(),
                "lat": level3["label_lat"].to_numpy(dtype=np.float64),
                "lon": level3["label_lon"].to_numpy(dtype=np.float64),
                "population": level3["population"].to_numpy(dtype=np.float64),
            }
        )
    missing = {"region", "lat", "lon"}.difference(world_or_regions.columns)
    if missing:
        raise InvalidInputError("missing column", source="regions", field=sorted(missing)[0])
    regions = world_or_regions.reset_index(drop=True)
    if "population" not in regions.columns:
        regions = regions.assign(population=1.0)
    return regions[["region", "lat", "lon", "population"]]


def _technologies(world_or_regions: World | pd.DataFrame) -> tuple[str, ...]:
    if isinstance(world_or_regions, World):
        table = world_or_regions.technologies
        return tuple(table.loc[table["scheme"] == _ATI_SCHEME, "code"])
    return _FALLBACK_TECHNOLOGIES


def _popularity(n_items: int) -> np.ndarray:
    """Zipf-like shares (1/rank^0.8): some technologies are much more asked for than others."""
    weights = 1.0 / np.arange(1, n_items + 1) ** 0.8
    return np.asarray(weights / weights.sum(), dtype=np.float64)


def technology_centres(
    world_or_regions: World | pd.DataFrame,
    *,
    n_centres: int,
    seed: int,
    technologies: Sequence[str] | None = None,
    gap: PlantedGap | None = None,
    max_distance: float = 100.0,
) -> pd.DataFrame:
    """Offers of ``n_centres`` synthetic technology centres (one row per offer).

    Centres sit near region label points (drawn by population, jittered by
    about 20 km); each has 1-6 offers of a technology (Zipf-like popularity),
    a service type of :data:`SERVICE_TYPES`, a TRL range, a capacity (needs
    served per period, 2-30) and languages (``en`` plus one or two others).
    With ``gap``, every offer that could serve it (same technology and
    service, TRL range overlapping its band) at a centre within
    ``max_distance`` km of a gap region is removed, so the gap is real.

    >>> regions = pd.DataFrame({"region": ["A", "B"], "lat": [50.0, 52.0], "lon": [4.0, 5.0]})
    >>> offers = technology_centres(regions, n_centres=10, seed=1)
    >>> offers["centre"].nunique(), offers.columns[:4].tolist()
    (10, ['centre', 'lat', 'lon', 'technology'])
    """
    regions = survey_regions(world_or_regions)
    codes = tuple(technologies) if technologies is not None else _technologies(world_or_regions)
    rng = np.random.default_rng([seed, _CENTRE_STREAM])
    home = rng.choice(len(regions), n_centres, p=_shares(regions["population"]))
    lat = regions["lat"].to_numpy()[home] + rng.normal(0.0, 0.15, n_centres)
    lon = regions["lon"].to_numpy()[home] + rng.normal(0.0, 0.2, n_centres)
    per_centre = rng.integers(1, 7, n_centres)
    centre = np.repeat(np.arange(n_centres), per_centre)
    n_offers = len(centre)
    trl_min = rng.integers(1, 9, n_offers)
    others = rng.choice(len(LANGUAGES), (n_offers, 2))
    second = rng.random(n_offers) < 0.5
    offers = pd.DataFrame(
        {
            "centre": [f"SYN-TC{number:05d}" for number in centre],
            "lat": lat[centre],
            "lon": lon[centre],
            "technology": np.asarray(codes)[
                rng.choice(len(codes), n_offers, p=_popularity(len(codes)))
            ],
            "service": np.asarray(SERVICE_TYPES)[rng.integers(0, len(SERVICE_TYPES), n_offers)],
            "trl_min": trl_min,
            "trl_max": trl_min + rng.integers(0, 10 - trl_min),
            "capacity": rng.integers(2, 31, n_offers).astype(np.float64),
            "languages": [
                ";".join(["en", LANGUAGES[a]] + ([LANGUAGES[b]] if more and b != a else []))
                for (a, b), more in zip(others, second, strict=True)
            ],
        }
    )
    if gap is not None:
        offers = offers[~_serves_gap_nearby(offers, regions, gap, max_distance)]
    return offers.reset_index(drop=True)


def _shares(population: pd.Series) -> np.ndarray:
    values = population.to_numpy(dtype=np.float64)
    return np.asarray(values / values.sum(), dtype=np.float64)


def _serves_gap_nearby(
    offers: pd.DataFrame, regions: pd.DataFrame, gap: PlantedGap, max_distance: float
) -> np.ndarray:
    low, high = _BANDS[gap.trl_band]
    gap_regions = regions[regions["region"].isin(gap.regions)]
    if len(gap_regions) != len(set(gap.regions)):
        unknown = sorted(set(gap.regions).difference(regions["region"]))
        raise InvalidInputError("gap region not in the regions", field="regions", value=unknown[0])
    distance = (
        haversine_distances(
            np.radians(offers[["lat", "lon"]].to_numpy()),
            np.radians(gap_regions[["lat", "lon"]].to_numpy()),
        )
        * _EARTH_RADIUS_KM
    )
    serves = (
        (offers["technology"] == gap.technology)
        & (offers["service"] == gap.service)
        & (offers["trl_min"] <= high)
        & (offers["trl_max"] >= low)
    ).to_numpy()
    return np.asarray(serves & (distance <= max_distance).any(axis=1), dtype=bool)


def survey_needs(
    world_or_regions: World | pd.DataFrame,
    centres: pd.DataFrame,
    *,
    n_needs: int,
    seed: int,
    planted: PlantedGap | None = None,
) -> pd.DataFrame:
    """Deterministic survey answers: one row per need, plus the planted gap's needs.

    Background needs come from respondents in regions drawn by population,
    asking for the technologies and services that ``centres`` offer in the
    same proportions, at a TRL from 1 to 9; a fifth ask for a language of
    :data:`LANGUAGES`. ``planted`` adds ``needs_per_region`` needs in each of
    its regions, TRLs spread over its band, with no language asked.

    Columns: ``respondent``, ``region``, ``technology``, ``service``,
    ``trl``, ``weight`` (1), ``language`` (``""`` = any).

    >>> regions = pd.DataFrame({"region": ["A", "B"], "lat": [50.0, 52.0], "lon": [4.0, 5.0]})
    >>> offers = technology_centres(regions, n_centres=10, seed=1)
    >>> gap = PlantedGap("ATI03", "prototyping", "7-9", ("B",), needs_per_region=5)
    >>> needs = survey_needs(regions, offers, n_needs=100, seed=1, planted=gap)
    >>> len(needs), int(((needs["region"] == "B") & (needs["technology"] == "ATI03")
    ...                  & (needs["service"] == "prototyping") & (needs["trl"] >= 7)).sum()) >= 5
    (105, True)
    """
    regions = survey_regions(world_or_regions)
    rng = np.random.default_rng([seed, _NEED_STREAM])
    mix = centres.groupby(["technology", "service"]).size()
    picked = rng.choice(len(mix), n_needs, p=_shares(mix.astype(np.float64)))
    asks_language = rng.random(n_needs) < 0.2
    background = pd.DataFrame(
        {
            "region": regions["region"].to_numpy()[
                rng.choice(len(regions), n_needs, p=_shares(regions["population"]))
            ],
            "technology": mix.index.get_level_values("technology").to_numpy()[picked],
            "service": mix.index.get_level_values("service").to_numpy()[picked],
            "trl": rng.integers(1, 10, n_needs),
            "language": np.where(
                asks_language, np.asarray(LANGUAGES)[rng.integers(0, len(LANGUAGES), n_needs)], ""
            ),
        }
    )
    frames = [background]
    if planted is not None:
        low, high = _BANDS[planted.trl_band]
        count = planted.needs_per_region * len(planted.regions)
        frames.append(
            pd.DataFrame(
                {
                    "region": np.repeat(planted.regions, planted.needs_per_region),
                    "technology": planted.technology,
                    "service": planted.service,
                    "trl": low + np.arange(count) % (high - low + 1),
                    "language": "",
                }
            )
        )
    needs = pd.concat(frames, ignore_index=True)
    needs.insert(0, "respondent", [f"SYN-R{number:06d}" for number in range(len(needs))])
    needs.insert(5, "weight", 1.0)
    return needs
