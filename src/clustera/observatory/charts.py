"""Server-side SVG charts: accessible (title, description, data table beside), colour-blind safe.

Colours are the Okabe-Ito palette; charts carry ``role="img"`` with a title and
a description, and every chart on a page has its numbers in a table or a CSV
link. Numbers are formatted for the active language.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from clustera.observatory.figures import format_figure

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
QUADRANT_COLOURS = {"Q1": "#009E73", "Q2": "#0072B2", "Q3": "#E69F00", "Q4": "#999999"}
QUADRANT_SHAPES = {"Q1": "circle", "Q2": "square", "Q3": "diamond", "Q4": "triangle"}
_ids = itertools.count(1)


def _number(value: float, decimals: int = 1) -> str:
    """``value`` with ``decimals`` places, rounded half up and formatted as
    :func:`figures.format_figure` does (callers pass ``figures.decimals(kind)``: the
    observatory's one rounding rule)."""
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return str(
        number_format(
            abs(rounded) if rounded == 0 else rounded, decimals, use_l10n=True, force_grouping=True
        )
    )


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


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) inside [low, high]."""
    span = (high - low) or 1.0
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(low / step) * step
    ticks = []
    value = first
    while value <= high + 1e-9 * span:
        ticks.append(round(value, 10))
        value += step
    return ticks


Box = tuple[float, float, float, float]


def _overlap(a: Box, b: Box) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, width) * max(0.0, height)


def place_labels(
    anchors: Sequence[tuple[float, float]],
    texts: Sequence[str],
    frame: Box,
    char_width: float = 7.0,
    height: float = 12.0,
    obstacles: Sequence[Box] = (),
) -> list[Box]:
    """Boxes (x0, y0, x1, y1) for short labels next to their points, greedily: each label takes
    the first position, nearest first (eight directions at growing distances), that overlaps no
    label placed before and no point and stays in ``frame``; else the one that overlaps least.
    A label placed away from its point gets a leader line (see :func:`_s3_numbers`)."""
    points = [(x - 4.5, y - 4.5, x + 4.5, y + 4.5) for x, y in anchors] + list(obstacles)
    placed: list[Box] = []
    for (x, y), text in zip(anchors, texts, strict=True):
        width = char_width * len(text) + 4
        candidates = [
            (x + dx * ring - (width if dx < 0 else width / 2 if dx == 0 else 0),
             y + dy * ring - (height if dy < 0 else height / 2 if dy == 0 else 0))
            for ring in (6, 14, 24, 36, 50)
            for dx, dy in ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))
        ]  # fmt: skip
        best: tuple[float, Box] | None = None
        for left, top in candidates:
            box = (left, top, left + width, top + height)
            outside = (
                max(0.0, frame[0] - box[0]) + max(0.0, box[2] - frame[2])
                + max(0.0, frame[1] - box[1]) + max(0.0, box[3] - frame[3])
            )  # fmt: skip
            cost = sum(_overlap(box, other) for other in placed + points) + 100 * outside
            if best is None or cost < best[0]:
                best = (cost, box)
            if cost == 0:
                break
        assert best is not None
        placed.append(best[1])
    return placed


def _s3_axes(
    px: Callable[[float], float],
    py: Callable[[float], float],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    plot: Box,
) -> list[str]:
    parts = []
    for tick in _ticks(*x_range):
        x = px(tick)
        parts.append(
            f'<line x1="{x:.1f}" y1="{plot[3]}" x2="{x:.1f}" y2="{plot[3] + 4}" stroke="#555"/>'
            f'<text x="{x:.1f}" y="{plot[3] + 15}" text-anchor="middle" font-size="10">'
            f"{escape(format_figure(tick, 'relatedness'))}</text>"
        )
    for tick in _ticks(*y_range):
        y = py(tick)
        parts.append(
            f'<line x1="{plot[0] - 4}" y1="{y:.1f}" x2="{plot[0]}" y2="{y:.1f}" stroke="#555"/>'
            f'<text x="{plot[0] - 6}" y="{y + 3.5:.1f}" text-anchor="end" font-size="10">'
            f"{escape(format_figure(tick, 'complexity'))}</text>"
        )
    return parts


def s3_diagram(
    points: Sequence[dict[str, object]],
    title: str,
    labelled: int = 10,
    width: int = 560,
    height: int = 420,
) -> SafeString:
    """Relatedness density (x) against complexity (y) with the four quadrants of Balland et al.

    ``points`` carry ``category``, ``relatedness_density``, ``relatedness_split``,
    ``complexity``, ``quadrant`` and ``rank``; the best-ranked ``labelled`` are numbered on the
    chart (numbers placed so that they overlap neither each other nor the points) and named in
    a key under it (their figures are in the table beside the chart); axis values are rounded
    by the observatory's rule.
    """
    if not points:
        return _frame(
            width,
            40,
            title,
            _("no candidates"),
            '<text x="10" y="24">' + escape(_("No candidates")) + "</text>",
        )
    named = sorted(points, key=lambda p: int(p["rank"]))[:labelled]  # type: ignore[call-overload]
    key_height = 16 * len(named) + 12
    plot: Box = (62.0, 34.0, width - 20.0, height - 52.0)
    xs = [float(p["relatedness_density"]) for p in points]  # type: ignore[arg-type]
    ys = [float(p["complexity"]) for p in points]  # type: ignore[arg-type]
    x_pad = 0.05 * ((max(xs) - min(xs)) or 1.0)
    y_pad = 0.05 * ((max(ys + [0.0]) - min(ys + [0.0])) or 1.0)
    x_range = (min(xs) - x_pad, max(xs) + x_pad)
    y_range = (min(ys + [0.0]) - y_pad, max(ys + [0.0]) + y_pad)
    x_split = float(points[0]["relatedness_split"])  # type: ignore[arg-type]

    def px(value: float) -> float:
        return plot[0] + (value - x_range[0]) / ((x_range[1] - x_range[0]) or 1.0) * (
            plot[2] - plot[0]
        )

    def py(value: float) -> float:
        return plot[1] + (1 - (value - y_range[0]) / ((y_range[1] - y_range[0]) or 1.0)) * (
            plot[3] - plot[1]
        )

    parts = _s3_frame(px, py, x_split, plot, width, height)
    parts += _s3_axes(px, py, x_range, y_range, plot)
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
    parts += _s3_numbers(named, px, py, plot, height)
    counts = {q: sum(1 for p in points if p["quadrant"] == q) for q in QUADRANT_COLOURS}
    description = _(
        "%(count)s candidate activities; %(quadrants)s; relatedness split %(split)s, "
        "complexity split 0."
    ) % {
        "count": len(points),
        "quadrants": ", ".join(f"{q}: {n}" for q, n in counts.items()),
        "split": format_figure(x_split, "relatedness"),
    }
    return _frame(width, height + key_height, title, description, "".join(parts))


def _s3_frame(
    px: Callable[[float], float],
    py: Callable[[float], float],
    x_split: float,
    plot: Box,
    width: int,
    height: int,
) -> list[str]:
    left, top, right, bottom = plot
    q1, q2 = (
        escape(_("Q1: high relatedness, high complexity")),
        escape(_("Q2: low relatedness, high complexity")),
    )
    x_axis, y_axis = escape(_("Relatedness density (0-100) →")), escape(_("Complexity (z-score) →"))
    middle = (top + bottom) / 2
    return [
        f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" fill="none" stroke="#888"/>',
        f'<line x1="{px(x_split):.1f}" y1="{top}" x2="{px(x_split):.1f}" y2="{bottom}" stroke="#555" stroke-dasharray="4 3"/>',
        f'<line x1="{left}" y1="{py(0.0):.1f}" x2="{right}" y2="{py(0.0):.1f}" stroke="#555" stroke-dasharray="4 3"/>',
        f'<text x="{right}" y="{top - 8}" text-anchor="end" font-weight="bold">{q1}</text>',
        f'<text x="{left}" y="{top - 8}" font-weight="bold">{q2}</text>',
        f'<text x="{right - 4}" y="{bottom - 6}" text-anchor="end" font-weight="bold">Q3</text>',
        f'<text x="{left + 4}" y="{bottom - 6}" font-weight="bold">Q4</text>',
        f'<text x="{(left + right) / 2:.0f}" y="{height - 14}" text-anchor="middle">{x_axis}</text>',
        f'<text x="14" y="{middle:.0f}" text-anchor="middle" transform="rotate(-90 14 {middle:.0f})">{y_axis}</text>',
    ]  # fmt: skip


def _s3_numbers(
    named: Sequence[dict[str, object]],
    px: Callable[[float], float],
    py: Callable[[float], float],
    plot: Box,
    height: int,
) -> list[str]:
    """Numbers next to the named points and, under the chart, the key naming them."""
    anchors = [
        (px(float(p["relatedness_density"])), py(float(p["complexity"])))  # type: ignore[arg-type]
        for p in named
    ]
    numbers = [str(i + 1) for i in range(len(named))]
    quadrant_labels = [  # "Q3" and "Q4" in the lower corners
        (plot[2] - 26, plot[3] - 20, plot[2], plot[3]),
        (plot[0], plot[3] - 20, plot[0] + 26, plot[3]),
    ]
    boxes = place_labels(anchors, numbers, plot, obstacles=quadrant_labels)
    parts = []
    for (x, y), number, box in zip(anchors, numbers, boxes, strict=True):
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        if math.hypot(cx - x, cy - y) > 16:  # placed away from its point: a leader line
            parts.append(
                f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{cx:.1f}" y2="{cy:.1f}" stroke="#333" '
                'stroke-width="0.7"/>'
            )
        parts.append(
            f'<rect x="{box[0]:.1f}" y="{box[1]:.1f}" width="{box[2] - box[0]:.1f}" '
            f'height="{box[3] - box[1]:.1f}" fill="#fff" fill-opacity="0.85" rx="2"/>'
            f'<text x="{cx:.1f}" y="{box[3] - 2.5:.1f}" text-anchor="middle" '
            f'font-size="11" font-weight="bold">{number}</text>'
        )
    for position, (number, point) in enumerate(zip(numbers, named, strict=True)):
        name = str(point.get("name") or point["category"])
        name = name if len(name) <= 64 else name[:63] + "…"
        y = height + 4 + 16 * position
        parts.append(
            f'<text x="{plot[0]}" y="{y:.0f}" font-size="11"><tspan font-weight="bold">'
            f"{number}</tspan> {escape(str(point['category']))} {escape(name)}</text>"
        )
    return parts
