"""Is the learned model or its features the limit? Fit the ranker on the test year itself.

A diagnostic, not a benchmark. On the validation split it ranks each "new
partners" query's candidate pool three ways:

1. ``PairRanker`` fitted on the training years (as ``clustera match evaluate``);
2. the same LambdaMART settings fitted on the *test year's own* queries, by
   5-fold cross-validation with the folds grouped by project (so no test query
   is scored by a model that saw its project);
3. the same, with a larger model (31 leaves, 300 trees).

If (2) and (3) do no better than (1), the features, not the fit, bound the
accuracy: the model already extracts what the features carry, and only new
information (new features) can raise it. Metrics are within the candidate pool
(a query whose relevant partners are all outside the pool is a miss).

    uv run python bench/diagnostics/feature_ceiling.py [--train-until 2017] [--queries 3000]
"""

from __future__ import annotations

import numpy as np
from _split import (
    cross_validated,
    diagnostic_parser,
    pool_metrics,
    project_folds,
    ranked_pools,
    validation_split,
)

from clustera.matching import PairRanker


def main() -> None:
    parser = diagnostic_parser(__doc__)
    parser.add_argument("--folds", type=int, default=5)
    arguments = parser.parse_args()
    split = validation_split(arguments.train_until)
    ranker = PairRanker().fit(split.train)
    pools = ranked_pools(split, ranker, arguments.queries)
    features = [pool.features for pool in pools]
    labels = [pool.labels for pool in pools]
    fitted_scores = [pool.scores for pool in pools]
    rng = np.random.default_rng(0)
    folds = project_folds(pools, arguments.folds, rng)
    print(
        f"{len(labels)} new-partner queries of {split.graph.last_year + 1}, "
        f"features from <= {arguments.train_until}"
    )
    hits, mrr = pool_metrics(list(zip(fitted_scores, labels, strict=True)))
    print(f"fitted on the training years: hits@10 {hits:.3f}, MRR {mrr:.3f}")
    for leaves, trees in ((ranker.max_leaf_nodes, ranker.max_iter), (31, 300)):
        # PairRanker's own LambdaMART, fitted on these lists instead of the training years
        scored = cross_validated(
            features, labels, folds, PairRanker(max_iter=trees, max_leaf_nodes=leaves), rng
        )
        hits, mrr = pool_metrics(scored)
        print(
            f"fitted on the test year ({arguments.folds}-fold by project, {leaves} leaves, "
            f"{trees} trees): hits@10 {hits:.3f}, MRR {mrr:.3f}"
        )


if __name__ == "__main__":
    main()
