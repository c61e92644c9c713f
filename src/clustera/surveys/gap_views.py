"""Pages of the gap analysis: the overview by technology, a page per technology (choropleth of
unmet demand or access, table, nearest centres) and the region page's htmx panel."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clustera.observatory import classing, figures
from clustera.registry.labels import localised
from clustera.registry.models import Organisation, Region, Technology
from clustera.surveys import gap_disclosure, gap_store, gap_tables
from clustera.surveys.models import GapRow

_MEASURES = {
    "unmet": _("Unmet demand (needs)"),
    "access": _("Spatial access (capacity per need)"),
}


def _context(run: Any, stale: bool, detailed: bool) -> dict[str, Any]:
    return {
        "run": run,
        "stale": stale,
        "detailed": detailed,
        "small_cell": gap_disclosure.SMALL_CELL,
    }


def gaps_index(request: HttpRequest) -> HttpResponse:
    """Technologies ranked by unmet demand, with the computation's time and inputs."""
    detailed = gap_disclosure.sees_small_cells(request.user)
    run, stale = gap_store.current_run()
    technologies = gap_store.by_technology(run, detailed=detailed) if run else []
    names = {
        code: localised(name, labels)
        for code, name, labels in Technology.objects.values_list("code", "name", "labels")
    }
    for row in technologies:
        row["name"] = names.get(row["technology"], row["technology"])
    top = _cells(gap_store.rows(run), detailed, 15) if run else []
    return render(
        request,
        "surveys/gaps_index.html",
        {**_context(run, stale, detailed), "technologies": technologies, "top": top},
    )


def _cells(queryset: Any, detailed: bool, limit: int) -> list[gap_disclosure.GapCell]:
    return gap_disclosure.cells(gap_disclosure.ordered(queryset, detailed)[:limit], detailed)


def _technology_rows(technology: str, detailed: bool) -> tuple[Any, bool, list[Any]]:
    run, stale = gap_store.current_run()
    if run is None:
        return run, stale, []
    queryset = gap_store.rows(run, technology=technology).filter(demand__gt=0)
    return run, stale, _cells(queryset, detailed, 50)


def gap_technology(request: HttpRequest, technology: str) -> HttpResponse:
    """One technology: the map, the table of gaps and the nearest centres to the largest gap."""
    term = Technology.objects.filter(code=technology).first()
    if term is None:
        raise Http404(gettext("No such technology"))
    detailed = gap_disclosure.sees_small_cells(request.user)
    run, stale, rows = _technology_rows(technology, detailed)
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
            **_context(run, stale, detailed),
            "term": term,
            "rows": [(row, regions.get(row.region)) for row in rows],
            "worst": worst,
            "nearest": nearest,
            "measures": _MEASURES,
            "data_url": reverse("surveys:gap_map", args=[technology]),
            "csv_url": reverse("surveys:gap_csv", args=[technology]),
        },
    )


def _map_values(technology: str, measure: str, detailed: bool) -> tuple[dict[str, float], set[str]]:
    """A measure summed per region over the cells the reader may see, and the regions whose
    every cell with demand is small (their class is "suppressed")."""
    run, _stale = gap_store.current_run()
    values: dict[str, float] = {}
    small: set[str] = set()
    if run is None:
        return values, small
    for region, value, demand in gap_store.rows(run, technology=technology).values_list(
        "region", measure, "demand"
    ):
        if not detailed and gap_disclosure.is_small(demand):
            small.add(region)
            continue
        values[region] = values.get(region, 0.0) + value
    return values, small - set(values)


def gap_csv(request: HttpRequest, technology: str) -> HttpResponse:
    """The technology's gap table as CSV, under the same suppression as the page."""
    if not Technology.objects.filter(code=technology).exists():
        raise Http404(gettext("No such technology"))
    detailed = gap_disclosure.sees_small_cells(request.user)
    run = gap_store.current_run()[0]
    queryset = gap_store.rows(run, technology=technology) if run else GapRow.objects.none()
    rows = gap_disclosure.cells(gap_disclosure.ordered(queryset, detailed), detailed)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="clustera-gaps-{technology}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            ["" if getattr(row, name) is None else getattr(row, name) for name in CSV_COLUMNS[:-1]]
            + [str(row.suppressed).lower()]
        )
    return response


CSV_COLUMNS = (
    "technology", "service", "trl_band", "region", "demand", "supply", "access", "unmet",
    "uncovered_share", "nearest_km", "suppressed",
)  # fmt: skip
"""Columns of the gap CSV: codes as text, a suppressed cell's withheld figures empty."""


def gap_map(request: HttpRequest, technology: str) -> JsonResponse:
    """GeoJSON of the regions with a measure (``unmet`` or ``access``) summed over the
    technology's service types and TRL bands, classed in quantiles, and the centres offering
    the technology as points."""
    measure = request.GET.get("measure", "unmet")
    if measure not in _MEASURES:
        measure = "unmet"
    values, suppressed = _map_values(
        technology, measure, gap_disclosure.sees_small_cells(request.user)
    )
    kind = "needs" if measure == "unmet" else "access"
    classes = classing.quantile_classes(list(values.values()), kind)
    levels = set(
        Region.objects.filter(code__in=set(values) | suppressed).values_list("level", flat=True)
    )
    features = []
    for code, name, geometry in (
        Region.objects.filter(level__in=levels)
        .exclude(geometry="")
        .values_list("code", "name", "geometry")
    ):
        value = values.get(code)
        properties = {
            "code": code,
            "name": name,
            "value": value,
            "shown": figures.format_figure(value, kind),
            "class": classes.index(value),
            "suppressed": code in suppressed,
        }
        features.append(
            {"type": "Feature", "geometry": json.loads(geometry), "properties": properties}
        )
    return JsonResponse(
        {
            "label": str(_MEASURES[measure]),
            "regions": {"type": "FeatureCollection", "features": features},
            "points": _centre_points(technology),
            "classes": classes.as_json(),
            "legend": _map_legend(),
            "region_url": reverse("observatory:region", args=["CODE"]),
        },
        json_dumps_params={"separators": (",", ":")},
    )


def _map_legend() -> dict[str, str]:
    return {
        "centre": gettext("technology centre offering this technology"),
        "no_data": gettext("no needs"),
        "method": gettext("Classes"),
        "suppressed": gettext("Fewer than %(count)d answers: not shown")
        % {"count": gap_disclosure.SMALL_CELL},
    }


def _centre_points(technology: str) -> list[dict[str, Any]]:
    """The centres offering ``technology``, as map points (the shared centre marker)."""
    offers = gap_tables.centre_offers()
    ids = {int(c) for c in offers.loc[offers["technology"] == technology, "centre"]}
    return list(Organisation.objects.filter(pk__in=ids).values("id", "name", "type", "lat", "lon"))


def gap_region_panel(request: HttpRequest, code: str) -> HttpResponse:
    """The region page's section: the region's largest gaps (loaded with htmx)."""
    detailed = gap_disclosure.sees_small_cells(request.user)
    run, stale = gap_store.current_run()
    rows = (
        _cells(gap_store.rows(run, region=code).filter(demand__gt=0), detailed, 10) if run else []
    )
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
            **_context(run, stale, detailed),
            "rows": [(r, names.get(r.technology, r.technology)) for r in rows],
            "code": code,
        },
    )
