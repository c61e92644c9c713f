"""The learned combination of pair features, fitted on past collaborations only."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

from clustera.errors import InvalidInputError
from clustera.matching._features import FEATURE_NAMES, Query, QueryVectors
from clustera.matching._graph import CollaborationGraph
from clustera.matching._history import CollaborationHistory
from clustera.matching._queries import CompletionQuery, completion_queries

__all__ = ["PairRanker", "query_of"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def query_of(
    graph: CollaborationGraph,
    org_id: object,
    activity_type: str,
    country: str,
    context: Sequence[str],
) -> Query:
    """The feature query of an organisation (position -1 when the graph does not know it)."""
    position = graph.position(org_id)
    if position >= 0:
        type_code = int(graph.type_codes[position])
        country_code = int(graph.country_codes[position])
    else:
        type_code, country_code = graph.type_code(activity_type), graph.country_code(country)
    return Query(
        int(position), type_code, country_code, tuple(graph.part_positions(tuple(context)))
    )


def exclusions(vectors: QueryVectors, new_only: bool) -> IntArray:
    """Positions never recommended: the organisation itself, and its partners when new only."""
    own = np.array([vectors.query.position] if vectors.query.position >= 0 else [], dtype=np.int64)
    return np.concatenate([own, vectors.known]) if new_only else own


_OBJECTIVES = ("lambdarank", "binary")


class PairRanker:
    """Gradient-boosted ranking of candidate partners from their pair features.

    Trained on consortium-completion queries built from the history alone: for
    each label year ``y`` in ``label_years``, features come from projects before
    ``y`` and labels ("did they join the same project in ``y``?") from projects
    starting in ``y``. Two models are fitted: one for all partners and one for
    new partners (known partners excluded).

    The default objective is LambdaMART (LightGBM's ``lambdarank``): each
    query's candidates form one list and the trees optimise the order within it
    (NDCG), which is what hits@10 and MRR reward. ``objective="binary"`` fits a
    pointwise classifier instead (scikit-learn's histogram gradient boosting).

    Parameters
    ----------
    candidates
        Candidates re-ranked per query.
    negatives
        Non-partner candidates sampled per training query.
    label_years
        How many of the latest history years serve as label years.
    queries_per_year
        Training queries sampled per label year.
    max_iter, learning_rate, max_leaf_nodes
        Gradient boosting parameters: trees, shrinkage, leaves per tree.
    random_state
        Seed of the negative sampling and of the boosting.
    objective
        ``"lambdarank"`` (listwise, LightGBM) or ``"binary"`` (pointwise, scikit-learn).

    References
    ----------
    Burges, C. J. C. (2010). From RankNet to LambdaRank to LambdaMART: An overview.
    Microsoft Research Technical Report MSR-TR-2010-82.
    Ke, G. et al. (2017). LightGBM: A highly efficient gradient boosting decision tree.
    NeurIPS 30.
    """

    def __init__(
        self,
        candidates: int = 400,
        negatives: int = 100,
        label_years: int = 2,
        max_iter: int = 100,
        learning_rate: float = 0.1,
        max_leaf_nodes: int = 7,
        queries_per_year: int = 2500,
        random_state: int = 0,
        objective: str = "lambdarank",
    ) -> None:
        if objective not in _OBJECTIVES:
            raise InvalidInputError(
                f"objective must be one of {', '.join(_OBJECTIVES)}",
                field="objective",
                value=objective,
            )
        self.objective = objective
        self.queries_per_year = queries_per_year
        self.candidates = candidates
        self.negatives = negatives
        self.label_years = label_years
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.random_state = random_state

    def _examples(
        self, history: CollaborationHistory, rng: np.random.Generator
    ) -> dict[bool, tuple[FloatArray, IntArray, IntArray]]:
        """Features, labels and list sizes (one list per query) of the all and new settings."""
        features: dict[bool, list[FloatArray]] = {False: [], True: []}
        labels: dict[bool, list[IntArray]] = {False: [], True: []}
        last = history.last_year
        for year in range(last - self.label_years + 1, last + 1):
            graph = CollaborationGraph.build(history.until(year - 1))
            if len(graph.org_ids) == 0:
                continue
            for query, vectors in _query_vectors(history, graph, year, self.queries_per_year, rng):
                for new_only in (False, True):
                    x, y = self._query_examples(query, vectors, new_only, rng)
                    if len(y):
                        features[new_only].append(x)
                        labels[new_only].append(y)
        examples = {}
        for new_only in (False, True):
            y = np.concatenate(labels[new_only]) if labels[new_only] else np.zeros(0, np.int64)
            if not y.any() or y.all():
                raise InvalidInputError(
                    "too little history to learn from: need projects in at least two years "
                    "with returning organisations",
                    field="history",
                )
            sizes = np.array([len(part) for part in labels[new_only]], dtype=np.int64)
            examples[new_only] = (np.vstack(features[new_only]), y, sizes)
        return examples

    def _query_examples(
        self,
        query: CompletionQuery,
        vectors: QueryVectors,
        new_only: bool,
        rng: np.random.Generator,
    ) -> tuple[FloatArray, IntArray]:
        graph = vectors.graph
        relevant = graph.org_ids.get_indexer(pd.Index(list(query.relevant))).astype(np.int64)
        excluded = exclusions(vectors, new_only)
        relevant = np.setdiff1d(relevant, excluded)
        candidates = vectors.candidates(self.candidates, excluded)
        # learn to re-rank the candidate pool: positives and negatives both from it
        positives = np.intersect1d(candidates, relevant)
        negatives = np.setdiff1d(candidates, relevant)
        if len(negatives) > self.negatives:
            negatives = rng.choice(negatives, self.negatives, replace=False)
        chosen = np.concatenate([positives, negatives])
        label = np.concatenate([np.ones(len(positives)), np.zeros(len(negatives))]).astype(np.int64)
        return vectors.features(chosen), label

    def fit(self, history: CollaborationHistory) -> PairRanker:
        """Fit the all-partners and new-partners models on ``history``; return self.

        Raises ``InvalidInputError`` when the history holds no participation to learn from.
        """
        if history.participations.empty:
            raise InvalidInputError("no participation to learn from", source="history")
        rng = np.random.default_rng(self.random_state)
        self.models_: dict[bool, Any] = {}
        for new_only, (x, y, sizes) in self._examples(history, rng).items():
            self.models_[new_only] = self._fitted_model(x, y, sizes)
        self.feature_names_ = FEATURE_NAMES
        return self

    def _fitted_model(self, x: FloatArray, y: IntArray, sizes: IntArray) -> Any:
        if self.objective == "binary":
            return HistGradientBoostingClassifier(
                max_iter=self.max_iter,
                learning_rate=self.learning_rate,
                max_leaf_nodes=self.max_leaf_nodes,
                random_state=self.random_state,
            ).fit(x, y)
        import lightgbm

        ranker = lightgbm.LGBMRanker(
            objective="lambdarank",
            n_estimators=self.max_iter,
            learning_rate=self.learning_rate,
            num_leaves=self.max_leaf_nodes,
            random_state=self.random_state,
            n_jobs=1,  # deterministic, and the portal's worker shares the machine
            verbose=-1,
        )
        return ranker.fit(x, y, group=sizes)

    def score(self, features: FloatArray, new_only: bool) -> FloatArray:
        """Ranking scores (higher is better; log-odds for the binary objective) per feature row."""
        if len(features) == 0:
            return np.zeros(0)
        model = self.models_[new_only]
        if self.objective == "binary":
            return np.asarray(model.decision_function(features), dtype=np.float64)
        return np.asarray(model.predict(features, num_threads=1), dtype=np.float64)


def _query_vectors(
    history: CollaborationHistory,
    graph: CollaborationGraph,
    year: int,
    limit: int,
    rng: np.random.Generator,
) -> Iterator[tuple[CompletionQuery, QueryVectors]]:
    types = history.organisations["activity_type"].to_dict()
    countries = history.organisations["country"].to_dict()
    cache: dict[tuple[int, ...], Any] = {}
    queries = [query for query in completion_queries(history, graph.org_ids, year) if query.warm]
    if len(queries) > limit:
        queries = [queries[i] for i in np.sort(rng.choice(len(queries), limit, replace=False))]
    for query in queries:
        feature_query = query_of(
            graph,
            query.org_id,
            str(types.get(query.org_id, "")),
            str(countries.get(query.org_id, "")),
            query.context,
        )
        yield query, QueryVectors(graph, feature_query, cache)
