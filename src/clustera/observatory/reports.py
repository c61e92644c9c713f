"""Assessment reports of a region: HTML, or PDF through WeasyPrint, with server-side SVG charts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from clustera.errors import UnknownCodeError
from clustera.observatory import charts, figures, selectors

__all__ = [
    "CITATIONS",
    "register_report_section",
    "report_context",
    "render_report_html",
    "write_report",
]

Progress = Callable[[str, int, int], None]

ReportSection = Callable[[Any, Any], "tuple[str, tuple[tuple[str, str], ...]] | None"]
"""A section an app above the observatory adds to region reports: called with the region and
the reader (the user who asked for the report, or ``None`` for a visitor: a section decides
what that reader may see), it returns the section's HTML (a ``<section>`` element) and the
citations it adds, or ``None``."""

_SECTIONS: dict[str, ReportSection] = {}


def register_report_section(name: str, section: ReportSection) -> None:
    """Add a section to every region report (an app's ``AppConfig.ready`` calls this: the
    observatory imports no higher app). Registering the same name again replaces it."""
    _SECTIONS[name] = section


CITATIONS: tuple[tuple[str, str], ...] = (
    (
        "Location quotient",
        "Balassa, B. (1965). Trade liberalisation and revealed comparative "
        "advantage. The Manchester School 33(2):99-123.",
    ),
    (
        "Cluster stars",
        "European Cluster Observatory (c. 2009). Evaluation of regional cluster "
        "strength; Ketels, C., Protsiv, S. (2014). Methodology and findings report for a cluster "
        "mapping of related sectors. European Cluster Observatory.",
    ),
    (
        "Relatedness and relatedness density",
        "Hidalgo, C.A., Klinger, B., Barabasi, A.-L., "
        "Hausmann, R. (2007). The product space conditions the development of nations. Science "
        "317:482-487; Boschma, R., Balland, P.-A., Kogler, D. (2015). Relatedness and technological "
        "change in cities. Industrial and Corporate Change 24(1):223-250; van Eck, N.J., Waltman, L. "
        "(2009). How to normalize cooccurrence data? JASIST 60(8):1635-1651.",
    ),
    (
        "Economic complexity",
        "Hidalgo, C.A., Hausmann, R. (2009). The building blocks of economic "
        "complexity. PNAS 106:10570-10575; Hausmann, R., Hidalgo, C.A., et al. (2014). The Atlas of "
        "Economic Complexity. MIT Press.",
    ),
    (
        "Smart-specialisation diagram",
        "Balland, P.-A., Boschma, R., Crespo, J., Rigby, D. (2019). "
        "Smart specialization policy in the European Union: relatedness, knowledge complexity and "
        "regional diversification. Regional Studies 53(9):1252-1268.",
    ),
    (
        "Specialisation indices",
        "Krugman, P. (1991). Geography and Trade. MIT Press; Hoover, E.M., "
        "Giarratani, F. (1985). An Introduction to Regional Economics.",
    ),
    ("Peer regions", "Cosine similarity of the regions' location-quotient vectors (Clustera)."),
)


def report_context(
    code: str, nuts_version: str | None = None, reader: Any = None
) -> dict[str, Any]:
    """The report's figures, tables and charts for a region code, as ``reader`` may see them."""
    region = selectors.find_region(code, nuts_version)
    if region is None:
        raise UnknownCodeError("no region with this code", field="region", value=code)
    context = selectors.region_profile(region)
    context["generated"] = timezone.now()
    context["charts"] = region_charts(context)
    citations = list(CITATIONS)
    extra: list[str] = []
    for section in _SECTIONS.values():
        added = section(region, reader)
        if added is not None:
            extra.append(added[0])
            citations.extend(c for c in added[1] if c not in citations)
    context["extra_sections"] = extra
    context["citations"] = citations
    return context


def region_charts(context: dict[str, Any]) -> dict[str, Any]:
    """SVG charts of a region profile (portfolio, employment trend, S3 diagram, patents, peers)."""
    result: dict[str, Any] = {}
    region = context["region"]
    if context.get("portfolio"):
        top = sorted(context["portfolio"], key=lambda c: -(c["location_quotient"] or 0))[:12]
        result["portfolio"] = charts.bar_chart(
            [(c["name"], c["location_quotient"] or 0.0) for c in top],
            _("Location quotients of the most specialised activities of %(name)s")
            % {"name": region.name},
            _("location quotient (1 = reference average)"),
            decimals=figures.decimals("lq"),
        )
    if context.get("employment_trend"):
        result["trend"] = charts.line_chart(
            {region.code: context["employment_trend"]},
            _("Employment of %(name)s") % {"name": region.name},
            context["dataset"].unit if context.get("dataset") else "",
            decimals=figures.decimals("count"),
        )
    if context.get("candidates"):
        result["s3"] = charts.s3_diagram(
            context["candidates"],
            _("Diversification options of %(name)s: relatedness density against complexity")
            % {"name": region.name},
        )
    technology = context.get("technology")
    if technology and technology["rows"]:
        result["patents"] = charts.bar_chart(
            [(r["name"], r["value"] or 0.0) for r in technology["rows"][:12]],
            _("Patent applications of %(name)s by technology, %(year)s")
            % {"name": region.name, "year": technology["result"].last_year},
            technology["dataset"].unit,
            decimals=figures.decimals("patents"),
        )
    if context.get("peers") and context.get("latest"):
        rows = [(region.code, context["latest"]["complexity"] or 0.0)] + [
            (p["region__code"], p["complexity"] or 0.0) for p in context["peers"]
        ]
        result["peers"] = charts.bar_chart(
            rows,
            _("Economic complexity of %(name)s and its peers") % {"name": region.name},
            _("ECI (z-score)"),
            decimals=figures.decimals("complexity"),
        )
    return result


def render_report_html(context: dict[str, Any]) -> str:
    """The report as a standalone HTML document."""
    return render_to_string("observatory/report.html", context)


def write_report(
    code: str,
    fmt: str,
    path: Path,
    progress: Progress | None = None,
    nuts_version: str | None = None,
    reader: Any = None,
) -> Path:
    """Write a region's assessment report as ``pdf`` or ``html`` to ``path`` for ``reader``."""
    report = progress or (lambda label, done, total: None)
    if fmt not in ("pdf", "html"):
        raise ValueError(f"format must be pdf or html, got {fmt!r}")
    report("reading stored indicators", 1, 4)
    context = report_context(code, nuts_version, reader)
    report("drawing charts", 2, 4)
    html = render_report_html(context)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        path.write_text(html, encoding="utf-8")
    else:
        report("typesetting the PDF", 3, 4)
        from weasyprint import HTML

        HTML(string=html).write_pdf(str(path))
    report("done", 4, 4)
    return path
