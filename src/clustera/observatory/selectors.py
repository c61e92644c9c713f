"""Reads of the observatory: stored indicators for the map, region, category and dataset pages.

Pages call these and never compute: every figure comes from the stored
results of the current dataset versions.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from clustera.analytics import compound_annual_growth
from clustera.analytics.indicators import INDICATORS
from clustera.observatory import models
from clustera.observatory.computing import PROFILE_METHOD
from clustera.registry.labels import localised
from clustera.registry.models import Activity, Organisation, Region, Service, Technology
from clustera.registry.selectors import regions_within

_TOP = 25


@dataclass(frozen=True)
class MapIndicator:
    """An indicator the map can show: its label, the dataset kind and table it comes from."""

    label: str | Promise
    kind: str
    table: str  # "cell", "cell_or_total" or "region"
    field: str
    method: str
    needs_category: bool


def _registered(
    name: str, note: str, kind: str, table: str, field: str, needs_category: bool
) -> MapIndicator:
    """A map entry for an indicator of the registry: its title and methods page come from there."""
    indicator = INDICATORS[name]
    label = f"{indicator.title} {note}" if note else indicator.title
    return MapIndicator(label, kind, table, field, indicator.slug, needs_category)


MAP_INDICATORS: dict[str, MapIndicator] = {
    "stars": _registered("cluster-stars", "(0-3)", "employment", "cell", "stars", True),
    "location_quotient": _registered(
        "location-quotient", "", "employment", "cell", "location_quotient", True
    ),
    "employment": MapIndicator(
        gettext_lazy("Employment"), "employment", "cell_or_total", "value", "datasets", False
    ),
    "relatedness_density": _registered(
        "relatedness-density", "(0-100)", "employment", "cell", "relatedness_density", True
    ),
    "complexity": _registered(
        "complexity", "index (ECI)", "employment", "region", "complexity", False
    ),
    "patents": MapIndicator(
        gettext_lazy("Patent applications"), "patents", "cell_or_total", "value", "datasets", False
    ),
}


def current_dataset(kind: str, nuts_version: str | None = None) -> models.Dataset | None:
    """The current version of the most recently loaded dataset of a kind."""
    queryset = models.Dataset.objects.filter(kind=kind, is_current=True)
    if nuts_version:
        queryset = queryset.filter(nuts_version=nuts_version)
    return queryset.order_by("-loaded_at", "-pk").first()


def current_input_output() -> models.InputOutputTable | None:
    """The current version of the most recently loaded input-output table."""
    return (
        models.InputOutputTable.objects.filter(is_current=True)
        .order_by("-loaded_at", "-pk")
        .first()
    )


def profile_result(dataset: models.Dataset | None, level: int) -> models.IndicatorResult | None:
    """The stored regional profile of a dataset at a level (the latest computed)."""
    if dataset is None:
        return None
    return (
        models.IndicatorResult.objects.filter(
            dataset=dataset, method=PROFILE_METHOD, level=level, status=models.ResultStatus.DONE
        )
        .order_by("-computed_at")
        .first()
    )


def category_names(dataset: models.Dataset, codes: Any = None) -> dict[str, str]:
    """Names of a dataset's categories from the registry's taxonomies (code when unknown), in
    the reader's language (official labels) else English."""
    model = Activity if dataset.dimension == models.Dimension.ACTIVITY else Technology
    queryset = model.objects.filter(scheme=dataset.scheme)
    if codes is not None:
        queryset = queryset.filter(code__in=list(codes))
    return {
        code: localised(name, labels)
        for code, name, labels in queryset.values_list("code", "name", "labels")
    }


def map_options(kind: str = "employment") -> dict[str, Any]:
    """Levels, years and categories available for the map."""
    dataset = current_dataset(kind)
    if dataset is None:
        return {"dataset": None, "levels": [], "years": [], "categories": []}
    results = list(
        models.IndicatorResult.objects.filter(
            dataset=dataset, method=PROFILE_METHOD, status=models.ResultStatus.DONE
        ).values_list("level", "first_year", "last_year")
    )
    years = sorted({y for _, first, last in results if first for y in range(first, last + 1)})
    codes = (
        models.CategoryIndicator.objects.filter(result__dataset=dataset)
        .values_list("category", flat=True)
        .distinct()
    )
    names = category_names(dataset)
    return {
        "dataset": dataset,
        "levels": sorted({level for level, _, _ in results}),
        "years": years,
        "categories": sorted((c, names.get(c, c)) for c in set(codes)),
    }


def map_values(
    indicator: str,
    level: int,
    category: str,
    year: int | None,
) -> dict[str, Any]:
    """Values by region code of one indicator, with what they are and where they come from."""
    spec = MAP_INDICATORS[indicator]
    dataset = current_dataset(spec.kind)
    result = profile_result(dataset, level)
    payload: dict[str, Any] = {
        "indicator": indicator,
        "label": str(spec.label),
        "level": level,
        "category": category,
        "year": year,
        "values": {},
        "dataset": None,
        "method": spec.method,
    }
    if dataset is None or result is None:
        return payload
    chosen_year = (
        year
        if year and result.first_year and result.first_year <= year <= (result.last_year or year)
        else result.last_year
    )
    payload.update(
        {
            "year": chosen_year,
            "dataset": {
                "code": dataset.code,
                "version": dataset.version,
                "title": dataset.title,
                "unit": dataset.unit,
                "attribution": dataset.attribution,
            },
        }
    )
    if spec.table == "region" or (spec.table == "cell_or_total" and not category):
        field = "total" if spec.table == "cell_or_total" else spec.field
        rows = models.RegionIndicator.objects.filter(result=result, year=chosen_year).values_list(
            "region__code", field
        )
    else:
        if not category:
            # An indicator of one category with none chosen: show the largest category.
            category = (
                models.CategoryIndicator.objects.filter(result=result, year=chosen_year)
                .order_by("-total")
                .values_list("category", flat=True)
                .first()
                or ""
            )
            payload["category"] = category
        rows = models.CellIndicator.objects.filter(
            result=result, year=chosen_year, category=category
        ).values_list("region__code", spec.field)
    payload["values"] = {code: value for code, value in rows if value is not None}
    if category:
        payload["category_name"] = category_names(dataset, [category]).get(category, category)
    return payload


def map_geometry(level: int, nuts_version: str) -> dict[str, Any]:
    """GeoJSON of the regions of one level and version."""
    features = [
        {
            "type": "Feature",
            "geometry": json.loads(geometry),
            "properties": {"code": code, "name": name},
        }
        for code, name, geometry in Region.objects.filter(level=level, nuts_version=nuts_version)
        .exclude(geometry="")
        .values_list("code", "name", "geometry")
    ]
    return {"type": "FeatureCollection", "features": features}


def map_points() -> list[dict[str, Any]]:
    """Public clusters and technology centres with coordinates."""
    rows = Organisation.objects.filter(
        is_public=True,
        type__in=("cluster", "technology_centre"),
        lat__isnull=False,
        lon__isnull=False,
    ).values("id", "name", "type", "lat", "lon")
    return list(rows)


def find_region(code: str, nuts_version: str | None = None) -> Region | None:
    """The region with a code, preferring the version of the current employment dataset."""
    candidates = list(Region.objects.filter(code=code))
    if nuts_version:
        candidates = [r for r in candidates if r.nuts_version == nuts_version]
    if len(candidates) > 1:
        dataset = current_dataset("employment")
        preferred = [r for r in candidates if dataset and r.nuts_version == dataset.nuts_version]
        candidates = preferred or candidates
    return candidates[0] if candidates else None


def _growth(first: float | None, last: float | None, years: int) -> float | None:
    # The pages and CSV show "no growth figure" (None) where the rate is undefined (NaN).
    rate = compound_annual_growth(first, last, years)
    return None if math.isnan(rate) else rate


def region_cells(result: models.IndicatorResult, region: Region) -> dict[str, dict[str, Any]]:
    """Category -> last-year indicators with growth since the first year."""
    first, last = result.first_year, result.last_year
    rows = models.CellIndicator.objects.filter(
        result=result, region=region, year__in=[first, last]
    ).values_list("category", "year", "value", "location_quotient", "stars", "relatedness_density")
    cells: dict[str, dict[str, Any]] = {}
    firsts: dict[str, float | None] = {}
    for category, year, value, lq, stars, density in rows:
        if year == last:
            cells[category] = {
                "category": category,
                "value": value,
                "location_quotient": lq,
                "stars": stars,
                "relatedness_density": density,
            }
        if year == first:
            firsts[category] = value
    span = (last or 0) - (first or 0)
    for category, cell in cells.items():
        cell["growth"] = _growth(firsts.get(category), cell["value"], span)
        cell["growth_percent"] = None if cell["growth"] is None else 100 * cell["growth"]
    return cells


def region_profile(region: Region) -> dict[str, Any]:
    """Everything the region page and the report show, from stored results."""
    employment = current_dataset("employment", region.nuts_version)
    patents = current_dataset("patents", region.nuts_version)
    result = profile_result(employment, region.level)
    context: dict[str, Any] = {
        "region": region,
        "dataset": employment,
        "result": result,
        "patents_dataset": patents,
    }
    organisations = list(
        Organisation.objects.filter(
            is_public=True,
            type__in=("cluster", "technology_centre"),
            region_id__in=regions_within(region),
        ).values("id", "name", "type", "city")
    )
    context["clusters"] = [o for o in organisations if o["type"] == "cluster"]
    context["centres"] = [o for o in organisations if o["type"] == "technology_centre"]
    supply = (
        Service.objects.filter(organisation_id__in=[o["id"] for o in context["centres"]])
        .values("technology__code", "technology__name", "technology__labels")
        .annotate(n=Count("id"))
        .order_by("-n", "technology__name")[:15]
    )
    context["supply"] = [
        {**row, "technology__name": localised(row["technology__name"], row["technology__labels"])}
        if row["technology__name"] is not None
        else row
        for row in supply
    ]
    if employment is None or result is None:
        return context
    cells = region_cells(result, region)
    ordered = sorted(
        cells.values(), key=lambda c: (-(c["stars"] or 0), -(c["location_quotient"] or 0))
    )
    names = category_names(employment, [c["category"] for c in ordered[:_TOP]])
    for cell in ordered[:_TOP]:
        cell["name"] = names.get(cell["category"], cell["category"])
    context["portfolio"] = ordered[:_TOP]
    context["portfolio_count"] = len(ordered)
    context["stars_count"] = {
        n: sum(1 for c in ordered if (c["stars"] or 0) == n) for n in (1, 2, 3)
    }
    history = list(
        models.RegionIndicator.objects.filter(result=result, region=region)
        .order_by("year")
        .values()
    )
    context["history"] = history
    latest = history[-1] if history else None
    context["latest"] = latest
    context["employment_trend"] = [(row["year"], row["total"]) for row in history]
    peers = latest["peers"] if latest else []
    similarity = {code: value for code, value in peers}
    peer_rows = list(
        models.RegionIndicator.objects.filter(
            result=result, year=result.last_year, region__code__in=list(similarity)
        ).values("region__code", "region__name", "total", "diversity", "complexity", "krugman")
    )
    for row in peer_rows:
        row["similarity"] = similarity[row["region__code"]]
    context["peers"] = sorted(peer_rows, key=lambda r: -r["similarity"])
    candidates = list(
        models.DiversificationCandidate.objects.filter(result=result, region=region)
        .order_by("rank")
        .values(
            "category", "relatedness_density", "relatedness_split", "complexity", "quadrant", "rank"
        )
    )
    candidate_names = category_names(employment, [c["category"] for c in candidates[:15]])
    for candidate in candidates[:15]:
        candidate["name"] = candidate_names.get(candidate["category"], candidate["category"])
    context["candidates"] = candidates
    context["stars_notes"] = result.notes.get("stars", {})
    context["technology"] = technology_watch(region, patents)
    return context


def technology_watch(region: Region, patents: models.Dataset | None) -> dict[str, Any] | None:
    """Patents of a region by technology: last year, specialisation, growth."""
    result = profile_result(patents, region.level)
    if patents is None or result is None:
        return None
    cells = region_cells(result, region)
    rows = sorted(cells.values(), key=lambda c: -(c["value"] or 0))
    names = category_names(patents, [row["category"] for row in rows[:_TOP]])
    for row in rows[:_TOP]:
        row["name"] = names.get(row["category"], row["category"])
    trend = list(
        models.RegionIndicator.objects.filter(result=result, region=region)
        .order_by("year")
        .values_list("year", "total")
    )
    return {
        "dataset": patents,
        "result": result,
        "rows": rows[:_TOP],
        "trend": trend,
        "count": len(rows),
    }


def category_profile(dataset: models.Dataset, category: str, level: int) -> dict[str, Any]:
    """Leading regions, trend, shares, growth and specialisation of one category."""
    result = profile_result(dataset, level)
    name = category_names(dataset, [category]).get(category, category)
    context: dict[str, Any] = {
        "dataset": dataset,
        "category": category,
        "name": name,
        "result": result,
        "level": level,
    }
    if result is None:
        return context
    trend = list(
        models.CategoryIndicator.objects.filter(result=result, category=category)
        .order_by("year")
        .values("year", "total", "complexity", "ubiquity")
    )
    context["trend"] = trend
    rows = list(
        models.CellIndicator.objects.filter(
            result=result, category=category, year__in=[result.first_year, result.last_year]
        ).values("region__code", "region__name", "year", "value", "location_quotient", "stars")
    )
    total_last = trend[-1]["total"] if trend else None
    firsts = {r["region__code"]: r["value"] for r in rows if r["year"] == result.first_year}
    leaders = [r for r in rows if r["year"] == result.last_year]
    span = (result.last_year or 0) - (result.first_year or 0)
    for row in leaders:
        row["share"] = row["value"] / total_last if total_last else None
        row["growth"] = _growth(firsts.get(row["region__code"]), row["value"], span)
        row["share_percent"] = None if row["share"] is None else 100 * row["share"]
        row["growth_percent"] = None if row["growth"] is None else 100 * row["growth"]
    context["leaders"] = sorted(leaders, key=lambda r: -(r["value"] or 0))[:20]
    context["growth"] = _growth(trend[0]["total"], trend[-1]["total"], span) if trend else None
    context["growth_percent"] = None if context["growth"] is None else 100 * context["growth"]
    top_level = profile_result(dataset, 0)
    if top_level is not None:
        shares = list(
            models.CellIndicator.objects.filter(result=top_level, category=category).values_list(
                "region__code", "year", "value"
            )
        )
        totals: dict[int, float] = {}
        for _, year, value in shares:
            totals[year] = totals.get(year, 0.0) + (value or 0.0)
        series: dict[str, list[tuple[int, float]]] = {}
        for code, year, value in sorted(shares, key=lambda s: s[1]):
            if totals.get(year):
                series.setdefault(code, []).append((year, (value or 0.0) / totals[year]))
        context["country_shares"] = series
    return context


def dataset_summary(dataset: models.Dataset) -> dict[str, Any]:
    """Provenance, coverage and flags of a dataset version."""
    observations = models.Observation.objects.filter(dataset=dataset)
    coverage = observations.aggregate(
        first=Min("year"),
        last=Max("year"),
        regions=Count("region", distinct=True),
        categories=Count("category", distinct=True),
        missing=Count("id", filter=Q(value__isnull=True)),
    )
    flags = list(
        observations.exclude(flags="").values("flags").annotate(n=Count("id")).order_by("-n")
    )
    return {
        "dataset": dataset,
        "coverage": coverage,
        "flags": flags,
        "versions": list(models.Dataset.objects.filter(code=dataset.code).order_by("-version")),
        "results": list(models.IndicatorResult.objects.filter(dataset=dataset).order_by("level")),
    }
