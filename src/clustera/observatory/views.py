"""Observatory pages: index, map, region, category, dataset, methods, jobs and CSV/Parquet data.

Every page reads stored results through :mod:`clustera.observatory.selectors`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from clustera.accounts.clients import client_pseudonym
from clustera.analytics.indicators import INDICATORS
from clustera.io.spreadsheet import neutralise_formula
from clustera.observatory import figures, jobs, models, selectors, services
from clustera.observatory.reports import CITATIONS, region_charts
from clustera.registry.models import Region

_DOCS = Path(__file__).resolve().parents[3] / "docs"
# Methods pages that document no registry indicator: slug -> (title, docs page).
_OTHER_METHODS = {
    "peers": (gettext_lazy("Peer regions"), "observatory/methods/peers.md"),
    "datasets": (gettext_lazy("Datasets and provenance"), "observatory/methods/datasets.md"),
    "partner-suggestions": (
        gettext_lazy("How partner suggestions are ranked"),
        "matching/features.md",
    ),
    "gap-analysis": (gettext_lazy("Demand/supply gap analysis"), "indicators/gap-analysis.md"),
}
METHODS: dict[str, tuple[str, str]] = {
    **{entry.slug: (entry.title, entry.docs) for entry in INDICATORS.values()},
    **_OTHER_METHODS,
}
"""Slug -> (title, docs page) of every methods page: the indicator registry's, then the others."""
# Methods whose page lists its own references (not the observatory indicators' sources).
_OWN_REFERENCES = frozenset({"partner-suggestions"})


def _csv(name: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(
        [neutralise_formula(cell) if isinstance(cell, str) else cell for cell in row]
        for row in rows
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _int(value: str | None, default: int | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The observatory's entry: datasets, regions by level, where to go next."""
    datasets = list(models.Dataset.objects.filter(is_current=True))
    employment = selectors.current_dataset("employment")
    regions = []
    if employment is not None:
        levels = models.IndicatorResult.objects.filter(
            dataset=employment, status="done"
        ).values_list("level", flat=True)
        regions = list(
            Region.objects.filter(nuts_version=employment.nuts_version, level__in=list(levels))
            .order_by("level", "code")
            .values("code", "name", "level")
        )
    options = selectors.map_options()
    return render(
        request,
        "observatory/index.html",
        {
            "datasets": datasets,
            "regions": regions,
            "categories": options["categories"],
            "employment": employment,
            "patents": selectors.current_dataset("patents"),
            "technologies": selectors.map_options("patents")["categories"],
            "jobs": models.Job.objects.all()[:5],
        },
    )


def _region(request: HttpRequest, code: str) -> Region:
    region = selectors.find_region(code, request.GET.get("v") or None)
    if region is None:
        raise Http404(gettext("no region %(code)s") % {"code": repr(code)})
    return region


@require_GET
def region_page(request: HttpRequest, code: str) -> HttpResponse:
    """A region's portfolio, indices, S3 diagram, technology watch, clusters, centres and peers."""
    region = _region(request, code)
    context = selectors.region_profile(region)
    context["charts"] = region_charts(context)
    context["quadrant_colours"] = {
        "Q1": "#009E73",
        "Q2": "#0072B2",
        "Q3": "#E69F00",
        "Q4": "#999999",
    }
    return render(request, "observatory/region.html", context)


_Table = tuple[list[str], Iterable[Sequence[Any]]]


def _cell_rows(region: Region, result: Any, with_stars: bool) -> Iterable[Sequence[Any]]:
    """Last-year cells of a stored profile with their growth, by category."""
    cells = selectors.region_cells(result, region) if result else {}
    for c in sorted(cells.values(), key=lambda c: c["category"]):
        stars = [c["stars"]] if with_stars else []
        yield (
            c["category"],
            result.last_year if result else "",
            c["value"],
            c["location_quotient"],
            *stars,
            c["relatedness_density"],
            c["growth"],
        )


def _portfolio_table(region: Region, context: dict[str, Any]) -> _Table:
    header = ["category", "year", "value", "location_quotient", "stars"]
    header += ["relatedness_density", "annual_growth"]
    return header, _cell_rows(region, context.get("result"), with_stars=True)


def _technologies_table(region: Region, context: dict[str, Any]) -> _Table:
    technology = context.get("technology") or {}
    header = ["technology", "year", "applications", "location_quotient"]
    header += ["relatedness_density", "annual_growth"]
    return header, _cell_rows(region, technology.get("result"), with_stars=False)


def _fields_table(key: str, fields: list[str]) -> Callable[[Region, dict[str, Any]], _Table]:
    def table(region: Region, context: dict[str, Any]) -> _Table:
        header = [f.replace("region__", "") for f in fields]
        return header, ([row[f] for f in fields] for row in context.get(key, []))

    return table


def _organisations_table(region: Region, context: dict[str, Any]) -> _Table:
    rows = context["clusters"] + context["centres"]
    return ["id", "name", "type", "city"], (
        [o["id"], o["name"], o["type"], o["city"]] for o in rows
    )


def _supply_table(region: Region, context: dict[str, Any]) -> _Table:
    rows = ([s["technology__code"], s["technology__name"], s["n"]] for s in context["supply"])
    return ["technology", "name", "services"], rows


# The region page's tables, each downloadable as CSV: name -> (header, rows).
_REGION_TABLES: dict[str, Callable[[Region, dict[str, Any]], _Table]] = {
    "portfolio": _portfolio_table,
    "indices": _fields_table(
        "history",
        [
            "year",
            "total",
            "diversity",
            "complexity",
            "krugman",
            "hoover_coefficient",
            "herfindahl",
            "entropy",
            "lq_average",
        ],
    ),
    "candidates": _fields_table(
        "candidates",
        ["rank", "category", "relatedness_density", "relatedness_split", "complexity", "quadrant"],
    ),
    "peers": _fields_table(
        "peers",
        ["region__code", "region__name", "similarity", "total", "diversity", "complexity"],
    ),
    "technologies": _technologies_table,
    "organisations": _organisations_table,
    "supply": _supply_table,
}


@require_GET
def region_data(request: HttpRequest, code: str, table: str) -> HttpResponse:
    """CSV of one table of the region page."""
    if table not in _REGION_TABLES:
        raise Http404(gettext("no table %(name)s") % {"name": repr(table)})
    region = _region(request, code)
    header, rows = _REGION_TABLES[table](region, selectors.region_profile(region))
    return _csv(f"{region.code}-{table}", header, rows)


@require_GET
def category_page(request: HttpRequest, pk: int, category: str) -> HttpResponse:
    """A category or technology: leading regions, trend, shares, growth, specialisation."""
    dataset = get_object_or_404(models.Dataset, pk=pk)
    results = list(
        models.IndicatorResult.objects.filter(dataset=dataset, status="done").values_list(
            "level", flat=True
        )
    )
    level = _int(request.GET.get("level"), max(results) if results else 0) or 0
    context = selectors.category_profile(dataset, category, level)
    context["levels"] = sorted(results)
    from clustera.observatory import charts

    if context.get("trend"):
        context["trend_chart"] = charts.line_chart(
            {category: [(t["year"], t["total"]) for t in context["trend"]]},
            gettext("%(name)s: total by year") % {"name": context["name"]},
            dataset.unit,
            decimals=figures.decimals("count" if dataset.kind == "employment" else "patents"),
        )
    if context.get("country_shares"):
        top = sorted(context["country_shares"].items(), key=lambda kv: -kv[1][-1][1])[:6]
        context["shares_chart"] = charts.line_chart(
            {code: [(y, 100 * v) for y, v in values] for code, values in top},
            gettext("%(name)s: shares of the countries in the total (%%)")
            % {"name": context["name"]},
            "% " + gettext("of total"),
            decimals=figures.decimals("percent"),
        )
    if context.get("leaders"):
        context["leaders_chart"] = charts.bar_chart(
            [(r["region__name"], r["value"] or 0.0) for r in context["leaders"][:12]],
            gettext("%(name)s: leading regions, %(year)s")
            % {"name": context["name"], "year": context["result"].last_year},
            dataset.unit,
            decimals=figures.decimals("count" if dataset.kind == "employment" else "patents"),
        )
    return render(request, "observatory/category.html", context)


@require_GET
def category_data(request: HttpRequest, pk: int, category: str, table: str) -> HttpResponse:
    """CSV of the category page's tables (regions, trend, shares)."""
    dataset = get_object_or_404(models.Dataset, pk=pk)
    level = _int(request.GET.get("level"), None)
    if level is None:
        level = max(
            models.IndicatorResult.objects.filter(dataset=dataset).values_list("level", flat=True),
            default=0,
        )
    context = selectors.category_profile(dataset, category, level)
    if table == "regions":
        fields = [
            "region__code",
            "region__name",
            "year",
            "value",
            "share",
            "location_quotient",
            "stars",
            "growth",
        ]
        return _csv(
            f"{category}-regions",
            fields,
            ([row.get(f) for f in fields] for row in context.get("leaders", [])),
        )
    if table == "trend":
        return _csv(
            f"{category}-trend",
            ["year", "total", "complexity", "ubiquity"],
            (
                [t["year"], t["total"], t["complexity"], t["ubiquity"]]
                for t in context.get("trend", [])
            ),
        )
    if table == "shares":
        return _csv(
            f"{category}-shares",
            ["country", "year", "share"],
            (
                (code, year, share)
                for code, values in context.get("country_shares", {}).items()
                for year, share in values
            ),
        )
    raise Http404(gettext("no table %(name)s") % {"name": repr(table)})


@require_GET
def dataset_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A dataset's provenance, coverage, flags, stored results and downloads."""
    dataset = get_object_or_404(models.Dataset, pk=pk)
    return render(request, "observatory/dataset.html", selectors.dataset_summary(dataset))


@require_GET
def dataset_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The observations of a dataset as CSV or Parquet, with region and category codes."""
    dataset = get_object_or_404(models.Dataset, pk=pk)
    rows = (
        models.Observation.objects.filter(dataset=dataset)
        .order_by("region__code", "category", "year")
        .values_list("region__code", "category", "year", "value", "flags")
    )
    name = f"{dataset.code}-v{dataset.version}"
    if fmt == "csv":
        return _csv(name, ["region", "category", "year", "value", "flags"], rows.iterator())
    import pandas as pd

    frame = pd.DataFrame.from_records(
        list(rows), columns=["region", "category", "year", "value", "flags"]
    )
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    response = HttpResponse(buffer.getvalue(), content_type="application/vnd.apache.parquet")
    response["Content-Disposition"] = f'attachment; filename="{name}.parquet"'
    return response


@staff_member_required
@require_POST
def dataset_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    """Recompute a dataset's indicators as a background task (staff)."""
    dataset = get_object_or_404(models.Dataset, pk=pk)
    job = services.schedule_recompute(dataset)
    return redirect("observatory:job", pk=job.pk)


@require_POST
def region_report(request: HttpRequest, code: str) -> HttpResponse:
    """Start the region's assessment report as a background task and show its progress."""
    region = _region(request, code)
    fmt = "html" if request.POST.get("format") == "html" else "pdf"
    parameters: dict[str, Any] = {
        "region": region.code,
        "nuts_version": region.nuts_version,
        "format": fmt,
        "language": get_language(),
    }
    if request.user.is_authenticated:  # the report shows what its reader may see: theirs only
        parameters["reader"] = request.user.pk
    else:  # visitors: a few per hour, a few queued at once
        parameters["anonymous_client"] = client_pseudonym(request)
        refusal = jobs.anonymous_refusal(parameters["anonymous_client"])
        if refusal is not None:
            response = render(request, "429.html", {"message": refusal[0]}, status=429)
            response["Retry-After"] = str(refusal[1])
            return response
    job = services.start_job("report", f"Assessment report of {region}", parameters)
    return redirect("observatory:job", pk=job.pk)


@require_GET
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A background job's progress; the bar polls until the job is finished."""
    job = get_object_or_404(models.Job, pk=pk)
    template = "observatory/_job_progress.html" if request.htmx else "observatory/job.html"
    return render(request, template, {"job": job})


@require_GET
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file a finished job produced."""
    job = get_object_or_404(models.Job, pk=pk, status=models.ResultStatus.DONE)
    if not job.output:
        raise Http404(gettext("this job produced no file"))
    reader = job.parameters.get("reader")
    if reader and reader != request.user.pk and not request.user.is_superuser:
        raise Http404(gettext("this report was made for another reader"))
    path = (Path(settings.MEDIA_ROOT) / job.output).resolve()
    if not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve()) or not path.exists():
        raise Http404(gettext("file not found"))
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@require_GET
def method_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The documentation of a method: its one docs page, named in :data:`METHODS`."""
    if slug not in METHODS:
        raise Http404(gettext("no method %(name)s") % {"name": repr(slug)})
    title, relative = METHODS[slug]
    path = _DOCS / relative
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    html = ""
    if text:
        from markdown_it import MarkdownIt  # ships with rich; raw HTML in the docs stays escaped

        html = MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
    return render(
        request,
        "observatory/method.html",
        {
            "title": title,
            "html": mark_safe(html),  # noqa: S308 - rendered with raw HTML disabled
            "citations": () if slug in _OWN_REFERENCES else CITATIONS,
        },
    )
