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
    from clustera.accounts import selectors, services
    from clustera.errors import InvalidInputError

    user = selectors.user_named(username)
    if user is None:
        click.echo(f"error: no user named {username!r}", err=True)
        sys.exit(1)
    try:
        _, clear = services.create_token(user, name)
    except (services.NotAllowed, InvalidInputError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(clear)
