"""What would declared intent be worth? A simulation of partner-search announcements.

A diagnostic, not a benchmark, and a simulation: CORDIS holds no declarations.
``activity_oracle.py`` showed that knowing which candidates will have another
project in the call's programme parts next year lifts the ranking far more than
anything the history holds. A portal can collect a declared form of that signal:
an organisation announcing that it is looking for partners for a call (an
Enterprise Europe Network R&D request). Here a fraction ``p`` of the candidates
who will in fact have another project in the call's parts in the test year
"declare", and a fraction ``q`` of the others declare too (applicants whose
proposals fail: H2020's success rate was about one in eight). Each organisation
declares or not once per call, whatever the query.

On the validation split's "new partners" pools, for each (p, q):

- *learned*: LambdaMART fitted on the test year's pools by cross-validation
  grouped by project (as in ``feature_ceiling.py``), with a "declared" column
  added to the pair features;
- *learned, nobody declares*: the same models scoring pools where nobody declared
  (what a model trained with the column costs when the column is empty);
- *declared first*: the shipped model's order, with the declared candidates moved
  to the top in that order (a rule without a weight to learn).

    uv run python bench/diagnostics/declared_intent.py [--train-until 2017] [--queries 3000]
"""

from __future__ import annotations

import numpy as np
from _split import (
    cross_validated,
    diagnostic_parser,
    pool_metrics,
    project_folds,
    ranked_pools,
    test_year_activity,
    validation_split,
)

from clustera.matching import PairRanker

SCENARIOS = ((0.1, 0.0), (0.25, 0.0), (0.5, 0.0), (1.0, 0.0), (0.25, 0.02), (0.5, 0.05))


def declarations(
    pools: list, activity: list[np.ndarray], p: float, q: float, seed: int = 0
) -> list[np.ndarray]:
    """1 where the candidate declared for the query's call: active ones with ``p``, others ``q``.

    One draw per (organisation, call parts), shared by every query of that call.
    """
    rng = np.random.default_rng(seed)
    draws: dict[tuple[int, tuple[int, ...]], float] = {}
    declared = []
    for pool, found in zip(pools, activity, strict=True):
        context = tuple(pool.item.vectors.query.context)
        chance = np.array(
            [draws.setdefault((int(v), context), float(rng.random())) for v in pool.candidates]
        )
        active = found[:, 1] > 0
        declared.append(np.where(active, chance < p, chance < q).astype(np.float64))
    return declared


def main() -> None:
    parser = diagnostic_parser(__doc__)
    parser.add_argument("--folds", type=int, default=5)
    arguments = parser.parse_args()
    split = validation_split(arguments.train_until)
    pools = ranked_pools(split, PairRanker().fit(split.train), arguments.queries)
    labels = [pool.labels for pool in pools]
    activity = test_year_activity(split, pools)
    active = np.concatenate([found[:, 1] > 0 for found in activity])
    relevant = np.concatenate(labels) > 0
    print(
        f"{len(pools)} new-partner queries of {split.graph.last_year + 1}; "
        f"{active.mean():.1%} of pool candidates have another project in the call's parts "
        f"that year, {active[relevant].mean():.1%} of the relevant ones"
    )
    shipped = pool_metrics([(pool.scores, pool.labels) for pool in pools])
    print(f"shipped model: hits@10 {shipped[0]:.3f}, MRR {shipped[1]:.3f}")

    folds = project_folds(pools, arguments.folds, np.random.default_rng(0))
    plain = pool_metrics(
        cross_validated(
            [pool.features for pool in pools], labels, folds, PairRanker(), np.random.default_rng(0)
        )
    )
    print(
        f"fitted on the test year, pair features: hits@10 {plain[0]:.3f}, MRR {plain[1]:.3f}",
        flush=True,
    )
    best_learned, best_first = (0.0, 0.0), (0.0, 0.0)
    for p, q in SCENARIOS:
        declared = declarations(pools, activity, p, q)
        share = np.concatenate(declared).mean()
        first = pool_metrics(
            [
                (pool.scores + 1e6 * flag, pool.labels)
                for pool, flag in zip(pools, declared, strict=True)
            ]
        )
        features = [
            np.column_stack([pool.features, flag])
            for pool, flag in zip(pools, declared, strict=True)
        ]
        models: list = []
        learned = pool_metrics(
            cross_validated(
                features, labels, folds, PairRanker(), np.random.default_rng(0), models=models
            )
        )
        silent = pool_metrics(
            [
                (
                    np.asarray(
                        models[folds[i]].predict(
                            np.column_stack([pool.features, np.zeros(len(pool.candidates))]),
                            num_threads=1,
                        )
                    ),
                    pool.labels,
                )
                for i, pool in enumerate(pools)
            ]
        )
        best_learned, best_first = max(best_learned, learned), max(best_first, first)
        print(
            f"p={p} q={q} ({share:.1%} of pool candidates declared): "
            f"learned {learned[0]:.3f} / {learned[1]:.3f}; "
            f"nobody declares {silent[0]:.3f} / {silent[1]:.3f}; "
            f"declared first {first[0]:.3f} / {first[1]:.3f}",
            flush=True,
        )
    print(
        f"declared_intent: pair features {plain[0]:.3f} / {plain[1]:.3f}; "
        f"with declarations at most {best_learned[0]:.3f} / {best_learned[1]:.3f}; "
        f"declared first at most {best_first[0]:.3f} / {best_first[1]:.3f}"
    )


if __name__ == "__main__":
    main()
