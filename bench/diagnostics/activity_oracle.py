"""Is next year's activity the missing information? An oracle, and a forecast from history.

A diagnostic, not a benchmark, and in part deliberately *not* honest: the
oracle reads the test year, which no recommender may, to measure what knowing
who will be active is worth. On the validation split, LambdaMART is fitted on
the test year's own "new partners" pools by cross-validation grouped by project
(as in ``feature_ceiling.py``) three times:

1. with the pair features alone (the ceiling of the features);
2. plus a *forecast* of activity from the training years only: the probability
   that the candidate has a project in each programme part next year, from a
   gradient-boosted classifier of (organisation, part) fitted on the last three
   training years with features from the years before each (projects per year
   and per part over the last three years, totals, first and last year,
   actor type, partners, consortium size); for the query, the probability of a
   project in one of the call's parts and in any part;
3. plus the *oracle*: the candidate's other projects starting in the test year
   (not the query's own project), in any part and in the call's parts.

If (3) is far above (1) and (2) is not, the misses are about which
organisations will be active next year, and the history cannot tell.

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
    per_org = np.column_stack([
        np.log1p(overall), np.log1p(graph.projects), graph.last_year - first,
        graph.last_year - last, graph.type_codes, np.log1p(graph.degree),
        np.log(np.maximum(graph.consortium_size, 1.0)),
    ]).astype(np.float64)
    return np.concatenate([
        np.log1p(per_part),
        np.log1p(totals)[..., None],
        np.repeat(per_org[:, None, :], n_parts, axis=1),
        np.broadcast_to(np.arange(n_parts, dtype=np.float64)[None, :, None], (n_orgs, n_parts, 1)),
    ], axis=2)


def active_in(split: Split, graph: CollaborationGraph, year: int,
              parts: list[str]) -> np.ndarray:
    """1 where the organisation has a project starting in ``year`` in the part."""
    rows = split.history.in_year(year)
    active = np.zeros((len(graph.org_ids), len(parts)))
    for position, project_parts in zip(graph.org_ids.get_indexer(rows["org_id"]),
                                       rows["programme_parts"], strict=True):
        if position >= 0:
            active[position, [parts.index(part) for part in project_parts]] = 1.0
    return active


def forecast(split: Split, parts: list[str]) -> np.ndarray:
    """P(project in part next year) per (organisation, part) of the split's training graph."""
    import lightgbm

    last = split.graph.last_year
    x, y = [], []
    for year in range(last - 2, last + 1):
        graph = CollaborationGraph.build(split.train.until(year - 1))
        features = activity_features(graph, parts)
        x.append(features.reshape(-1, features.shape[2]))
        y.append(active_in(split, graph, year, parts).ravel())
    model = lightgbm.LGBMClassifier(n_estimators=300, num_leaves=31, learning_rate=0.05,
                                    n_jobs=1, random_state=0, verbose=-1)
    model.fit(np.vstack(x), np.concatenate(y))
    features = activity_features(split.graph, parts)
    probability = model.predict_proba(features.reshape(-1, features.shape[2]))[:, 1]
    return np.asarray(probability.reshape(features.shape[:2]), dtype=np.float64)


def context_columns(pool: RankedPool, graph: CollaborationGraph, parts: list[str]) -> list[int]:
    return [parts.index(graph.parts[i]) for i in pool.item.vectors.query.context]


def main() -> None:
    parser = diagnostic_parser(__doc__)
    parser.add_argument("--folds", type=int, default=5)
    arguments = parser.parse_args()
    split = validation_split(arguments.train_until)
    graph = split.graph
    parts = sorted({part for value in split.history.participations["programme_parts"]
                    for part in value})
    pools = ranked_pools(split, PairRanker().fit(split.train), arguments.queries)
    labels = [pool.labels for pool in pools]
    print(f"{len(pools)} new-partner queries of {graph.last_year + 1}")

    probability = forecast(split, parts)
    from sklearn.metrics import average_precision_score, roc_auc_score

    truth = active_in(split, graph, graph.last_year + 1, parts)
    print(f"activity forecast for {graph.last_year + 1} (organisation x part): "
          f"ROC AUC {roc_auc_score(truth.ravel(), probability.ravel()):.3f}, "
          f"average precision {average_precision_score(truth.ravel(), probability.ravel()):.3f}")

    test_rows = split.history.in_year(graph.last_year + 1)
    projects_of: dict[int, list[tuple[object, frozenset[str]]]] = {}
    for project, position, project_parts in zip(
            test_rows["project_id"], graph.org_ids.get_indexer(test_rows["org_id"]),
            test_rows["programme_parts"], strict=True):
        if position >= 0:
            projects_of.setdefault(int(position), []).append((project, frozenset(project_parts)))

    forecasts, oracles = [], []
    for pool in pools:
        columns = context_columns(pool, graph, parts)
        candidate = probability[pool.candidates]
        in_context = 1.0 - np.prod(1.0 - candidate[:, columns], axis=1)
        forecasts.append(np.column_stack([in_context, 1.0 - np.prod(1.0 - candidate, axis=1)]))
        context = {parts[i] for i in columns}
        own = pool.item.query.project_id
        others = [[project_parts for project, project_parts in projects_of.get(int(v), ())
                   if project != own] for v in pool.candidates]
        oracles.append(np.log1p(np.array(
            [[len(found), sum(1 for project_parts in found if project_parts & context)]
             for found in others], dtype=np.float64)))

    rng = np.random.default_rng(0)
    folds = project_folds(pools, arguments.folds, rng)
    for name, extra in (("pair features", None), ("+ activity forecast from history", forecasts),
                        ("+ oracle of test-year activity", oracles)):
        features = [pool.features if extra is None else np.hstack([pool.features, extra[i]])
                    for i, pool in enumerate(pools)]
        hits, mrr = pool_metrics(cross_validated(features, labels, folds, PairRanker(), rng))
        print(f"fitted on the test year ({arguments.folds}-fold by project), {name}: "
              f"hits@10 {hits:.3f}, MRR {mrr:.3f}", flush=True)


if __name__ == "__main__":
    main()
