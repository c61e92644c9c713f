"""The gap analysis of the portal: computed from the database's needs and centre services with
``clustera.analytics.gap_analysis``, stored as rows keyed by the inputs' fingerprint, and read
back for the pages and the API."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from django.db import transaction

from clustera.analytics import GAP_COLUMNS, gap_analysis
from clustera.registry.models import Region
from clustera.surveys import gap_disclosure, gap_tables
from clustera.surveys.models import GapRow, GapRun

GAP_MAX_DISTANCE_KM = 100.0
"""Reach of a technology centre in the portal's gap analysis (great-circle km)."""


def recompute_gaps(*, force: bool = False) -> GapRun:
    """Compute the gap analysis on the current inputs and store it, unless a run with the same
    inputs' fingerprint is stored already (then return that run)."""
    stamp = gap_tables.fingerprint()
    existing = GapRun.objects.filter(fingerprint=stamp).first()
    if existing is not None and not force:
        return existing
    answered, respondents = gap_tables.survey_needs()
    requests = gap_tables.request_needs()
    needs = pd.concat([answered, requests], ignore_index=True)
    offers = gap_tables.centre_offers()
    places = gap_tables.regions(set(needs["region"]))
    needs = needs[needs["region"].isin(set(places["region"]))]
    table = (
        gap_analysis(needs, offers, places, max_distance=GAP_MAX_DISTANCE_KM)
        if len(needs) and len(offers) and len(places)
        else pd.DataFrame(columns=list(GAP_COLUMNS))
    )
    table = table[(table["demand"] > 0) | (table["supply"] > 0)]
    with transaction.atomic():
        GapRun.objects.filter(fingerprint=stamp).delete()
        run = GapRun.objects.create(
            fingerprint=stamp,
            max_distance_km=GAP_MAX_DISTANCE_KM,
            n_needs=len(needs),
            n_respondents=respondents,
            n_requests=len(requests),
            n_offers=len(offers),
            n_regions=len(places),
        )
        GapRow.objects.bulk_create(
            (_gap_row(run, row) for row in table.to_dict("records")), batch_size=2000
        )
        GapRun.objects.exclude(pk=run.pk).delete()  # keep the newest run only
    return run


def _gap_row(run: GapRun, row: dict[Any, Any]) -> GapRow:
    def finite(value: Any) -> float | None:
        number = float(value)
        return number if math.isfinite(number) else None

    return GapRow(
        run=run,
        technology=str(row["technology"]),
        service=str(row["service"]),
        trl_band=str(row["trl_band"]),
        region=str(row["region"]),
        demand=float(row["demand"]),
        supply=float(row["supply"]),
        access=float(row["access"]),
        unmet=float(row["unmet"]),
        uncovered_share=finite(row["uncovered_share"]),
        nearest_km=finite(row["nearest_distance"]),
    )


class _Enqueuer:
    """The task that recomputes in the background, handed over by ``SurveysConfig.ready`` (the
    task module imports this one, never the other way round), and the check whether one such
    job is waiting already."""

    enqueue: Any = None
    pending: Any = None


def set_recompute_enqueuer(enqueue: Any, pending: Any = None) -> None:
    """Register the background task's ``enqueue`` and a ``pending()`` check (coalescing)."""
    _Enqueuer.enqueue = enqueue
    _Enqueuer.pending = pending


def request_recompute() -> bool:
    """Ask for a recomputation in the background, unless a job is already waiting to run (one
    pending job at a time: a burst of answers or service edits asks once). Returns whether a job
    was enqueued. The job itself finds the inputs' fingerprint stored and returns at once when
    nothing changed, so a second job from two racing requests costs one query."""
    if _Enqueuer.enqueue is None:
        return False
    if _Enqueuer.pending is not None and _Enqueuer.pending():
        return False
    _Enqueuer.enqueue()
    return True


def request_recompute_on_commit() -> None:
    """:func:`request_recompute` once the current transaction commits (at once outside one)."""
    transaction.on_commit(request_recompute)


def latest_run() -> GapRun | None:
    """The stored computation, if any."""
    return GapRun.objects.order_by("-computed").first()


def current_run() -> tuple[GapRun | None, bool]:
    """The stored computation and whether it is stale; a stale one asks for a recomputation."""
    run = latest_run()
    stale = run is None or run.fingerprint != gap_tables.fingerprint()
    if stale and request_recompute():
        run = latest_run()  # an immediate backend has finished already
        stale = run is None or run.fingerprint != gap_tables.fingerprint()
    return run, stale


def rows(
    run: GapRun,
    *,
    technology: str = "",
    service: str = "",
    trl_band: str = "",
    region: str = "",
    level: int | None = None,
) -> Any:
    """Stored rows of ``run``, largest gaps first, under the filters given."""
    queryset = GapRow.objects.filter(run=run)
    if level is not None:
        queryset = queryset.filter(region__in=Region.objects.filter(level=level).values("code"))
    for name, value in (
        ("technology", technology),
        ("service", service),
        ("trl_band", trl_band),
        ("region", region),
    ):
        if value:
            queryset = queryset.filter(**{name: value})
    return queryset


def by_technology(run: GapRun, *, detailed: bool = True) -> list[dict[str, Any]]:
    """Per technology: demand, unmet demand and regions with unmet demand, largest gap first;
    for aggregate readers (not ``detailed``) small cells are left out of the totals and counted
    in ``hidden``."""
    from django.db.models import Count, Q, Sum

    counted = gap_disclosure.in_totals(detailed)
    small = gap_disclosure.SMALL
    # the sums get names of their own: an annotation named like the field it sums would be
    # read as the field in the filter (SQLite: "misuse of aggregate function SUM()")
    rows = (
        GapRow.objects.filter(run=run)
        .values("technology")
        .annotate(
            total_demand=Sum("demand", filter=counted, default=0.0),
            total_unmet=Sum("unmet", filter=counted, default=0.0),
            regions=Count("region", filter=Q(unmet__gt=0) & counted, distinct=True),
            hidden=Count("id", filter=small & Q(pk__isnull=detailed)),
        )
        .filter(Q(total_demand__gt=0) | Q(hidden__gt=0))
        .order_by("-total_unmet", "technology")
    )
    return [
        {
            "technology": row["technology"],
            "demand": row["total_demand"],
            "unmet": row["total_unmet"],
            "regions": row["regions"],
            "hidden": row["hidden"] if not detailed else 0,
        }
        for row in rows
    ]


def nearest_centres(technology: str, lat: float, lon: float, k: int = 5) -> list[dict[str, Any]]:
    """The ``k`` nearest centres offering ``technology`` from a point, with their distance (km)."""
    offers = gap_tables.centre_offers()
    offers = offers[offers["technology"] == technology]
    if offers.empty:
        return []
    lat1, lon1 = math.radians(lat), math.radians(lon)
    lat2, lon2 = offers["lat"].map(math.radians), offers["lon"].map(math.radians)
    half = ((lat2 - lat1) / 2).map(math.sin) ** 2 + math.cos(lat1) * lat2.map(math.cos) * (
        ((lon2 - lon1) / 2).map(math.sin) ** 2
    )
    offers = offers.assign(km=2 * 6371.0088 * half.map(lambda h: math.asin(math.sqrt(h))))
    best = offers.sort_values("km").drop_duplicates("centre").head(k)
    return [
        {"centre": int(r["centre"]), "km": float(r["km"]), "service": r["service"],
         "trl": f"{r['trl_min']}-{r['trl_max']}"}
        for r in best.to_dict("records")
    ]  # fmt: skip
