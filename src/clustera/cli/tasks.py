"""``clustera tasks``: the periodic jobs every app declares, listed and enqueued on demand."""

from __future__ import annotations

import click

from clustera.cli.django_setup import setup_django


@click.group()
def tasks() -> None:
    """Background and periodic tasks."""


@tasks.command("periodic")
def periodic() -> None:
    """List the declared periodic jobs, how often they run and whether one is due now."""
    setup_django()
    from clustera.portal.periodic import declared_jobs, due_jobs

    jobs = declared_jobs()
    due = {job.label for job in due_jobs(jobs=jobs)}
    for job in jobs:
        state = "due" if job.label in due else "not due"
        click.echo(f"{job.label}\tevery {job.every}\t{state}")


@tasks.command("tick")
def tick_command() -> None:
    """Enqueue every periodic job that is due (for cron, when `clustera serve` does not tick)."""
    setup_django()
    from clustera.portal.periodic import tick

    labels = tick()
    click.echo(
        f"enqueued {len(labels)} periodic job(s)" + (": " + ", ".join(labels) if labels else "")
    )


@tasks.command("scheduler")
@click.option("--interval", type=click.FloatRange(0.1, 3600), default=60.0, show_default=True)
def scheduler_command(interval: float) -> None:
    """Enqueue due periodic jobs every INTERVAL seconds until stopped (`clustera serve` runs it)."""
    import signal

    setup_django()
    from clustera.portal.periodic import PeriodicScheduler

    scheduler = PeriodicScheduler(interval=interval)
    signal.signal(signal.SIGTERM, lambda *_: scheduler.request_stop())
    try:
        scheduler.run()
    except KeyboardInterrupt:
        pass
