"""Is next year's activity the missing information? Oracles, and forecasts from history.

A diagnostic, not a benchmark, and in part deliberately *not* honest: the
oracles read the test year, which no recommender may, to measure what knowing
who will be active, and how much, is worth. On the validation split, LambdaMART is fitted on
the test year's own "new partners" pools by cross-validation grouped by project
(as in ``feature_ceiling.py``), once per set of features:

1. with the pair features alone (the ceiling of the features);
2. plus *forecasts* of activity from the training years only, per (organisation,
   programme part), fitted on the last three training years with features from
   the years before each (projects per year and per part over the last three
   years, totals, first and last year, actor type, partners, consortium size):
   the chance of a project next year (a classifier), and the expected number of
   projects (a Poisson regression); each in one of the call's parts and in any;
3. plus *oracles* that read the test year: whether the candidate is active
   (another project starting that year, not the query's own); the number of its
   other projects shared with the query organisation; the number without it;
   and the number of its other projects, in any part and in the call's parts.

If the oracles are far above (1) and the forecasts are not, the misses are about
next year's activity, and the history cannot tell. Which oracle carries the
gain says what kind of knowledge it is.

    uv run python bench/diagnostics/activity_oracle.py [--train-until 2017] [--queries 3000]
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sparse
from _split import (
    RankedPool,
    Split,
    cross_validated,
    diagnostic_parser,
    pool_metrics,
    project_folds,
    project_years,
    ranked_pools,
    test_year_activity,
    validation_split,
)

from clustera.matching import PairRanker
from clustera.matching._graph import CollaborationGraph

LAGS = 3  # years of per-year counts in the forecast's features


def activity_features(graph: CollaborationGraph, parts: list[str]) -> np.ndarray:
    """Forecast features per (organisation, programme part): organisations x parts x features."""
    years = project_years(graph)
    n_orgs, n_parts = len(graph.org_ids), len(parts)
    columns = np.array([parts.index(part) for part in graph.parts])
    per_part = np.zeros((n_orgs, n_parts, LAGS))
    overall = np.zeros((n_orgs, LAGS))
    for lag in range(LAGS):
        in_year = graph.incidence @ sparse.diags((years == graph.last_year - lag).astype(float))
        overall[:, lag] = np.asarray(in_year.sum(axis=1)).ravel()
        per_part[:, columns, lag] = np.asarray((in_year @ graph.project_part).todense())
    totals = np.zeros((n_orgs, n_parts))
    totals[:, columns] = graph.part_counts
    incidence = graph.incidence.tocsr()
    org_years = years[incidence.indices]
    first = np.minimum.reduceat(org_years, incidence.indptr[:-1])
    last = np.maximum.reduceat(org_years, incidence.indptr[:-1])
    per_org = np.column_stack(
        [
            np.log1p(overall),
            np.log1p(graph.projects),
            graph.last_year - first,
            graph.last_year - last,
            graph.type_codes,
            np.log1p(graph.degree),
            np.log(np.maximum(graph.consortium_size, 1.0)),
        ]
    ).astype(np.float64)
    return np.concatenate(
        [
            np.log1p(per_part),
            np.log1p(totals)[..., None],
            np.repeat(per_org[:, None, :], n_parts, axis=1),
            np.broadcast_to(
                np.arange(n_parts, dtype=np.float64)[None, :, None], (n_orgs, n_parts, 1)
            ),
        ],
        axis=2,
    )


def projects_in(split: Split, graph: CollaborationGraph, year: int, parts: list[str]) -> np.ndarray:
    """Projects starting in ``year`` per (organisation, programme part)."""
    rows = split.history.in_year(year)
    counts = np.zeros((len(graph.org_ids), len(parts)))
    for position, project_parts in zip(
        graph.org_ids.get_indexer(rows["org_id"]), rows["programme_parts"], strict=True
    ):
        if position >= 0:
            counts[position, [parts.index(part) for part in project_parts]] += 1.0
    return counts


def forecast(split: Split, parts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """P(a project) and the expected number of projects next year, per (organisation, part).

    A classifier and a Poisson regression of the same features, fitted on the last
    three training years with features from the years before each.
    """
    import lightgbm

    last = split.graph.last_year
    x, y = [], []
    for year in range(last - 2, last + 1):
        graph = CollaborationGraph.build(split.train.until(year - 1))
        features = activity_features(graph, parts)
        x.append(features.reshape(-1, features.shape[2]))
        y.append(projects_in(split, graph, year, parts).ravel())
    settings = {
        "n_estimators": 300,
        "num_leaves": 31,
        "learning_rate": 0.05,
        "n_jobs": 1,
        "random_state": 0,
        "verbose": -1,
    }
    classifier = lightgbm.LGBMClassifier(**settings).fit(np.vstack(x), np.concatenate(y) > 0)
    regression = lightgbm.LGBMRegressor(objective="poisson", **settings).fit(
        np.vstack(x), np.concatenate(y)
    )
    features = activity_features(split.graph, parts)
    flat = features.reshape(-1, features.shape[2])
    shape = features.shape[:2]
    return (
        np.asarray(classifier.predict_proba(flat)[:, 1], dtype=np.float64).reshape(shape),
        np.asarray(regression.predict(flat), dtype=np.float64).reshape(shape),
    )


def context_columns(pool: RankedPool, graph: CollaborationGraph, parts: list[str]) -> list[int]:
    return [parts.index(graph.parts[i]) for i in pool.item.vectors.query.context]


def main() -> None:
    parser = diagnostic_parser(__doc__)
    parser.add_argument("--folds", type=int, default=5)
    arguments = parser.parse_args()
    split = validation_split(arguments.train_until)
    graph = split.graph
    year = graph.last_year + 1
    parts = sorted(
        {part for value in split.history.participations["programme_parts"] for part in value}
    )
    pools = ranked_pools(split, PairRanker().fit(split.train), arguments.queries)
    labels = [pool.labels for pool in pools]
    print(f"{len(pools)} new-partner queries of {year}")

    probability, expected = forecast(split, parts)
    from sklearn.metrics import average_precision_score, roc_auc_score

    truth = projects_in(split, graph, year, parts)
    positions = graph.org_ids.get_indexer(split.history.in_year(year)["org_id"])
    overall = np.bincount(positions[positions >= 0], minlength=len(graph.org_ids))
    print(
        f"activity forecast for {year} (organisation x part): "
        f"ROC AUC {roc_auc_score(truth.ravel() > 0, probability.ravel()):.3f}, "
        f"average precision {average_precision_score(truth.ravel() > 0, probability.ravel()):.3f}; "
        f"count forecast (summed over parts): correlation of log(1 + projects) with the truth "
        f"{np.corrcoef(np.log1p(expected.sum(axis=1)), np.log1p(overall))[0, 1]:.3f} "
        f"(last year's projects: "
        f"{np.corrcoef(np.log1p(graph.projects_recent), np.log1p(overall))[0, 1]:.3f})"
    )

    activity = test_year_activity(split, pools)
    chance, counts = [], []
    for pool in pools:
        columns = context_columns(pool, graph, parts)
        candidate = probability[pool.candidates]
        chance.append(
            np.column_stack(
                [
                    1.0 - np.prod(1.0 - candidate[:, columns], axis=1),
                    1.0 - np.prod(1.0 - candidate, axis=1),
                ]
            )
        )
        counts.append(
            np.log1p(
                np.column_stack(
                    [
                        expected[pool.candidates][:, columns].sum(axis=1),
                        expected[pool.candidates].sum(axis=1),
                    ]
                )
            )
        )
    rows_of_table = (
        ("pair features", None),
        ("+ forecast from history: chance of a project (call's parts, any)", chance),
        ("+ forecast from history: expected projects (Poisson; call's parts, all)", counts),
        (
            "+ oracle: active or not (call's parts, any)",
            [(found[:, :2] > 0).astype(np.float64) for found in activity],
        ),
        (
            "+ oracle: other projects shared with the query organisation",
            [np.log1p(found[:, 2:3].astype(np.float64)) for found in activity],
        ),
        (
            "+ oracle: other projects without the query organisation",
            [np.log1p((found[:, :1] - found[:, 2:3]).astype(np.float64)) for found in activity],
        ),
        (
            "+ oracle: other projects (any part, call's parts)",
            [np.log1p(found[:, :2].astype(np.float64)) for found in activity],
        ),
    )
    rng = np.random.default_rng(0)
    folds = project_folds(pools, arguments.folds, rng)
    results = {}
    for name, extra in rows_of_table:
        features = [
            pool.features if extra is None else np.hstack([pool.features, extra[i]])
            for i, pool in enumerate(pools)
        ]
        results[name] = pool_metrics(cross_validated(features, labels, folds, PairRanker(), rng))
        print(
            f"fitted on the test year ({arguments.folds}-fold by project), {name}: "
            f"hits@10 {results[name][0]:.3f}, MRR {results[name][1]:.3f}",
            flush=True,
        )
    first, active, last = (results[rows_of_table[i][0]] for i in (0, 3, -1))
    print(
        f"activity_oracle: pair features {first[0]:.3f} / {first[1]:.3f}; "
        f"+ active or not {active[0]:.3f} / {active[1]:.3f}; "
        f"+ number of other projects {last[0]:.3f} / {last[1]:.3f}"
    )


if __name__ == "__main__":
    main()
