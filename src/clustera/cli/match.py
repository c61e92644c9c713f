"""``clustera match``: partner recommendation on the command line (evaluation first)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from clustera.matching import CollaborationHistory

__all__ = ["match"]

_PROJECT_COLUMNS = {"project_rcn": "project_id", "start_year": "year"}


def _read_history(projects: Path, participations: Path, train_until: int) -> CollaborationHistory:
    import pandas as pd

    from clustera.errors import DataFormatError
    from clustera.matching import CollaborationHistory

    try:
        project_frame = pd.read_csv(
            projects, usecols=["project_rcn", "start_year", "programme_parts"]
        )
        participation_frame = pd.read_csv(participations)
    except ValueError as error:
        raise DataFormatError(str(error), source=str(projects)) from error
    for column in ("project_rcn", "org_id"):
        if column not in participation_frame.columns:
            raise DataFormatError(f"missing column {column!r}", source=str(participations))
    rows = participation_frame.merge(project_frame, on="project_rcn", how="inner")
    rows = rows.rename(columns=_PROJECT_COLUMNS)
    rows = rows[rows["year"].notna()]
    # profiles (type, country) from the training years only, test-year rows for newcomers
    training = CollaborationHistory.from_frames(
        rows[rows["year"] <= train_until], source=str(participations)
    )
    everyone = CollaborationHistory.from_frames(rows, source=str(participations))
    profiles = pd.concat(
        [
            training.organisations,
            everyone.organisations.drop(training.organisations.index, errors="ignore"),
        ]
    )
    return CollaborationHistory(everyone.participations, profiles)


def _table(report: object) -> str:
    frame = report.to_frame()  # type: ignore[attr-defined]
    frame = frame.rename(index={"clustera": "Clustera"})
    lines = [
        f"{'population':<11} {'method':<34} {'setting':<7} "
        f"{'hits@10':>8} {'recall@10':>9} {'MRR':>7} {'hits@50':>8} {'queries':>8}"
    ]
    for (population, method, setting), row in frame.iterrows():
        lines.append(
            f"{population:<11} {method:<34} {setting:<7} {row['hits@10']:>8.3f} "
            f"{row['recall@10']:>9.3f} {row['MRR']:>7.3f} {row['hits@50']:>8.3f} "
            f"{int(row['queries']):>8d}"
        )
    return "\n".join(lines)


@click.group()
def match() -> None:
    """Partner recommendation: evaluate the recommender on real collaborations."""


@match.command()
@click.option(
    "--projects",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="projects.csv (project_rcn, start_year, programme_parts).",
)
@click.option(
    "--participations",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="participations.csv (project_rcn, org_id, activity_type, country).",
)
@click.option("--train-until", type=int, required=True, help="Last training start year.")
@click.option("--test-year", type=int, required=True, help="Start year of the test projects.")
@click.option(
    "--max-queries",
    type=int,
    default=None,
    help="Evaluate an evenly spaced subset of the queries (quick checks).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def evaluate(
    projects: Path,
    participations: Path,
    train_until: int,
    test_year: int,
    max_queries: int | None,
    as_json: bool,
) -> None:
    """Temporal consortium-completion evaluation against the baselines.

    Prints hits@10, recall@10, MRR and hits@50 for Clustera's recommender and the
    baselines (popularity, call-context popularity, Adamic-Adar, TF-IDF of
    programme-part profiles, their log-linear hybrid), for all and new partners,
    with cold-start organisations reported separately.
    """
    from rich.progress import Progress

    from clustera.errors import ClusteraError
    from clustera.matching import evaluate_recommenders

    try:
        history = _read_history(projects, participations, train_until)
        with Progress(transient=True, disable=as_json) as progress:
            task = progress.add_task("fitting on the training years", total=None)

            def advance(done: int, total: int) -> None:
                progress.update(
                    task, completed=done, total=total, description="ranking the test queries"
                )

            report = evaluate_recommenders(
                history,
                train_until,
                test_year,
                max_queries=max_queries,
                progress=advance,
            )
    except ClusteraError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json.dumps(report.as_json(), indent=2))
    else:
        click.echo(f"train <= {train_until}, test {test_year}")
        click.echo(_table(report))
