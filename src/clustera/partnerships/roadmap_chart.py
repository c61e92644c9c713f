"""The roadmap drawn as a server-side SVG timeline (a Gantt chart): one bar per action, a
diamond per milestone, colour by status, arrows for dependencies; readable in the PDF too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from django.utils.safestring import SafeString, mark_safe

STATUS_COLOURS = {"planned": "#56B4E9", "active": "#E69F00", "done": "#009E73", "late": "#D55E00"}
ROW = 22
LABEL = 210
WIDTH = 760


@dataclass(frozen=True)
class Bar:
    """One roadmap item to draw."""

    key: int
    title: str
    start: date
    due: date
    status: str
    depends_on: tuple[int, ...] = ()


def timeline(bars: Sequence[Bar], title: str = "Roadmap") -> SafeString:
    """An SVG Gantt chart of the roadmap, with a year axis and a status legend."""
    if not bars:
        return mark_safe("")
    first = min(b.start for b in bars)
    last = max(b.due for b in bars)
    span = max(1, (last - first).days)
    plot = WIDTH - LABEL - 10
    height = 40 + ROW * len(bars) + 24

    def x(day: date) -> float:
        return LABEL + plot * (day - first).days / span

    parts: list[str] = []
    for year in range(first.year, last.year + 2):
        tick = date(year, 1, 1)
        if first <= tick <= last:
            parts.append(
                f'<line x1="{x(tick):.1f}" y1="20" x2="{x(tick):.1f}" y2="{height - 24}" '
                f'stroke="#ccc"/><text x="{x(tick) + 2:.1f}" y="16">{year}</text>'
            )
    row_of = {b.key: position for position, b in enumerate(bars)}
    for position, bar in enumerate(bars):
        y = 28 + ROW * position
        colour = STATUS_COLOURS.get(bar.status, "#999")
        label = escape(bar.title if len(bar.title) <= 32 else bar.title[:31] + "…")
        parts.append(f'<text x="4" y="{y + 13}">{label}</text>')
        if bar.start == bar.due:
            cx = x(bar.start)
            parts.append(
                f'<path d="M{cx:.1f} {y + 2} l7 7 l-7 7 l-7 -7 z" fill="{colour}">'
                f"<title>{escape(bar.title)}: {bar.due} ({bar.status})</title></path>"
            )
        else:
            width = max(2.0, x(bar.due) - x(bar.start))
            parts.append(
                f'<rect x="{x(bar.start):.1f}" y="{y + 3}" width="{width:.1f}" height="14" '
                f'fill="{colour}" rx="2"><title>{escape(bar.title)}: {bar.start} to {bar.due} '
                f"({bar.status})</title></rect>"
            )
        for before in bar.depends_on:
            if before in row_of:
                source = bars[row_of[before]]
                y0 = 28 + ROW * row_of[before] + 10
                parts.append(
                    f'<path d="M{x(source.due):.1f} {y0} L{x(bar.start):.1f} {y + 10}" '
                    f'stroke="#555" fill="none" stroke-dasharray="3 2"/>'
                )
    legend = " ".join(
        f'<rect x="{LABEL + 110 * i}" y="{height - 16}" width="10" height="10" fill="{c}"/>'
        f'<text x="{LABEL + 110 * i + 14}" y="{height - 7}">{s}</text>'
        for i, (s, c) in enumerate(STATUS_COLOURS.items())
    )
    description = f"{len(bars)} roadmap items from {first} to {last}; dashed lines: dependencies"
    return mark_safe(  # noqa: S308 - every text is escaped above
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}: {escape(description)}" class="chart" '
        f'font-family="sans-serif" font-size="11"><title>{escape(title)}</title>'
        f"<desc>{escape(description)}</desc>{''.join(parts)}{legend}</svg>"
    )
