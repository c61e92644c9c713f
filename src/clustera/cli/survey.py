"""``clustera survey``: import and export survey forms and responses."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from clustera.cli.django_setup import setup_django

__all__ = ["survey"]


@click.group()
def survey() -> None:
    """Surveys: XLSForm definitions in and out, responses out (CSV, XLSX, JSON, SPSS) and in."""


def _fail(error: Exception) -> None:
    click.echo(f"error: {error}", err=True)
    click.echo("nothing was written", err=True)
    sys.exit(1)


def _survey(slug: str) -> Any:
    from clustera.surveys.models import Survey

    found = Survey.objects.filter(slug=slug).first()
    if found is None:
        _fail(LookupError(f"no survey with slug {slug!r}"))
    return found


@survey.command("import-form")
@click.argument("form", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", help="Survey slug (defaults to the form's form_id).")
@click.option("--draft", is_flag=True, help="Keep the survey as a draft (not open for answers).")
def import_form(form: Path, slug: str | None, draft: bool) -> None:
    """Import FORM (an XLSForm .xlsx, or pyxform's .md layout) as a survey or a new version."""
    setup_django()
    from clustera.errors import InvalidInputError
    from clustera.surveys import services

    try:
        version = services.import_form(form, slug=slug, draft=draft)
    except InvalidInputError as error:
        _fail(error)
        return
    click.echo(f"{version.survey.slug}: version {version.number} ({version.survey.status})")


@survey.command("export-form")
@click.argument("slug")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_form(slug: str, out: Path) -> None:
    """Write survey SLUG's newest version as an XLSForm workbook."""
    setup_django()
    from clustera.surveys import exchange

    exchange.export_form(_survey(slug), out)
    click.echo(f"wrote {out}")


@survey.command("export")
@click.argument("slug")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "json", "sav"]),
    default="csv",
    show_default=True,
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--labels", is_flag=True, help="Choice labels instead of choice names.")
def export(slug: str, fmt: str, out: Path, labels: bool) -> None:
    """Write survey SLUG's complete responses, one row per response, one column per question."""
    setup_django()
    from clustera.surveys import exchange

    count = exchange.export_responses(_survey(slug), out, fmt, labels=labels)  # type: ignore[arg-type]
    click.echo(f"wrote {count} responses to {out}")


@survey.command("import-responses")
@click.argument("slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "source", type=click.Choice(["limesurvey", "eusurvey"]), required=True)
def import_responses(slug: str, file: Path, source: str) -> None:
    """Import responses exported from LimeSurvey or EUSurvey (CSV): all or nothing."""
    setup_django()
    from clustera.errors import InvalidInputError
    from clustera.surveys import exchange

    try:
        count = exchange.import_responses(_survey(slug), file, source)  # type: ignore[arg-type]
    except InvalidInputError as error:
        _fail(error)
        return
    click.echo(f"imported {count} responses into {slug}")


@survey.command("purge")
def purge() -> None:
    """Delete responses whose survey's retention period has ended."""
    setup_django()
    from clustera.surveys import services

    click.echo(f"deleted {services.purge_expired()} expired responses")
