"""Does a learned collaborative model add to the ranker? A next-year new-partner model.

A diagnostic, not a benchmark. The one modelling avenue the feature-ceiling
test (``feature_ceiling.py``) leaves open is per-organisation learned
information. This script trains such a model on the training years only and
measures it on the validation split, alone and fused with ``PairRanker``.

The model is a two-tower network fitted for the task itself: for every
project of a training year ``t`` and every member ``u`` with earlier
projects, predict ``u``'s *new* partners in that project from what was known
before ``t``. The query tower is the recency-weighted mean of learned vectors
of ``u``'s earlier partners (weights 0.7^age, as in the random-walk features),
plus a vector of ``u`` itself and of the call's programme parts; the candidate
tower is a learned vector and bias per organisation, plus a bias per
(programme part, organisation). The loss is the softmax cross-entropy over all
organisations with earlier projects, ``u``'s known partners masked out, as in
the protocol's "new partners" setting (Covington et al. 2016, YouTube's
candidate model, is the pattern).

Each epoch prints, over ``PairRanker``'s candidate pools of the validation
queries: the two-tower model alone, and ``z(PairRanker) + w z(two-tower)`` for
several weights ``w`` (z: standardised within the pool).

Needs PyTorch, which Clustera does not depend on (on this machine:
``uv pip install /opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl``,
or ``uv pip install torch`` elsewhere).

    uv run python bench/diagnostics/next_year_model.py [--train-until 2017] [--epochs 6]

Reference: Covington, P., Adams, J., & Sargin, E. (2016). Deep neural networks
for YouTube recommendations. *RecSys 2016*, 191-198.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sparse
from _split import diagnostic_parser, pool_metrics, project_years, ranked_pools, validation_split

from clustera.matching import PairRanker
from clustera.matching._graph import _DECAY, CollaborationGraph


@dataclass
class Example:
    org: int  # graph position of u
    context: tuple[int, ...]  # programme-part positions of the project
    targets: np.ndarray  # positions of u's new partners in the project (empty when unknown)


@dataclass
class YearState:
    """What was known before one year: recency-weighted partners and who had projects."""

    partners: sparse.csr_matrix  # organisations x organisations
    warm: np.ndarray  # bool: organisations with earlier projects


def state_before(graph: CollaborationGraph, years: np.ndarray, year: int) -> YearState:
    earlier = years < year
    weight = np.where(earlier, _DECAY ** (year - 1 - years.astype(np.float64)), 0.0)
    partners = (graph.incidence @ sparse.diags(weight) @ graph.incidence.T).tocsr()
    partners.setdiag(0)
    partners.eliminate_zeros()
    warm = np.asarray(graph.incidence[:, earlier].sum(axis=1)).ravel() > 0
    return YearState(partners, warm)


def year_examples(
    graph: CollaborationGraph, years: np.ndarray, state: YearState, year: int
) -> list[Example]:
    """One example per (project starting in ``year``, warm member with a new partner)."""
    members = graph.incidence.T.tocsr()
    parts = graph.project_part.tocsr()
    partners = state.partners
    examples = []
    for project in np.flatnonzero(years == year):
        team = members.indices[members.indptr[project] : members.indptr[project + 1]]
        team = team[state.warm[team]]
        if len(team) < 2:
            continue
        context = tuple(
            int(p) for p in parts.indices[parts.indptr[project] : parts.indptr[project + 1]]
        )
        for u in team:
            known = partners.indices[partners.indptr[u] : partners.indptr[u + 1]]
            targets = np.setdiff1d(team, np.append(known, u))
            if len(targets):
                examples.append(Example(int(u), context, targets))
    return examples


def build_model(torch: Any, n_orgs: int, n_parts: int, dimensions: int) -> Any:
    nn = torch.nn

    class TwoTower(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.partner_vectors = nn.Embedding(n_orgs, dimensions)
            self.own_vectors = nn.Embedding(n_orgs, dimensions)
            self.candidate_vectors = nn.Embedding(n_orgs, dimensions)
            self.part_vectors = nn.Embedding(n_parts + 1, dimensions)  # last: padding
            self.candidate_bias = nn.Embedding(n_orgs, 1)
            self.part_candidate_bias = nn.Embedding(n_parts + 1, n_orgs)
            for table in (
                self.partner_vectors,
                self.own_vectors,
                self.candidate_vectors,
                self.part_vectors,
            ):
                nn.init.normal_(table.weight, std=0.05)
            nn.init.zeros_(self.candidate_bias.weight)
            nn.init.zeros_(self.part_candidate_bias.weight)

        def forward(self, partners: Any, orgs: Any, parts: Any, part_weights: Any) -> Any:
            weights = part_weights[..., None]
            query = (
                torch.sparse.mm(partners, self.partner_vectors.weight)
                + self.own_vectors(orgs)
                + (self.part_vectors(parts) * weights).sum(1)
            )
            part_bias = (self.part_candidate_bias(parts) * weights).sum(1)
            return (
                query @ self.candidate_vectors.weight.T + self.candidate_bias.weight.T + part_bias
            )

    return TwoTower()


def batch_inputs(torch: Any, state: YearState, batch: list[Example], n_parts: int) -> tuple:
    """Tensors of a batch: normalised partner rows, orgs, parts, part weights, masked positions."""
    orgs = np.array([example.org for example in batch])
    rows = state.partners[orgs]
    totals = np.asarray(rows.sum(axis=1)).ravel()
    rows = (sparse.diags(1.0 / np.maximum(totals, 1e-12)) @ rows).tocoo()
    partners = torch.sparse_coo_tensor(
        np.vstack([rows.row, rows.col]),
        rows.data.astype(np.float32),
        rows.shape,
        check_invariants=True,
    )
    width = max(max(len(example.context) for example in batch), 1)
    parts = np.full((len(batch), width), n_parts)
    part_weights = np.zeros((len(batch), width), dtype=np.float32)
    masked = np.zeros((len(batch), state.partners.shape[0]), dtype=bool)
    masked[:, ~state.warm] = True
    for i, example in enumerate(batch):
        parts[i, : len(example.context)] = example.context
        part_weights[i, : len(example.context)] = 1.0 / max(len(example.context), 1)
        indptr = state.partners.indptr
        masked[i, state.partners.indices[indptr[example.org] : indptr[example.org + 1]]] = True
        masked[i, example.org] = True
    return (
        partners,
        torch.tensor(orgs),
        torch.tensor(parts),
        torch.tensor(part_weights),
        torch.tensor(masked),
    )


def standardised(values: np.ndarray) -> np.ndarray:
    return (values - values.mean()) / (values.std() + 1e-12)


def main() -> None:
    parser = diagnostic_parser(__doc__, queries=4000)
    parser.add_argument("--dimensions", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--weight-decay", type=float, default=5e-4)
    parser.add_argument("--label-years", type=int, default=3)
    arguments = parser.parse_args()
    try:
        import torch
    except ImportError:
        sys.exit(
            "next_year_model.py needs PyTorch, which Clustera does not depend on: "
            "see this script's docstring"
        )
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    started = time.time()

    split = validation_split(arguments.train_until)
    graph = split.graph
    n_orgs, n_parts = len(graph.org_ids), len(graph.parts)
    ranker = PairRanker().fit(split.train)
    ranked = ranked_pools(split, ranker, arguments.queries)
    pools = [pool.candidates for pool in ranked]
    pool_scores = [pool.scores for pool in ranked]
    pool_labels = [pool.labels for pool in ranked]
    queries = [
        Example(
            pool.item.vectors.query.position,
            pool.item.vectors.query.context,
            np.zeros(0, dtype=np.int64),
        )
        for pool in ranked
    ]
    hits, mrr = pool_metrics(list(zip(pool_scores, pool_labels, strict=True)))
    print(
        f"{len(queries)} new-partner queries of {graph.last_year + 1}; "
        f"PairRanker within its pool: hits@10 {hits:.3f}, MRR {mrr:.3f}",
        flush=True,
    )

    years = project_years(graph)
    training = []  # (state, examples) per label year of the training history
    for year in range(graph.last_year - arguments.label_years + 1, graph.last_year + 1):
        state = state_before(graph, years, year)
        training.append((state, year_examples(graph, years, state, year)))
        print(f"label year {year}: {len(training[-1][1])} training examples", flush=True)
    test_state = state_before(graph, years, graph.last_year + 1)
    flat = [(k, i) for k, (_, examples) in enumerate(training) for i in range(len(examples))]

    model = build_model(torch, n_orgs, n_parts, arguments.dimensions)
    optimiser = torch.optim.Adam(model.parameters(), lr=0.01)
    for epoch in range(arguments.epochs):
        model.train()
        order = rng.permutation(len(flat))
        for start in range(0, len(order), 256):
            by_year: dict[int, list[Example]] = {}
            for i in order[start : start + 256]:
                k, j = flat[i]
                by_year.setdefault(k, []).append(training[k][1][j])
            size = sum(len(batch) for batch in by_year.values())
            loss = torch.zeros(())
            for k, batch in by_year.items():
                partners, orgs, parts, part_weights, masked = batch_inputs(
                    torch, training[k][0], batch, n_parts
                )
                logits = model(partners, orgs, parts, part_weights).masked_fill(masked, -1e9)
                log_probability = torch.log_softmax(logits, 1)
                rows = np.concatenate([[i] * len(e.targets) for i, e in enumerate(batch)])
                columns = np.concatenate([e.targets for e in batch])
                weights = np.concatenate([[1.0 / len(e.targets)] * len(e.targets) for e in batch])
                loss = (
                    loss
                    - (
                        log_probability[rows, columns] * torch.tensor(weights, dtype=torch.float32)
                    ).sum()
                    / size
                )
            penalty = sum(
                (parameter**2).sum()
                for name, parameter in model.named_parameters()
                if "bias" not in name
            )
            optimiser.zero_grad()
            (loss + arguments.weight_decay * penalty).backward()
            optimiser.step()

        model.eval()
        scores = []
        with torch.no_grad():
            for start in range(0, len(queries), 512):
                batch = queries[start : start + 512]
                logits = model(*batch_inputs(torch, test_state, batch, n_parts)[:4]).numpy()
                scores.extend(
                    row[pool] for row, pool in zip(logits, pools[start : start + 512], strict=True)
                )
        alone = pool_metrics(list(zip(scores, pool_labels, strict=True)))
        fused = []
        for weight in (0.2, 0.35, 0.5):
            mixed = [
                standardised(s) + weight * standardised(t)
                for s, t in zip(pool_scores, scores, strict=True)
            ]
            fused.append((weight, *pool_metrics(list(zip(mixed, pool_labels, strict=True)))))
        print(
            f"epoch {epoch + 1}: two-tower alone hits@10 {alone[0]:.3f}, MRR {alone[1]:.3f}; "
            + ", ".join(f"fused w={w}: {h:.3f} / {m:.3f}" for w, h, m in fused)
            + f" ({time.time() - started:.0f} s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
