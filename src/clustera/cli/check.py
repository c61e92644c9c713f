"""``clustera check``: Django's system checks on the deployment settings."""

from __future__ import annotations

import click

from clustera.cli.django_setup import setup_django


@click.command()
@click.option("--deploy", is_flag=True, help="Also the checks for a production deployment.")
@click.option(
    "--fail-level",
    type=click.Choice(["CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"]),
    default="WARNING",
    show_default=True,
    help="Exit with status 1 on a message of this level or above.",
)
def check(deploy: bool, fail_level: str) -> None:
    """Check the settings read from the environment (docs/settings.md); exit 1 on a problem."""
    setup_django()
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=deploy, fail_level=fail_level)
    except SystemCheckError as exc:
        raise click.ClickException(str(exc).strip()) from None
