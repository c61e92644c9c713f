"""The validation split's "new partners" queries, shared by the diagnostics.

Evenly spaced warm queries of the year after ``train_until`` (like ``clustera
match evaluate --max-queries``, which spaces them over warm and cold queries
together), each with its feature vectors and its relevant new partners (known
partners and the organisation itself removed).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from clustera.cli.match import _read_history
from clustera.matching import CollaborationHistory, PairRanker
from clustera.matching._evaluation import rank_metrics
from clustera.matching._features import QueryVectors
from clustera.matching._graph import _DECAY, CollaborationGraph
from clustera.matching._queries import CompletionQuery, completion_queries
from clustera.matching._ranker import exclusions, query_of
from clustera.testing import require_shared

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass
class NewPartnerQuery:
    query: CompletionQuery
    vectors: QueryVectors
    relevant: IntArray  # graph positions of the relevant new partners
    excluded: IntArray


@dataclass
class RankedPool:
    """A query's candidate pool as ``PairRanker`` re-ranks it (new-partner model)."""

    item: NewPartnerQuery
    candidates: IntArray
    features: FloatArray
    scores: FloatArray
    labels: IntArray  # 1 for the relevant new partners in the pool


@dataclass
class Split:
    history: CollaborationHistory  # training and test years
    train: CollaborationHistory
    graph: CollaborationGraph  # of the training years

    def new_partner_queries(self, limit: int) -> Iterator[NewPartnerQuery]:
        """Warm queries of the test year with at least one relevant new partner."""
        graph = self.graph
        year = graph.last_year + 1
        queries = [q for q in completion_queries(self.history, graph.org_ids, year) if q.warm]
        step = max(len(queries) / limit, 1.0)
        queries = [queries[int(i * step)] for i in range(min(limit, len(queries)))]
        types = self.history.organisations["activity_type"].to_dict()
        countries = self.history.organisations["country"].to_dict()
        cache: dict[tuple[int, ...], Any] = {}
        for query in queries:
            feature_query = query_of(
                graph,
                query.org_id,
                str(types.get(query.org_id, "")),
                str(countries.get(query.org_id, "")),
                query.context,
            )
            vectors = QueryVectors(graph, feature_query, cache)
            excluded = exclusions(vectors, True)
            relevant = np.setdiff1d(
                graph.org_ids.get_indexer(pd.Index(list(query.relevant))), excluded
            ).astype(np.int64)
            if len(relevant):
                yield NewPartnerQuery(query, vectors, relevant, excluded)


def ranked_pools(split: Split, ranker: PairRanker, limit: int) -> list[RankedPool]:
    """The candidate pools of ``split``'s new-partner queries, scored by the fitted ``ranker``."""
    pools = []
    for item in split.new_partner_queries(limit):
        candidates = item.vectors.candidates(ranker.candidates, item.excluded)
        features = item.vectors.features(candidates)
        pools.append(
            RankedPool(
                item,
                candidates,
                features,
                ranker.score(features, True),
                np.isin(candidates, item.relevant).astype(np.int64),
            )
        )
    return pools


def diagnostic_parser(doc: str, queries: int = 3000) -> argparse.ArgumentParser:
    """The options every diagnostic takes: the last training year and how many queries."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--train-until", type=int, default=2017)
    parser.add_argument("--queries", type=int, default=queries)
    return parser


def validation_split(train_until: int) -> Split:
    """The CORDIS sample (``../shared/data/cordis``) split after ``train_until``."""
    cordis = Path(require_shared("data", "cordis"))
    history: CollaborationHistory = _read_history(  # type: ignore[assignment]
        cordis / "projects.csv", cordis / "participations.csv", train_until
    )
    train = history.until(train_until)
    return Split(history, train, CollaborationGraph.build(train))


def pool_metrics(lists: list[tuple[FloatArray, IntArray]]) -> tuple[float, float]:
    """hits@10 and MRR of (scores, labels) candidate pools, as ``clustera match evaluate`` counts.

    A pool without a relevant partner (every one outside it) counts as a miss.
    """
    hits = reciprocal = 0.0
    for score, label in lists:
        relevant = np.flatnonzero(label)
        if len(relevant) == 0:
            continue
        metrics = rank_metrics(relevant, score, np.zeros(len(score)), np.zeros(0, dtype=np.int64))
        hits += metrics["hits@10"]
        reciprocal += metrics["MRR"]
    return hits / len(lists), reciprocal / len(lists)


def project_folds(pools: list[RankedPool], n_folds: int, rng: np.random.Generator) -> IntArray:
    """A cross-validation fold per pool, the same for every query of one project."""
    projects = [pool.item.query.project_id for pool in pools]
    fold_of = {project: rng.integers(n_folds) for project in sorted(set(projects), key=str)}
    return np.array([fold_of[project] for project in projects], dtype=np.int64)


def cross_validated(
    features: list[FloatArray],
    labels: list[IntArray],
    folds: IntArray,
    settings: PairRanker,
    rng: np.random.Generator,
    models: list[Any] | None = None,
) -> list[tuple[FloatArray, IntArray]]:
    """(scores, labels) of every pool, scored by LambdaMART fitted on the other folds' pools.

    The model is ``settings``' own (``PairRanker._fitted_model``), fitted on lists
    of each pool's relevant partners and ``settings.negatives`` sampled others.
    Given a list as ``models``, the fitted model of each fold is appended to it.
    """
    scored: list[tuple[FloatArray, IntArray]] = []
    for fold in range(int(folds.max()) + 1):
        x_train, y_train, sizes = [], [], []
        for i in np.flatnonzero(folds != fold):
            positives = np.flatnonzero(labels[i])
            if len(positives) == 0:
                continue
            negatives = np.flatnonzero(labels[i] == 0)
            negatives = rng.choice(
                negatives, min(settings.negatives, len(negatives)), replace=False
            )
            chosen = np.concatenate([positives, negatives])
            x_train.append(features[i][chosen])
            y_train.append(labels[i][chosen])
            sizes.append(len(chosen))
        model = settings._fitted_model(np.vstack(x_train), np.concatenate(y_train), np.array(sizes))
        if models is not None:
            models.append(model)
        scored.extend(
            (np.asarray(model.predict(features[i], num_threads=1)), labels[i])
            for i in np.flatnonzero(folds == fold)
        )
    return scored


def project_years(graph: CollaborationGraph) -> IntArray:
    """Start year per project column, recovered from the graph's recency weights."""
    age = np.log(graph.project_recency) / np.log(_DECAY)
    return np.rint(graph.last_year - age).astype(np.int64)


def test_year_activity(split: Split, pools: list[RankedPool]) -> list[IntArray]:
    """Per pool and candidate, its *other* projects starting in the test year.

    Three columns: in any programme part, in one of the query's call parts, and
    those of them the query organisation is also in. This reads the test year,
    which no recommender may: for oracles and simulations only.
    """
    graph = split.graph
    rows = split.history.in_year(graph.last_year + 1)
    members = rows.groupby("project_id")["org_id"].agg(frozenset).to_dict()
    projects_of: dict[int, list[tuple[object, frozenset[str]]]] = {}
    for project, position, project_parts in zip(
        rows["project_id"],
        graph.org_ids.get_indexer(rows["org_id"]),
        rows["programme_parts"],
        strict=True,
    ):
        if position >= 0:
            projects_of.setdefault(int(position), []).append((project, frozenset(project_parts)))
    activity = []
    for pool in pools:
        context = {graph.parts[i] for i in pool.item.vectors.query.context}
        own, query_org = pool.item.query.project_id, pool.item.query.org_id
        others = [
            [
                (project, project_parts)
                for project, project_parts in projects_of.get(int(v), ())
                if project != own
            ]
            for v in pool.candidates
        ]
        activity.append(
            np.array(
                [
                    [
                        len(found),
                        sum(1 for _, project_parts in found if project_parts & context),
                        sum(1 for project, _ in found if query_org in members[project]),
                    ]
                    for found in others
                ],
                dtype=np.int64,
            ).reshape(-1, 3)
        )
    return activity
