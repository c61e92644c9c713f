"""``clustera report``: assessment reports of the observatory (PDF or HTML)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from clustera.cli.django_setup import setup_django
from clustera.cli.progress import console, step_progress


@click.group()
def report() -> None:
    """Assessment reports built from the observatory's stored indicators."""


@report.command("region")
@click.argument("code")
@click.option(
    "--format", "fmt", type=click.Choice(["pdf", "html"]), default="pdf", show_default=True
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write.",
)
@click.option(
    "--nuts-version", default=None, help="Region code version when the code is ambiguous."
)
def region_command(code: str, fmt: str, out: Path, nuts_version: str | None) -> None:
    """Write the assessment report of region CODE: key figures, peers, stars, S3 diagram, sources."""
    setup_django()
    from clustera.errors import UnknownCodeError
    from clustera.observatory.reports import write_report

    try:
        with step_progress(f"Report of {code}") as progress:
            write_report(code, fmt, out, progress, nuts_version=nuts_version)
    except UnknownCodeError as error:
        console.print(f"[red]error:[/red] {error}")
        sys.exit(1)
    click.echo(f"wrote {out}")


@report.command("partnership")
@click.argument("partnership_id", type=int)
@click.option(
    "--format", "fmt", type=click.Choice(["pdf", "html"]), default="pdf", show_default=True
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: partnership-ID.pdf or .html).",
)
def partnership_command(partnership_id: int, fmt: str, out: Path | None) -> None:
    """Write the dossier of partnership ID: strategy, roadmap, value chain, pilots, financing."""
    setup_django()
    from clustera.errors import InvalidInputError
    from clustera.partnerships.dossier import write_dossier

    target = out or Path(f"partnership-{partnership_id}.{fmt}")
    try:
        write_dossier(partnership_id, fmt, target)
    except InvalidInputError as error:
        console.print(f"[red]error:[/red] {error}")
        sys.exit(1)
    click.echo(f"wrote {target}")
