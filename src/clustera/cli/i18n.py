"""``clustera i18n``: extract an app's strings into its catalogues, compile, check."""

from __future__ import annotations

import sys

import click

from clustera.cli.django_setup import setup_django
from clustera.portal import catalogues


@click.group()
def i18n() -> None:
    """Translation catalogues (src/clustera/locale/<app>/<lang>/LC_MESSAGES/django.po)."""


@i18n.command("extract")
@click.option(
    "--app",
    "apps",
    multiple=True,
    type=click.Choice(catalogues.APPS),
    help="The app whose strings to extract (repeatable; default: every app).",
)
def extract(apps: tuple[str, ...]) -> None:
    """Extract marked strings into the app's French and German catalogues (keeps translations).

    Needs GNU gettext's xgettext (Debian package gettext).
    """
    setup_django()
    for app in apps or catalogues.APPS:
        for path in catalogues.extract(app):
            report = catalogues.check(app, path.parent.parent.name)
            click.echo(f"{path}: {report.translated}/{report.total} translated")


@i18n.command("compile")
@click.option("--stale", is_flag=True, help="Only catalogues newer than their .mo.")
def compile_(stale: bool) -> None:
    """Compile every catalogue to .mo (Babel; no msgfmt needed)."""
    for path in catalogues.compile_all(only_stale=stale):
        click.echo(f"compiled {path}")


@i18n.command("check")
@click.option(
    "--extract/--no-extract", "fresh", default=True, help="Compare with a fresh extraction."
)
def check(fresh: bool) -> None:
    """The completeness check of ``make test``: exit 1 on any problem."""
    if fresh:
        setup_django()
    failed = False
    for app in catalogues.APPS:
        template = catalogues.extract_template(app) if fresh else None
        for language in catalogues.TRANSLATED:
            report = catalogues.check(app, language, template)
            click.echo(f"{app} {language}: {report.translated}/{report.total} ({report.share:.1%})")
            for problem in report.problems:
                failed = True
                click.echo(f"  {problem}", err=True)
    sys.exit(1 if failed else 0)
