"""Pair features of (query organisation, candidate partner, call context) and candidate generation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sparse

from clustera.matching._graph import CollaborationGraph, row_normalised

__all__ = ["FEATURE_NAMES", "QueryVectors", "Query"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

FEATURE_NAMES: tuple[str, ...] = (
    "log_projects",
    "log_projects_recent",
    "log_context_projects",
    "log_context_projects_recent",
    "context_share",
    "adamic_adar",
    "adamic_adar_in_context",
    "log_common_neighbours",
    "log_repeat_collaborations",
    "programme_profile_cosine",
    "context_profile_cosine",
    "same_country",
    "type_affinity",
    "country_affinity",
    "log_query_projects",
    "log_consortium_size",
    "log_partners",
    "embedding_similarity",
    "candidate_partners_in_query_country",
    "query_partners_in_candidate_country",
    "candidate_partners_of_query_type",
    "query_partners_of_candidate_type",
    "adamic_adar_context_graph",
    "walk_two_steps",
    "walk_three_steps",
    "walk_two_steps_in_context",
    "log_query_consortium_size",
)


@dataclass(frozen=True)
class Query:
    """A recommendation request: the organisation (position or -1 if new) and its context."""

    position: int
    type_code: int
    country_code: int
    context: tuple[int, ...]


class _ContextVectors:
    """Per-organisation vectors that depend on the context only, with their leader orders."""

    def __init__(self, graph: CollaborationGraph, context: tuple[int, ...], depth: int) -> None:
        n_orgs = len(graph.org_ids)
        if context:
            columns = list(context)
            self.projects = graph.part_counts[:, columns].sum(axis=1)
            self.recent = graph.part_counts_recent[:, columns].sum(axis=1)
            indicator = np.zeros(len(graph.parts))
            indicator[columns] = graph.part_idf[columns]
            indicator /= np.linalg.norm(indicator)
            self.cosine = np.asarray(graph.part_profile @ indicator, dtype=np.float64).ravel()
        else:
            self.projects = np.zeros(n_orgs)
            self.recent = np.zeros(n_orgs)
            self.cosine = np.zeros(n_orgs)
        self.active = (self.projects > 0).astype(np.float64)
        in_context = np.zeros(graph.project_part.shape[0], dtype=bool)
        if context:
            in_context = np.asarray(graph.project_part[:, list(context)].sum(axis=1)).ravel() > 0
        # the recency-weighted walk, with the context's projects weighted 5 times more
        boost = 1.0 + 4.0 * in_context
        self.walk_forward = row_normalised(
            graph.incidence @ sparse.diags(graph.project_recency * boost)
        )
        # the collaboration graph of the context's projects only
        restricted = graph.incidence[:, np.flatnonzero(in_context)]
        partners = (restricted @ restricted.T).tocsr()
        partners.setdiag(0)
        partners.eliminate_zeros()
        partners.data[:] = 1.0
        self.partners = partners
        degree = np.asarray(partners.sum(axis=1)).ravel()
        self.inverse_log_degree = np.zeros(n_orgs)
        self.inverse_log_degree[degree > 1] = 1.0 / np.log(degree[degree > 1])
        recent_activity = np.log1p(graph.projects_recent)
        pools = (
            np.log1p(self.projects) + 0.5 * recent_activity,
            recent_activity + 0.1 * np.log1p(graph.projects),
            self.cosine + 0.01 * np.log1p(graph.projects),
        )
        self.leaders = [_top(pool, depth) for pool in pools]
        self._national_pool = pools[0]
        self._national: dict[int, IntArray] = {}

    def national_leaders(self, graph: CollaborationGraph, country: int, depth: int) -> IntArray:
        """Leaders by context activity among the organisations of one country."""
        if country not in self._national:
            members = np.flatnonzero(graph.country_codes == country)
            order = _top(self._national_pool[members], min(depth, len(members)))
            self._national[country] = members[order].astype(np.int64)
        return self._national[country]


def _top(score: FloatArray, count: int) -> IntArray:
    count = min(count, len(score))
    if count <= 0:
        return np.zeros(0, dtype=np.int64)
    top = np.argpartition(-score, count - 1)[:count]
    return top[np.argsort(-score[top], kind="stable")].astype(np.int64)


def _walks(
    forward: sparse.csr_matrix, back: sparse.csr_matrix, u: int, steps: int = 3
) -> tuple[FloatArray, FloatArray]:
    """Probabilities of reaching each organisation in two and three organisation steps from ``u``.

    One step goes organisation -> project (weighted by ``forward``) -> member.
    """
    start = forward[u]
    one = np.asarray((start @ back).todense(), dtype=np.float64).ravel()
    two = np.asarray(back.T @ (forward.T @ one), dtype=np.float64).ravel()
    if steps < 3:
        return two, np.zeros_like(two)
    three = np.asarray(back.T @ (forward.T @ two), dtype=np.float64).ravel()
    return two, three


def _adamic_adar(partners: sparse.csr_matrix, inverse_log_degree: FloatArray, u: int) -> FloatArray:
    neighbours = partners.indices[partners.indptr[u] : partners.indptr[u + 1]]
    first = partners.indptr[neighbours]
    lengths = partners.indptr[neighbours + 1] - first
    offsets = np.repeat(first - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    reached = partners.indices[offsets + np.arange(int(lengths.sum()))]
    weights = np.repeat(inverse_log_degree[neighbours], lengths)
    return np.bincount(reached, weights, partners.shape[0]).astype(np.float64)


class QueryVectors:
    """Dense per-organisation score vectors for one query, from which features are gathered.

    ``cache`` (a dict kept by the caller) shares the context-only vectors between
    queries with the same context.
    """

    _SHARES = (0.4, 0.1, 0.1)
    _GRAPH_SHARE = 0.2
    _NATIONAL_SHARE = 0.1
    _EMBEDDING_SHARE = 0.1
    _WALK_SHARE = 0.1

    def __init__(
        self,
        graph: CollaborationGraph,
        query: Query,
        cache: dict[tuple[int, ...], _ContextVectors] | None = None,
        depth: int = 2000,
    ) -> None:
        self.graph = graph
        self.query = query
        n_orgs = len(graph.org_ids)
        if cache is None:
            cache = {}
        if query.context not in cache:
            cache[query.context] = _ContextVectors(graph, query.context, depth)
        context = cache[query.context]
        self._context = context
        self.context_projects = context.projects
        self.context_recent = context.recent
        self.context_cosine = context.cosine
        u = query.position
        self.adamic_adar = np.zeros(n_orgs)
        self.adamic_adar_context = np.zeros(n_orgs)
        self.common = np.zeros(n_orgs)
        self.repeat = np.zeros(n_orgs)
        self.profile_cosine = np.zeros(n_orgs)
        self.adamic_adar_context_graph = np.zeros(n_orgs)
        self.walk2 = np.zeros(n_orgs)
        self.walk3 = np.zeros(n_orgs)
        self.walk2_context = np.zeros(n_orgs)
        self._walk_leaders: IntArray = np.zeros(0, dtype=np.int64)
        self.known: IntArray = np.zeros(0, dtype=np.int64)
        self._graph_leaders: IntArray = np.zeros(0, dtype=np.int64)
        self._embedding_leaders: IntArray = np.zeros(0, dtype=np.int64)
        self._national_leaders = context.national_leaders(graph, query.country_code, depth)
        if u < 0:
            return
        start, end = graph.partners.indptr[u], graph.partners.indptr[u + 1]
        neighbours = graph.partners.indices[start:end]
        self.known = neighbours.astype(np.int64)
        self.repeat[neighbours] = graph.partners.data[start:end]
        # paths u - w - v: one bincount per weighting of the middle organisation w
        first = graph.partners_binary.indptr[neighbours]
        lengths = graph.partners_binary.indptr[neighbours + 1] - first
        total = int(lengths.sum())
        offsets = np.repeat(first - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
        reached = graph.partners_binary.indices[offsets + np.arange(total)]
        weights = np.repeat(graph.inverse_log_degree[neighbours], lengths)
        active = np.repeat(context.active[neighbours], lengths)
        self.adamic_adar = np.bincount(reached, weights, n_orgs).astype(np.float64)
        self.adamic_adar_context = np.bincount(reached, weights * active, n_orgs).astype(np.float64)
        self.common = np.bincount(reached, None, n_orgs).astype(np.float64)
        self.profile_cosine = np.asarray(
            graph.part_profile @ graph.part_profile[u].toarray().ravel(), dtype=np.float64
        ).ravel()
        self.adamic_adar_context_graph = _adamic_adar(
            context.partners, context.inverse_log_degree, u
        )
        self.walk2, self.walk3 = _walks(graph.walk_forward, graph.walk_back, u)
        self.walk2_context, _ = _walks(context.walk_forward, graph.walk_back, u, steps=2)
        walk_score = self.walk2_context + self.walk3
        self._walk_leaders = _top(walk_score, min(depth, int((walk_score > 0).sum())))
        graph_score = self.adamic_adar_context + 0.1 * self.adamic_adar
        self._graph_leaders = _top(graph_score, min(depth, int((graph_score > 0).sum())))
        similarity = graph.embedding @ graph.embedding[u]
        self._embedding_leaders = _top(similarity, depth)

    def candidates(self, size: int, exclude: IntArray) -> IntArray:
        """Positions of the ``size`` organisations most worth re-ranking (excluding ``exclude``).

        Union of the leaders by context activity, by graph proximity (partners of
        partners active in the context), by recent activity and by profile fit to
        the context.
        """
        banned = np.zeros(len(self.graph.org_ids), dtype=bool)
        banned[exclude] = True
        chosen: list[IntArray] = []
        pools = [
            self._context.leaders[0],
            self._graph_leaders,
            *self._context.leaders[1:],
            self._national_leaders,
            self._embedding_leaders,
            self._walk_leaders,
        ]
        shares = [
            self._SHARES[0],
            self._GRAPH_SHARE,
            *self._SHARES[1:],
            self._NATIONAL_SHARE,
            self._EMBEDDING_SHARE,
            self._WALK_SHARE,
        ]
        for leaders, share in zip(pools, shares, strict=True):
            take = max(int(size * share), 1)
            allowed = leaders[~banned[leaders]]
            chosen.append(allowed[:take])
        return np.unique(np.concatenate(chosen))

    def fallback_score(self) -> FloatArray:
        """Cheap score ordering the organisations left out of the candidates."""
        graph = self.graph
        return np.asarray(
            np.log1p(self.context_projects)
            + 0.5 * np.log1p(graph.projects_recent)
            + 0.5 * self.adamic_adar_context
            + 0.01 * np.log1p(graph.projects),
            dtype=np.float64,
        )

    def features(self, candidates: IntArray) -> FloatArray:
        """Feature matrix (candidates x ``FEATURE_NAMES``)."""
        graph, query, v = self.graph, self.query, candidates
        u = query.position
        projects = graph.projects[v]
        u_projects = graph.projects[query.position] if query.position >= 0 else 0.0
        # counts relative to the history's means, so models transfer between history lengths
        per_project = 1.0 / max(float(graph.projects.mean()), 1e-9)
        per_recent = 1.0 / max(float(graph.projects_recent.mean()), 1e-9)
        per_partner = 1.0 / max(float(graph.degree.mean()), 1e-9)
        columns = [
            np.log1p(projects * per_project),
            np.log1p(graph.projects_recent[v] * per_recent),
            np.log1p(self.context_projects[v] * per_project),
            np.log1p(self.context_recent[v] * per_recent),
            self.context_projects[v] / np.maximum(projects, 1.0),
            self.adamic_adar[v] * per_partner,
            self.adamic_adar_context[v] * per_partner,
            np.log1p(self.common[v] * per_partner),
            np.log1p(self.repeat[v]),
            self.profile_cosine[v],
            self.context_cosine[v],
            (graph.country_codes[v] == query.country_code).astype(np.float64),
            graph.type_affinity[query.type_code, graph.type_codes[v]],
            graph.country_affinity[query.country_code, graph.country_codes[v]],
            np.full(len(v), np.log1p(u_projects * per_project)),
            np.log(np.maximum(graph.consortium_size[v], 1.0)),
            np.log1p(graph.degree[v] * per_partner),
            graph.embedding[v] @ graph.embedding[u] if u >= 0 else np.zeros(len(v)),
            graph.country_share[v, query.country_code],
            graph.country_share[u, graph.country_codes[v]] if u >= 0 else np.zeros(len(v)),
            graph.type_share[v, query.type_code],
            graph.type_share[u, graph.type_codes[v]] if u >= 0 else np.zeros(len(v)),
            self.adamic_adar_context_graph[v] * per_partner,
            self.walk2[v] * len(graph.org_ids),
            self.walk3[v] * len(graph.org_ids),
            self.walk2_context[v] * len(graph.org_ids),
            np.full(len(v), np.log(max(float(graph.consortium_size[u]), 1.0)) if u >= 0 else 0.0),
        ]
        return np.column_stack(columns).astype(np.float64)
