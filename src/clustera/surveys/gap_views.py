"""Pages of the gap analysis: the overview by technology, a page per technology (choropleth of
unmet demand or access, table, nearest centres) and the region page's htmx panel."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clustera.registry.labels import localised
from clustera.registry.models import Organisation, Region, Technology
from clustera.surveys import gap_store

_MEASURES = {
    "unmet": _("Unmet demand (needs)"),
    "access": _("Spatial access (capacity per need)"),
}


def _context(run: Any, stale: bool) -> dict[str, Any]:
    return {"run": run, "stale": stale}


def gaps_index(request: HttpRequest) -> HttpResponse:
    """Technologies ranked by unmet demand, with the computation's time and inputs."""
    run, stale = gap_store.current_run()
    technologies = gap_store.by_technology(run) if run else []
    names = {
        code: localised(name, labels)
        for code, name, labels in Technology.objects.values_list("code", "name", "labels")
    }
    for row in technologies:
        row["name"] = names.get(row["technology"], row["technology"])
    top = list(gap_store.rows(run)[:15]) if run else []
    return render(
        request,
        "surveys/gaps_index.html",
        {**_context(run, stale), "technologies": technologies, "top": top, "names": names},
    )


def gap_technology(request: HttpRequest, technology: str) -> HttpResponse:
    """One technology: the map, the table of gaps and the nearest centres to the largest gap."""
    term = Technology.objects.filter(code=technology).first()
    if term is None:
        raise Http404("No such technology")
    run, stale = gap_store.current_run()
    rows = list(gap_store.rows(run, technology=technology).filter(demand__gt=0)[:50]) if run else []
    regions = {r.code: r for r in Region.objects.filter(code__in={row.region for row in rows})}
    nearest: list[dict[str, Any]] = []
    worst = regions.get(rows[0].region) if rows else None
    if worst is not None and worst.label_lat is not None and worst.label_lon is not None:
        nearest = gap_store.nearest_centres(technology, worst.label_lat, worst.label_lon)
        found = Organisation.objects.in_bulk([n["centre"] for n in nearest])
        nearest = [{**n, "organisation": found.get(n["centre"])} for n in nearest]
    return render(
        request,
        "surveys/gap_technology.html",
        {
            **_context(run, stale),
            "term": term,
            "rows": [(row, regions.get(row.region)) for row in rows],
            "worst": worst,
            "nearest": nearest,
            "measures": _MEASURES,
            "data_url": reverse("surveys:gap_map", args=[technology]),
        },
    )


def gap_map(request: HttpRequest, technology: str) -> JsonResponse:
    """GeoJSON of the regions with a measure (``unmet`` or ``access``) summed over the
    technology's service types and TRL bands."""
    measure = request.GET.get("measure", "unmet")
    if measure not in _MEASURES:
        measure = "unmet"
    run, _stale = gap_store.current_run()
    values: dict[str, float] = {}
    if run is not None:
        for region, value in gap_store.rows(run, technology=technology).values_list(
            "region", measure
        ):
            values[region] = values.get(region, 0.0) + value
    levels = set(Region.objects.filter(code__in=values).values_list("level", flat=True))
    features = [
        {
            "type": "Feature",
            "geometry": json.loads(geometry),
            "properties": {"code": code, "name": name, "value": values.get(code)},
        }
        for code, name, geometry in Region.objects.filter(level__in=levels)
        .exclude(geometry="")
        .values_list("code", "name", "geometry")
    ]
    return JsonResponse(
        {
            "label": str(_MEASURES[measure]),
            "regions": {"type": "FeatureCollection", "features": features},
            "region_url": reverse("observatory:region", args=["CODE"]),
        },
        json_dumps_params={"separators": (",", ":")},
    )


def gap_region_panel(request: HttpRequest, code: str) -> HttpResponse:
    """The region page's section: the region's largest gaps (loaded with htmx)."""
    run, stale = gap_store.current_run()
    rows = list(gap_store.rows(run, region=code).filter(demand__gt=0)[:10]) if run else []
    names = {
        code: localised(name, labels)
        for code, name, labels in Technology.objects.filter(
            code__in={r.technology for r in rows}
        ).values_list("code", "name", "labels")
    }
    return render(
        request,
        "surveys/_gap_region.html",
        {
            **_context(run, stale),
            "rows": [(r, names.get(r.technology, r.technology)) for r in rows],
            "code": code,
        },
    )
