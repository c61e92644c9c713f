"""A generated world of any size (regions, activities, employment, patents) for tests and benchmarks.

Smaller and cruder than :mod:`clustera.synth`: square regions on a grid, three
levels, employment with co-located related activities. Written to the registry
with ``nuts_version="GEN"`` so it never collides with the demo world.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from clustera.registry.models import Activity, Organisation, Region, Service, Technology

VERSION = "GEN"


@dataclass(frozen=True)
class GeneratedWorld:
    """Frames shaped like ``clustera.synth``'s World (``employment``, ``patents``)."""

    seed: int
    scale: str
    employment: pd.DataFrame
    patents: pd.DataFrame
    regions: pd.DataFrame
    activity_scheme: str = "GEN-NACE"
    technology_scheme: str = "GEN-FIELD"


def _square(x: float, y: float, size: float) -> str:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def build_generated_world(
    n_regions: int = 12,
    n_activities: int = 10,
    n_years: int = 3,
    n_technologies: int = 8,
    seed: int = 0,
) -> GeneratedWorld:
    """Create the registry rows of a generated world and return its datasets (long tables)."""
    rng = np.random.default_rng(seed)
    leaves = _create_regions(n_regions)
    activities = [f"G{j:04d}" for j in range(n_activities)]
    Activity.objects.bulk_create(
        [Activity(scheme="GEN-NACE", code=code, name=f"Activity {code}") for code in activities],
        ignore_conflicts=True,
    )
    technologies = [f"T{k:02d}" for k in range(n_technologies)]
    Technology.objects.bulk_create(
        [
            Technology(scheme="GEN-FIELD", code=code, name=f"Technology {code}")
            for code in technologies
        ],
        ignore_conflicts=True,
    )
    codes = [region.code for region in leaves]
    years = list(range(2024 - n_years, 2024))
    employment = _employment(rng, codes, activities, years)
    n_patents = 40 * n_regions
    patents = pd.DataFrame(
        {
            "appln_id": np.arange(n_patents),
            "year": rng.choice(years, n_patents),
            "region": rng.choice(codes, n_patents),
            "region_share": 1.0,
            "tech_class": [
                technologies[int(k)] for k in rng.integers(0, n_technologies, n_patents)
            ],
            "class_share": 1.0,
        }
    )
    _create_clusters_and_centres(leaves[: max(3, n_regions // 3)], technologies[0])
    regions = pd.DataFrame({"code": codes, "nuts_version": VERSION})
    return GeneratedWorld(
        seed=seed,
        scale=f"{n_regions}x{n_activities}x{n_years}",
        employment=employment,
        patents=patents,
        regions=regions,
    )


def _create_regions(n_regions: int) -> list[Region]:
    """Countries (level 0), their two halves (level 1) and square leaf regions (level 2)."""
    n_countries = max(1, n_regions // 12) + 2
    columns = int(np.ceil(np.sqrt(n_regions)))
    countries = [
        Region.objects.create(
            code=f"G{chr(65 + c)}",
            nuts_version=VERSION,
            level=0,
            name=f"Genland {chr(65 + c)}",
            country=f"G{chr(65 + c)}",
        )
        for c in range(n_countries)
    ]
    middles = {}
    leaves = []
    for number in range(n_regions):
        country = countries[number % n_countries]
        half = (number // n_countries) % 2
        key = (country.code, half)
        if key not in middles:
            middles[key] = Region.objects.create(
                code=f"{country.code}{half + 1}",
                nuts_version=VERSION,
                level=1,
                name=f"{country.name} {'north' if half else 'south'}",
                parent=country,
                country=country.code,
            )
        x, y = 5.0 + 1.0 * (number % columns), 45.0 + 1.0 * (number // columns)
        leaves.append(
            Region(
                code=f"{middles[key].code}{number:03d}",
                nuts_version=VERSION,
                level=2,
                name=f"Genregion {number}",
                parent=middles[key],
                country=country.code,
                geometry=_square(x, y, 0.95),
                label_lon=x + 0.5,
                label_lat=y + 0.5,
            )
        )
    Region.objects.bulk_create(leaves)
    for region in [*countries, *middles.values()]:
        region.geometry = _square(5.0, 45.0, columns * 1.0)
        region.save(update_fields=["geometry"])
    return leaves


def _employment(
    rng: np.random.Generator, codes: list[str], activities: list[str], years: list[int]
) -> pd.DataFrame:
    """Employment with co-located related activities: each region peaks around one place."""
    n_regions, n_activities = len(codes), len(activities)
    position = rng.uniform(0, 1, (n_regions, 1))
    place = np.linspace(0, 1, n_activities)[None, :]
    affinity = np.exp(-((position - place) ** 2) / 0.02) + 0.05
    size = rng.lognormal(6.0, 1.0, (n_regions, 1))
    frames = []
    for step, year in enumerate(years):
        noise = rng.lognormal(0.0, 0.1, (n_regions, n_activities))
        values = np.floor(size * affinity * noise * (1.0 + 0.02 * step))
        frames.append(
            pd.DataFrame(
                {
                    "region": np.repeat(codes, n_activities),
                    "activity": np.tile(activities, n_regions),
                    "year": year,
                    "value": values.ravel(),
                }
            )
        )
    employment = pd.concat(frames, ignore_index=True)
    return employment[employment["value"] > 0].reset_index(drop=True)


def _create_clusters_and_centres(regions: list[Region], technology_code: str) -> None:
    """A cluster and a technology centre (with one testing service) in each region."""
    organisations = []
    for number, region in enumerate(regions):
        for kind in ("cluster", "technology_centre"):
            organisations.append(
                Organisation(
                    key=f"GEN-{kind}-{number}",
                    name=f"Gen {kind.replace('_', ' ')} {number}",
                    type=kind,
                    region=region,
                    country=region.country,
                    lat=region.label_lat,
                    lon=region.label_lon,
                    is_synthetic=True,
                )
            )
    Organisation.objects.bulk_create(organisations)
    first_technology = Technology.objects.get(scheme="GEN-FIELD", code=technology_code)
    Service.objects.bulk_create(
        [
            Service(
                key=f"GEN-S-{o.key}",
                organisation=o,
                kind="service",
                name=f"Testing at {o.name}",
                technology=first_technology,
                trl_min=3,
                trl_max=6,
            )
            for o in Organisation.objects.filter(type="technology_centre", key__startswith="GEN-")
        ]
    )
