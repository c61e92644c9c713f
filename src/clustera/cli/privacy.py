"""``clustera privacy``: a person's data exported or erased on request (for platform admins)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from clustera.cli.django_setup import setup_django


def _user(username: str) -> object:
    from django.contrib.auth import get_user_model

    found = get_user_model()._default_manager.filter(username=username).first()
    if found is None:
        raise click.ClickException(f"no account with the user name {username!r}")
    return found


@click.group()
def privacy() -> None:
    """Personal-data rights: export a person's data, erase it."""


@privacy.command("export")
@click.argument("username")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="JSON file to write.")
def export_command(username: str, out: Path | None) -> None:
    """Write everything kept about USERNAME as JSON (to --out, or the standard output)."""
    setup_django()
    from django.core.serializers.json import DjangoJSONEncoder

    from clustera.portal.privacy import export_person

    text = json.dumps(export_person(_user(username)), cls=DjangoJSONEncoder, indent=2)
    if out is None:
        sys.stdout.write(text + "\n")
    else:
        out.write_text(text + "\n", encoding="utf-8")
        click.echo(f"wrote {out}", err=True)


@privacy.command("erase")
@click.argument("username")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def erase_command(username: str, yes: bool) -> None:
    """Erase USERNAME's account and personal data (on the person's request)."""
    setup_django()
    from clustera.portal.privacy import erase_person

    user = _user(username)
    if not yes:
        click.confirm(f"Erase the account {username!r} and its personal data for good?", abort=True)
    counts = erase_person(user)
    click.echo("erased: " + ", ".join(f"{kind} {n}" for kind, n in counts.items()))
