"""``clustera registry load``: official reference lists into the registry."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from clustera.cli.django_setup import setup_django
from clustera.cli.progress import console, step_progress


def _import(build: Callable[[], dict[str, list[object]]], what: str) -> None:
    setup_django()
    from clustera.errors import ClusteraError
    from clustera.registry.importing import import_tables

    try:
        tables = build()
        with step_progress(f"Loading {what}") as progress:
            report = import_tables(tables, progress=progress)  # type: ignore[arg-type]
    except (ClusteraError, ValueError) as exc:
        console.print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
        sys.exit(1)
    click.echo(report.summary())


@click.group("load")
def load() -> None:
    """Load official reference lists: NUTS regions, NACE, technologies, ecosystems."""


@load.command("nuts")
@click.option("--year", type=click.Choice(["2016", "2021", "2024"]), required=True)
@click.option(
    "--codes",
    type=click.Path(path_type=Path, exists=True),
    help="GISCO code list (CSV) or NUTS GeoJSON; downloaded when omitted.",
)
@click.option(
    "--geometries",
    type=click.Path(path_type=Path, exists=True),
    multiple=True,
    help="NUTS_RG GeoJSON file(s) with boundaries (any levels).",
)
@click.option(
    "--labels", type=click.Path(path_type=Path, exists=True), help="NUTS_LB label points."
)
@click.option(
    "--level",
    type=click.IntRange(0, 3),
    default=2,
    show_default=True,
    help="Level of the boundaries to download when --codes is omitted.",
)
@click.option(
    "--tolerance",
    type=float,
    default=0.01,
    show_default=True,
    help="Simplification of boundaries for the web, in degrees.",
)
def load_nuts(
    year: str,
    codes: Path | None,
    geometries: tuple[Path, ...],
    labels: Path | None,
    level: int,
    tolerance: float,
) -> None:
    """NUTS regions of one version, with boundaries (© EuroGeographics)."""
    import pandas as pd

    from clustera.regions import nuts_regions_table, read_nuts_codes, read_nuts_geojson
    from clustera.registry.reference_lists import nuts_tables

    def build() -> dict[str, list[object]]:
        if codes is None:
            from clustera.io.fetch import fetch_nuts

            code_list, shapes, _ = fetch_nuts(int(year), level)
            table = nuts_regions_table(code_list, shapes, tolerance=tolerance)
        else:
            code_list = read_nuts_codes(codes, year)
            boundaries = (
                pd.concat([read_nuts_geojson(g) for g in geometries]) if geometries else None
            )
            points = read_nuts_geojson(labels) if labels else None
            table = nuts_regions_table(code_list, boundaries, points, tolerance=tolerance)
        return nuts_tables(table)  # type: ignore[return-value]

    _import(build, f"NUTS {year}")


@load.command("nace")
@click.argument("path", type=click.Path(path_type=Path, exists=True))
def load_nace(path: Path) -> None:
    """NACE Rev. 2 (RAMON export) or Rev. 2.1 code list, stored with dotted codes."""
    from clustera.registry.reference_lists import nace_tables
    from clustera.taxonomies import read_nace

    _import(lambda: nace_tables(read_nace(path)), "NACE")  # type: ignore[arg-type,return-value]


@load.command("technologies")
@click.argument("path", type=click.Path(path_type=Path, exists=True))
def load_technologies(path: Path) -> None:
    """The KETs, ATI technologies or the 14 industrial ecosystems (list CSV)."""
    from clustera.registry.reference_lists import technology_list_tables
    from clustera.taxonomies import read_technology_list

    _import(lambda: technology_list_tables(read_technology_list(path)), path.name)  # type: ignore[arg-type,return-value]


@load.command("wipo-fields")
@click.argument("path", type=click.Path(path_type=Path, exists=True))
def load_wipo(path: Path) -> None:
    """WIPO's 35 technology fields (IPC concordance CSV)."""
    from clustera.registry.reference_lists import wipo_tables
    from clustera.taxonomies import read_wipo_ipc_concordance

    _import(lambda: wipo_tables(read_wipo_ipc_concordance(path)), "WIPO fields")  # type: ignore[arg-type,return-value]


def _load_labels(read: Callable[[], list[object]], dry_run: bool) -> None:
    setup_django()
    from clustera.errors import ClusteraError
    from clustera.registry.services import load_term_labels

    try:
        labels = read()
        report = load_term_labels(labels, dry_run=dry_run)  # type: ignore[arg-type]
    except ClusteraError as exc:
        console.print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
        console.print("nothing was written", highlight=False)
        sys.exit(1)
    click.echo(f"{'dry run, nothing written: ' if dry_run else ''}{report.summary()}")


@load.command("nace-labels")
@click.argument("path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--language",
    type=click.Choice(["fr", "de"]),
    help="The file's language (required unless it has a Language column).",
)
@click.option(
    "--revision",
    type=click.Choice(["2", "2.1"]),
    help="NACE revision of the file (detected from its sections when omitted).",
)
@click.option("--dry-run", is_flag=True, help="Validate everything, write nothing.")
def load_nace_labels(path: Path, language: str | None, revision: str | None, dry_run: bool) -> None:
    """French or German NACE labels from Eurostat's classification download (CSV).

    Load the codes first (`clustera registry load nace`, English); this adds the
    labels of the same codes in another language. All or nothing.
    """
    from clustera.taxonomies.labels import read_nace_labels

    _load_labels(lambda: read_nace_labels(path, language, revision), dry_run)  # type: ignore[arg-type,return-value]


@load.command("labels")
@click.argument("path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Validate everything, write nothing.")
def load_labels(path: Path, dry_run: bool) -> None:
    """Labels of any taxonomy terms from a CSV `scheme,code,language,label` (fr, de).

    For ecosystems, technologies and S3 priorities (and NACE). All or nothing.
    """
    from clustera.taxonomies.labels import read_label_csv

    _load_labels(lambda: read_label_csv(path), dry_run)  # type: ignore[arg-type,return-value]
