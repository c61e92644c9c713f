"""``clustera registry``: import and export the registry."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from clustera.cli.django_setup import setup_django
from clustera.cli.progress import console, step_progress


@click.group()
def registry() -> None:
    """Import and export registry data (organisations, clusters, offers, services...)."""


@registry.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "--table", help="Table of a CSV file when its header does not tell (e.g. organisations)."
)
@click.option("--dry-run", is_flag=True, help="Validate everything, write nothing.")
def import_command(source: Path, table: str | None, dry_run: bool) -> None:
    """Import SOURCE (CSV, JSON, or a folder of <table>.csv) in one transaction.

    Either every row lands or none does; each error names the file, line, field
    and value. The schema is in docs/registry-schema.md.
    """
    setup_django()
    from clustera.errors import InvalidInputError
    from clustera.registry.exchange_files import read_exchange
    from clustera.registry.importing import ImportFailed, import_tables

    try:
        tables = read_exchange(source, table)
        with step_progress("Importing") as progress:
            report = import_tables(tables, dry_run=dry_run, progress=progress)
    except (ImportFailed, InvalidInputError) as exc:
        console.print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
        if not isinstance(exc, ImportFailed):
            console.print("nothing was written", highlight=False)
        sys.exit(1)
    prefix = "dry run, nothing written: " if dry_run else ""
    click.echo(f"{prefix}{report.summary()}")


@registry.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "parquet"]),
    default="json",
    show_default=True,
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="A file (JSON, or one --table), or a folder that receives one file per table.",
)
@click.option("--table", help="Export only this table.")
@click.option("--no-contacts", is_flag=True, help="Leave out contacts (personal data).")
def export_command(fmt: str, out: Path, table: str | None, no_contacts: bool) -> None:
    """Export the registry in the exchange schema; re-importing it round-trips."""
    setup_django()
    from clustera.registry.exporting import export_to
    from clustera.registry.schema import TABLES_BY_NAME

    if table is not None and table not in TABLES_BY_NAME:
        raise click.BadParameter(
            f"unknown table {table!r}; expected one of {', '.join(TABLES_BY_NAME)}"
        )
    for path in export_to(out, fmt, table=table, include_contacts=not no_contacts):
        click.echo(str(path))


@registry.command("import-cordis")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate everything, write nothing.")
def import_cordis_command(source: Path, dry_run: bool) -> None:
    """Import CORDIS projects, organisations and participations as collaboration history.

    SOURCE is the official bulk zip (or its folder), or a folder with projects.csv,
    organisations.csv and participations.csv. Fetch it with `clustera data fetch cordis`.
    """
    setup_django()
    from clustera.errors import InvalidInputError
    from clustera.io.cordis import read_cordis
    from clustera.registry.cordis import cordis_exchange_tables
    from clustera.registry.importing import ImportFailed, import_tables

    try:
        tables = cordis_exchange_tables(read_cordis(source))
        with step_progress("Importing CORDIS") as progress:
            report = import_tables(tables, dry_run=dry_run, progress=progress)
    except (ImportFailed, InvalidInputError) as exc:
        console.print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
        sys.exit(1)
    click.echo(("dry run, nothing written: " if dry_run else "") + report.summary())


def _add_load_group() -> None:
    from clustera.cli.reference import load

    registry.add_command(load)


_add_load_group()
