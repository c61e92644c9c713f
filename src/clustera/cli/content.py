"""``clustera content``: import external feeds and send the follow digests."""

from __future__ import annotations

import sys

import click

from clustera.cli.django_setup import setup_django


@click.group()
def content() -> None:
    """News, case studies and publications: feeds and digests."""


@content.command("import-feed")
@click.argument("sources", nargs=-1)
@click.option("--organisation", type=int, help="Id of the organisation the news belongs to.")
@click.option("--registered", is_flag=True, help="Import every registered external feed.")
def import_feed(sources: tuple[str, ...], organisation: int | None, registered: bool) -> None:
    """Import RSS/Atom feeds (URLs or files) as news; known entries are skipped.

    A broken feed is reported and the others are still imported; the exit code is 1 if any
    feed failed.
    """
    setup_django()
    from clustera.content import feed_import
    from clustera.registry.models import Organisation

    result = feed_import.FeedImport()
    if sources:
        owner = Organisation.objects.filter(pk=organisation).first() if organisation else None
        if owner is None:
            click.echo("error: --organisation must name an existing organisation id", err=True)
            sys.exit(2)
        for source in sources:
            before = len(result.errors)
            feed_import.import_feed(source, owner, result)
            if len(result.errors) > before:
                result.errors[before] = f"{source}: {result.errors[before]}"
    if registered:
        other = feed_import.import_registered_feeds()
        result.created += other.created
        result.skipped += other.skipped
        result.errors += other.errors
    click.echo(f"{result.created} imported, {result.skipped} already known")
    for error in result.errors:
        click.echo(f"error: {error}", err=True)
    if result.errors:
        sys.exit(1)


@content.command("send-digests")
@click.option("--period", type=click.Choice(["daily", "weekly"]), required=True)
def send_digests(period: str) -> None:
    """E-mail the digest of followed organisations, regions and technologies."""
    setup_django()
    from clustera.content import digests

    run = digests.send_digests(period)
    click.echo(f"{run.sent} digest(s) sent, {run.empty} user(s) with nothing new")
