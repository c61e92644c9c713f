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

import numpy as np
from _split import diagnostic_parser, validation_split


def main() -> None:
    parser = diagnostic_parser(__doc__)
    parser.add_argument("--pool", type=int, default=400)
    arguments = parser.parse_args()
    split = validation_split(arguments.train_until)
    graph = split.graph
    partners = graph.partners_binary
    n_queries = n_relevant = two_hops = three_hops = in_context = in_pool = queries_in_pool = 0
    sizes = []
    bands = (0, 1, 5, 30, np.inf)  # training projects of the relevant partner
    band_relevant = np.zeros(len(bands) - 1)
    band_pool = np.zeros(len(bands) - 1)
    for item in split.new_partner_queries(arguments.queries):
        relevant, vectors = item.relevant, item.vectors
        u = vectors.query.position
        first = np.zeros(len(graph.org_ids))
        first[partners.indices[partners.indptr[u] : partners.indptr[u + 1]]] = 1.0
        second = (partners @ first) > 0
        third = (partners @ second.astype(np.float64)) > 0
        pool = vectors.candidates(arguments.pool, item.excluded)
        found = np.isin(relevant, pool)
        n_queries += 1
        n_relevant += len(relevant)
        sizes.append(len(relevant))
        two_hops += int(second[relevant].sum())
        three_hops += int((third[relevant] & ~second[relevant]).sum())
        in_context += int((vectors.context_projects[relevant] > 0).sum())
        in_pool += int(found.sum())
        queries_in_pool += int(found.any())
        band = np.digitize(graph.projects[relevant], bands[1:-1], right=True)
        band_relevant += np.bincount(band, minlength=len(band_relevant))
        band_pool += np.bincount(band, found, minlength=len(band_pool))
    print(
        f"{n_queries} new-partner queries, {n_relevant} relevant partners "
        f"(median {np.median(sizes):g} per query)"
    )
    print(
        f"relevant two steps away {two_hops / n_relevant:.3f}, "
        f"exactly three steps {three_hops / n_relevant:.3f}"
    )
    print(f"relevant active in the context in training {in_context / n_relevant:.3f}")
    print(
        f"relevant in the {arguments.pool}-candidate pool {in_pool / n_relevant:.3f}; "
        f"queries with a relevant partner in the pool {queries_in_pool / n_queries:.3f}"
    )
    for low, high, count, pooled in zip(
        bands[:-1], bands[1:], band_relevant, band_pool, strict=True
    ):
        print(
            f"relevant with {low:g} < training projects <= {high:g}: "
            f"{count / n_relevant:.3f} of relevant, {pooled / max(count, 1):.3f} in the pool"
        )


if __name__ == "__main__":
    main()
