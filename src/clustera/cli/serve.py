"""``clustera serve``: the portal with a production WSGI server (waitress), its supervised task
worker and the periodic-job scheduler (:mod:`clustera.portal.periodic`)."""

from __future__ import annotations

import os
import sys

import click

from clustera.cli.django_setup import setup_django


def serve_wsgi(host: str, port: int, threads: int = 8, worker: bool = True) -> None:
    """Serve the portal until interrupted; a background-task worker runs beside it."""
    from waitress import serve

    from clustera.portal.periodic import PeriodicScheduler
    from clustera.portal.task_worker import WorkerSupervisor
    from clustera.portal.wsgi import application

    supervisor = None
    scheduler = None
    if worker:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get(
                "DJANGO_SETTINGS_MODULE", "clustera.portal.settings.base"
            ),
        }
        supervisor = WorkerSupervisor(
            [sys.executable, "-m", "django", "db_worker", "--queue-name", "*"], env=env
        )
        supervisor.start()
        scheduler = PeriodicScheduler()
        scheduler.start()
    try:
        serve(application, host=host, port=port, threads=threads, ident="clustera")
    finally:
        if scheduler is not None:
            scheduler.stop()
        if supervisor is not None:
            supervisor.stop()


@click.command()
@click.option(
    "--port",
    type=int,
    default=lambda: int(os.environ.get("PORT", "8000")),
    show_default="$PORT or 8000",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--threads", type=int, default=8, show_default=True)
@click.option("--no-worker", is_flag=True, help="Do not start the background-task worker.")
def serve(port: int, host: str, threads: int, no_worker: bool) -> None:
    """Serve the portal and run its background tasks (run `clustera demo run` once first)."""
    setup_django()
    serve_wsgi(host, port, threads, worker=not no_worker)
