"""The synthetic world as tables: generate it in memory or stream it to Parquet.

Organisations and everything attached to them (contacts, clusters, offers,
services, projects) are generated in chunks of :data:`CHUNK_ORGANISATIONS`
with one random stream per chunk, so the in-memory world and the streamed
Parquet files are the same tables, and a million organisations never need to
be in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from clustera.errors import InvalidInputError
from clustera.synth.clusters import generate_clusters
from clustera.synth.collaborations import generate_offers, generate_projects, generate_services
from clustera.synth.contacts import generate_contacts
from clustera.synth.economy import Economy, build_economy, build_input_output
from clustera.synth.geography import Geography, build_geography
from clustera.synth.organisations import Context, build_context, generate_organisations
from clustera.synth.patents import generate_patent_table, write_model_records
from clustera.synth.schema import TABLE_SCHEMAS
from clustera.synth.taxonomy import Taxonomy, build_taxonomy

__all__ = [
    "SCALES",
    "TABLE_SCHEMAS",
    "GroundTruth",
    "World",
    "generate_world",
    "ground_truth",
    "organisation_count",
    "write_world_parquet",
]

SCALES: dict[str, int] = {"small": 1_500, "medium": 20_000, "large": 200_000}
CHUNK_ORGANISATIONS = 50_000
PATENT_RECORDS_PER_ORGANISATION = 10

_REFERENCE_TABLES = (
    "countries",
    "regions",
    "activities",
    "technologies",
    "ecosystems",
    "s3_priorities",
    "employment",
    "input_output",
)
_CHUNK_TABLES = (
    "organisations",
    "contacts",
    "clusters",
    "memberships",
    "offers",
    "services",
    "projects",
    "participations",
)


@dataclass(frozen=True)
class World:
    """Every table of one synthetic world (see ``docs/synth.md`` for the columns)."""

    seed: int
    scale: str
    countries: pd.DataFrame
    regions: pd.DataFrame
    activities: pd.DataFrame
    technologies: pd.DataFrame
    ecosystems: pd.DataFrame
    s3_priorities: pd.DataFrame
    organisations: pd.DataFrame
    clusters: pd.DataFrame
    memberships: pd.DataFrame
    offers: pd.DataFrame
    services: pd.DataFrame
    contacts: pd.DataFrame
    employment: pd.DataFrame
    input_output: pd.DataFrame
    patents: pd.DataFrame
    projects: pd.DataFrame
    participations: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name, in :data:`TABLE_SCHEMAS` order."""
        return {name: getattr(self, name) for name in TABLE_SCHEMAS}


def organisation_count(scale: str | int) -> int:
    """How many organisations a scale means.

    >>> organisation_count("small"), organisation_count(250)
    (1500, 250)
    """
    if isinstance(scale, bool):
        raise InvalidInputError(
            "scale must be a name or a number of organisations", field="scale", value=scale
        )
    if isinstance(scale, int):
        if scale < 20:
            raise InvalidInputError(
                "a world needs at least 20 organisations", field="scale", value=scale
            )
        return scale
    if isinstance(scale, str) and scale.isdigit():
        return organisation_count(int(scale))
    if scale not in SCALES:
        raise InvalidInputError(
            f"unknown scale; use one of {', '.join(SCALES)} or a number of organisations",
            field="scale",
            value=scale,
        )
    return SCALES[scale]


def _map_size(n_organisations: int) -> tuple[int, int]:
    """(countries, level-3 regions) of the map for a world of this many organisations."""
    if n_organisations <= 5_000:
        return 8, 60
    if n_organisations <= 60_000:
        return 12, 200
    return 20, 600


@dataclass(frozen=True)
class _Foundation:
    geography: Geography
    taxonomy: Taxonomy
    economy: Economy
    context: Context
    input_output: pd.DataFrame


def _foundation(seed: int, n_organisations: int) -> _Foundation:
    n_countries, n_level3 = _map_size(n_organisations)
    geography = build_geography(
        np.random.default_rng([seed, 1]), n_countries=n_countries, n_level3=n_level3
    )
    taxonomy = build_taxonomy(np.random.default_rng([seed, 2]))
    economy = build_economy(np.random.default_rng([seed, 3]), geography, taxonomy)
    context = build_context(seed, n_organisations, geography, taxonomy, economy)
    input_output = build_input_output(np.random.default_rng([seed, 4]), taxonomy, economy)
    return _Foundation(geography, taxonomy, economy, context, input_output)


def _reference_tables(foundation: _Foundation) -> dict[str, pd.DataFrame]:
    taxonomy = foundation.taxonomy
    return {
        "countries": foundation.geography.countries,
        "regions": foundation.geography.regions,
        "activities": taxonomy.activities,
        "technologies": taxonomy.technologies,
        "ecosystems": taxonomy.ecosystems,
        "s3_priorities": taxonomy.s3_priorities,
        "employment": foundation.economy.panel,
        "input_output": foundation.input_output,
    }


def _chunks(
    seed: int, foundation: _Foundation, n_organisations: int
) -> Iterator[dict[str, pd.DataFrame]]:
    counters = {"offers": 0, "services": 0, "projects": 0}
    for index, start in enumerate(range(0, n_organisations, CHUNK_ORGANISATIONS)):
        size = min(CHUNK_ORGANISATIONS, n_organisations - start)
        context = foundation.context
        chunk = generate_organisations(
            np.random.default_rng([seed, 100, index]), context, start, size
        )
        contacts = generate_contacts(np.random.default_rng([seed, 101, index]), chunk)
        clusters, memberships = generate_clusters(
            np.random.default_rng([seed, 102, index]), context, chunk
        )
        offers = generate_offers(
            np.random.default_rng([seed, 103, index]), context, chunk, counters["offers"]
        )
        services = generate_services(
            np.random.default_rng([seed, 104, index]), context, chunk, counters["services"]
        )
        projects, participations = generate_projects(
            np.random.default_rng([seed, 105, index]), context, chunk, counters["projects"]
        )
        counters["offers"] += len(offers)
        counters["services"] += len(services)
        counters["projects"] += len(projects)
        yield {
            "organisations": chunk.organisations,
            "contacts": contacts,
            "clusters": clusters,
            "memberships": memberships,
            "offers": offers,
            "services": services,
            "projects": projects,
            "participations": participations,
        }


def _conform(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Give a table the contract's column order and types (strings never NaN)."""
    table = pa.Table.from_pandas(
        frame.reset_index(drop=True), schema=TABLE_SCHEMAS[name], preserve_index=False
    )
    conformed: pd.DataFrame = table.to_pandas()
    return conformed


def generate_world(seed: int = 0, scale: str | int = "small") -> World:
    """Generate the whole synthetic world in memory.

    The same seed and scale give identical tables; see ``docs/synth.md``.

    Examples
    --------
    >>> world = generate_world(seed=1, scale=200)
    >>> len(world.organisations), world.countries["name"].str.startswith("Synthetic").all()
    (200, np.True_)
    """
    n_organisations = organisation_count(scale)
    foundation = _foundation(seed, n_organisations)
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in _CHUNK_TABLES}
    for tables in _chunks(seed, foundation, n_organisations):
        for name, frame in tables.items():
            parts[name].append(frame)
    result = {name: _conform(name, frame) for name, frame in _reference_tables(foundation).items()}
    for name, frames in parts.items():
        result[name] = _conform(name, pd.concat(frames, ignore_index=True))
    patents = generate_patent_table(
        foundation.economy.patent_model,
        seed=seed,
        n_records=PATENT_RECORDS_PER_ORGANISATION * n_organisations,
    )
    result["patents"] = patents.to_pandas()
    names = {field.name for field in fields(World)} - {"seed", "scale"}
    return World(seed=seed, scale=str(scale), **{name: result[name] for name in names})


def write_world_parquet(
    out_dir: str | Path, seed: int = 0, scale: str | int = "small"
) -> dict[str, Path]:
    """Stream every table of the world to ``out_dir/<table>.parquet``, chunk by chunk.

    Memory is bounded by one chunk of organisations and one row group of patents,
    so a million organisations stream on a laptop. Returns the written paths.
    """
    n_organisations = organisation_count(scale)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    foundation = _foundation(seed, n_organisations)
    paths: dict[str, Path] = {}
    for name, frame in _reference_tables(foundation).items():
        paths[name] = folder / f"{name}.parquet"
        pq.write_table(
            pa.Table.from_pandas(frame, schema=TABLE_SCHEMAS[name], preserve_index=False),
            paths[name],
        )
    writers = {
        name: pq.ParquetWriter(folder / f"{name}.parquet", TABLE_SCHEMAS[name])
        for name in _CHUNK_TABLES
    }
    try:
        for tables in _chunks(seed, foundation, n_organisations):
            for name, frame in tables.items():
                writers[name].write_table(
                    pa.Table.from_pandas(
                        frame.reset_index(drop=True),
                        schema=TABLE_SCHEMAS[name],
                        preserve_index=False,
                    )
                )
    finally:
        for name, writer in writers.items():
            writer.close()
            paths[name] = folder / f"{name}.parquet"
    paths["patents"] = write_model_records(
        folder / "patents.parquet",
        foundation.economy.patent_model,
        seed=seed,
        n_records=PATENT_RECORDS_PER_ORGANISATION * n_organisations,
    ).path
    return {name: paths[name] for name in TABLE_SCHEMAS}


@dataclass(frozen=True)
class GroundTruth:
    """The hidden structure a world was drawn from, to check that methods recover it.

    ``activity_position`` holds each leaf activity's latent coordinates (columns
    ``x``, ``y``): closer activities are more related. ``activity_complexity`` is
    the number of capabilities an activity needs; ``region_endowment`` (0-1) how
    well a level-3 region is endowed with capabilities.
    """

    activity_position: pd.DataFrame
    activity_complexity: pd.Series
    region_endowment: pd.Series


def ground_truth(seed: int = 0, scale: str | int = "small") -> GroundTruth:
    """The latent structure behind ``generate_world(seed, scale)``.

    Examples
    --------
    >>> truth = ground_truth(seed=1, scale=200)
    >>> truth.activity_position.columns.tolist(), bool(truth.region_endowment.between(0, 1).all())
    (['x', 'y'], True)
    """
    foundation = _foundation(seed, organisation_count(scale))
    taxonomy, economy = foundation.taxonomy, foundation.economy
    codes = pd.Index(taxonomy.leaf_codes, name="activity")
    return GroundTruth(
        activity_position=pd.DataFrame(taxonomy.leaf_position, index=codes, columns=["x", "y"]),
        activity_complexity=pd.Series(
            economy.requirements.sum(axis=1).astype(np.int64),
            index=codes,
            name="capabilities_needed",
        ),
        region_endowment=pd.Series(
            economy.endowment,
            index=pd.Index(foundation.geography.level3_codes, name="region"),
            name="endowment",
        ),
    )
