"""Where the relevant new partners are: graph distance, context activity, candidate pool.

A diagnostic, not a benchmark: on a temporal split of the CORDIS sample it
counts, for the "new partners" queries of the evaluation protocol, how many
relevant partners lie two or three collaboration steps from the query
organisation, how many were active in the call context, and how many the
candidate generator puts in the pool that the learned model re-ranks.

    uv run python bench/diagnostics/partner_pool.py [--train-until 2017] [--queries 3000]

Reads ``../shared/data/cordis`` (the shared samples); tuning belongs on train years
only, hence the 2017/2018 default.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from clustera.cli.match import _read_history
from clustera.matching._features import QueryVectors
from clustera.matching._graph import CollaborationGraph
from clustera.matching._queries import completion_queries
from clustera.matching._ranker import exclusions, query_of
from clustera.testing import require_shared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train-until", type=int, default=2017)
    parser.add_argument("--queries", type=int, default=3000)
    parser.add_argument("--pool", type=int, default=400)
    arguments = parser.parse_args()
    cordis = Path(require_shared("data", "cordis"))
    history = _read_history(cordis / "projects.csv", cordis / "participations.csv",
                            arguments.train_until)
    graph = CollaborationGraph.build(history.until(arguments.train_until))  # type: ignore[attr-defined]
    queries = [q for q in completion_queries(history, graph.org_ids,  # type: ignore[arg-type]
                                             arguments.train_until + 1) if q.warm]
    step = max(len(queries) / arguments.queries, 1.0)
    queries = [queries[int(i * step)] for i in range(min(arguments.queries, len(queries)))]
    types = history.organisations["activity_type"].to_dict()  # type: ignore[attr-defined]
    countries = history.organisations["country"].to_dict()  # type: ignore[attr-defined]
    partners = graph.partners_binary
    cache: dict = {}
    n_queries = n_relevant = two_hops = three_hops = in_context = in_pool = queries_in_pool = 0
    sizes = []
    for query in queries:
        feature_query = query_of(graph, query.org_id, str(types.get(query.org_id, "")),
                                 str(countries.get(query.org_id, "")), query.context)
        vectors = QueryVectors(graph, feature_query, cache)
        excluded = exclusions(vectors, True)
        relevant = np.setdiff1d(graph.org_ids.get_indexer(pd.Index(list(query.relevant))),
                                excluded)
        if len(relevant) == 0:
            continue
        u = feature_query.position
        first = np.zeros(len(graph.org_ids))
        first[partners.indices[partners.indptr[u]:partners.indptr[u + 1]]] = 1.0
        second = (partners @ first) > 0
        third = (partners @ second.astype(np.float64)) > 0
        pool = vectors.candidates(arguments.pool, excluded)
        found = np.isin(relevant, pool)
        n_queries += 1
        n_relevant += len(relevant)
        sizes.append(len(relevant))
        two_hops += int(second[relevant].sum())
        three_hops += int((third[relevant] & ~second[relevant]).sum())
        in_context += int((vectors.context_projects[relevant] > 0).sum())
        in_pool += int(found.sum())
        queries_in_pool += int(found.any())
    print(f"{n_queries} new-partner queries, {n_relevant} relevant partners "
          f"(median {np.median(sizes):g} per query)")
    print(f"relevant two steps away {two_hops / n_relevant:.3f}, "
          f"exactly three steps {three_hops / n_relevant:.3f}")
    print(f"relevant active in the context in training {in_context / n_relevant:.3f}")
    print(f"relevant in the {arguments.pool}-candidate pool {in_pool / n_relevant:.3f}; "
          f"queries with a relevant partner in the pool {queries_in_pool / n_queries:.3f}")


if __name__ == "__main__":
    main()
