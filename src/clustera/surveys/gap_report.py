"""The gap analysis's section of the observatory's region report (PDF and HTML).

The observatory imports no surveys code: ``SurveysConfig.ready`` registers :func:`region_section`
with ``clustera.observatory.reports.register_report_section``."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from clustera.registry.models import Technology
from clustera.surveys import gap_disclosure, gap_store

CITATIONS: tuple[tuple[str, str], ...] = (
    (
        "Spatial access (two-step floating catchment area)",
        "Luo, W., Wang, F. (2003). Measures of spatial accessibility to health care in a GIS "
        "environment. Environment and Planning B 30(6):865-884; Luo, W., Qi, Y. (2009). An "
        "enhanced two-step floating catchment area (E2SFCA) method. Health & Place "
        "15(4):1100-1107.",
    ),
)

ROWS = 12
"""Largest gaps listed in the report."""


def region_section(region: Any, reader: Any = None) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The region's largest technology gaps (the region and the regions inside it), with the
    computation's time and inputs' fingerprint, as a report ``<section>``; small cells
    suppressed unless ``reader`` (the user who asked for the report) may see them."""
    detailed = gap_disclosure.sees_small_cells(reader)
    run, stale = gap_store.current_run()
    rows: list[gap_disclosure.GapCell] = []
    if run is not None:
        queryset = (
            gap_store.rows(run)
            .filter(region__startswith=region.code, demand__gt=0)
            .order_by("-unmet", "-demand", "technology")
        )
        rows = gap_disclosure.cells(gap_disclosure.ordered(queryset, detailed)[:ROWS], detailed)
    names = dict(
        Technology.objects.filter(code__in={r.technology for r in rows}).values_list("code", "name")
    )
    html = render_to_string(
        "surveys/_gap_report.html",
        {
            "region": region,
            "run": run,
            "stale": stale,
            "detailed": detailed,
            "rows": [(row, names.get(row.technology, row.technology)) for row in rows],
        },
    )
    return html, CITATIONS
