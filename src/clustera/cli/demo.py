"""``clustera demo``: the synthetic world and the one-command portal."""

from __future__ import annotations

import os
import secrets
import sys

import click

from clustera.cli.django_setup import setup_django
from clustera.cli.progress import console, step_progress


def _scale(value: str) -> str | int:
    if value in {"small", "medium", "large"}:
        return value
    try:
        number = int(value)
    except ValueError:
        raise click.BadParameter(
            f"expected small, medium, large or a number of organisations, got {value!r}"
        ) from None
    if number < 50:
        raise click.BadParameter(f"at least 50 organisations, got {number}")
    return number


@click.group()
def demo() -> None:
    """The synthetic demo world (fictional countries, regions and organisations)."""


@demo.command("seed")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same world.")
@click.option(
    "--scale",
    default="small",
    show_default=True,
    help="small (~1,500 organisations), medium, large, or a number of organisations.",
)
@click.option(
    "--force", is_flag=True, help="Seed even if the registry already holds organisations."
)
def seed_command(seed: int, scale: str, force: bool) -> None:
    """Generate the synthetic world and load it into the registry."""
    setup_django()
    from clustera.portal.seeding import seed_world
    from clustera.registry.models import Organisation

    if Organisation.objects.exists() and not force:
        console.print(
            "[red]error:[/red] the registry already holds organisations; "
            "use --force to add the synthetic world anyway"
        )
        sys.exit(1)
    with step_progress(f"Seeding synthetic world (seed {seed}, scale {scale})") as progress:
        report = seed_world(seed, _scale(scale), progress=progress)
    click.echo(report.summary())


def _admin_credentials() -> tuple[str, str, bool]:
    """Create the demo admin once; its password is kept beside the database (mode 600)."""
    from django.conf import settings

    from clustera.accounts import selectors, services

    path = settings.DATA_DIR / "admin_password"
    if selectors.user_named("admin") is not None and path.exists():
        return "admin", path.read_text().strip(), False
    password = secrets.token_urlsafe(12)
    services.set_platform_admin("admin", password, email="admin@localhost")
    path.write_text(password)
    path.chmod(0o600)
    return "admin", password, True


@demo.command("run")
@click.option(
    "--port",
    type=int,
    default=lambda: int(os.environ.get("PORT", "8000")),
    show_default="$PORT or 8000",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--no-serve", is_flag=True, help="Prepare everything but do not start the server.")
def run_command(port: int, host: str, seed: int, no_serve: bool) -> None:
    """Migrate, seed the synthetic world if the registry is empty, create the admin, serve."""
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from clustera.portal.seeding import seed_world
    from clustera.registry.models import Organisation

    console.print(f"Data folder: {settings.DATA_DIR}")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if not Organisation.objects.exists():
        with step_progress("Seeding synthetic world") as progress:
            report = seed_world(seed, "small", progress=progress)
        console.print(report.summary())
    else:
        console.print("Registry already holds data: reusing it.")
    from clustera.partnering.tasks import refit_recommender

    refit_recommender.enqueue()  # the worker beside the server fits partner suggestions
    username, password, new = _admin_credentials()
    console.print(
        f"[bold]Admin account[/bold]: {username} / {password}" + (" (new)" if new else "")
    )
    if no_serve:
        return
    from clustera.cli.serve import serve_wsgi

    console.print(f"Serving Clustera at [bold]http://{host}:{port}/[/bold] (Ctrl+C to stop)")
    serve_wsgi(host, port)
