"""``clustera data``: download official data into the cache and check it reads.

Each ``fetch`` subcommand downloads one official file (or takes it from the
cache when a verified copy is there), reads it with the matching reader so a
broken file is reported at once, and prints where it lies, its SHA-256 and
the licence to credit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from clustera.errors import ClusteraError, OfflineError
from clustera.io.fetch import (
    CORDIS_PROGRAMMES,
    NUTS_SCALES,
    DataCache,
    ProgressCallback,
    Provenance,
    nuts_request,
    provenance_of,
)

__all__ = ["data"]

_console = Console(stderr=True)


@contextmanager
def _progress_bar(label: str) -> Iterator[ProgressCallback]:
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=_console,
        transient=True,
    ) as progress:
        task = progress.add_task(label, total=None)

        def update(done: int, total: int | None) -> None:
            progress.update(task, completed=done, total=total)

        yield update


@contextmanager
def _errors_as_messages() -> Iterator[None]:
    try:
        yield
    except OfflineError as exc:
        raise click.ClickException(f"offline: {exc}") from exc
    except ClusteraError as exc:
        raise click.ClickException(str(exc)) from exc


def _report(provenance: Provenance, summary: str) -> None:
    origin = "from the cache" if provenance.reused else "downloaded"
    click.echo(f"{provenance.path}  ({origin}, {provenance.size:,} bytes)")
    click.echo(f"  dataset: {provenance.dataset}, downloaded at {provenance.downloaded_at}")
    click.echo(f"  url:     {provenance.url}")
    click.echo(f"  sha256:  {provenance.sha256}")
    click.echo(f"  content: {summary}")
    click.echo(f"  licence: {provenance.licence}")


def _cache_options(function: click.decorators.FC) -> click.decorators.FC:
    function = click.option(
        "--cache-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Cache folder (default: $CLUSTERA_CACHE_DIR, $CLUSTERA_DATA_DIR/cache or ./var/cache).",
    )(function)
    function = click.option(
        "--timeout", type=float, default=60.0, show_default=True, help="Seconds to wait for data."
    )(function)
    function = click.option(
        "--refresh", is_flag=True, help="Download again even when a verified copy is cached."
    )(function)
    function = click.option(
        "--base-url", default=None, help="Mirror or test server replacing the official host."
    )(function)
    return function


@click.group()
def data() -> None:
    """Download official data (Eurostat, NUTS, CORDIS) into the local cache."""


@data.group()
def fetch() -> None:
    """Download one official dataset, checksummed and resumable."""


def _parse_filters(filters: tuple[str, ...]) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for item in filters:
        name, separator, value = item.partition("=")
        if not separator or not name.strip() or not value.strip():
            raise click.BadParameter(f"expected DIM=VAL, got {item!r}", param_hint="--filter")
        parsed.setdefault(name.strip(), []).extend(v.strip() for v in value.split(",") if v.strip())
    return parsed


@fetch.command("eurostat")
@click.argument("code")
@click.option(
    "--filter",
    "filters",
    multiple=True,
    metavar="DIM=VAL",
    help="Keep only these codes (repeatable; VAL may be comma-separated). "
    "Sent to the API for --format json, applied after reading otherwise.",
)
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["tsv", "sdmx-csv", "json"]),
    default="tsv",
    show_default=True,
)
@click.option("--key", default=None, help="SDMX series key for --format sdmx-csv (e.g. A.THS..DE).")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the tidy (filtered) table to this .csv or .parquet file.",
)
@_cache_options
def fetch_eurostat(
    code: str,
    filters: tuple[str, ...],
    file_format: str,
    key: str | None,
    output: Path | None,
    cache_dir: Path | None,
    timeout: float,
    refresh: bool,
    base_url: str | None,
) -> None:
    """Download the Eurostat dataset CODE (e.g. nama_10r_3empers) and read it."""
    from clustera.io.fetch import fetch_eurostat as fetch_dataset

    selection = _parse_filters(filters)
    with _errors_as_messages(), _progress_bar(code) as update:
        table, provenance = fetch_dataset(
            code,
            file_format=file_format,  # type: ignore[arg-type]
            filters=selection,
            key=key,
            cache=DataCache(cache_dir, timeout),
            refresh=refresh,
            progress=update,
            base_url=base_url,
        )
    confidential = int((table["conf_status"] != "").sum())
    flagged = int((table["obs_flag"] != "").sum())
    summary = f"{len(table):,} observations, {flagged:,} flagged, {confidential:,} confidential"
    if output is not None:
        if output.suffix == ".parquet":
            table.to_parquet(output, index=False)
        else:
            table.to_csv(output, index=False)
        summary += f"; written to {output}"
    _report(provenance, summary)


@fetch.command("nuts")
@click.option(
    "--year", type=click.Choice(["2016", "2021", "2024"]), default="2024", show_default=True
)
@click.option("--level", type=click.IntRange(0, 3), default=2, show_default=True)
@click.option("--scale", type=click.Choice(NUTS_SCALES), default="20M", show_default=True)
@click.option(
    "--crs", type=click.Choice(["4326", "3035", "3857"]), default="4326", show_default=True
)
@click.option(
    "--kind",
    type=click.Choice(["RG", "LB", "BN"]),
    default="RG",
    show_default=True,
    help="RG regions, LB label points, BN boundaries.",
)
@_cache_options
def fetch_nuts(
    year: str,
    level: int,
    scale: str,
    crs: str,
    kind: str,
    cache_dir: Path | None,
    timeout: float,
    refresh: bool,
    base_url: str | None,
) -> None:
    """Download GISCO NUTS geometries (GeoJSON) for one year, level and scale."""
    from clustera.regions import read_nuts_codes

    request = nuts_request(year, level, scale, int(crs), kind, base_url)  # type: ignore[arg-type]
    with _errors_as_messages():
        with _progress_bar(request.dataset) as update:
            cached = DataCache(cache_dir, timeout).fetch(request, refresh=refresh, progress=update)
        summary = "boundaries"
        if kind != "BN":
            summary = (
                f"{len(read_nuts_codes(cached.path, year)):,} NUTS {year} regions at level {level}"
            )
    _report(provenance_of(cached), summary)


@fetch.command("cordis")
@click.option(
    "--programme", type=click.Choice(sorted(CORDIS_PROGRAMMES)), default="h2020", show_default=True
)
@_cache_options
def fetch_cordis(
    programme: str, cache_dir: Path | None, timeout: float, refresh: bool, base_url: str | None
) -> None:
    """Download the CORDIS projects package of a framework programme."""
    from clustera.io.fetch import fetch_cordis as fetch_package

    with _errors_as_messages(), _progress_bar(f"CORDIS {programme}") as update:
        tables, provenance = fetch_package(
            programme,
            cache=DataCache(cache_dir, timeout),
            refresh=refresh,
            progress=update,
            base_url=base_url,
        )
    summary = (
        f"{len(tables.projects):,} projects, {len(tables.organisations):,} organisations, "
        f"{len(tables.participations):,} participations"
    )
    _report(provenance, summary)


@data.command("list")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
def list_cache(cache_dir: Path | None) -> None:
    """List the files in the cache with their checksums and download times."""
    cache = DataCache(cache_dir)
    records = cache.manifest()
    if not records:
        click.echo(f"no downloads in {cache.root}")
        return
    for path, record in sorted(records.items()):
        click.echo(
            f"{path}  {record['size']:>12,}  {record['downloaded_at']}  sha256:{record['sha256'][:16]}"
        )


def _add_load_group() -> None:
    from clustera.cli.data_load import load

    data.add_command(load)


def _add_nace_labels() -> None:
    from clustera.cli.data_nace import fetch_nace_labels

    fetch.add_command(fetch_nace_labels)


_add_load_group()
_add_nace_labels()
