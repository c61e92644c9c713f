"""``clustera analyse INDICATOR INPUT --out OUTPUT``: regional indicators on CSV/Parquet tables.

The input is any table the portal exports (CSV, TSV, Parquet, JSON, Excel; read by
:func:`clustera.io.tables.read_table`, codes kept as text): wide (first column =
region, one column per activity), a wide panel (``year`` and ``region`` columns,
then activities), long (a region, an activity and a value column, e.g. ``region``,
``category``, ``value`` and optionally ``year``) or the directory's organisation
list (counted per region and NACE code). The output format follows the extension
of ``--out`` (``.csv`` or ``.parquet``). A file that cannot be used is a message
naming the file (and line), never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pandas as pd
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from clustera import analytics
from clustera.analytics.indicators import DEFAULT_OPTIONS, Indicator
from clustera.analytics.indicators import INDICATORS as REGISTRY
from clustera.errors import ClusteraError, DataFormatError
from clustera.io.tables import analysis_table, read_table

__all__ = ["analyse", "INDICATORS"]


def _read_table(path: Path, value: str | None = None) -> pd.DataFrame:
    """Any table the portal exports, shaped for the indicators (``clustera.io.tables``)."""
    return analysis_table(read_table(path), source=str(path), value=value)


def _write_table(result: pd.DataFrame | pd.Series, path: Path) -> None:
    frame = result.to_frame() if isinstance(result, pd.Series) else result
    if not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()
    frame.columns = [str(column) for column in frame.columns]
    if path.suffix.lower() == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False, float_format="%.17g")


def _read_mapping(path: str | None, option: str) -> pd.Series | None:
    if path is None:
        return None
    frame = read_table(Path(path))
    if frame.shape[1] != 2:
        raise DataFormatError("expected two columns: code, group", source=path, field=option)
    return frame.set_index(frame.columns[0]).iloc[:, 0].astype(str)


def _with_files(options: dict[str, Any]) -> dict[str, Any]:
    """The options with the tables their file arguments name read in."""
    establishments = options.get("establishments")
    return {
        **options,
        "categories": _read_mapping(options.get("categories"), "--categories"),
        "groups": _read_mapping(options.get("groups"), "--groups"),
        "establishments": _read_table(Path(establishments)) if establishments else None,
    }


def _computation(
    entry: Indicator,
) -> Callable[[pd.DataFrame, dict[str, Any]], pd.DataFrame | pd.Series]:
    return lambda X, options: entry.table(X, **_with_files(options))


INDICATORS: dict[
    str, tuple[str, Callable[[pd.DataFrame, dict[str, Any]], pd.DataFrame | pd.Series]]
] = {name: (entry.summary, _computation(entry)) for name, entry in REGISTRY.items()}
"""Name -> (summary, compute(table, options)): a view of :data:`clustera.analytics.INDICATORS`."""

_HELP = (
    "Compute INDICATOR on INPUT (CSV/Parquet; wide, wide panel or long) and write OUTPUT.\n\n\b\nIndicators:\n"
    + "\n".join(f"  {name:<24}{entry.summary}" for name, entry in REGISTRY.items())
)


@click.command("analyse", help=_HELP)
@click.argument("indicator", metavar="INDICATOR", type=click.Choice(list(INDICATORS)))
@click.argument(
    "input_path", metavar="INPUT", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--out",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output .csv or .parquet.",
)
@click.option(
    "--threshold",
    default=DEFAULT_OPTIONS["threshold"],
    show_default=True,
    help="Presence threshold on RCA (>=).",
)
@click.option(
    "--method",
    default=None,
    help="Relatedness method, or complexity method (eigenvector, reflections).",
)
@click.option(
    "--convention",
    default=DEFAULT_OPTIONS["convention"],
    show_default=True,
    type=click.Choice(
        sorted(set(analytics.COMPLEXITY_CONVENTIONS) | set(analytics.OUTLOOK_CONVENTIONS))
    ),
    help="Peer convention for complexity and outlook.",
)
@click.option(
    "--self-loops/--no-self-loops",
    default=DEFAULT_OPTIONS["self_loops"],
    help="Proximity diagonal 1 (py-ecomplexity) or 0.",
)
@click.option(
    "--scale",
    default=DEFAULT_OPTIONS["scale"],
    show_default=True,
    help="Density scale (100 for EconGeo units).",
)
@click.option(
    "--preset",
    default=DEFAULT_OPTIONS["preset"],
    show_default=True,
    type=click.Choice(list(analytics.STAR_PRESETS)),
)
@click.option("--categories", default=None, help="CSV activity,category for cluster-stars.")
@click.option(
    "--establishments", default=None, help="Establishment counts (same layout) for USCMP_strong."
)
@click.option("--groups", default=None, help="CSV activity,group for variety.")
@click.option(
    "--value",
    "value_column",
    default=None,
    help="The value column of a long table (default: value, count, total...).",
)
def analyse(
    indicator: str, input_path: Path, output: Path, value_column: str | None, **options: Any
) -> None:
    entry = REGISTRY[indicator]
    for option in entry.requires:
        if options.get(option) is None:
            raise click.UsageError(f"{indicator} needs --{option.replace('_', '-')} FILE")
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True
    ) as progress:
        task = progress.add_task(f"reading {input_path.name}", total=3)
        try:
            table = _read_table(input_path, value_column)
            progress.update(task, advance=1, description=f"computing {indicator}")
            result = entry.compute(table, **_with_files(options))
            progress.update(task, advance=1, description=f"writing {output.name}")
            _write_table(entry.tabulate(result), output)
            progress.update(task, advance=1)
        except ClusteraError as error:
            message = str(error)
            if str(input_path) not in message:  # the computation's errors name no file
                message = f"{input_path}: {message}"
            raise click.ClickException(message) from error
        except (ValueError, TypeError, KeyError, OSError) as error:  # never a traceback
            raise click.ClickException(
                f"{input_path}: cannot compute {indicator} on this table ({error})"
            ) from error
    if getattr(result, "unverified", ()):
        click.echo(f"note: {result.metadata['warning']}", err=True)
    click.echo(f"{indicator}: wrote {output}")
