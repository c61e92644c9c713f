"""The partnership's dossier for investors and managing authorities: partnership, strategy,
roadmap timeline, value chain, pilots and the investment proposal with its financing table,
as standalone HTML or a PDF typeset by WeasyPrint (server-side SVG, no JavaScript)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext

from clustera.errors import InvalidInputError
from clustera.partnerships import investment, selectors
from clustera.partnerships.roadmap_chart import Bar, timeline


def dossier_context(partnership_id: int) -> dict[str, Any]:
    """Everything the dossier shows, read once."""
    partnership = selectors.workspace(partnership_id)
    if partnership is None:
        raise InvalidInputError(
            gettext("no partnership with this id"), field="partnership", value=partnership_id
        )
    proposal = getattr(partnership, "proposal", None)
    roadmap = selectors.roadmap(partnership.pk)
    bars = [Bar(m.id, m.title, m.start, m.due, m.status, m.depends_on) for m in roadmap]
    return {
        "p": partnership,
        "members": [m for m in partnership.members.all() if m.active],
        "roadmap": roadmap,
        "timeline": timeline(bars, gettext("Roadmap of %(name)s") % {"name": partnership.name}),
        "proposal": proposal,
        "financing": investment.financing(proposal) if proposal else None,
        "risks": list(proposal.risks.all()) if proposal else [],
        "stage": investment.stage_of(partnership),
        "generated": timezone.now(),
    }


def render_dossier(partnership_id: int, fmt: str) -> bytes:
    """The dossier as ``html`` (UTF-8) or ``pdf`` bytes."""
    if fmt not in ("pdf", "html"):
        raise InvalidInputError(gettext("pdf or html"), field="format", value=fmt)
    html = render_to_string("partnerships/dossier.html", dossier_context(partnership_id))
    if fmt == "html":
        return html.encode("utf-8")
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf())


def write_dossier(partnership_id: int, fmt: str, path: Path) -> Path:
    """Write the dossier to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_dossier(partnership_id, fmt))
    return path
