"""``clustera backup``: whole-portal backups (database, media, fitted models) and restores."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape

from clustera.cli.django_setup import setup_django
from clustera.cli.progress import console


@click.group()
def backup() -> None:
    """Back up and restore everything: users, roles, tokens, registry, observatory, all apps."""


def _size(size: int) -> str:
    value = float(size)
    for unit in ("B", "kB", "MB"):
        if value < 1000:
            return f"{value:,.0f} {unit}" if unit == "B" else f"{value:,.1f} {unit}"
        value /= 1000
    return f"{value:,.1f} GB"


@backup.command("create")
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The backup file (default: $CLUSTERA_DATA_DIR/backups/clustera-<UTC timestamp>.tar.gz).",
)
def create_command(out: Path | None) -> None:
    """Write one backup file while the portal keeps serving; print its path, size and rows."""
    setup_django()
    from clustera.errors import ClusteraError
    from clustera.portal.backup import create_backup

    try:
        summary = create_backup(out)
    except ClusteraError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(1)
    click.echo(str(summary.path))
    click.echo(
        f"{_size(summary.size)}, {len(summary.tables)} tables, {summary.rows:,} rows, "
        f"{summary.files} files"
    )


@backup.command("restore")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--yes", is_flag=True, help="Replace a database that is not empty without asking.")
@click.option(
    "--no-safety-backup",
    is_flag=True,
    help="Do not back up the data being replaced first (by default it goes to "
    "$CLUSTERA_DATA_DIR/backups/clustera-pre-restore-<UTC timestamp>.tar.gz).",
)
def restore_command(file: Path, yes: bool, no_safety_backup: bool) -> None:
    """Replace the database, media and models by FILE's, then migrate forward.

    Stop the portal first. Nothing changes unless the whole file checks out.
    """
    setup_django()
    from clustera.errors import ClusteraError, InvalidInputError
    from clustera.portal.backup import read_manifest, restore_backup

    try:
        if not yes and sys.stdin.isatty():
            manifest = read_manifest(file)
            yes = click.confirm(
                f"Replace the whole database and data folders by the backup of "
                f"{manifest.get('created_at')}?",
                default=False,
            )
        summary = restore_backup(file, overwrite=yes, safety_backup=not no_safety_backup)
    except InvalidInputError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        console.print("nothing was changed", highlight=False, soft_wrap=True)
        sys.exit(1)
    except ClusteraError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(1)
    click.echo(
        f"restored {summary.path} ({summary.engine}, taken {summary.created_at}): "
        f"{len(summary.tables)} tables, {summary.rows:,} rows"
    )
    if summary.safety_backup is not None:
        click.echo(f"the replaced data is kept in {summary.safety_backup}")
    if summary.migrated:
        click.echo(f"migrated forward: {', '.join(summary.migrated)}")
