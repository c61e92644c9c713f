"""Partner recommendation for one organisation, with the reasons behind each suggestion."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from clustera.errors import InvalidInputError, UnknownCodeError
from clustera.matching._content import ContentProfiles, _codes, code_complementarity
from clustera.matching._features import Query, QueryVectors
from clustera.matching._graph import CollaborationGraph
from clustera.matching._history import CollaborationHistory
from clustera.matching._ranker import PairRanker, exclusions
from clustera.matching._reasons import candidate_reasons

__all__ = ["PartnerRecommender", "PartnerSuggestion", "recommend_partners", "MAX_K", "PREFERENCES"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

MAX_K = 1000
# Per-request geography preferences: each lowers the candidates it does not prefer by 1.
PREFERENCES: tuple[str, ...] = ("cross-border", "same-country", "cross-region")


@dataclass(frozen=True)
class PartnerSuggestion:
    """One suggested partner: its rank, score (higher is better) and reasons in words."""

    org_id: Any
    rank: int
    score: float
    reasons: tuple[str, ...]
    #: The share of the other candidates it outranks, in percent (100: it beats all of them).
    percentile: float = 100.0
    #: How many candidates were scored for the query.
    candidates: int = 0


def percentile_beaten(scores: Any) -> Any:
    """For each score, the share (percent) of the *other* scores strictly below it.

    A readable companion of the ranking score, which is not a probability: "better than 97 %
    of 2,431 candidates". Ties count as not beaten; a single candidate beats 100 %.

    >>> percentile_beaten(np.array([3.0, 1.0, 2.0, 2.0, 0.0])).tolist()
    [100.0, 25.0, 50.0, 50.0, 0.0]
    """
    values = np.asarray(scores, dtype=float)
    if len(values) <= 1:
        return np.full(len(values), 100.0)
    below = np.searchsorted(np.sort(values), values, side="left")
    return below * 100.0 / (len(values) - 1)


def _validate_k(k: object) -> int:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 1 <= int(k) <= MAX_K:
        raise InvalidInputError(f"k must be a whole number from 1 to {MAX_K}", field="k", value=k)
    return int(k)


class PartnerRecommender:
    """Recommend complementary partners from collaborations, activity, profiles and geography.

    Candidates come from the organisations active in the context, partners of
    partners, recently active organisations and similar profiles; a gradient-boosted
    model of pair features (:class:`PairRanker`, fitted on the history's own later
    years) re-ranks them, plus ``content_weight`` times the profile text similarity
    and ``complement_weight`` for related-but-different activity codes, plus
    ``s3_weight`` times the share of the organisation's S3 priorities the candidate
    shares (profiles' optional ``s3_priorities`` column).

    Parameters
    ----------
    candidates
        Candidates re-ranked per request.
    content_weight, complement_weight, s3_weight
        Weights of the content and complementarity terms added to the learned log-odds.
    cross_border
        The default geography preference of every request: True for "cross-border",
        False for "same-country", None for none (see ``recommend(prefer=...)``).
    relatedness
        Optional square table of activity-code relatedness (e.g. NACE relatedness from
        ``clustera.analytics``); without it codes of the same NACE division are related.
    ranker
        The learned model (default :class:`PairRanker`); when the history is too short
        to learn from, a fixed log-linear score is used and ``ranker_`` is None.
    value_chain
        Optional square table of value-chain links between activity codes (e.g.
        ``clustera.analytics.input_output_links`` of an input-output table, mapped
        to the profiles' codes by ``code_relatedness(..., same_category=0)``). A
        supplier or customer industry then complements like a related one, when its
        link is the stronger, with its own reason.

    References
    ----------
    Adamic, L. A., & Adar, E. (2003). Friends and neighbors on the Web. Social Networks, 25(3).
    Liben-Nowell, D., & Kleinberg, J. (2007). The link-prediction problem for social
    networks. JASIST, 58(7).

    Examples
    --------
    >>> rows = pd.DataFrame({"project_id": [1, 1, 2, 2, 3, 3, 4, 4, 5, 5],
    ...     "org_id": ["a", "b", "b", "c", "c", "d", "a", "c", "b", "d"],
    ...     "year": [2016, 2016, 2017, 2017, 2017, 2017, 2018, 2018, 2018, 2018],
    ...     "programme_parts": ["SC1"] * 10})
    >>> recommender = PartnerRecommender().fit(CollaborationHistory.from_frames(rows))
    >>> [s.org_id for s in recommender.recommend("a", k=1, context=("SC1",), new_only=True)]
    ['d']
    """

    def __init__(
        self,
        candidates: int = 400,
        content_weight: float = 2.0,
        complement_weight: float = 0.5,
        cross_border: bool | None = None,
        relatedness: pd.DataFrame | None = None,
        ranker: PairRanker | None = None,
        value_chain: pd.DataFrame | None = None,
        s3_weight: float = 0.5,
    ) -> None:
        self.candidates = candidates
        self.content_weight = content_weight
        self.complement_weight = complement_weight
        self.cross_border = cross_border
        self.relatedness = relatedness
        self.ranker = ranker
        self.value_chain = value_chain
        self.s3_weight = s3_weight

    def fit(self, history: CollaborationHistory) -> PartnerRecommender:
        """Build the graph and counts, fit the learned model and the content vectors."""
        self.history_ = history
        self.graph_ = CollaborationGraph.build(history)
        ranker = self.ranker if self.ranker is not None else PairRanker(candidates=self.candidates)
        try:
            self.ranker_: PairRanker | None = ranker.fit(history)
        except InvalidInputError:
            self.ranker_ = None
        profiles = history.organisations.reindex(self.graph_.org_ids)
        self.content_ = ContentProfiles().fit(profiles)
        public = profiles["public"] if "public" in profiles.columns else None
        self.public_ = (
            np.ones(len(profiles), dtype=bool)
            if public is None
            else public.fillna(False).astype(bool).to_numpy()
        )
        self._cache: dict[tuple[int, ...], Any] = {}
        return self

    def _check_context(self, context: Sequence[str]) -> tuple[int, ...]:
        if isinstance(context, str):
            context = (context,)
        unknown = [part for part in context if part not in self.graph_.parts]
        if unknown:
            raise UnknownCodeError(
                f"unknown programme part or theme; known: {self.graph_.parts}",
                field="context",
                value=unknown[0],
            )
        return tuple(self.graph_.part_positions(tuple(context)))

    def _profile_of(self, org_id: object, profile: pd.Series | None) -> pd.Series:
        if profile is not None:
            return profile
        organisations = self.history_.organisations
        if org_id in organisations.index:
            row: pd.Series = organisations.loc[org_id]  # type: ignore[call-overload]
            return row
        raise UnknownCodeError("unknown organisation", field="organisation", value=org_id)

    def recommend(
        self,
        org_id: object,
        k: int = 10,
        context: Sequence[str] = (),
        *,
        new_only: bool = False,
        profile: pd.Series | None = None,
        names: Mapping[str, str] | None = None,
        prefer: str | None = None,
        keep: Callable[[list[Any]], Sequence[bool]] | None = None,
    ) -> list[PartnerSuggestion]:
        """The ``k`` best partners for ``org_id`` preparing a project in ``context``.

        ``profile`` (``activity_type``, ``country``, optional ``technologies``, ``nace``,
        ``description``) stands in for organisations the history does not hold.
        ``names`` maps technology and activity codes to the names the reasons show
        ("works in 1 of your technologies (Additive manufacturing)"); codes without
        a name are shown as they are. ``prefer`` (one of :data:`PREFERENCES`) lowers
        by 1 the candidates in the organisation's own country ("cross-border"), in
        other countries ("same-country") or in its own region ("cross-region", for
        interregional partnerships; needs the profiles' ``region``). ``keep`` receives
        the ids of every scored candidate, best first, and answers which of them may be
        suggested (the caller's filters); the percentile still counts all candidates.
        Raises ``UnknownCodeError`` for an unknown organisation or context code and
        ``InvalidInputError`` for ``k`` outside 1..``MAX_K``.
        """
        k = _validate_k(k)
        if prefer is not None and prefer not in PREFERENCES:
            raise InvalidInputError(
                f"prefer must be one of {PREFERENCES}", field="prefer", value=prefer
            )
        parts = self._check_context(context)
        row = self._profile_of(org_id, profile)
        graph = self.graph_
        position = graph.position(org_id)
        query = Query(
            position,
            graph.type_code(str(row.get("activity_type", ""))),
            graph.country_code(str(row.get("country", ""))),
            parts,
        )
        if position >= 0:
            query = Query(
                position, int(graph.type_codes[position]), int(graph.country_codes[position]), parts
            )
        vectors = QueryVectors(graph, query, self._cache)
        content = self._content_scores(org_id, row)
        candidates = self._candidates(vectors, content, new_only)
        if len(candidates) == 0:
            return []
        features = vectors.features(candidates)
        if self.ranker_ is not None:
            score = self.ranker_.score(features, new_only)
        else:
            score = features[:, 2] + 0.5 * features[:, 1] + features[:, 5] + 0.1 * features[:, 0]
        complements = [self._complement(row, int(v)) for v in candidates]
        score = score + self.complement_weight * np.array([c[0] for c in complements])
        own_s3 = _codes(row.get("s3_priorities", ()))
        s3_shared = self._s3_shared(own_s3, candidates)
        if own_s3:
            score = score + self.s3_weight * np.array([len(shared) for shared in s3_shared]) / len(
                own_s3
            )
        if len(content):
            score = score + self.content_weight * content[candidates]
        score = score - self._preference_penalty(prefer, row, query, candidates)
        order = np.argsort(-score, kind="stable")
        if keep is not None:
            mask = keep([graph.org_ids[int(candidates[i])] for i in order])
            order = order[np.asarray(mask, dtype=bool)]
        order = order[:k]
        beaten = percentile_beaten(score)
        return [
            PartnerSuggestion(
                org_id=graph.org_ids[int(candidates[i])],
                rank=rank,
                score=float(score[i]),
                percentile=float(beaten[i]),
                candidates=len(score),
                reasons=candidate_reasons(
                    vectors,
                    row,
                    int(candidates[i]),
                    complements[i],
                    float(content[candidates[i]]) if len(content) else 0.0,
                    names or {},
                    s3_shared[i],
                    self.history_.organisations.get("technologies"),
                ),
            )
            for rank, i in enumerate(order, start=1)
        ]

    def _candidates(self, vectors: QueryVectors, content: FloatArray, new_only: bool) -> IntArray:
        """The graph's candidates, with the best text matches added (public, not excluded)."""
        excluded = np.union1d(exclusions(vectors, new_only), np.flatnonzero(~self.public_))
        candidates = vectors.candidates(self.candidates, excluded)
        if len(content):
            content_leaders = np.argsort(
                -np.where(np.isin(np.arange(len(content)), excluded), -np.inf, content)
            )[: self.candidates // 4]
            content_leaders = content_leaders[content[content_leaders] > 0]
            candidates = np.union1d(candidates, content_leaders)
        return candidates

    def _preference_penalty(
        self, prefer: str | None, row: pd.Series, query: Query, candidates: IntArray
    ) -> FloatArray:
        """1 for the candidates the geography preference puts back, 0 for the others."""
        if prefer is None and self.cross_border is not None:  # the default preference
            prefer = "cross-border" if self.cross_border else "same-country"
        if prefer in ("cross-border", "same-country"):
            same = self.graph_.country_codes[candidates] == query.country_code
            penalty = same if prefer == "cross-border" else ~same
            return np.asarray(penalty, dtype=np.float64)
        if prefer == "cross-region":
            return self._same_region(row, candidates).astype(np.float64)
        return np.zeros(len(candidates))

    def _content_scores(self, org_id: object, row: pd.Series) -> FloatArray:
        if self.content_.empty_:
            return np.zeros(0)
        position = self.graph_.position(org_id)
        vector = (
            self.content_.vectors_[position]
            if position >= 0
            else self.content_.transform(pd.DataFrame([row]))
        )
        similarity = self.content_.similarity_to(vector).to_numpy().copy()
        if position >= 0:
            similarity[position] = 0.0
        return similarity

    def _same_region(self, row: pd.Series, candidates: IntArray) -> npt.NDArray[np.bool_]:
        regions = self.history_.organisations.get("region")
        own = str(row.get("region", "") or "")
        if regions is None or not own:
            return np.zeros(len(candidates), dtype=bool)
        theirs = regions.reindex(self.graph_.org_ids[candidates]).fillna("").astype(str).to_numpy()
        return np.asarray(theirs == own)

    def _s3_shared(self, own: tuple[str, ...], candidates: IntArray) -> list[list[str]]:
        """Per candidate, the organisation's S3 priorities (``own``) that it shares."""
        theirs = self.history_.organisations.get("s3_priorities")
        if theirs is None or not own:
            return [[] for _ in candidates]
        shared = []
        for v in candidates:
            other = set(_codes(theirs.get(self.graph_.org_ids[int(v)], ())))
            shared.append([code for code in own if code in other])
        return shared

    def _complement(self, row: pd.Series, candidate: int) -> tuple[float, str, str, bool]:
        """The best (strength, own code, their code, through the value chain) pair of codes."""
        other = self.history_.organisations.get("nace")
        if other is None:
            return (0.0, "", "", False)
        theirs = other.get(self.graph_.org_ids[candidate], ())
        own = row.get("nace", ())
        if not isinstance(own, tuple | list) or not isinstance(theirs, tuple | list):
            return (0.0, "", "", False)
        related = code_complementarity(own, theirs, self.relatedness)
        if self.value_chain is not None:
            chain = code_complementarity(own, theirs, self.value_chain)
            if chain[0] > related[0]:
                return (*chain, True)
        return (*related, False)


def recommend_partners(
    history: CollaborationHistory,
    org_id: object,
    k: int = 10,
    context: Sequence[str] = (),
    *,
    new_only: bool = False,
    profile: pd.Series | None = None,
) -> pd.DataFrame:
    """Plain-function twin of :class:`PartnerRecommender`: suggestions as a table.

    Returns a frame indexed by ``org_id`` with ``rank``, ``score`` and ``reasons``.
    """
    suggestions = (
        PartnerRecommender()
        .fit(history)
        .recommend(org_id, k, context, new_only=new_only, profile=profile)
    )
    frame = pd.DataFrame(
        {
            "rank": [s.rank for s in suggestions],
            "score": [s.score for s in suggestions],
            "reasons": [list(s.reasons) for s in suggestions],
        },
        index=pd.Index([s.org_id for s in suggestions], name="org_id"),
    )
    return frame
