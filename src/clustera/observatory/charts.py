"""Server-side SVG charts: accessible (title, description, data table beside), colour-blind safe.

Colours are the Okabe-Ito palette; charts carry ``role="img"`` with a title and
a description, and every chart on a page has its numbers in a table or a CSV
link. Numbers are formatted for the active language.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from html import escape

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
QUADRANT_COLOURS = {"Q1": "#009E73", "Q2": "#0072B2", "Q3": "#E69F00", "Q4": "#999999"}
QUADRANT_SHAPES = {"Q1": "circle", "Q2": "square", "Q3": "diamond", "Q4": "triangle"}
_ids = itertools.count(1)


def _number(value: float, decimals: int = 1) -> str:
    return str(number_format(value, decimals, use_l10n=True, force_grouping=True))


def _frame(width: int, height: int, title: str, description: str, body: str) -> SafeString:
    ident = f"chart{next(_ids)}"
    return mark_safe(  # noqa: S308 - every text below is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{ident}t {ident}d" class="chart" '
        f'font-family="sans-serif" font-size="12">'
        f'<title id="{ident}t">{escape(title)}</title><desc id="{ident}d">{escape(description)}</desc>'
        f"{body}</svg>"
    )


def bar_chart(
    items: Sequence[tuple[str, float]],
    title: str,
    unit: str = "",
    decimals: int = 1,
    width: int = 560,
) -> SafeString:
    """Horizontal bars, one per (label, value), largest first as given."""
    row, left, right = 22, 210, 80
    height = 30 + row * max(len(items), 1)
    top = max((v for _, v in items), default=0.0) or 1.0
    span = width - left - right
    parts = []
    for position, (label, value) in enumerate(items):
        y = 24 + position * row
        length = max(0.0, value) / top * span
        short = label if len(label) <= 32 else label[:31] + "…"
        parts.append(
            f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">{escape(short)}</text>'
            f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{row - 6}" fill="{OKABE_ITO[0]}"/>'
            f'<text x="{left + length + 4:.1f}" y="{y + 13}">{escape(_number(value, decimals))}</text>'
        )
    caption = f'<text x="{left}" y="14" fill="#333">{escape(unit)}</text>' if unit else ""
    description = "; ".join(f"{label}: {_number(value, decimals)}" for label, value in items[:30])
    return _frame(width, height, title, description, caption + "".join(parts))


def line_chart(
    series: dict[str, Sequence[tuple[int, float]]],
    title: str,
    unit: str = "",
    decimals: int = 0,
    width: int = 560,
    height: int = 240,
) -> SafeString:
    """Lines over years, one per series, with markers of distinct shapes and a legend."""
    left, right, top, bottom = 70, 130, 20, 30
    points = [p for values in series.values() for p in values]
    if not points:
        empty = escape(_("No data"))
        return _frame(width, 40, title, _("no data"), f'<text x="10" y="24">{empty}</text>')
    years = sorted({year for year, _ in points})
    low = min(0.0, min(v for _, v in points))
    high = max(v for _, v in points) or 1.0
    first, last = years[0], years[-1]

    def x(year: int) -> float:
        return left + (year - first) / max(last - first, 1) * (width - left - right)

    def y(value: float) -> float:
        return top + (1 - (value - low) / ((high - low) or 1.0)) * (height - top - bottom)

    parts = [
        f'<line x1="{left}" y1="{y(low):.1f}" x2="{width - right}" y2="{y(low):.1f}" stroke="#888"/>',
        f'<text x="{left - 6}" y="{y(high) + 4:.1f}" text-anchor="end">{escape(_number(high, decimals))}</text>',
        f'<text x="{left - 6}" y="{y(low) + 4:.1f}" text-anchor="end">{escape(_number(low, decimals))}</text>',
    ]
    for year in (first, last):
        parts.append(
            f'<text x="{x(year):.1f}" y="{height - 10}" text-anchor="middle">{year}</text>'
        )
    descriptions = []
    for position, (name, values) in enumerate(series.items()):
        colour = OKABE_ITO[position % len(OKABE_ITO)]
        dash = ("", ' stroke-dasharray="6 3"', ' stroke-dasharray="2 2"')[position % 3]
        path = " ".join(f"{x(year):.1f},{y(value):.1f}" for year, value in values)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
        )
        legend_y = top + 16 * position
        parts.append(
            f'<line x1="{width - right + 10}" y1="{legend_y}" x2="{width - right + 30}" '
            f'y2="{legend_y}" stroke="{colour}" stroke-width="3"{dash}/>'
            f'<text x="{width - right + 34}" y="{legend_y + 4}">{escape(name[:16])}</text>'
        )
        if values:
            descriptions.append(
                f"{name}: {_number(values[0][1], decimals)} in {values[0][0]} to "
                f"{_number(values[-1][1], decimals)} in {values[-1][0]}"
            )
    if unit:
        parts.append(f'<text x="{left}" y="12" fill="#333">{escape(unit)}</text>')
    return _frame(width, height, title, "; ".join(descriptions), "".join(parts))


def _marker(shape: str, cx: float, cy: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{cx - 3.5:.1f}" y="{cy - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if shape == "diamond":
        return (
            f'<polygon points="{cx:.1f},{cy - 4.5:.1f} {cx + 4.5:.1f},{cy:.1f} {cx:.1f},'
            f'{cy + 4.5:.1f} {cx - 4.5:.1f},{cy:.1f}" fill="{colour}"/>'
        )
    if shape == "triangle":
        return (
            f'<polygon points="{cx:.1f},{cy - 4:.1f} {cx + 4:.1f},{cy + 3.5:.1f} '
            f'{cx - 4:.1f},{cy + 3.5:.1f}" fill="{colour}"/>'
        )
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.8" fill="{colour}"/>'


def s3_diagram(
    points: Sequence[dict[str, object]],
    title: str,
    labelled: int = 5,
    width: int = 560,
    height: int = 420,
) -> SafeString:
    """Relatedness density (x) against complexity (y) with the four quadrants of Balland et al.

    ``points`` carry ``category``, ``relatedness_density``, ``relatedness_split``,
    ``complexity``, ``quadrant`` and ``rank``; the best-ranked ``labelled`` are named.
    """
    left, right, top, bottom = 56, 20, 34, 46
    if not points:
        return _frame(
            width,
            40,
            title,
            _("no candidates"),
            '<text x="10" y="24">' + escape(_("No candidates")) + "</text>",
        )
    xs = [float(p["relatedness_density"]) for p in points]  # type: ignore[arg-type]
    ys = [float(p["complexity"]) for p in points]  # type: ignore[arg-type]
    x_pad = 0.05 * ((max(xs) - min(xs)) or 1.0)
    y_pad = 0.05 * ((max(ys + [0.0]) - min(ys + [0.0])) or 1.0)
    x_low, x_high = min(xs) - x_pad, max(xs) + x_pad
    y_low, y_high = min(ys + [0.0]) - y_pad, max(ys + [0.0]) + y_pad
    x_split = float(points[0]["relatedness_split"])  # type: ignore[arg-type]

    def px(value: float) -> float:
        return left + (value - x_low) / ((x_high - x_low) or 1.0) * (width - left - right)

    def py(value: float) -> float:
        return top + (1 - (value - y_low) / ((y_high - y_low) or 1.0)) * (height - top - bottom)

    q1, q2 = (
        escape(_("Q1: high relatedness, high complexity")),
        escape(_("Q2: low relatedness, high complexity")),
    )
    x_axis, y_axis = escape(_("Relatedness density (0-100) →")), escape(_("Complexity (z-score) →"))
    parts = [
        f'<rect x="{left}" y="{top}" width="{width - left - right}" height="{height - top - bottom}" fill="none" stroke="#888"/>',
        f'<line x1="{px(x_split):.1f}" y1="{top}" x2="{px(x_split):.1f}" y2="{height - bottom}" stroke="#555" stroke-dasharray="4 3"/>',
        f'<line x1="{left}" y1="{py(0.0):.1f}" x2="{width - right}" y2="{py(0.0):.1f}" stroke="#555" stroke-dasharray="4 3"/>',
        f'<text x="{width - right}" y="{top - 8}" text-anchor="end" font-weight="bold">{q1}</text>',
        f'<text x="{left}" y="{top - 8}" font-weight="bold">{q2}</text>',
        f'<text x="{width - right - 4}" y="{height - bottom - 6}" text-anchor="end" font-weight="bold">Q3</text>',
        f'<text x="{left + 4}" y="{height - bottom - 6}" font-weight="bold">Q4</text>',
        f'<text x="{(left + width - right) / 2:.0f}" y="{height - 10}" text-anchor="middle">{x_axis}</text>',
        f'<text x="14" y="{(top + height - bottom) / 2:.0f}" text-anchor="middle" transform="rotate(-90 14 {(top + height - bottom) / 2:.0f})">{y_axis}</text>',
    ]
    for point in points:
        quadrant = str(point["quadrant"])
        parts.append(
            _marker(
                QUADRANT_SHAPES.get(quadrant, "circle"),
                px(float(point["relatedness_density"])),  # type: ignore[arg-type]
                py(float(point["complexity"])),  # type: ignore[arg-type]
                QUADRANT_COLOURS.get(quadrant, "#000"),
            )
        )
    for point in sorted(points, key=lambda p: int(p["rank"]))[:labelled]:  # type: ignore[call-overload]
        label = str(point.get("name") or point["category"])[:22]
        x = px(float(point["relatedness_density"]))  # type: ignore[arg-type]
        # Labels right of the middle point leftwards, so they stay inside the chart.
        anchor, shift = ("end", -6) if x > (left + width - right) / 2 else ("start", 6)
        parts.append(
            f'<text x="{x + shift:.1f}" y="{py(float(point["complexity"])) - 5:.1f}" '  # type: ignore[arg-type]
            f'font-size="11" text-anchor="{anchor}">{escape(label)}</text>'
        )
    counts = {q: sum(1 for p in points if p["quadrant"] == q) for q in QUADRANT_COLOURS}
    description = _(
        "%(count)s candidate activities; %(quadrants)s; relatedness split %(split)s, "
        "complexity split 0."
    ) % {
        "count": len(points),
        "quadrants": ", ".join(f"{q}: {n}" for q, n in counts.items()),
        "split": _number(x_split, 1),
    }
    return _frame(width, height, title, description, "".join(parts))
