"""Offers and requests, technology-centre services, and past collaboration projects.

Consortia form with homophily and complementarity: partners tend to share the
project's theme technology and the coordinator's country or region, and to
work in activities related to, but different from, the coordinator's. The
first partner slots complete the actor mix (an SME, a research organisation),
as funding programmes for cluster and innovation projects require.
"""

from __future__ import annotations

import datetime

import numpy as np
import numpy.typing as npt
import pandas as pd

from clustera.synth.draws import random_date, weighted_draw
from clustera.synth.naming import brand
from clustera.synth.organisations import RESEARCH_TYPES, Context, OrganisationChunk
from clustera.synth.text import activity_phrase, describe_offer
from clustera.taxonomies.actors import OFFER_KINDS, SERVICE_PROVIDER_TYPES

__all__ = ["generate_offers", "generate_services", "generate_projects"]

_OFFER_KINDS = tuple(OFFER_KINDS)  # the draw's probabilities below follow this order
_FIRM_OFFERS = (0.35, 0.25, 0.1, 0.2, 0.1)
_RESEARCH_OFFERS = (0.1, 0.0, 0.6, 0.0, 0.3)
_SERVICE_PROVIDERS = SERVICE_PROVIDER_TYPES
_SERVICE_TEMPLATES = {
    "equipment": ("{t} pilot line", "{t} test bench", "{t} laboratory", "{t} demonstrator"),
    "service": (
        "{t} feasibility study",
        "Prototyping with {l}",
        "{t} testing and validation",
        "{t} technology audit",
    ),
    "training": ("Training course: {l} for SMEs", "{t} masterclass", "Hands-on workshop on {l}"),
}
_ACCESS = (
    "Open access at cost price (synthetic)",
    "Commercial rate, 30% discount for SMEs (synthetic)",
    "For cluster members only (synthetic)",
    "Free for SMEs under the regional innovation voucher (synthetic)",
)
_PROGRAMMES = {
    "KET1": "Synthetic Horizon - Digital, Industry and Space",
    "KET2": "Synthetic Horizon - Digital, Industry and Space",
    "KET3": "Synthetic Horizon - Health",
    "KET4": "Synthetic Chips Partnership",
    "KET5": "Synthetic Horizon - Climate, Energy and Mobility",
    "KET6": "Synthetic Digital Europe - Innovation Hubs",
}
_REGIONAL_PROGRAMMES = (
    "Synthetic Interreg - Regional Innovation",
    "Synthetic Single Market - Cluster Excellence",
)
_COORDINATOR_WEIGHT = {
    "rto": 6.0,
    "university": 6.0,
    "technology_centre": 4.0,
    "large_company": 3.0,
    "dih": 2.0,
    "cluster": 2.0,
    "sme": 1.0,
    "science_park": 1.0,
    "business_network": 1.0,
    "public_authority": 0.5,
    "investor": 0.1,
}
_PARTNER_WEIGHT = dict(_COORDINATOR_WEIGHT, sme=3.0, cluster=1.5)
_LAST_YEAR = 2023


def generate_offers(
    rng: np.random.Generator, context: Context, chunk: OrganisationChunk, first_number: int
) -> pd.DataFrame:
    """Offers and requests in the Enterprise Europe Network types."""
    taxonomy = context.taxonomy
    names = dict(zip(taxonomy.technologies["code"], taxonomy.technologies["name"], strict=True))
    activity_names = dict(
        zip(taxonomy.activities["code"], taxonomy.activities["name"], strict=True)
    )
    rows: list[dict[str, object]] = []
    frame = chunk.organisations
    for position, (identifier, kind, organisation_name) in enumerate(
        frame[["id", "type", "name"]].itertuples(index=False)
    ):
        research = kind in RESEARCH_TYPES
        if not (research or kind in ("sme", "large_company")) or not chunk.leaves[position]:
            continue
        for _ in range(int(rng.poisson(0.8 if research else 0.4))):
            offer_kind = str(
                rng.choice(_OFFER_KINDS, p=_RESEARCH_OFFERS if research else _FIRM_OFFERS)
            )
            ati = taxonomy.ati_codes[
                chunk.atis[position][int(rng.integers(len(chunk.atis[position])))]
            ]
            leaf = taxonomy.leaf_codes[
                chunk.leaves[position][int(rng.integers(len(chunk.leaves[position])))]
            ]
            title, description = describe_offer(
                offer_kind,
                organisation=str(organisation_name),
                activity=activity_names[leaf],
                technology=names[ati],
            )
            rows.append(
                {
                    "id": f"OFR{first_number + len(rows) + 1:06d}",
                    "organisation": identifier,
                    "kind": offer_kind,
                    "title": title,
                    "description": description,
                    "technologies": ati,
                    "nace": leaf,
                    "created": random_date(
                        rng, datetime.date(2022, 1, 1), datetime.date(2025, 6, 30)
                    ),
                }
            )
    columns = [
        "id",
        "organisation",
        "kind",
        "title",
        "description",
        "technologies",
        "nace",
        "created",
    ]
    return pd.DataFrame(rows, columns=columns)


def generate_services(
    rng: np.random.Generator, context: Context, chunk: OrganisationChunk, first_number: int
) -> pd.DataFrame:
    """Equipment, services and training of technology providers, in their own technologies."""
    taxonomy = context.taxonomy
    names = dict(zip(taxonomy.technologies["code"], taxonomy.technologies["name"], strict=True))
    rows: list[dict[str, object]] = []
    frame = chunk.organisations
    for position, (identifier, kind, organisation_name, languages) in enumerate(
        frame[["id", "type", "name", "languages"]].itertuples(index=False)
    ):
        if kind not in _SERVICE_PROVIDERS:
            continue
        for _ in range(int(rng.integers(2, 7))):
            ati = taxonomy.ati_codes[
                chunk.atis[position][int(rng.integers(len(chunk.atis[position])))]
            ]
            service_kind = str(rng.choice(("equipment", "service", "training"), p=(0.4, 0.4, 0.2)))
            templates = _SERVICE_TEMPLATES[service_kind]
            name = templates[int(rng.integers(len(templates)))].format(
                t=names[ati], l=names[ati].lower()
            )
            trl_min = int(rng.integers(1, 8))
            trl_max = int(rng.integers(trl_min, 10))
            rows.append(
                {
                    "id": f"SRV{first_number + len(rows) + 1:06d}",
                    "organisation": identifier,
                    "kind": service_kind,
                    "name": name,
                    "description": f"{organisation_name} provides {name.lower()} ({service_kind}) in "
                    f"{names[ati].lower()}, from TRL {trl_min} to TRL {trl_max}. Synthetic record.",
                    "technology": ati,
                    "trl_min": trl_min,
                    "trl_max": trl_max,
                    "access_conditions": _ACCESS[int(rng.integers(len(_ACCESS)))],
                    "languages": languages,
                }
            )
    columns = [
        "id",
        "organisation",
        "kind",
        "name",
        "description",
        "technology",
        "trl_min",
        "trl_max",
        "access_conditions",
        "languages",
    ]
    return pd.DataFrame(rows, columns=columns)


def _holders(chunk: OrganisationChunk, n_technologies: int) -> list[npt.NDArray[np.int64]]:
    holders: list[list[int]] = [[] for _ in range(n_technologies)]
    for position, atis in enumerate(chunk.atis):
        for ati in atis:
            holders[ati].append(position)
    return [np.array(found, dtype=np.int64) for found in holders]


def _consortium(
    rng: np.random.Generator,
    coordinator: int,
    pool: np.ndarray,
    weight: np.ndarray,
    is_sme: np.ndarray,
    is_research: np.ndarray,
) -> list[int]:
    """The coordinator and the partners drawn from ``pool``: an SME and a research
    organisation first when the consortium has none yet."""
    chosen = [coordinator]
    for slot in range(min(len(pool), 2 + int(rng.poisson(3.0)))):
        need = np.ones(len(pool))
        if slot == 0 and not is_sme[chosen].any():
            need = is_sme[pool].astype(float)
        elif slot <= 1 and not is_research[chosen].any():
            need = is_research[pool].astype(float)
        taken = np.isin(pool, chosen)
        candidate = np.where(taken, 0.0, weight * need)
        if candidate.sum() <= 0:
            candidate = np.where(taken, 0.0, weight)
        if candidate.sum() <= 0:
            break
        chosen.append(int(pool[weighted_draw(rng, candidate, 1)[0]]))
    return chosen


def _project_row(
    number: int,
    start_year: int,
    programme: str,
    acronym: str,
    technology: str,
    activity: str,
    size: int,
) -> dict[str, object]:
    return {
        "id": f"PRJ{number + 1:06d}",
        "start_year": start_year,
        "programme": programme,
        "title": f"{acronym}: {technology} for {activity_phrase(activity)}",
        "description": f"{acronym} brings {size} partners together to apply "
        f"{technology.lower()} to {activity_phrase(activity)}, from research to pilot users. "
        "Synthetic project.",
    }


def _closeness(
    context: Context,
    chunk: OrganisationChunk,
    pool: np.ndarray,
    coordinator: int,
    primary: np.ndarray,
    countries: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """How much the coordinator favours each organisation of the pool: geography and
    complementarity of their main activities."""
    geography = np.where(
        chunk.region[pool] == chunk.region[coordinator],
        3.0,
        np.where(countries[pool] == countries[coordinator], 1.8, 1.0),
    )
    c_leaf = primary[coordinator]
    closeness = (
        context.leaf_closeness[c_leaf, np.maximum(primary[pool], 0)]
        if c_leaf >= 0
        else np.full(len(pool), 0.3)
    )
    complementarity = np.where(primary[pool] == c_leaf, 0.15, 0.05 + closeness)
    return geography, complementarity


def generate_projects(
    rng: np.random.Generator, context: Context, chunk: OrganisationChunk, first_number: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Past collaboration projects of one chunk and their participants."""
    taxonomy = context.taxonomy
    frame = chunk.organisations
    n = len(frame)
    kinds = frame["type"].to_numpy(dtype=object)
    countries = frame["country"].to_numpy(dtype=object)
    identifiers = frame["id"].to_numpy(dtype=object)
    primary = np.array([leaves[0] if leaves else -1 for leaves in chunk.leaves])
    kind_weight = np.array([_COORDINATOR_WEIGHT[str(kind)] for kind in kinds])
    partner_weight = np.array([_PARTNER_WEIGHT[str(kind)] for kind in kinds])
    is_sme = kinds == "sme"
    is_research = np.isin(kinds, list(RESEARCH_TYPES))
    holders = _holders(chunk, len(taxonomy.ati_codes))
    holds = np.zeros((n, len(taxonomy.ati_codes)), dtype=bool)
    for position, atis in enumerate(chunk.atis):
        holds[position, atis] = True
    n_projects = max(1, round(0.12 * n))
    cumulative = np.cumsum(kind_weight)
    coordinators = np.searchsorted(
        cumulative, rng.random(n_projects) * cumulative[-1], side="right"
    )
    names = dict(zip(taxonomy.technologies["code"], taxonomy.technologies["name"], strict=True))
    activity_names = dict(
        zip(taxonomy.activities["code"], taxonomy.activities["name"], strict=True)
    )
    projects: list[dict[str, object]] = []
    participations: list[dict[str, object]] = []
    for offset, number in enumerate(range(first_number, first_number + n_projects)):
        coordinator = int(min(coordinators[offset], n - 1))
        theme = chunk.atis[coordinator][int(rng.integers(len(chunk.atis[coordinator])))]
        pool = np.unique(
            np.concatenate(
                [
                    rng.choice(holders[theme], size=min(400, len(holders[theme])), replace=False),
                    rng.integers(0, n, size=min(150, n)),
                ]
            )
        )
        pool = pool[pool != coordinator]
        c_leaf = primary[coordinator]
        geography, complementarity = _closeness(
            context, chunk, pool, coordinator, primary, countries
        )
        # the same order of products as ever: the synthetic world stays the same to the bit
        weight = (
            partner_weight[pool] * (1.0 + 6.0 * holds[pool, theme]) * geography * complementarity
        )
        chosen = _consortium(rng, coordinator, pool, weight, is_sme, is_research)
        ket = taxonomy.ati_ket[theme]
        programme = (
            _PROGRAMMES[ket] if rng.random() < 0.75 else _REGIONAL_PROGRAMMES[int(rng.integers(2))]
        )
        acronym = brand(number, seed=context.seed + 1, population=10**6).upper()
        activity = (
            activity_names[taxonomy.leaf_codes[c_leaf]] if c_leaf >= 0 else "regional industry"
        )
        technology = names[taxonomy.ati_codes[theme]]
        start_year = int(rng.integers(2014, _LAST_YEAR + 1))
        projects.append(
            _project_row(number, start_year, programme, acronym, technology, activity, len(chosen))
        )
        participations.extend(
            {
                "project": f"PRJ{number + 1:06d}",
                "organisation": identifiers[member],
                "role": "coordinator" if rank == 0 else "participant",
            }
            for rank, member in enumerate(chosen)
        )
    return (
        pd.DataFrame(projects, columns=["id", "start_year", "programme", "title", "description"]),
        pd.DataFrame(participations, columns=["project", "organisation", "role"]),
    )
