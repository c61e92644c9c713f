"""Storing a computed regional profile as rows: cells, regions, categories, candidates.

Raw SQL inserts in batches (far faster than model instances); values are stored
as computed, unrounded, with NULL for NaN.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection
from django.db.models import Model

from clustera.analytics import ComplexityResult
from clustera.observatory import models

__all__ = ["ProfileTables", "bulk_insert", "store_profile"]

_BATCH = 20_000

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ProfileTables:
    """What :func:`clustera.observatory.computing.compute_profile` computed, to be stored."""

    panel: pd.DataFrame
    location_quotient: pd.DataFrame
    stars: pd.DataFrame | None
    density: pd.DataFrame
    complexity: ComplexityResult
    indices: pd.DataFrame
    candidates: pd.DataFrame
    peers: dict[str, list[list[Any]]]
    ids: dict[str, int]
    last: int


def bulk_insert(
    model: type[Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert tuples straight into a model's table in batches (far faster than model instances)."""
    meta = model._meta
    columns = [meta.get_field(name).column for name in fields]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    done = 0
    batch: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= _BATCH:
                cursor.executemany(sql, batch)
                done += len(batch)
                batch = []
                if progress:
                    progress(done)
        if batch:
            cursor.executemany(sql, batch)
            done += len(batch)
            if progress:
                progress(done)
    return done


def _optional(value: Any) -> float | None:
    number = float(value)
    return None if np.isnan(number) else number


def _nullable(values: np.ndarray, integer: bool = False) -> list[Any]:
    """A float array as a list with None for NaN (and ints when ``integer``)."""
    missing = np.isnan(values)
    filled = np.where(missing, 0.0, values)
    converted: list[Any] = (filled.astype(np.int64) if integer else filled).tolist()
    for position in np.flatnonzero(missing).tolist():
        converted[position] = None
    return converted


def store_profile(
    result: models.IndicatorResult, tables: ProfileTables, report: Progress | None = None
) -> None:
    """Insert the rows of a computed profile under ``result``."""
    _store_cells(result, tables, report)
    if report:
        report("storing regions and categories", 5, 6)
    _store_regions(result, tables)
    _store_categories(result, tables)
    _store_candidates(result, tables)


def _store_cells(
    result: models.IndicatorResult, tables: ProfileTables, report: Progress | None
) -> None:
    panel, ids = tables.panel, tables.ids
    index = panel.index
    n_rows, n_columns = panel.shape
    years = index.get_level_values(0).to_numpy()
    regions = np.array([ids[code] for code in index.get_level_values(1)])
    categories = panel.columns.to_numpy()
    values = panel.to_numpy().ravel()
    lq_values = (
        tables.location_quotient.reindex(index=index, columns=panel.columns).to_numpy().ravel()
    )
    star_values = (
        tables.stars.reindex(index=index, columns=panel.columns).to_numpy().ravel()
        if tables.stars is not None
        else np.full(values.shape, np.nan)
    )
    density_values = tables.density.reindex(index=index, columns=panel.columns).to_numpy().ravel()
    row_years = np.repeat(years, n_columns)
    row_regions = np.repeat(regions, n_columns)
    row_categories = np.tile(categories, n_rows)
    # Only cells with activity or a density value: empty cells carry no information.
    keep = (values > 0) | ~np.isnan(density_values)

    def cells() -> Iterable[tuple[Any, ...]]:
        # Columns converted once (NaN -> None), then zipped: far faster than per-cell casts.
        chosen = np.flatnonzero(keep)
        return zip(
            [result.pk] * len(chosen),
            row_regions[chosen].tolist(),
            row_categories[chosen].astype(str).tolist(),
            row_years[chosen].tolist(),
            values[chosen].tolist(),
            _nullable(lq_values[chosen]),
            _nullable(star_values[chosen], integer=True),
            _nullable(density_values[chosen]),
            strict=True,
        )

    total = int(keep.sum())
    bulk_insert(
        models.CellIndicator,
        [
            "result",
            "region",
            "category",
            "year",
            "value",
            "location_quotient",
            "stars",
            "relatedness_density",
        ],
        cells(),
        lambda done: report(f"storing cells {done:,}/{total:,}", 4, 6) if report else None,
    )


def _store_regions(result: models.IndicatorResult, tables: ProfileTables) -> None:
    panel, ids, index = tables.panel, tables.ids, tables.panel.index
    totals = panel.sum(axis=1)
    diversity = (
        (tables.location_quotient >= float(result.parameters["threshold"]))
        .sum(axis=1)
        .astype(float)
    )
    indices = tables.indices.reindex(index)
    eci = tables.complexity.eci.reindex(index)

    def region_rows() -> Iterable[tuple[Any, ...]]:
        for position, (year, code) in enumerate(index.tolist()):
            row = indices.iloc[position]
            yield (
                result.pk,
                ids[code],
                int(year),
                float(totals.iloc[position]),
                float(diversity.iloc[position]),
                _optional(eci.iloc[position]),
                _optional(row["krugman"]),
                _optional(row["hoover_coefficient"]),
                _optional(row["herfindahl"]),
                _optional(row["entropy"]),
                _optional(row["lq_average"]),
                json.dumps(tables.peers.get(code, []) if int(year) == tables.last else []),
            )

    bulk_insert(
        models.RegionIndicator,
        [
            "result",
            "region",
            "year",
            "total",
            "diversity",
            "complexity",
            "krugman",
            "hoover_coefficient",
            "herfindahl",
            "entropy",
            "lq_average",
            "peers",
        ],
        region_rows(),
    )


def _store_categories(result: models.IndicatorResult, tables: ProfileTables) -> None:
    panel = tables.panel
    category_totals = panel.groupby(level=0).sum()
    ubiquity = (
        (tables.location_quotient >= float(result.parameters["threshold"])).groupby(level=0).sum()
    )
    pci = tables.complexity.pci

    totals_array = category_totals.to_numpy()
    ubiquity_array = ubiquity.reindex(index=category_totals.index, columns=panel.columns).to_numpy()
    pci_array = (
        pci.reindex(pd.MultiIndex.from_product([category_totals.index, panel.columns]))
        .to_numpy()
        .reshape(totals_array.shape)
    )

    def category_rows() -> Iterable[tuple[Any, ...]]:
        for row, year in enumerate(category_totals.index.tolist()):
            for column, category in enumerate(panel.columns.tolist()):
                yield (
                    result.pk,
                    str(category),
                    int(year),
                    float(totals_array[row, column]),
                    _optional(pci_array[row, column]),
                    float(ubiquity_array[row, column]),
                )

    bulk_insert(
        models.CategoryIndicator,
        ["result", "category", "year", "total", "complexity", "ubiquity"],
        category_rows(),
    )


def _store_candidates(result: models.IndicatorResult, tables: ProfileTables) -> None:
    bulk_insert(
        models.DiversificationCandidate,
        [
            "result",
            "region",
            "category",
            "year",
            "relatedness_density",
            "relatedness_split",
            "complexity",
            "quadrant",
            "rank",
        ],
        (
            (
                result.pk,
                tables.ids[str(region)],
                str(activity),
                int(tables.last),
                float(density),
                float(split),
                float(complexity),
                str(quadrant),
                int(rank),
            )
            for region, activity, density, split, complexity, quadrant, rank in zip(
                tables.candidates["region"].tolist(),
                tables.candidates["activity"].tolist(),
                tables.candidates["relatedness_density"].tolist(),
                tables.candidates["relatedness_split"].tolist(),
                tables.candidates["complexity"].tolist(),
                tables.candidates["quadrant"].tolist(),
                tables.candidates["rank"].tolist(),
                strict=True,
            )
        ),
    )
