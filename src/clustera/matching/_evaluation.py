"""Temporal consortium-completion evaluation of partner recommenders and their baselines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from clustera.errors import InvalidInputError
from clustera.matching._features import QueryVectors
from clustera.matching._graph import CollaborationGraph
from clustera.matching._history import CollaborationHistory
from clustera.matching._queries import CompletionQuery, completion_queries
from clustera.matching._ranker import PairRanker, exclusions, query_of

__all__ = [
    "BASELINES",
    "METRICS",
    "EvaluationReport",
    "evaluate_recommenders",
    "rank_metrics",
    "ranks_of",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

METRICS: tuple[str, ...] = ("hits@10", "recall@10", "MRR", "hits@50")
SETTINGS: tuple[str, ...] = ("all", "new")


def _hybrid(vectors: QueryVectors) -> FloatArray:
    graph = vectors.graph
    return np.asarray(
        0.5 * np.log1p(graph.projects)
        + np.log1p(vectors.context_projects)
        + vectors.adamic_adar
        + vectors.profile_cosine,
        dtype=np.float64,
    )


BASELINES: dict[str, Callable[[QueryVectors], FloatArray]] = {
    "popularity": lambda vectors: vectors.graph.projects,
    "call-context popularity": lambda vectors: vectors.context_projects,
    "adamic-adar": lambda vectors: vectors.adamic_adar,
    "tf-idf of programme-part profiles": lambda vectors: vectors.profile_cosine,
    "log-linear hybrid": _hybrid,
}


def ranks_of(
    relevant: IntArray, score: FloatArray, tie_break: FloatArray, excluded: IntArray
) -> IntArray:
    """1-based ranks of ``relevant`` positions in the ranking by ``score`` (ties: ``tie_break``).

    Excluded positions are removed from the ranking; ties left after the tie-break
    count in favour of the relevant item.

    Examples
    --------
    >>> ranks_of(np.array([2]), np.array([3.0, 1.0, 1.0, 0.0]), np.array([0.0, 5.0, 1.0, 0.0]),
    ...          np.array([0]))
    array([2])
    """
    kept = np.ones(len(score), dtype=bool)
    kept[excluded] = False
    kept_score, kept_tie = score[kept][:, None], tie_break[kept][:, None]
    target_score, target_tie = score[relevant][None, :], tie_break[relevant][None, :]
    above = (kept_score > target_score) | ((kept_score == target_score) & (kept_tie > target_tie))
    return np.asarray(1 + above.sum(axis=0), dtype=np.int64)


def rank_metrics(
    relevant: IntArray, score: FloatArray, tie_break: FloatArray, excluded: IntArray
) -> dict[str, float]:
    """hits@10, recall@10, MRR and hits@50 of one query, from the ranks ``ranks_of`` gives, in O(n).

    hits@k is 1 when the best relevant rank is at most k, recall@10 the share of the
    relevant items in the top 10, MRR 1 / the best rank. The metrics need only the
    best relevant rank and how many relevant items rank in the top 10. The best
    rank is one pass over the ranking; only relevant items
    scoring at least the 10th-best score can be in the top 10, and only items
    scoring that much can be above them, so their exact ranks come from that short
    head. ``ranks_of`` compares every item with every relevant one.

    Examples
    --------
    >>> rank_metrics(np.array([2, 3]), np.array([3.0, 1.0, 1.0, 0.0]),
    ...              np.array([0.0, 5.0, 1.0, 0.0]), np.array([0]))
    {'hits@10': 1.0, 'recall@10': 1.0, 'MRR': 0.5, 'hits@50': 1.0}
    """
    kept = np.ones(len(score), dtype=bool)
    kept[excluded] = False
    relevant_score, relevant_tie = score[relevant], tie_break[relevant]
    top = int(np.lexsort((relevant_tie, relevant_score))[-1])
    best_score, best_tie = relevant_score[top], relevant_tie[top]
    above = (score > best_score) | ((score == best_score) & (tie_break > best_tie))
    best = 1 + int(np.count_nonzero(above & kept))
    in_top = 0
    if best <= 10:
        kept_score = score[kept]
        threshold = (
            np.partition(kept_score, len(kept_score) - 10)[len(kept_score) - 10]
            if len(kept_score) > 10
            else -np.inf
        )
        head = kept & (score >= threshold)
        near = relevant_score >= threshold
        in_top = int(
            np.count_nonzero(
                ranks_of(np.asarray(relevant)[near], score, tie_break, np.flatnonzero(~head)) <= 10
            )
        )
    return {
        "hits@10": float(best <= 10),
        "recall@10": in_top / len(relevant),
        "MRR": 1.0 / best,
        "hits@50": float(best <= 50),
    }


@dataclass
class _Accumulator:
    sums: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, method: str, setting: str, metrics: dict[str, float]) -> None:
        bucket = self.sums.setdefault(method, {}).setdefault(setting, dict.fromkeys(METRICS, 0.0))
        for name, value in metrics.items():
            bucket[name] += value
        counts = self.counts.setdefault(method, {})
        counts[setting] = counts.get(setting, 0) + 1

    def means(self) -> dict[str, dict[str, dict[str, float]]]:
        result: dict[str, dict[str, dict[str, float]]] = {}
        for method, settings in self.sums.items():
            result[method] = {}
            for setting, sums in settings.items():
                count = self.counts[method][setting]
                values = {name: total / count for name, total in sums.items()}
                values["queries"] = float(count)
                result[method][setting] = values
        return result


@dataclass(frozen=True)
class EvaluationReport:
    """Mean metrics per method and setting; ``cold_start`` holds cold-start queries."""

    warm: dict[str, dict[str, dict[str, float]]]
    cold_start: dict[str, dict[str, dict[str, float]]]
    train_until: int
    test_year: int

    def as_json(self) -> dict[str, object]:
        """``{"clustera": {"all": ..., "new": ...}, "baselines": {...}, "cold_start": {...}}``."""
        baselines = {name: values for name, values in self.warm.items() if name != "clustera"}
        return {
            "clustera": self.warm.get("clustera", {}),
            "baselines": baselines,
            "cold_start": self.cold_start,
            "split": {"train_until": self.train_until, "test_year": self.test_year},
        }

    def to_frame(self) -> pd.DataFrame:
        """Metrics as a table indexed by (population, method, setting)."""
        rows = []
        for population, table in (("warm", self.warm), ("cold start", self.cold_start)):
            for method, settings in table.items():
                for setting, values in settings.items():
                    rows.append(
                        {"population": population, "method": method, "setting": setting, **values}
                    )
        frame = pd.DataFrame(rows)
        return frame.set_index(["population", "method", "setting"])


def evaluate_recommenders(
    history: CollaborationHistory,
    train_until: int,
    test_year: int,
    ranker: PairRanker | None = None,
    *,
    baselines: bool = True,
    max_queries: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> EvaluationReport:
    """Evaluate the learned ranker and the baselines on one temporal split.

    Everything the methods see (graph, counts, profiles, the fit of the ranker)
    comes from projects starting in ``train_until`` or before; the test
    project's programme parts are the only context. Known partners are removed
    from the ranking in the "new" setting.

    Parameters
    ----------
    history
        All participations (training and test years).
    train_until, test_year
        The temporal split.
    ranker
        An unfitted :class:`PairRanker` (default parameters when None); fitted here on
        the training years only. When the training years are too few to learn from,
        Clustera's row shows the fixed fallback score (see ``QueryVectors.fallback_score``).
    baselines
        Evaluate the baselines too.
    max_queries
        Evaluate an evenly spaced subset of the queries (faster checks).
    progress
        Called with (done, total) as queries are processed.
    """
    if test_year <= train_until:
        raise InvalidInputError(
            "test year must come after the training years", field="test_year", value=test_year
        )
    train = history.until(train_until)
    if len(train.participations) == 0:
        raise InvalidInputError("no training projects", field="train_until", value=train_until)
    try:
        fitted: PairRanker | None = (ranker if ranker is not None else PairRanker()).fit(train)
    except InvalidInputError:
        fitted = None  # too little history to learn from: the fixed fallback score ranks
    graph = CollaborationGraph.build(train)
    queries = completion_queries(history, graph.org_ids, test_year)
    if not queries:
        raise InvalidInputError(
            "no test project has two returning participants", field="test_year", value=test_year
        )
    if max_queries is not None and len(queries) > max_queries:
        step = len(queries) / max_queries
        queries = [queries[int(i * step)] for i in range(max_queries)]
    warm, cold = _Accumulator(), _Accumulator()
    types = history.organisations["activity_type"].to_dict()
    countries = history.organisations["country"].to_dict()
    methods = BASELINES if baselines else {}
    cache: dict[tuple[int, ...], Any] = {}
    pending: list[_Pending] = []
    for done, query in enumerate(queries, start=1):
        accumulator = warm if query.warm else cold
        feature_query = query_of(
            graph,
            query.org_id,
            str(types.get(query.org_id, "")),
            str(countries.get(query.org_id, "")),
            query.context,
        )
        vectors = QueryVectors(graph, feature_query, cache)
        pending.extend(_evaluate_query(query, vectors, fitted, methods, accumulator))
        if len(pending) >= 512 or done == len(queries):
            _score_pending(pending, fitted)
            pending = []
        if progress is not None and (done % 200 == 0 or done == len(queries)):
            progress(done, len(queries))
    return EvaluationReport(warm.means(), cold.means(), train_until, test_year)


@dataclass
class _Pending:
    accumulator: _Accumulator
    setting: str
    relevant: IntArray
    excluded: IntArray
    candidates: IntArray
    features: FloatArray
    fallback: FloatArray
    popularity: FloatArray


def _score_pending(pending: list[_Pending], ranker: PairRanker | None) -> None:
    if ranker is None:
        return
    for new_only in (False, True):
        group = [item for item in pending if (item.setting == "new") == new_only]
        if not group:
            continue
        learned_all = ranker.score(np.vstack([item.features for item in group]), new_only)
        bounds = np.cumsum([0] + [len(item.candidates) for item in group])
        for item, first, last in zip(group, bounds[:-1], bounds[1:], strict=True):
            learned = learned_all[first:last]
            # candidates first, by learned score; the rest below them, by the cheap score
            score = item.fallback.copy()
            if len(learned):
                score[item.candidates] = learned - learned.min() + item.fallback.max() + 1.0
            item.accumulator.add(
                "clustera",
                item.setting,
                rank_metrics(item.relevant, score, item.popularity, item.excluded),
            )


def _evaluate_query(
    query: CompletionQuery,
    vectors: QueryVectors,
    ranker: PairRanker | None,
    methods: dict[str, Callable[[QueryVectors], FloatArray]],
    accumulator: _Accumulator,
) -> list[_Pending]:
    pending: list[_Pending] = []
    graph = vectors.graph
    popularity = graph.projects
    all_relevant = graph.org_ids.get_indexer(pd.Index(list(query.relevant))).astype(np.int64)
    for setting in SETTINGS:
        new_only = setting == "new"
        excluded = exclusions(vectors, new_only)
        relevant = np.setdiff1d(all_relevant, excluded)
        if len(relevant) == 0:
            continue
        for name, method in methods.items():
            accumulator.add(
                name, setting, rank_metrics(relevant, method(vectors), popularity, excluded)
            )
        if ranker is None:
            accumulator.add(
                "clustera",
                setting,
                rank_metrics(relevant, vectors.fallback_score(), popularity, excluded),
            )
            continue
        candidates = vectors.candidates(ranker.candidates, excluded)
        pending.append(
            _Pending(
                accumulator,
                setting,
                relevant,
                excluded,
                candidates,
                vectors.features(candidates),
                vectors.fallback_score(),
                popularity,
            )
        )
    return pending
