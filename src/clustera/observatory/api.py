"""The observatory API: datasets, stored indicator values by region and category, map values."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from clustera.accounts.api_errors import MAX_CODE, MAX_ID, errors
from clustera.accounts.authentication import READ_AUTH
from clustera.observatory import models, selectors

router = Router(tags=["observatory"])


class DatasetOut(Schema):
    id: int
    code: str
    version: int
    kind: str
    dimension: str
    scheme: str
    nuts_version: str
    source: str
    title: str
    unit: str
    url: str
    licence: str
    attribution: str
    last_update: Any = None
    downloaded_at: Any = None
    loaded_at: Any
    checksum: str
    is_synthetic: bool
    is_current: bool
    rows: int


class MapQuery(Schema):
    indicator: str = Field(
        "employment",
        pattern="^(" + "|".join(selectors.MAP_INDICATORS) + ")$",
        description=", ".join(selectors.MAP_INDICATORS),
    )
    level: int = Field(0, ge=0, le=3)
    category: str = Field(
        "", max_length=MAX_CODE, description="Activity or technology code (empty: totals)"
    )
    year: int | None = Field(None, ge=1000, le=9999, description="Year (default: the latest)")


class MapValuesOut(Schema):
    indicator: str
    label: str
    level: int
    category: str
    year: int | None
    method: str
    values: dict[str, float]


class CellOut(Schema):
    category: str
    name: str
    value: float | None
    location_quotient: float | None
    stars: int | None
    relatedness_density: float | None
    growth: float | None


class CandidateOut(Schema):
    rank: int
    category: str
    relatedness_density: float
    complexity: float
    quadrant: str


class RegionProfileOut(Schema):
    code: str
    name: str
    level: int
    year: int | None
    dataset: str | None
    portfolio: list[CellOut]
    candidates: list[CandidateOut]
    peers: list[list[Any]]


@router.get("/observatory/datasets", response=list[DatasetOut], auth=READ_AUTH)
def list_datasets(request: HttpRequest) -> Any:
    """Every dataset version with its provenance."""
    return models.Dataset.objects.all()


@router.get(
    "/observatory/datasets/{dataset_id}",
    response={200: DatasetOut, **errors(404)},
    auth=READ_AUTH,
)
def get_dataset(request: HttpRequest, dataset_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    """One dataset version."""
    return get_object_or_404(models.Dataset, pk=dataset_id)


@router.get("/observatory/map", response={200: MapValuesOut, **errors(404)}, auth=READ_AUTH)
def map_values(request: HttpRequest, query: Query[MapQuery]) -> Any:
    """Values of a map indicator by region code, read from stored results."""
    if query.indicator not in selectors.MAP_INDICATORS:
        raise HttpError(
            422,
            f"unknown indicator {query.indicator!r}; choose one of "
            f"{', '.join(selectors.MAP_INDICATORS)}",
        )
    return selectors.map_values(query.indicator, query.level, query.category, query.year)


@router.get(
    "/observatory/regions/{code}",
    response={200: RegionProfileOut, **errors(404)},
    auth=READ_AUTH,
)
def region_profile(request: HttpRequest, code: str = Path(..., max_length=MAX_CODE)) -> Any:
    """A region's stored portfolio (strongest activities), diversification candidates and peers."""
    region = selectors.find_region(code)
    if region is None:
        raise HttpError(404, f"no region {code!r}")
    context = selectors.region_profile(region)
    result = context.get("result")
    latest = context.get("latest") or {}
    return {
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "year": result.last_year if result else None,
        "dataset": str(context["dataset"]) if context.get("dataset") else None,
        "portfolio": context.get("portfolio", []),
        "candidates": context.get("candidates", [])[:50],
        "peers": latest.get("peers", []),
    }
