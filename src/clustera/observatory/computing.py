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
from collections.abc import Callable
from typing import Any

import pandas as pd
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from clustera import analytics
from clustera.errors import InvalidInputError
from clustera.observatory import models
from clustera.observatory.storing import ProfileTables, bulk_insert, store_profile
from clustera.regions import ancestors_at_level, roll_up
from clustera.registry.models import Region
from clustera.registry.selectors import region_hierarchy

__all__ = [
    "PROFILE_METHOD",
    "bulk_insert",
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
_MIN_REGIONS = 3

Progress = Callable[[str, int, int], None]


def parameters_key(parameters: dict[str, Any]) -> str:
    """The sha256 of the canonical JSON of a parameter set (the cache key with dataset and method)."""
    canonical = json.dumps(parameters, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _ancestor_codes(nuts_version: str, level: int) -> tuple[pd.Series, dict[str, int]]:
    """Region id -> code of its ancestor (or itself) at ``level``; and code -> id at ``level``."""
    hierarchy = region_hierarchy(nuts_version)
    ancestors = ancestors_at_level(hierarchy, level)
    codes = hierarchy["code"]
    at_level = codes[ancestors.unique()]
    ids = dict(zip(at_level.astype(str).tolist(), at_level.index.astype(int).tolist(), strict=True))
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


def _peers(lq: pd.DataFrame, count: int) -> dict[str, list[list[Any]]]:
    """Region code -> [[peer code, similarity], ...], most similar first, unrounded."""
    table = analytics.peer_regions(lq, count)
    result: dict[str, list[list[Any]]] = {}
    for region, peer, similarity in zip(
        table["region"].tolist(), table["peer"].tolist(), table["similarity"].tolist(), strict=True
    ):
        result.setdefault(str(region), []).append([str(peer), similarity])
    return result


def _indicators(
    dataset: models.Dataset,
    panel: pd.DataFrame,
    ids: dict[str, int],
    chosen: dict[str, Any],
    report: Progress,
) -> tuple[ProfileTables, dict[str, Any]]:
    """The analytics core's indicators of a panel, and the notes shown beside them."""
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
    tables = ProfileTables(
        panel=panel,
        location_quotient=lq,
        stars=stars,
        density=density,
        complexity=result_complexity,
        indices=indices,
        candidates=candidates,
        peers=peers,
        ids=ids,
        last=int(last),
    )
    return tables, notes


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
    tables, notes = _indicators(dataset, panel, ids, chosen, report)
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
            first_year=notes["years"][0],
            last_year=tables.last,
            notes=notes,
        )
        store_profile(result, tables, report)
        result.status = models.ResultStatus.DONE
        result.computed_at = timezone.now()
        result.seconds = time.perf_counter() - started
        result.save()
    report("done", 6, 6)
    return result


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
