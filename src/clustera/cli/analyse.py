"""``clustera analyse INDICATOR INPUT --out OUTPUT``: regional indicators on CSV/Parquet tables.

The input is wide (first column = region, one column per activity), a wide
panel (``year`` and ``region`` columns, then activities) or long (``region``,
``activity``, ``value`` and optionally ``year``). The output format follows the
extension of ``--out`` (``.csv`` or ``.parquet``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pandas as pd
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from clustera import analytics
from clustera.errors import ClusteraError, DataFormatError

__all__ = ["analyse", "INDICATORS"]


def _read_table(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        frame = pd.read_parquet(path)
    elif suffix in (".csv", ".txt"):
        frame = pd.read_csv(path)
    else:
        raise DataFormatError(
            "unsupported file type (use .csv or .parquet)", source=str(path), value=suffix
        )
    columns = set(map(str, frame.columns))
    if {"region", "activity", "value"} <= columns:
        return frame
    if {"year", "region"} <= columns:
        return frame.set_index(["year", "region"])
    first = frame.columns[0]
    return frame.set_index(first).rename_axis("region")


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
    frame = _read_table(Path(path))
    if isinstance(frame.index, pd.RangeIndex) or frame.shape[1] != 1:
        raise DataFormatError("expected two columns: code, group", source=path, field=option)
    return frame.iloc[:, 0]


def _complexity(X: pd.DataFrame, options: dict[str, Any]) -> pd.DataFrame:
    result = analytics.complexity(
        X, method=options["method"] or "eigenvector", convention=options["convention"]
    )
    return pd.concat(
        {"eci": result.eci.rename("value"), "pci": result.pci.rename("value")},
        names=["indicator", "code"],
    ).to_frame()


def _outlook(X: pd.DataFrame, options: dict[str, Any]) -> pd.DataFrame:
    convention = options["convention"]
    if convention not in analytics.OUTLOOK_CONVENTIONS:
        raise click.UsageError(
            f"complexity-outlook conventions: {', '.join(analytics.OUTLOOK_CONVENTIONS)}"
        )
    result = analytics.complexity_outlook(X, convention=convention)
    stacked = pd.Series(result.cog.rename_axis(columns="activity").stack(), name="cog")
    cog = stacked.reset_index()
    coi = result.coi.rename("coi").reset_index()
    keys = [column for column in coi.columns if column != "coi"]
    return cog.merge(coi, on=keys, how="left")


def _relatedness(X: pd.DataFrame, options: dict[str, Any]) -> pd.DataFrame:
    return analytics.relatedness(
        X, options["method"] or "proximity", self_loops=options["self_loops"]
    )


def _density(X: pd.DataFrame, options: dict[str, Any]) -> pd.DataFrame:
    phi = analytics.relatedness(X, options["method"] or "proximity")
    return analytics.relatedness_density(X, phi, scale=options["scale"])


def _stars(X: pd.DataFrame, options: dict[str, Any]) -> pd.DataFrame:
    establishments = options["establishments"]
    result = analytics.cluster_stars(
        X,
        categories=_read_mapping(options["categories"], "--categories"),
        preset=options["preset"],
        establishments=_read_table(Path(establishments)) if establishments else None,
    )
    if result.unverified:
        click.echo(f"note: {result.metadata['warning']}", err=True)
    return result.table


def _variety(X: pd.DataFrame, options: dict[str, Any]) -> pd.DataFrame:
    groups = _read_mapping(options["groups"], "--groups")
    if groups is None:
        raise click.UsageError("variety needs --groups FILE (activity, group)")
    return analytics.related_unrelated_variety(X, groups)


INDICATORS: dict[
    str, tuple[str, Callable[[pd.DataFrame, dict[str, Any]], pd.DataFrame | pd.Series]]
] = {
    "location-quotient": ("Balassa RCA / LQ", lambda X, o: analytics.location_quotient(X)),
    "rca-binary": (
        "presence, RCA >= threshold",
        lambda X, o: analytics.rca_binary(X, o["threshold"]),
    ),
    "symmetric-rca": ("(RCA - 1)/(RCA + 1)", lambda X, o: analytics.symmetric_rca(X)),
    "specialisation-indices": (
        "Krugman, Hoover, Herfindahl, entropy, diversity per region",
        lambda X, o: analytics.specialisation_indices(X, threshold=o["threshold"]),
    ),
    "localisation-indices": (
        "Hoover localisation per activity",
        lambda X, o: analytics.localisation_indices(X),
    ),
    "diversity": (
        "activities with RCA >= threshold",
        lambda X, o: analytics.diversity(X, o["threshold"]),
    ),
    "ubiquity": (
        "regions with RCA >= threshold",
        lambda X, o: analytics.ubiquity(X, o["threshold"]),
    ),
    "variety": ("related/unrelated variety (needs --groups)", _variety),
    "co-occurrence": ("C = M^T M of a presence table", lambda X, o: analytics.co_occurrence(X)),
    "relatedness": (
        "proximity, association, cosine, jaccard, probability (--method)",
        _relatedness,
    ),
    "relatedness-density": ("density of related activities (--method, --scale)", _density),
    "complexity": ("ECI and PCI (--method, --convention)", _complexity),
    "complexity-outlook": ("COI and COG (--convention)", _outlook),
    "cluster-stars": ("cluster mapping stars (--preset, --categories)", _stars),
    "diversification": (
        "Balland et al. (2019) relatedness x complexity options",
        lambda X, o: analytics.diversification_opportunities(
            X, relatedness_method=o["method"] or "association"
        ),
    ),
}

_HELP = (
    "Compute INDICATOR on INPUT (CSV/Parquet; wide, wide panel or long) and write OUTPUT.\n\n\b\nIndicators:\n"
    + "\n".join(f"  {name:<24}{description}" for name, (description, _) in INDICATORS.items())
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
@click.option("--threshold", default=1.0, show_default=True, help="Presence threshold on RCA (>=).")
@click.option(
    "--method",
    default=None,
    help="Relatedness method, or complexity method (eigenvector, reflections).",
)
@click.option(
    "--convention",
    default="growthlab",
    show_default=True,
    type=click.Choice(
        sorted(set(analytics.COMPLEXITY_CONVENTIONS) | set(analytics.OUTLOOK_CONVENTIONS))
    ),
    help="Peer convention for complexity and outlook.",
)
@click.option(
    "--self-loops/--no-self-loops",
    default=False,
    help="Proximity diagonal 1 (py-ecomplexity) or 0.",
)
@click.option(
    "--scale", default=1.0, show_default=True, help="Density scale (100 for EconGeo units)."
)
@click.option(
    "--preset",
    default="ECO2009",
    show_default=True,
    type=click.Choice(list(analytics.STAR_PRESETS)),
)
@click.option("--categories", default=None, help="CSV activity,category for cluster-stars.")
@click.option(
    "--establishments", default=None, help="Establishment counts (same layout) for USCMP_strong."
)
@click.option("--groups", default=None, help="CSV activity,group for variety.")
def analyse(indicator: str, input_path: Path, output: Path, **options: Any) -> None:
    _, compute = INDICATORS[indicator]
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True
    ) as progress:
        task = progress.add_task(f"reading {input_path.name}", total=3)
        try:
            table = _read_table(input_path)
            progress.update(task, advance=1, description=f"computing {indicator}")
            result = compute(table, options)
            progress.update(task, advance=1, description=f"writing {output.name}")
            _write_table(result, output)
            progress.update(task, advance=1)
        except ClusteraError as error:
            raise click.ClickException(str(error)) from error
    click.echo(f"{indicator}: wrote {output}")
