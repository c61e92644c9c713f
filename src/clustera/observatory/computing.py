"""Compute a dataset's indicators with the analytics core and store them as rows.

One stored result per (dataset version, method, parameters); the method
``regional_profile`` fills four tables at once (cells, regions, categories,
diversification candidates) for one region level. Regions below the level of
the data are summed up the registry's hierarchy first.
"""

from __future__ import annotations

import hashlib
import json
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.db.models import Count, Model
from django.utils import timezone

from clustera import analytics
from clustera.errors import InvalidInputError
from clustera.observatory import models
from clustera.regions import ancestors_at_level, roll_up
from clustera.registry.models import Region
from clustera.registry.selectors import region_hierarchy

__all__ = [
    "PROFILE_METHOD",
    "DEFAULT_PARAMETERS",
    "parameters_key",
    "compute_profile",
    "compute_dataset",
    "compute_current",
    "dataset_panel",
    "profile_levels",
    "observation_frame",
]

PROFILE_METHOD = "regional_profile"
DEFAULT_PARAMETERS: dict[str, Any] = {
    "threshold": 1.0,
    "stars_preset": "ECO2009",
    "relatedness_method": "association",
    "complexity_convention": "growthlab",
    "peers": 8,
}
_BATCH = 20_000
_MIN_REGIONS = 3

Progress = Callable[[str, int, int], None]


def parameters_key(parameters: dict[str, Any]) -> str:
    """The sha256 of the canonical JSON of a parameter set (the cache key with dataset and method)."""
    canonical = json.dumps(parameters, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


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


def _ancestor_codes(nuts_version: str, level: int) -> tuple[pd.Series, dict[str, int]]:
    """Region id -> code of its ancestor (or itself) at ``level``; and code -> id at ``level``."""
    hierarchy = region_hierarchy(nuts_version)
    ancestors = ancestors_at_level(hierarchy, level)
    codes = hierarchy["code"]
    ids = {str(code): int(region_id) for region_id, code in codes[ancestors.unique()].items()}
    return ancestors.map(codes), ids


def observation_frame(dataset: models.Dataset) -> pd.DataFrame:
    """The dataset's observations as a long table (region id, category, year, value)."""
    rows = models.Observation.objects.filter(dataset=dataset, value__isnull=False).values_list(
        "region_id", "category", "year", "value"
    )
    return pd.DataFrame.from_records(list(rows), columns=["region_id", "category", "year", "value"])


def profile_levels(dataset: models.Dataset) -> list[int]:
    """Region levels at which the dataset can be profiled: its own and every coarser one."""
    data_levels = set(
        Region.objects.filter(
            id__in=models.Observation.objects.filter(dataset=dataset).values("region_id")[:1000]
        ).values_list("level", flat=True)
    )
    if not data_levels:
        return []
    finest = max(data_levels)
    counts = dict(
        Region.objects.filter(nuts_version=dataset.nuts_version, level__lte=finest)
        .values_list("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    return sorted(level for level, n in counts.items() if n >= _MIN_REGIONS)


def _panel(
    frame: pd.DataFrame, level: int, nuts_version: str
) -> tuple[pd.DataFrame, dict[str, int]]:
    ancestors, ids = _ancestor_codes(nuts_version, level)
    return roll_up(frame, ancestors, region_column="region_id"), ids


def dataset_panel(dataset: models.Dataset, level: int) -> pd.DataFrame:
    """The dataset as the profiles read it: a (year, region) x category panel at ``level``."""
    return _panel(observation_frame(dataset), level, dataset.nuts_version)[0]


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


def _peers(lq: pd.DataFrame, count: int) -> dict[str, list[list[Any]]]:
    """Region code -> [[peer code, similarity], ...], most similar first, unrounded."""
    table = analytics.peer_regions(lq, count)
    result: dict[str, list[list[Any]]] = {}
    for region, peer, similarity in zip(
        table["region"].tolist(), table["peer"].tolist(), table["similarity"].tolist(), strict=True
    ):
        result.setdefault(str(region), []).append([str(peer), similarity])
    return result


def compute_profile(
    dataset: models.Dataset,
    level: int,
    parameters: dict[str, Any] | None = None,
    progress: Progress | None = None,
    frame: pd.DataFrame | None = None,
) -> models.IndicatorResult:
    """Compute and store the regional profile of ``dataset`` at region ``level`` (replacing any)."""
    started = time.perf_counter()
    chosen = {**DEFAULT_PARAMETERS, **(parameters or {}), "level": level}
    report = progress or (lambda label, done, total: None)
    report("reading observations", 0, 6)
    data = observation_frame(dataset) if frame is None else frame
    if data.empty:
        raise InvalidInputError(
            "the dataset has no observations", field="dataset", value=str(dataset)
        )
    panel, ids = _panel(data, level, dataset.nuts_version)
    if panel.empty:
        raise InvalidInputError(
            f"no region of the data maps to level {level}", field="level", value=level
        )
    years = sorted(panel.index.get_level_values(0).unique())
    last = years[-1]
    threshold = float(chosen["threshold"])
    report("location quotients and stars", 1, 6)
    lq = analytics.location_quotient(panel)
    stars: pd.DataFrame | None = None
    notes: dict[str, Any] = {"years": [int(y) for y in years]}
    if dataset.kind == models.DatasetKind.EMPLOYMENT:
        rated = analytics.cluster_stars(panel, preset=chosen["stars_preset"])
        stars = rated.table["stars"].unstack("category").reindex(columns=panel.columns)
        notes["stars"] = {
            "preset": rated.preset,
            "source": rated.source,
            "unverified": list(rated.unverified),
        }
    report("relatedness", 2, 6)
    proximity = analytics.relatedness(panel, chosen["relatedness_method"], threshold=threshold)
    density = analytics.relatedness_density(panel, proximity, scale=100.0, threshold=threshold)
    report("complexity", 3, 6)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result_complexity = analytics.complexity(
            panel, convention=chosen["complexity_convention"], threshold=threshold
        )
        candidates = analytics.diversification_opportunities(
            panel.loc[last], relatedness_method=chosen["relatedness_method"], threshold=threshold
        )
    # Shown beside the figures instead of lost in a log (e.g. a disconnected presence network).
    notes["warnings"] = sorted({str(warning.message) for warning in caught})
    indices = analytics.specialisation_indices(panel, threshold=threshold)
    notes["eigenvalues"] = json.loads(result_complexity.eigenvalues.to_json())
    peers = _peers(lq.loc[last], int(chosen["peers"]))
    report("storing", 4, 6)
    key = parameters_key(chosen)
    with transaction.atomic():
        models.IndicatorResult.objects.filter(
            dataset=dataset, method=PROFILE_METHOD, parameters_key=key
        ).delete()
        result = models.IndicatorResult.objects.create(
            dataset=dataset,
            method=PROFILE_METHOD,
            parameters=chosen,
            parameters_key=key,
            level=level,
            status=models.ResultStatus.RUNNING,
            first_year=years[0],
            last_year=last,
            notes=notes,
        )
        _store(
            result,
            panel,
            lq,
            stars,
            density,
            result_complexity,
            indices,
            candidates,
            peers,
            ids,
            last,
            report,
        )
        result.status = models.ResultStatus.DONE
        result.computed_at = timezone.now()
        result.seconds = time.perf_counter() - started
        result.save()
    report("done", 6, 6)
    return result


def _store(
    result: models.IndicatorResult,
    panel: pd.DataFrame,
    lq: pd.DataFrame,
    stars: pd.DataFrame | None,
    density: pd.DataFrame,
    measured: Any,
    indices: pd.DataFrame,
    candidates: pd.DataFrame,
    peers: dict[str, list[list[Any]]],
    ids: dict[str, int],
    last: int,
    report: Progress,
) -> None:
    index = panel.index
    n_rows, n_columns = panel.shape
    years = index.get_level_values(0).to_numpy()
    regions = np.array([ids[code] for code in index.get_level_values(1)])
    categories = panel.columns.to_numpy()
    values = panel.to_numpy().ravel()
    lq_values = lq.reindex(index=index, columns=panel.columns).to_numpy().ravel()
    star_values = (
        stars.reindex(index=index, columns=panel.columns).to_numpy().ravel()
        if stars is not None
        else np.full(values.shape, np.nan)
    )
    density_values = density.reindex(index=index, columns=panel.columns).to_numpy().ravel()
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
        lambda done: report(f"storing cells {done:,}/{total:,}", 4, 6),
    )
    report("storing regions and categories", 5, 6)
    totals = panel.sum(axis=1)
    diversity = (lq >= float(result.parameters["threshold"])).sum(axis=1).astype(float)
    indices = indices.reindex(index)
    eci = measured.eci.reindex(index)

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
                json.dumps(peers.get(code, []) if int(year) == last else []),
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
    category_totals = panel.groupby(level=0).sum()
    ubiquity = (lq >= float(result.parameters["threshold"])).groupby(level=0).sum()
    pci = measured.pci

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
                ids[str(region)],
                str(activity),
                int(last),
                float(density),
                float(split),
                float(complexity),
                str(quadrant),
                int(rank),
            )
            for region, activity, density, split, complexity, quadrant, rank in zip(
                candidates["region"].tolist(),
                candidates["activity"].tolist(),
                candidates["relatedness_density"].tolist(),
                candidates["relatedness_split"].tolist(),
                candidates["complexity"].tolist(),
                candidates["quadrant"].tolist(),
                candidates["rank"].tolist(),
                strict=True,
            )
        ),
    )


def compute_dataset(
    dataset: models.Dataset,
    progress: Progress | None = None,
    parameters: dict[str, Any] | None = None,
) -> list[models.IndicatorResult]:
    """Compute the regional profile of a dataset at every level it can be profiled."""
    levels = profile_levels(dataset)
    frame = observation_frame(dataset)
    results = []
    for step, level in enumerate(levels):

        def report(label: str, done: int, total: int, step: int = step, level: int = level) -> None:
            if progress:
                progress(
                    f"{dataset.code} level {level}: {label}",
                    step * total + done,
                    len(levels) * total,
                )

        results.append(compute_profile(dataset, level, parameters, report, frame=frame))
    return results


def compute_current(progress: Progress | None = None) -> list[models.IndicatorResult]:
    """Recompute the indicators of every current dataset."""
    results: list[models.IndicatorResult] = []
    datasets = list(models.Dataset.objects.filter(is_current=True))
    for position, dataset in enumerate(datasets):

        def report(label: str, done: int, total: int, position: int = position) -> None:
            if progress:
                fraction = (position + (done / total if total else 0)) / len(datasets)
                progress(label, round(1000 * fraction), 1000)

        results.extend(compute_dataset(dataset, report))
    return results
