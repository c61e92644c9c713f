"""Small-cell suppression of the gap analysis: the one rule that the gap pages, the map, the CSV
download, ``GET /api/gaps`` and the region report's gap section all apply.

Demand comes from survey answers (one need per answer and cell, weight 1), so a cell's demand
is the number of answers in it. Only analysts, editors and platform admins see cells with fewer
than :data:`SMALL_CELL` answers; everyone else sees them as "< 5", with the figures that would
give the count back (unmet demand, share of needs with no centre in reach, spatial access: with
one region in a centre's catchment, access is capacity divided by demand) withheld in the same
cell. For those readers small cells are also left out of every total and listed after the other
cells in a fixed order: their place among the others, or a total minus the shown cells, would
otherwise bound their figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, Value, When

from clustera.accounts.permissions import is_editor
from clustera.surveys.selectors import is_analyst

SMALL_CELL = 5
"""Cells whose demand comes from fewer answers than this are suppressed for aggregate readers
(the same threshold as the survey results page)."""

SMALL = Q(demand__gt=0, demand__lt=SMALL_CELL)
"""Stored gap rows that are small cells."""


def sees_small_cells(user: Any) -> bool:
    """Analysts, editors and platform admins see every cell; everyone else sees aggregates."""
    return is_editor(user) or is_analyst(user)


def is_small(demand: float | None) -> bool:
    """Whether a cell with this demand is suppressed for aggregate readers."""
    return demand is not None and 0 < demand < SMALL_CELL


@dataclass(frozen=True)
class GapCell:
    """A gap row as a reader sees it: ``None`` for each figure withheld, ``suppressed`` set."""

    technology: str
    service: str
    trl_band: str
    region: str
    demand: float | None
    supply: float
    access: float | None
    unmet: float | None
    uncovered_share: float | None
    nearest_km: float | None
    suppressed: bool = False


def cell(row: Any, detailed: bool) -> GapCell:
    """The reader's view of one stored gap row."""
    hidden = not detailed and is_small(row.demand)
    return GapCell(
        technology=row.technology,
        service=row.service,
        trl_band=row.trl_band,
        region=row.region,
        demand=None if hidden else row.demand,
        supply=row.supply,
        access=None if hidden else row.access,
        unmet=None if hidden else row.unmet,
        uncovered_share=None if hidden else row.uncovered_share,
        nearest_km=row.nearest_km,
        suppressed=hidden,
    )


def cells(rows: Iterable[Any], detailed: bool) -> list[GapCell]:
    """The reader's view of stored gap rows, in their order."""
    return [cell(row, detailed) for row in rows]


def ordered(queryset: QuerySet[Any], detailed: bool) -> QuerySet[Any]:
    """Largest gaps first; for aggregate readers small cells come after the others, by
    technology, service, TRL band and region (their rank would bound their unmet demand)."""
    if detailed:
        return queryset
    shown = ~SMALL
    return queryset.annotate(
        small_cell=Case(When(SMALL, then=Value(1)), default=Value(0), output_field=IntegerField()),
        rank_unmet=Case(
            When(shown, then=F("unmet")), default=Value(None), output_field=FloatField()
        ),
        rank_share=Case(
            When(shown, then=F("uncovered_share")), default=Value(None), output_field=FloatField()
        ),
        rank_demand=Case(
            When(shown, then=F("demand")), default=Value(None), output_field=FloatField()
        ),
    ).order_by(
        "small_cell",
        F("rank_unmet").desc(nulls_last=True),
        F("rank_share").desc(nulls_last=True),
        F("rank_demand").desc(nulls_last=True),
        "technology",
        "service",
        "trl_band",
        "region",
    )


def in_totals(detailed: bool) -> Q:
    """The rows that count in totals (by technology, map values) for the reader."""
    return Q(pk__isnull=False) if detailed else ~SMALL
