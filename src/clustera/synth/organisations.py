"""Synthetic organisations: where they are, what they do, how big they are.

Firms are placed by drawing (region, activity) pairs in proportion to the
synthetic employment, so the directory agrees with the employment statistics;
research and transfer organisations go where capabilities are, and serve the
region's most complex activities. Sizes are heavy-tailed (Pareto for firms).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from clustera.synth.economy import Economy
from clustera.synth.geography import Geography, sample_points
from clustera.synth.naming import brand, slug, title_case
from clustera.synth.taxonomy import Taxonomy, activity_ecosystems
from clustera.synth.text import describe_organisation, place_names
from clustera.taxonomies.actors import ORGANISATION_TYPES as REGISTRY_TYPES

__all__ = [
    "ORGANISATION_TYPES",
    "Context",
    "OrganisationChunk",
    "build_context",
    "generate_organisations",
]

# The world generates every registry type but the two fallbacks of imported data.
ORGANISATION_TYPES: tuple[str, ...] = tuple(
    kind for kind in REGISTRY_TYPES if kind not in ("company", "other")
)
_TYPE_SHARES = np.array([0.03, 0.75, 0.06, 0.025, 0.035, 0.015, 0.025, 0.01, 0.015, 0.02, 0.015])
RESEARCH_TYPES = frozenset({"rto", "technology_centre", "dih", "university", "science_park"})
FIRM_TYPES = frozenset({"sme", "large_company"})
# Median head count and log-normal spread of the non-firm types.
_STAFF = {
    "cluster": (6, 0.5),
    "rto": (150, 1.0),
    "technology_centre": (40, 0.8),
    "dih": (15, 0.6),
    "university": (1500, 0.8),
    "science_park": (20, 0.6),
    "business_network": (6, 0.6),
    "public_authority": (80, 1.0),
    "investor": (12, 0.7),
}
_LANGUAGES = (
    "de",
    "fr",
    "it",
    "es",
    "pl",
    "nl",
    "pt",
    "sv",
    "fi",
    "cs",
    "el",
    "hu",
    "ro",
    "da",
    "sk",
    "sl",
    "hr",
    "bg",
    "lt",
    "lv",
    "et",
    "ga",
    "mt",
    "no",
    "is",
)
_SUFFIXES = ("Ltd", "GmbH", "S.A.", "BV", "Oy", "SpA", "AB", "s.r.o.", "Kft.", "A/S")
_DIGITAL_ATI = ("ATI03", "ATI05", "ATI07", "ATI08", "ATI10", "ATI16")
_RELATEDNESS_SCALE = 0.6  # latent distance at which activities stop being related
_SERVICE_ACTIVITY = {
    "rto": "72.2",
    "university": "72.2",
    "technology_centre": "71.2",
    "dih": "62.2",
    "science_park": "72.2",
}


@dataclass(frozen=True)
class Context:
    """What every chunk of organisations is drawn from: map, code lists and economy."""

    seed: int
    population: int  # organisations in the whole world, for unique brands
    geography: Geography
    taxonomy: Taxonomy
    economy: Economy
    leaf_closeness: npt.NDArray[np.float64]  # leaves x leaves, exp(-(distance / scale)^2)
    leaf_ati: npt.NDArray[np.float64]  # leaves x ATI technologies affinity
    leaf_ecosystems: tuple[tuple[int, ...], ...]
    cities: tuple[tuple[str, ...], ...]  # per level-3 region, main city first
    country_language: dict[str, str]


@dataclass(frozen=True)
class OrganisationChunk:
    """Organisations of one chunk, with the arrays later steps draw on."""

    organisations: pd.DataFrame
    region: npt.NDArray[np.int64]  # level-3 position
    leaves: list[list[int]]
    atis: list[list[int]]


def build_context(
    seed: int, population: int, geography: Geography, taxonomy: Taxonomy, economy: Economy
) -> Context:
    """Precompute the tables that organisation chunks share."""
    rng = np.random.default_rng([seed, 11])
    gap = np.hypot(
        *(taxonomy.leaf_position[:, None, :] - taxonomy.leaf_position[None, :, :]).transpose(
            2, 0, 1
        )
    )
    field_gap = np.hypot(
        *(taxonomy.leaf_position[:, None, :] - taxonomy.field_position[None, :, :]).transpose(
            2, 0, 1
        )
    )
    ati_gap = np.stack(
        [field_gap[:, list(fields)].min(axis=1) for fields in taxonomy.ati_fields], axis=1
    )
    ecosystems = activity_ecosystems(taxonomy)
    centroids = np.array(
        [
            taxonomy.leaf_position[[i for i, eco in enumerate(ecosystems) if k in eco]].mean(axis=0)
            for k in range(len(taxonomy.ecosystems))
        ]
    )
    filled = []
    for leaf, found in enumerate(ecosystems):
        nearest = int(np.argmin(np.hypot(*(centroids - taxonomy.leaf_position[leaf]).T)))
        filled.append(found or (nearest,))
    level3 = geography.regions.set_index("code").loc[list(geography.level3_codes)]
    city_counts = 1 + np.minimum(4, rng.poisson(level3["population"].to_numpy() / 250_000.0))
    names = place_names(rng, int(city_counts.sum()) + len(level3))
    cities, start = [], 0
    for count in city_counts:
        cities.append(tuple(names[start : start + int(count)]))
        start += int(count)
    languages = rng.permutation(len(_LANGUAGES))
    country_language = {
        code: _LANGUAGES[languages[i % len(_LANGUAGES)]]
        for i, code in enumerate(geography.countries["code"])
    }
    return Context(
        seed=seed,
        population=population,
        geography=geography,
        taxonomy=taxonomy,
        economy=economy,
        leaf_closeness=np.exp(-((gap / _RELATEDNESS_SCALE) ** 2)),
        leaf_ati=np.exp(-((ati_gap / 0.8) ** 2)),
        leaf_ecosystems=tuple(filled),
        cities=tuple(cities),
        country_language=country_language,
    )


def _type_counts(n_organisations: int) -> npt.NDArray[np.int64]:
    counts: npt.NDArray[np.int64] = np.floor(_TYPE_SHARES * n_organisations).astype(np.int64)
    if n_organisations >= len(ORGANISATION_TYPES):
        counts = np.maximum(counts, 1)  # every type appears, even in a tiny world
    counts[1] += n_organisations - counts.sum()
    return counts


def _draw_pairs(
    rng: np.random.Generator, weights: npt.NDArray[np.float64], size: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(region, activity) pairs drawn in proportion to a regions x activities weight matrix."""
    cumulative = np.cumsum(weights.ravel())
    flat = np.minimum(
        np.searchsorted(cumulative, rng.random(size) * cumulative[-1], side="right"),
        weights.size - 1,
    )
    region = (flat // weights.shape[1]).astype(np.int64)
    activity = (flat % weights.shape[1]).astype(np.int64)
    return region, activity


def _related(
    rng: np.random.Generator, context: Context, region: int, leaf: int, count: int
) -> list[int]:
    """Up to ``count`` other activities, related to ``leaf`` and present in ``region``."""
    if count <= 0:
        return []
    weights = context.leaf_closeness[leaf] ** 2 * (context.economy.employment[region] + 1.0)
    weights[leaf] = 0.0
    keys = np.log(weights + 1e-300) + rng.gumbel(size=len(weights))
    return [int(index) for index in np.argsort(-keys, kind="stable")[:count]]


def _technologies(
    rng: np.random.Generator, context: Context, leaves: list[int], count: int, digital: bool
) -> list[int]:
    weights = context.leaf_ati[leaves].sum(axis=0) + 0.01
    if digital:
        weights[[context.taxonomy.ati_codes.index(code) for code in _DIGITAL_ATI]] += weights.max()
    keys = np.log(weights) + rng.gumbel(size=len(weights))
    return sorted(int(index) for index in np.argsort(-keys, kind="stable")[:count])


def _employees(rng: np.random.Generator, kind: str) -> int:
    if kind == "sme":
        return int(min(249, np.floor(1 + 2.0 * rng.pareto(1.1))))
    if kind == "large_company":
        return int(min(300_000, 250 + np.floor(400 * rng.pareto(1.05))))
    median, spread = _STAFF[kind]
    return int(max(1, round(median * rng.lognormal(0.0, spread))))


def _size_class(employees: int) -> str:
    return (
        "micro"
        if employees < 10
        else "small"
        if employees < 50
        else "medium"
        if employees < 250
        else "large"
    )


def _founded(rng: np.random.Generator, kind: str) -> int:
    if kind == "university":
        return int(rng.integers(1350, 2006))
    if kind == "cluster":
        return int(rng.integers(1995, 2021))
    if kind == "dih":
        return int(rng.integers(2015, 2023))
    return int(max(1890, 2023 - np.floor(rng.exponential(16.0))))


def _name(
    kind: str, word: str, city: str, region_name: str, activity: str, technology: str, suffix: str
) -> str:
    keyword = activity.split()[-1].capitalize()
    return {
        "cluster": f"{word} {keyword} Cluster {region_name}",
        "sme": f"{word} {keyword} {suffix}",
        "large_company": f"{word} {keyword} Group",
        "rto": f"{word} Institute for {technology}",
        "technology_centre": f"{word} Technology Centre for {technology}",
        "dih": f"{word} Digital Innovation Hub {region_name}",
        "university": f"{word} University of {city}",
        "science_park": f"{word} Science Park {city}",
        "business_network": f"{word} {keyword} Business Network",
        "public_authority": f"{word} Development Agency of {region_name}",
        "investor": f"{word} Capital Partners",
    }[kind]


@dataclass(frozen=True)
class _Names:
    """Names the organisations' rows are written with, looked up once per chunk."""

    regions: list[str]
    activities: dict[str, str]
    technologies: dict[str, str]
    ecosystems: list[str]
    ecosystem_codes: list[str]
    streets: list[str]


@dataclass(frozen=True)
class _Scalars:
    """Per-organisation numbers drawn at once for the chunk (ranges depend on the type)."""

    extra_counts: npt.NDArray[np.int64]
    tech_counts: npt.NDArray[np.int64]
    city_ranks: npt.NDArray[np.int64]
    suffixes: npt.NDArray[np.int64]
    speaks_english: npt.NDArray[np.bool_]
    houses: npt.NDArray[np.int64]
    street_picks: npt.NDArray[np.int64]
    postcodes: npt.NDArray[np.int64]
    public: npt.NDArray[np.bool_]


def _placements(
    rng: np.random.Generator, context: Context, kinds: npt.NDArray[np.object_]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Each organisation's region and main activity, drawn by its group's weights."""
    taxonomy, geography, economy = context.taxonomy, context.geography, context.economy
    employment = economy.employment + 1e-9
    rca = (employment / employment.sum(axis=1, keepdims=True)) / (
        employment.sum(axis=0) / employment.sum()
    )
    population = (
        geography.regions.set_index("code")
        .loc[list(geography.level3_codes), "population"]
        .to_numpy(dtype=float)
    )
    research_weight = (
        employment * taxonomy.leaf_complexity[None, :] ** 3 * economy.endowment[:, None] ** 2
    )
    weights = {
        "firm": employment,
        "cluster": employment * np.minimum(rca, 5.0) ** 2,
        "research": research_weight,
        "public": population[:, None] * employment / employment.sum(axis=1, keepdims=True),
    }
    group_of = {kind: "firm" for kind in ("sme", "large_company", "business_network", "investor")}
    group_of.update({kind: "research" for kind in RESEARCH_TYPES})
    group_of.update({"cluster": "cluster", "public_authority": "public"})
    region = np.zeros(len(kinds), dtype=np.int64)
    primary = np.zeros(len(kinds), dtype=np.int64)
    for group, matrix in weights.items():
        chosen = np.flatnonzero([group_of[str(kind)] == group for kind in kinds])
        region[chosen], primary[chosen] = _draw_pairs(rng, matrix, len(chosen))
    return region, primary


def _scalars(rng: np.random.Generator, kinds: npt.NDArray[np.object_], streets: int) -> _Scalars:
    n_organisations = len(kinds)
    extra_low = np.array(
        [{"sme": 0, "large_company": 2, "cluster": 2}.get(str(k), 1) for k in kinds]
    )
    tech_low = np.array([{"sme": 1}.get(str(k), 2) for k in kinds])
    extra_counts = extra_low + rng.integers(0, 3, n_organisations)
    tech_counts = tech_low + rng.integers(0, 3, n_organisations) // np.where(tech_low == 1, 2, 1)
    return _Scalars(
        extra_counts=extra_counts,
        tech_counts=tech_counts,
        city_ranks=rng.zipf(1.6, n_organisations),
        suffixes=rng.integers(len(_SUFFIXES), size=n_organisations),
        speaks_english=rng.random(n_organisations) < 0.7,
        houses=rng.integers(1, 200, n_organisations),
        street_picks=rng.integers(streets, size=n_organisations),
        postcodes=rng.integers(10_000, 99_999, n_organisations),
        public=rng.random(n_organisations) >= 0.03,
    )


def generate_organisations(
    rng: np.random.Generator, context: Context, first_number: int, n_organisations: int
) -> OrganisationChunk:
    """``n_organisations`` organisations numbered from ``first_number`` (0-based)."""
    taxonomy, geography = context.taxonomy, context.geography
    kinds = np.repeat(np.array(ORGANISATION_TYPES, dtype=object), _type_counts(n_organisations))
    kinds = kinds[rng.permutation(n_organisations)]
    region, primary = _placements(rng, context, kinds)
    lon, lat = sample_points(geography, region, rng)
    names = _Names(
        regions=geography.regions.set_index("code")
        .loc[list(geography.level3_codes), "name"]
        .tolist(),
        activities=dict(zip(taxonomy.activities["code"], taxonomy.activities["name"], strict=True)),
        technologies=dict(
            zip(taxonomy.technologies["code"], taxonomy.technologies["name"], strict=True)
        ),
        ecosystems=taxonomy.ecosystems["name"].tolist(),
        ecosystem_codes=taxonomy.ecosystems["code"].tolist(),
        streets=place_names(rng, 300),
    )
    scalars = _scalars(rng, kinds, len(names.streets))
    rows, all_leaves, all_atis = [], [], []
    for position in range(n_organisations):
        kind, r, leaf = str(kinds[position]), int(region[position]), int(primary[position])
        leaves = [leaf, *_related(rng, context, r, leaf, int(scalars.extra_counts[position]))]
        if kind == "public_authority":
            leaves = []
        atis = _technologies(
            rng, context, leaves or [leaf], int(scalars.tech_counts[position]), kind == "dih"
        )
        place = (r, float(lat[position]), float(lon[position]))
        rows.append(
            _organisation_row(
                rng,
                context,
                names,
                scalars,
                first_number,
                position,
                kind,
                leaf,
                leaves,
                atis,
                place,
            )
        )
        all_leaves.append(leaves)
        all_atis.append(atis)
    organisations = pd.DataFrame(rows)
    return OrganisationChunk(
        organisations=organisations, region=region, leaves=all_leaves, atis=all_atis
    )


def _organisation_row(
    rng: np.random.Generator,
    context: Context,
    names: _Names,
    scalars: _Scalars,
    first_number: int,
    position: int,
    kind: str,
    leaf: int,
    leaves: list[int],
    atis: list[int],
    place: tuple[int, float, float],
) -> dict[str, object]:
    """One organisation's row of the exchange schema (draws in the order they always had)."""
    taxonomy, geography = context.taxonomy, context.geography
    r, latitude, longitude = place
    code_list = [taxonomy.leaf_codes[index] for index in leaves]
    if kind in _SERVICE_ACTIVITY and _SERVICE_ACTIVITY[kind] not in code_list:
        code_list.insert(0, _SERVICE_ACTIVITY[kind])
    ecosystems = sorted({eco for index in leaves for eco in context.leaf_ecosystems[index]})[:3]
    cities = context.cities[r]
    city = cities[min(len(cities), int(scalars.city_ranks[position])) - 1]
    employees = _employees(rng, kind)
    word = brand(first_number + position, seed=context.seed, population=context.population)
    technology_name = title_case(str(names.technologies[taxonomy.ati_codes[atis[0]]]).lower())
    name = _name(
        kind,
        word,
        city,
        names.regions[r],
        str(names.activities[taxonomy.leaf_codes[leaf]]),
        technology_name,
        _SUFFIXES[scalars.suffixes[position]],
    )
    country = geography.level3_codes[r][:2]
    languages = [context.country_language[country]] + (
        ["en"] if scalars.speaks_english[position] else []
    )
    technologies = [taxonomy.ati_codes[index] for index in atis]
    technologies += sorted({taxonomy.ati_ket[index] for index in atis})
    street = names.streets[scalars.street_picks[position]]
    return {
        "id": f"ORG{first_number + position + 1:06d}",
        "name": name,
        "type": kind,
        "description": describe_organisation(
            rng,
            name=name,
            organisation_type=kind,
            city=city,
            size=_size_class(employees),
            activity_names=[str(names.activities[code]) for code in code_list[:3]],
            technology_names=[str(names.technologies[code]) for code in technologies[:3]],
            ecosystem_names=[names.ecosystems[eco] for eco in ecosystems],
        ),
        "website": f"https://{slug(word)}-{slug(kind)}.example",
        "address": f"{scalars.houses[position]} {street} Street, "
        f"{country}-{scalars.postcodes[position]} {city}",
        "city": city,
        "region": geography.level3_codes[r],
        "country": country,
        "lat": latitude,
        "lon": longitude,
        "size_class": _size_class(employees),
        "employees": employees,
        "founded": _founded(rng, kind),
        "nace": ";".join(code_list),
        "technologies": ";".join(technologies),
        "ecosystems": ";".join(names.ecosystem_codes[eco] for eco in ecosystems),
        "languages": ";".join(languages),
        "is_public": bool(scalars.public[position]),
    }
