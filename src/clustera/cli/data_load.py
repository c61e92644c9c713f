"""``clustera data load``: official datasets into the portal, with their provenance."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from clustera.cli.django_setup import setup_django
from clustera.cli.progress import console, step_progress


def _filters(values: tuple[str, ...]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for value in values:
        name, sep, wanted = value.partition("=")
        if not sep or not name or not wanted:
            raise click.BadParameter(
                f"expected DIMENSION=VALUE[,VALUE], got {value!r}", param_hint="--filter"
            )
        out.setdefault(name, []).extend(v for v in wanted.split(",") if v)
    return out


def _read_source(source: str) -> tuple[Any, str, Any]:
    """A Eurostat table from a file, or fetched by its code: (table, code, provenance or None)."""
    from clustera.io import read_eurostat

    path = Path(source)
    if path.exists():
        table = read_eurostat(path)
        return table, str(table.attrs.get("dataset") or path.stem), None
    from clustera.io.fetch import fetch_eurostat

    table, provenance = fetch_eurostat(source)
    return table, source, provenance


def _eurostat_terms(code: str, provenance: Any) -> dict[str, Any]:
    """Where a Eurostat table comes from and on what terms, for the stored provenance."""
    return {
        "code": code,
        "source": "Eurostat",
        "licence": "Eurostat re-use policy (CC BY 4.0)",
        "attribution": "© European Union, Eurostat",
        "url": provenance.url
        if provenance
        else f"https://ec.europa.eu/eurostat/databrowser/view/{code}/default/table",
        "downloaded_at": dt.datetime.fromisoformat(provenance.downloaded_at)
        if provenance
        else None,
    }


@click.group("load")
def load() -> None:
    """Load official datasets into the portal's observatory (a new dataset version each time)."""


@load.command("eurostat")
@click.argument("source")
@click.option(
    "--nuts-version",
    required=True,
    type=click.Choice(["2010", "2013", "2016", "2021", "2024"]),
    help="NUTS version of the table's region codes (load those regions first).",
)
@click.option(
    "--category",
    "category_column",
    default="nace_r2",
    show_default=True,
    help="The dimension holding the activity or technology codes.",
)
@click.option("--region-column", default="geo", show_default=True)
@click.option(
    "--filter",
    "filters",
    multiple=True,
    metavar="DIM=VALUE[,VALUE]",
    help="Keep only these values of a dimension (e.g. indic_sb=V16110); repeatable.",
)
@click.option(
    "--kind",
    type=click.Choice(["employment", "patents", "other"]),
    default="employment",
    show_default=True,
    help="What the values measure.",
)
@click.option("--unit", default="", help="Unit of the values, e.g. 'persons employed'.")
@click.option(
    "--scheme", default="NACE2", show_default=True, help="Classification of the categories."
)
@click.option("--title", default="", help="Title shown in the portal (default: the dataset code).")
@click.option(
    "--compute/--no-compute",
    default=True,
    show_default=True,
    help="Compute and store the indicators now.",
)
def load_eurostat(
    source: str,
    nuts_version: str,
    category_column: str,
    region_column: str,
    filters: tuple[str, ...],
    kind: str,
    unit: str,
    scheme: str,
    title: str,
    compute: bool,
) -> None:
    """Load SOURCE, a Eurostat file (any of the four formats) or a dataset code to fetch.

    Flags (estimated, provisional, confidential...) are kept with each value; confidential
    cells are stored as missing with their flag.
    """
    setup_django()
    from clustera.errors import ClusteraError
    from clustera.observatory import services

    wanted = _filters(filters)
    try:
        table, code, provenance = _read_source(source)
        for dimension, values in wanted.items():
            if dimension not in table.columns:
                raise click.BadParameter(
                    f"the table has no dimension {dimension!r}", param_hint="--filter"
                )
            table = table[table[dimension].astype(str).isin(values)]
        frame = services.observations_from_eurostat(
            table, region=region_column, category=category_column
        )
        last_update = str(
            table.attrs.get("last_update", "") or (provenance.last_update if provenance else "")
        )
        info = services.DatasetInfo(
            title=title or code,
            unit=unit,
            kind=kind,
            dimension="activity",
            scheme=scheme,
            nuts_version=nuts_version,
            last_update=_date(last_update),
            **_eurostat_terms(code, provenance),
        )
        with step_progress(f"Loading {code}") as progress:
            dataset = services.load_observations(frame, info, progress=progress)
            if compute:
                services.compute_dataset(dataset, progress=progress)
    except ClusteraError as exc:
        console.print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
        console.print("nothing was written", highlight=False)
        sys.exit(1)
    click.echo(f"dataset {dataset.code} version {dataset.version}: {dataset.rows} observations")


@load.command("input-output")
@click.argument("source")
@click.option(
    "--geo", required=True, help="Country or aggregate of the table, e.g. EU27_2020 or DE."
)
@click.option(
    "--year", type=int, default=None, help="Year of the table (default: the latest with values)."
)
@click.option("--unit", default="MIO_EUR", show_default=True, help="Unit to keep.")
@click.option(
    "--stk-flow",
    default="TOTAL",
    show_default=True,
    help="TOTAL (domestic and imported), DOM or IMP.",
)
def load_input_output(source: str, geo: str, year: int | None, unit: str, stk_flow: str) -> None:
    """Load SOURCE, a Eurostat input-output table (a file, or a code to fetch such as naio_10_cp1700).

    Its flows between CPA products become the value-chain links of partner
    suggestions (a new version of the table each time; the previous one is kept).
    """
    setup_django()
    from clustera.errors import ClusteraError
    from clustera.io import input_output_flows
    from clustera.observatory import services

    try:
        table, code, provenance = _read_source(source)
        flows = input_output_flows(table, geo=geo, year=year, unit=unit, stk_flow=stk_flow)
        info = services.InputOutputInfo(
            geo=geo,
            year=int(flows.attrs["year"]),
            scheme="CPA2008",
            unit=str(flows.attrs["unit"]),
            title=f"Symmetric input-output table {code}, {geo} {flows.attrs['year']}",
            **_eurostat_terms(code, provenance),
        )
        loaded = services.load_input_output(flows, info)
    except ClusteraError as exc:
        console.print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
        console.print("nothing was written", highlight=False)
        sys.exit(1)
    click.echo(
        f"input-output table {loaded.code} {loaded.geo} {loaded.year} version {loaded.version}: "
        f"{loaded.rows} flows"
    )


def _date(text: str) -> dt.date | None:
    for candidate in (text[:10], text):
        try:
            return dt.date.fromisoformat(candidate)
        except ValueError:
            continue
    return None
