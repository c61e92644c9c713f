"""``clustera serve``: serve the portal with a production WSGI server (waitress)."""

from __future__ import annotations

import os

import click

from clustera.cli.django_setup import setup_django


def serve_wsgi(host: str, port: int, threads: int = 8) -> None:
    """Serve the portal until interrupted."""
    from waitress import serve

    from clustera.portal.wsgi import application

    serve(application, host=host, port=port, threads=threads, ident="clustera")


@click.command()
@click.option("--port", type=int, default=lambda: int(os.environ.get("PORT", "8000")), show_default="$PORT or 8000")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--threads", type=int, default=8, show_default=True)
def serve(port: int, host: str, threads: int) -> None:
    """Serve the portal (run `clustera demo run` once first, or migrate yourself)."""
    setup_django()
    serve_wsgi(host, port, threads)
