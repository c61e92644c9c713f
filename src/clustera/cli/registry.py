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


def _run_import(importer_name: str, source: Path, dry_run: bool, **options: str) -> None:
    """Read SOURCE with a registered importer, then land its tables all or none."""
    from clustera.errors import InvalidInputError
    from clustera.registry.exchange_files import load_importer
    from clustera.registry.importing import ImportFailed, import_tables

    try:
        tables = load_importer(importer_name)(source, **options)
        with step_progress("Importing") as progress:
            report = import_tables(tables, dry_run=dry_run, progress=progress)
    except (ImportFailed, InvalidInputError) as exc:
        console.print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
        if not isinstance(exc, ImportFailed):
            console.print("nothing was written", highlight=False)
        sys.exit(1)
    prefix = "dry run, nothing written: " if dry_run else ""
    click.echo(f"{prefix}{report.summary()}")


@registry.command("importers")
def importers_command() -> None:
    """List the importers installed under the clustera.importers entry-point group."""
    setup_django()  # an importer's module may use the registry's models
    from clustera.registry.exchange_files import IMPORTER_GROUP, importer_names, load_importer

    for name in importer_names():
        summary = (load_importer(name).__doc__ or "").strip().splitlines()
        click.echo(f"{name:<16}{summary[0] if summary else ''}")
    click.echo(f"(entry-point group {IMPORTER_GROUP!r})", err=True)


@registry.command("import")
@click.argument("source", type=click.Path(path_type=Path), required=False)
@click.option(
    "--table", help="Table of a CSV file when its header does not tell (e.g. organisations)."
)
@click.option(
    "--importer",
    "importer_name",
    default="exchange",
    show_default=True,
    help="A registered importer (`clustera registry importers` lists them).",
)
@click.option("--dry-run", is_flag=True, help="Validate everything, write nothing.")
@click.option(
    "--cleanup",
    is_flag=True,
    help="Delete what crashed imports left in the staging table (alone, or before SOURCE).",
)
def import_command(
    source: Path | None, table: str | None, importer_name: str, dry_run: bool, cleanup: bool
) -> None:
    """Import SOURCE (CSV, JSON, or a folder of <table>.csv), all or nothing.

    Either every row lands or none does; each error names the file, line, field
    and value. Rows are written in short batches into a staging table and moved
    into the registry at the end, so the portal keeps answering during an import
    and a crash leaves nothing half-imported (the next import, or --cleanup,
    deletes its leftovers). The schema is in docs/registry-schema.md; other
    formats come in through --importer (see docs/extending.md).
    """
    if table is not None and importer_name != "exchange":
        raise click.UsageError("--table applies to the exchange importer only")
    if source is None and not cleanup:
        raise click.UsageError("give a SOURCE to import, or --cleanup")
    setup_django()
    if cleanup:
        _cleanup()
    if source is not None:
        _run_import(importer_name, source, dry_run, **({"table_name": table} if table else {}))


def _cleanup() -> None:
    from clustera.registry.importing import remove_dead_runs
    from clustera.registry.staging_models import ImportRun

    runs, rows = remove_dead_runs()
    click.echo(f"removed {runs} crashed import(s) and {rows} staged row(s)")
    for run in ImportRun.objects.all():
        click.echo(f"still running: {run} since {run.started:%Y-%m-%d %H:%M:%S}")


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
    _run_import("cordis", source, dry_run)


def _add_load_group() -> None:
    from clustera.cli.reference import load

    registry.add_command(load)


_add_load_group()
