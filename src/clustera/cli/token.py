"""``clustera token``: API bearer tokens."""

from __future__ import annotations

import sys

import click

from clustera.cli.django_setup import setup_django


@click.group()
def token() -> None:
    """Issue API tokens for scripts and notebooks."""


@token.command("create")
@click.argument("username")
@click.option("--name", default="cli", show_default=True, help="A label to recognise the token by.")
def create(username: str, name: str) -> None:
    """Create a token for USERNAME and print it (it is shown only once)."""
    setup_django()
    from django.contrib.auth import get_user_model

    from clustera.accounts.models import ApiToken

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        click.echo(f"error: no user named {username!r}", err=True)
        sys.exit(1)
    _, clear = ApiToken.issue(user, name)
    click.echo(clear)
