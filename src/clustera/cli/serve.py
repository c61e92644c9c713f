"""``clustera serve``: the portal on gunicorn (gthread workers) with its supervised task worker
and periodic-job scheduler (:mod:`clustera.portal.periodic`).

Why gunicorn with threaded workers (docs/operations/serving.md): a Django page spends its time
in Python (templates, ORM) and in the database, so one process per core beats the GIL, and
threads inside each process keep a core busy while a request waits on SQLite or PostgreSQL.
The master restarts a worker that dies or hangs (``timeout``), and a worker is recycled after
``max_requests`` so memory cannot creep. Waitress (the previous server) is one process: all
requests shared one GIL, which capped the demo at 15-20 requests/s on two cores. Granian is
fast but its workers are Rust threads calling into one interpreter per process as well, and it
ships a compiled binary per platform; gunicorn is pure Python, on PyPI for 15 years, and what
Django's deployment guide describes. Gunicorn needs ``fork`` (Linux, macOS); on Windows
``clustera serve --server waitress`` keeps the old server.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from clustera.cli.django_setup import setup_django


def default_workers() -> int:
    """One worker process per core (at least two, at most eight).

    Not more: a page, or a page-cache hit, is Python work under each process's GIL, so a third
    process on two cores only adds switching; the 8 threads of each process cover the waits on
    the database and on the cache's files (docs/operations/serving.md)."""
    return max(2, min(8, os.cpu_count() or 2))


class _Background:
    """The task worker and the periodic-job scheduler (``clustera tasks scheduler``), each in its
    own supervised process, started and stopped together. The scheduler is a process rather than
    a thread of the server so that gunicorn's master never forks with a thread running."""

    def __init__(self) -> None:
        from clustera.portal.task_worker import WorkerSupervisor

        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get(
                "DJANGO_SETTINGS_MODULE", "clustera.portal.settings.base"
            ),
        }
        self.worker = WorkerSupervisor(
            [sys.executable, "-m", "django", "db_worker", "--queue-name", "*"], env=env
        )
        self.scheduler = WorkerSupervisor(
            [sys.executable, "-m", "clustera.cli", "tasks", "scheduler"],
            env=env,
            on_restart=lambda reason: 0,  # a scheduler holds no job: nothing to fail
        )

    def start(self) -> None:
        self.worker.start()
        self.scheduler.start()

    def stop(self) -> None:
        self.scheduler.stop()
        self.worker.stop()


def gunicorn_options(host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    """Gunicorn's settings for the portal (documented in docs/operations/serving.md)."""
    return {
        "bind": f"{host}:{port}",
        "worker_class": "gthread",
        "workers": workers,
        "threads": threads,
        # queued connections while every thread is busy (200 clients at once fit)
        "backlog": 2048,
        "timeout": 60,  # a worker silent this long is killed and replaced
        "graceful_timeout": 20,  # on stop, requests in flight get this long to finish
        # an idle keep-alive connection waits in gthread's poller (no thread) this long. At 5 s
        # a loaded server closed connections the client was reusing: bench/load.py, 200
        # clients, --think 2, 5 minutes: 34 resets of 8,958 requests (29.9/s, p95 10.9 s,
        # load 11-22); at 30 s: 0 of 13,483 (44.9/s, p95 6.3 s, load 16-19), fewer reconnects
        "keepalive": 30,
        # recycle a worker now and then against memory creep, but rarely: a recycled worker
        # closes its keep-alive connections (clients see resets) and starts with cold template
        # caches; at 200 requests/s, 5,000 recycled each worker every minute or so
        "max_requests": 100_000,
        "max_requests_jitter": 10_000,
        "preload_app": True,  # Django loads once; workers share its memory
        "proc_name": "clustera",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }


def serve_gunicorn(
    host: str, port: int, workers: int | None = None, threads: int = 8, worker: bool = True
) -> None:
    """Serve the portal until SIGINT/SIGTERM; a supervised background-task worker runs beside."""
    from django import db
    from gunicorn.app.base import BaseApplication

    supervisor = _Background() if worker else None

    class _Portal(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options = gunicorn_options(host, port, workers or default_workers(), threads)
            for key, value in options.items():
                self.cfg.set(key, value)
            self.cfg.set("pre_fork", lambda server, w: db.connections.close_all())
            if supervisor is not None:
                self.cfg.set("when_ready", lambda server: supervisor.start())
                self.cfg.set("on_exit", lambda server: supervisor.stop())

        def load(self) -> Any:
            from clustera.portal.wsgi import application

            return application

    _Portal().run()


def serve_waitress(host: str, port: int, threads: int = 8, worker: bool = True) -> None:
    """The single-process server, for platforms without ``fork``."""
    from waitress import serve as waitress_serve

    from clustera.portal.wsgi import application

    supervisor = _Background() if worker else None
    if supervisor is not None:
        supervisor.start()
    try:
        waitress_serve(application, host=host, port=port, threads=threads, ident="clustera")
    finally:
        if supervisor is not None:
            supervisor.stop()


def serve_wsgi(
    host: str,
    port: int,
    threads: int = 8,
    worker: bool = True,
    workers: int | None = None,
    server: str = "gunicorn",
) -> None:
    """Serve the portal with ``server`` (gunicorn where the platform can fork)."""
    if server == "gunicorn" and hasattr(os, "fork"):
        serve_gunicorn(host, port, workers, threads, worker)
    else:
        serve_waitress(host, port, threads, worker)


@click.command()
@click.option(
    "--port",
    type=int,
    default=lambda: int(os.environ.get("PORT", "8000")),
    show_default="$PORT or 8000",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes [default: one per core, 2 to 8].",
)
@click.option("--threads", type=click.IntRange(1, 256), default=8, show_default=True)
@click.option(
    "--server",
    type=click.Choice(["gunicorn", "waitress"]),
    default="gunicorn",
    show_default=True,
    help="waitress: one process, for platforms without fork (Windows).",
)
@click.option("--no-worker", is_flag=True, help="Do not start the background-task worker.")
def serve(
    port: int, host: str, workers: int | None, threads: int, server: str, no_worker: bool
) -> None:
    """Serve the portal and run its background tasks (run `clustera demo run` once first)."""
    setup_django()
    _collect_static_once()
    serve_wsgi(host, port, threads, worker=not no_worker, workers=workers, server=server)


def _collect_static_once() -> None:
    """Collect the static files when they never were (their manifest names the hashed files)."""
    from django.conf import settings
    from django.core.management import call_command

    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
