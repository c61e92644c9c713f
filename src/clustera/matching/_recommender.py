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
from clustera.taxonomies.actors import CORDIS_ACTIVITY_TYPES
from clustera.texts import N_, Message, Nn_

__all__ = ["PartnerRecommender", "PartnerSuggestion", "recommend_partners", "MAX_K", "PREFERENCES"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

MAX_K = 1000
# Per-request geography preferences: each lowers the candidates it does not prefer by 1.
PREFERENCES: tuple[str, ...] = ("cross-border", "same-country", "cross-region")
_TYPE_NAMES = CORDIS_ACTIVITY_TYPES


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


def _distinct_names(codes: Sequence[str], names: Mapping[str, str]) -> list[str]:
    """The codes' names, each once: one name may stand for codes of two schemes (KET and
    ATI "Photonics"), and a reason counts what it names."""
    return list(dict.fromkeys(names.get(code, code) for code in codes))


def _listed(items: Sequence[str], shown: int = 3) -> str:
    """The items, at most ``shown`` of them named and the others counted: the count a reason
    gives always matches what it lists.

    >>> _listed(["A", "B"]), _listed(["A", "B", "C", "D", "E"])
    ('A, B', 'A, B, C and 2 more')
    """
    if len(items) <= shown:
        return ", ".join(items)
    return Message(
        N_("%(names)s and %(more)s more"), names=", ".join(items[:shown]), more=len(items) - shown
    )


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
                reasons=self._reasons(
                    vectors,
                    row,
                    int(candidates[i]),
                    complements[i],
                    float(content[candidates[i]]) if len(content) else 0.0,
                    names or {},
                    s3_shared[i],
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

    def _reasons(
        self,
        vectors: QueryVectors,
        row: pd.Series,
        v: int,
        complement: tuple[float, str, str, bool],
        content: float,
        names: Mapping[str, str],
        s3_shared: list[str],
    ) -> tuple[Message, ...]:
        """The four strongest reasons for candidate ``v``, in words a person can read."""
        reasons = [
            *_network_reasons(vectors, v),
            *self._profile_reasons(vectors.graph, row, v, names),
            *_complement_reasons(complement, names),
        ]
        if s3_shared:
            named = _distinct_names(s3_shared, names)
            template = N_("shares %(count)s of your S3 priorities (%(names)s)")
            reasons.append(
                (
                    1.8 + 0.1 * len(s3_shared),
                    Message(template, count=len(named), names=_listed(named)),
                )
            )
        if content > 0.2:
            template = N_("similar profile (text similarity %(similarity).2f)")
            reasons.append((1.5, Message(template, similarity=content)))
        reasons.extend(_activity_reasons(vectors, v))
        reasons.sort(key=lambda item: -item[0])
        return tuple(text for _, text in reasons[:4])

    def _profile_reasons(
        self, graph: CollaborationGraph, row: pd.Series, v: int, names: Mapping[str, str]
    ) -> list[tuple[float, Message]]:
        own = row.get("technologies", ())
        theirs = self.history_.organisations.get("technologies")
        if not isinstance(own, tuple | list) or theirs is None:
            return []
        shared = sorted(set(own) & set(theirs.get(graph.org_ids[v], ()) or ()))
        if not shared:
            return []
        named = _distinct_names(shared, names)
        template = N_("works in %(count)s of your technologies (%(names)s)")
        return [(2.0 + len(shared), Message(template, count=len(named), names=_listed(named)))]


def _network_reasons(vectors: QueryVectors, v: int) -> list[tuple[float, Message]]:
    """Reasons from the collaboration network: shared partners, past work, programme parts."""
    graph = vectors.graph
    reasons: list[tuple[float, Message]] = []
    common = int(vectors.common[v])
    if common:
        template = N_("partner of %(count)s of your partners")
        reasons.append((3.0 + common, Message(template, count=common)))
    if vectors.repeat[v]:
        repeat = int(vectors.repeat[v])
        pair = Nn_("worked with you in %(count)s project", "worked with you in %(count)s projects")
        reasons.append((2.5, Message(pair, count=repeat)))
    context = list(dict.fromkeys(vectors.query.context))
    active = [graph.parts[p] for p in context if graph.part_counts[v, p] > 0]
    if active:
        count = int(vectors.context_projects[v])
        projects = Message(Nn_("%(count)s project", "%(count)s projects"), count=count)
        template = N_("active in %(parts)s of your programme parts (%(names)s): %(projects)s")
        reason = Message(template, parts=len(active), names=_listed(active), projects=projects)
        reasons.append((2.0 + len(active), reason))
    return reasons


def _complement_reasons(
    complement: tuple[float, str, str, bool], names: Mapping[str, str]
) -> list[tuple[float, Message]]:
    """The complementary-activity reason: a related activity or a value-chain link."""
    strength, mine, their_code, value_chain = complement
    if strength <= 0:
        return []
    theirs_named = f"{their_code} ({names[their_code]})" if their_code in names else their_code
    codes = {"mine": mine, "theirs": theirs_named, "strength": strength}
    if value_chain:
        template = N_(
            "in your value chain: your NACE %(mine)s and their %(theirs)s buy from and sell to "
            "each other (input-output link %(strength).2f)"
        )
    elif strength < 1.0:
        template = N_(
            "complements your NACE %(mine)s with %(theirs)s, a related activity "
            "(relatedness %(strength).2f)"
        )
    else:
        template = N_("complements your NACE %(mine)s with %(theirs)s")
        codes = {"mine": mine, "theirs": theirs_named}
    return [(2.0, Message(template, codes))]


def _activity_reasons(vectors: QueryVectors, v: int) -> list[tuple[float, Message]]:
    """Reasons from the candidate's own record: recent projects, type, country, track record."""
    graph = vectors.graph
    reasons: list[tuple[float, Message]] = []
    if graph.projects_recent[v]:
        recent = int(graph.projects_recent[v])
        pair = Nn_(
            "%(count)s project started in %(year)s", "%(count)s projects started in %(year)s"
        )
        reasons.append((1.0, Message(pair, count=recent, year=graph.last_year)))
    affinity = graph.type_affinity[vectors.query.type_code, graph.type_codes[v]]
    if affinity > 0.2 and graph.type_codes[v] < len(graph.types):
        their_type = graph.types[graph.type_codes[v]]
        name = _TYPE_NAMES.get(their_type)
        template = N_("%(type)s: a type your kind of organisation often teams up with")
        shown = Message(name) if name else their_type
        reasons.append((0.5 + affinity, Message(template, type=shown)))
    if graph.country_codes[v] < len(graph.countries):
        country = graph.countries[graph.country_codes[v]]
        if graph.country_codes[v] == vectors.query.country_code:
            reasons.append((0.4, Message(N_("same country (%(country)s)"), country=country)))
        else:
            template = N_("cross-border partner (%(country)s)")
            reasons.append((0.6, Message(template, country=country)))
    past = int(graph.projects[v])
    reasons.append(
        (0.1, Message(Nn_("%(count)s past project", "%(count)s past projects"), count=past))
    )
    return reasons


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
