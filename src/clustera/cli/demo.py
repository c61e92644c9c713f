"""``clustera demo``: the synthetic world and the one-command portal."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

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


def _private_file(path: Path, text: str) -> None:
    """Write a secret readable by its owner only (mode 600, set before the text is written)."""
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(text)


def _admin_credentials() -> tuple[str, Path, bool]:
    """Give the demo admin a password once; it is kept beside the database (mode 600) only."""
    from django.conf import settings

    from clustera.accounts import selectors, services

    path = settings.DATA_DIR / "admin_password"
    if selectors.user_named("admin") is not None and path.exists():
        return "admin", path, False
    password = secrets.token_urlsafe(12)
    services.set_platform_admin("admin", password, email="admin@localhost")
    _private_file(path, password + "\n")
    return "admin", path, True


def _demo_credentials() -> tuple[list[tuple[str, str]], Path]:
    """Give each demo user a password once, kept in ``demo_passwords`` (mode 600) only.

    Returns the (user name, role) pairs to print, and the file.
    """
    from django.conf import settings

    from clustera.accounts import selectors
    from clustera.partnering.services import DEMO_USERS

    path = settings.DATA_DIR / "demo_passwords"
    known: dict[str, str] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            name, _, password = line.partition(" ")
            known[name] = password.strip()
    listed = []
    for username, role, _ in DEMO_USERS:
        user = selectors.user_named(username)
        if user is None:
            continue
        if username not in known or not user.check_password(known[username]):
            known[username] = secrets.token_urlsafe(12)
            user.set_password(known[username])
            user.save(update_fields=["password"])
        listed.append((username, role))
    _private_file(path, "".join(f"{name} {known[name]}\n" for name, _ in listed))
    return listed, path


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
    settings.DATA_DIR.chmod(0o700)  # the database and the password files are private
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
    username, admin_file, new = _admin_credentials()
    console.print(
        f"[bold]Admin account[/bold]: {username} (password in {admin_file})"
        + (" (new)" if new else "")
    )
    people, people_file = _demo_credentials()
    if people:
        console.print(f"[bold]Demo users[/bold] (passwords in {people_file}):")
        for name, role in people:
            console.print(f"  {name}: {role}")
    if no_serve:
        return
    from clustera.cli.serve import serve_wsgi

    console.print(f"Serving Clustera at [bold]http://{host}:{port}/[/bold] (Ctrl+C to stop)")
    serve_wsgi(host, port)
