"""``clustera events``: B2B meeting schedules on files, outside any database."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import click

__all__ = ["events"]


@click.group()
def events() -> None:
    """Events and B2B matchmaking: generate instances, schedule meetings."""


@events.command()
@click.argument("instance", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds; the best schedule found by then is written.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="SCHEDULE.json to write.",
)
@click.option(
    "--method",
    type=click.Choice(["clustera", "greedy", "cpsat"]),
    default="clustera",
    show_default=True,
    help="clustera, the greedy baseline, or plain CP-SAT.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option(
    "--workers", type=click.IntRange(min=1), default=2, show_default=True, help="CP-SAT workers."
)
def schedule(
    instance: Path, time_limit: float, out: Path, method: str, seed: int, workers: int
) -> None:
    """Schedule the requested meetings of INSTANCE.json: weight first, then fewest idle slots."""
    from clustera.errors import ClusteraError
    from clustera.scheduling import Instance, solve
    from clustera.scheduling._solve import Method

    try:
        event = Instance.read(instance)
        result = solve(event, time_limit, cast(Method, method), seed=seed, workers=workers)
    except ClusteraError as error:
        raise click.ClickException(str(error)) from error
    result.schedule.write(out)
    click.echo(f"weight      {result.weight}")
    click.echo(f"LP bound    {result.bound:.1f}")
    click.echo(f"gap         {100 * result.gap:.2f} %")
    click.echo(f"idle slots  {result.idle_slots}")
    click.echo(f"meetings    {result.meetings}")
    click.echo(f"time        {result.seconds:.1f} s ({method}); written to {out}")


@events.command()
@click.option("--participants", type=click.IntRange(min=1), default=3000, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--slots",
    type=click.IntRange(min=1),
    default=None,
    help="Number of 20-minute slots (default: drawn from 16-18).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="INSTANCE.json to write.",
)
def generate(participants: int, seed: int, slots: int | None, out: Path) -> None:
    """Write a generated event (heavy-tailed requests, partial availability) as INSTANCE.json."""
    from clustera.scheduling import generate_instance

    instance = generate_instance(participants, seed, slots=slots)
    instance.write(out)
    click.echo(
        f"{len(instance.participants)} participants, {len(instance.slots)} slots, "
        f"{instance.tables} tables, {len(instance.requests)} requests written to {out}"
    )


@events.command("expire-requests")
def expire_requests_command() -> None:
    """Expire unanswered meeting requests and remind receivers a day before (run it hourly,
    e.g. from cron; running it twice changes nothing)."""
    from clustera.cli.django_setup import setup_django

    setup_django()
    from clustera.events.services import expire_requests

    figures = expire_requests()
    click.echo(f"reminded {figures['reminded']}, expired {figures['expired']}")


@events.command("export-instance")
@click.argument("event_id", type=int)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="INSTANCE.json."
)
def export_instance_command(event_id: int, out: Path) -> None:
    """Write an event's scheduling instance (from the database) for `clustera events schedule`."""
    from clustera.cli.django_setup import setup_django

    setup_django()
    from clustera.events.meeting_plan import build_instance
    from clustera.events.models import Event

    found = Event.objects.filter(pk=event_id).first()
    if found is None:
        raise click.ClickException(f"no event with id {event_id}")
    instance = build_instance(found)
    instance.write(out)
    click.echo(
        f"{len(instance.participants)} participants, {len(instance.requests)} requests, "
        f"{len(instance.slots)} slots, {instance.tables} tables; written to {out}"
    )
