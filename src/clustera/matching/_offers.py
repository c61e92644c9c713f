"""Offers and requests of the Enterprise Europe Network kinds, matched to each other."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from clustera.errors import DataFormatError, InvalidInputError, UnknownCodeError
from clustera.matching._content import ContentProfiles, code_complementarity

__all__ = [
    "COMPLEMENTARY_KINDS",
    "OfferMatch",
    "match_offers_and_requests",
    "matches_for",
    "offer_content",
]

# which kinds answer which (EEN partnering opportunities; research organisations answer R&D
# requests)
COMPLEMENTARY_KINDS: dict[str, tuple[str, ...]] = {
    "business offer": ("business request",),
    "business request": ("business offer",),
    "technology offer": ("technology request", "R&D request"),
    "technology request": ("technology offer",),
    "R&D request": ("technology offer", "research organisation", "R&D request"),
    "research organisation": ("R&D request",),
}
_REQUIRED = ("kind", "org_id")


@dataclass(frozen=True)
class OfferMatch:
    """A profile answering another: its id, kind, score and reasons."""

    profile_id: object
    kind: str
    org_id: object
    score: float
    reasons: tuple[str, ...]


def _validate(profiles: pd.DataFrame) -> pd.DataFrame:
    missing = [column for column in _REQUIRED if column not in profiles.columns]
    if missing:
        raise DataFormatError(f"missing column(s) {missing}", source="profiles")
    unknown = profiles.loc[~profiles["kind"].isin(list(COMPLEMENTARY_KINDS)), "kind"]
    if len(unknown):
        raise UnknownCodeError(
            f"kind must be one of {sorted(COMPLEMENTARY_KINDS)}",
            source="profiles",
            field="kind",
            value=unknown.iloc[0],
        )
    frame = profiles.copy()
    for column in ("technologies", "nace"):
        if column not in frame.columns:
            frame[column] = [()] * len(frame)
        frame[column] = frame[column].map(
            lambda value: tuple(value) if isinstance(value, tuple | list) else ()
        )
    if "description" not in frame.columns:
        frame["description"] = ""
    title = frame["title"].fillna("") + " " if "title" in frame.columns else ""
    frame["description"] = title + frame["description"].fillna("").astype(str)
    return frame


def offer_content(profiles: pd.DataFrame) -> ContentProfiles:
    """Text profiles of offers and requests, fitted once for many :func:`matches_for` calls."""
    return ContentProfiles().fit(_validate(profiles))


def matches_for(
    profiles: pd.DataFrame, profile_id: object, k: int = 10, content: ContentProfiles | None = None
) -> list[OfferMatch]:
    """The ``k`` profiles of a complementary kind that best answer ``profile_id``.

    Parameters
    ----------
    profiles
        Indexed by profile id: ``kind`` (a key of ``COMPLEMENTARY_KINDS``), ``org_id``;
        optional ``title``, ``description``, ``technologies``, ``nace`` (tuples),
        ``country`` and ``public``.
    content
        ``offer_content(profiles)``, to answer many profiles with one fit.

    Notes
    -----
    Score = text cosine (TF-IDF over title, description, technology and NACE tokens)
    + 0.5 x share of the profile's technologies shared + 0.25 for a related-but-different
    NACE code. Profiles of the same organisation and non-public profiles are left out.

    Examples
    --------
    >>> profiles = pd.DataFrame({"kind": ["technology offer", "technology request",
    ...     "technology request", "business offer"], "org_id": [1, 2, 3, 4],
    ...     "description": ["laser cladding of turbine blades", "repair of turbine blades",
    ...                     "organic fertiliser", "laser cladding services"]},
    ...     index=["TO1", "TR1", "TR2", "BO1"])
    >>> [m.profile_id for m in matches_for(profiles, "TO1", k=2)]
    ['TR1']
    """
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= 1000:
        raise InvalidInputError("k must be a whole number from 1 to 1000", field="k", value=k)
    frame = _validate(profiles)
    if profile_id not in frame.index:
        raise UnknownCodeError("unknown profile", field="profile_id", value=profile_id)
    own = frame.loc[profile_id]  # type: ignore[call-overload]
    eligible = frame["kind"].isin(COMPLEMENTARY_KINDS[str(own["kind"])])
    eligible &= frame["org_id"] != own["org_id"]
    if "public" in frame.columns:
        eligible &= frame["public"].fillna(False).astype(bool)
    candidates = frame[eligible.to_numpy()]
    if candidates.empty:
        return []
    if content is None:
        content = offer_content(profiles)
    similarity = content.similarity(profile_id).reindex(candidates.index).to_numpy()
    own_technologies = set(own["technologies"])
    results = []
    for position, (candidate_id, row) in enumerate(candidates.iterrows()):
        reasons = []
        score = float(similarity[position])
        if score > 0:
            reasons.append(f"text similarity {score:.2f}")
        shared = sorted(own_technologies & set(row["technologies"]))
        if shared:
            score += 0.5 * len(shared) / len(own_technologies)
            reasons.append(f"shares {len(shared)} technologies ({', '.join(shared[:3])})")
        strength, mine, theirs = code_complementarity(own["nace"], row["nace"])
        if strength > 0:
            score += 0.25 * strength
            reasons.append(f"complements NACE {mine} with {theirs}")
        if "country" in frame.columns and row.get("country") != own.get("country"):
            reasons.append(f"cross-border ({row.get('country')})")
        results.append(
            OfferMatch(candidate_id, str(row["kind"]), row["org_id"], score, tuple(reasons))
        )
    results.sort(key=lambda match: (-match.score, str(match.profile_id)))
    return [match for match in results[:k] if match.score > 0] or results[:k]


def match_offers_and_requests(profiles: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """Plain table of the best ``k`` answers for every profile.

    Returns a frame with ``profile_id``, ``match_id``, ``match_kind``, ``rank``,
    ``score`` and ``reasons`` (``; ``-joined).
    """
    rows = []
    content = offer_content(profiles)
    for profile_id in profiles.index:
        for rank, match in enumerate(matches_for(profiles, profile_id, k, content), start=1):
            rows.append(
                {
                    "profile_id": profile_id,
                    "match_id": match.profile_id,
                    "match_kind": match.kind,
                    "rank": rank,
                    "score": match.score,
                    "reasons": "; ".join(match.reasons),
                }
            )
    columns = ["profile_id", "match_id", "match_kind", "rank", "score", "reasons"]
    return pd.DataFrame(rows, columns=columns).astype({"score": np.float64})
