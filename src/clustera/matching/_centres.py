"""Technology-centre finder: which centres can serve an SME's need, ranked, with distances."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, cast

import numpy as np
import pandas as pd

from clustera.errors import DataFormatError, InvalidInputError
from clustera.matching._centre_need import NeedWords, read_need, strip_names
from clustera.matching._content import ContentProfiles
from clustera.texts import N_, Message, Nn_

__all__ = [
    "SCORE_PARTS",
    "SERVICE_TYPES",
    "CentreMatch",
    "CentreRanking",
    "TechnologyNeed",
    "find_technology_centres",
    "haversine_km",
    "rank_technology_centres",
]

SERVICE_TYPES: tuple[str, ...] = ("equipment", "testing", "prototyping", "pilot line", "training")
_OFFER_COLUMNS = ("centre_id", "technologies", "service_type")
_EARTH_RADIUS_KM = 6371.0088
#: The parts a centre's score is the sum of, in the order they are shown.
SCORE_PARTS: tuple[str, ...] = (
    "technology",
    "service_type",
    "trl",
    "more_services",
    "region",
    "language",
    "distance",
)


@dataclass(frozen=True)
class TechnologyNeed:
    """What an SME needs: technologies or free text, service types, TRL, location, language."""

    technologies: tuple[str, ...] = ()
    text: str = ""
    service_types: tuple[str, ...] = ()
    trl: int | None = None
    region: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    languages: tuple[str, ...] = ()
    max_distance_km: float | None = None

    def validate(self) -> None:
        """Raise ``InvalidInputError`` naming the field when the need cannot be served."""
        if not self.technologies and not self.text.strip() and not self.service_types:
            raise InvalidInputError(
                "empty need: give technologies, text or service types", field="need"
            )
        unknown = [s for s in self.service_types if s not in SERVICE_TYPES]
        if unknown:
            raise InvalidInputError(
                f"service type must be one of {SERVICE_TYPES}",
                field="service_types",
                value=unknown[0],
            )
        if self.trl is not None and not 1 <= self.trl <= 9:
            raise InvalidInputError("TRL must be 1 to 9", field="trl", value=self.trl)
        if (self.latitude is None) != (self.longitude is None):
            raise InvalidInputError(
                "give both latitude and longitude", field="latitude", value=self.latitude
            )


@dataclass(frozen=True)
class CentreMatch:
    """A ranked centre: its score, distance (km, None when unknown) and matching offers."""

    centre_id: object
    rank: int
    score: float
    distance_km: float | None
    offers: tuple[object, ...]
    reasons: tuple[str, ...] = field(default=())
    #: The score's parts (``SCORE_PARTS`` names, distance negative): they add up to ``score``;
    #: only the parts that apply (a TRL fit when the need gives a TRL, more_services when
    #: more than one service serves it).
    parts: tuple[tuple[str, float], ...] = field(default=())


@dataclass(frozen=True)
class CentreRanking:
    """How many centres serve the need (``total``) and the best ``k`` of them."""

    total: int
    matches: list[CentreMatch]


def haversine_km(
    latitude: float,
    longitude: float,
    latitudes: Sequence[float] | np.ndarray,
    longitudes: Sequence[float] | np.ndarray,
) -> np.ndarray:
    """Great-circle distances in km from one point to many (mean Earth radius 6371.0088 km).

    Examples
    --------
    >>> round(float(haversine_km(48.8566, 2.3522, [52.52], [13.405])[0]))
    877
    """
    lat1, lon1 = np.radians(latitude), np.radians(longitude)
    lat2 = np.radians(np.asarray(latitudes, dtype=np.float64))
    lon2 = np.radians(np.asarray(longitudes, dtype=np.float64))
    half = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return np.asarray(2 * _EARTH_RADIUS_KM * np.arcsin(np.sqrt(half)), dtype=np.float64)


def _as_tuple(value: object) -> tuple[str, ...]:
    if isinstance(value, tuple | list):
        return tuple(str(item) for item in value)
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(";") if part.strip())
    return ()


def find_technology_centres(
    need: TechnologyNeed, centres: pd.DataFrame, offers: pd.DataFrame, k: int = 10
) -> list[CentreMatch]:
    """The best ``k`` centres whose offers serve ``need`` (see :func:`rank_technology_centres`).

    Examples
    --------
    >>> centres = pd.DataFrame({"latitude": [48.1, 52.5], "longitude": [11.6, 13.4]},
    ...                        index=["munich", "berlin"])
    >>> offers = pd.DataFrame({"centre_id": ["munich", "berlin"],
    ...     "technologies": [("additive manufacturing",), ("additive manufacturing",)],
    ...     "service_type": ["prototyping", "prototyping"]}, index=["o1", "o2"])
    >>> need = TechnologyNeed(technologies=("additive manufacturing",), latitude=52.4,
    ...                       longitude=13.1)
    >>> [(m.centre_id, round(m.distance_km)) for m in find_technology_centres(need, centres, offers)]
    [('berlin', 23), ('munich', 490)]
    """
    return rank_technology_centres(need, centres, offers, k).matches


def rank_technology_centres(
    need: TechnologyNeed, centres: pd.DataFrame, offers: pd.DataFrame, k: int = 10
) -> CentreRanking:
    """Rank the centres whose offers serve ``need``: how many do, and the best ``k``.

    Parameters
    ----------
    need
        The need (validated; an empty need raises ``InvalidInputError``).
    centres
        Indexed by centre id: ``latitude``, ``longitude``; optional ``name``, ``region``,
        ``languages`` (tuple or ``;``-joined), ``public``.
    offers
        One row per offer (index: offer id): ``centre_id``, ``technologies``,
        ``service_type``; optional ``trl_min``, ``trl_max``, ``description`` and
        ``technology_names`` (the names of the offer's technologies).
    k
        How many centres (1 to 1000).

    Notes
    -----
    An offer serves the need only when it meets every criterion the need gives:
    a technology (its codes overlap the needed ones, or the need's words, read with
    the thesaurus ``TECHNOLOGY_ALIASES``, are found in the offer's own text and
    technology names; the words of its centre's name are not the offer's text), a
    service type (asked for, or said in the words: "laser testing" asks for testing)
    and the TRL (inside the offer's range). Parts of a centre's score: technology
    (overlap share + text similarity) + 0.5 for the service type + TRL fit (0.5 at the
    middle of the offer's range, less towards its ends) of its best offer, + 0.25 per
    further matching offer (at most 3), + 0.5 in the need's region, + 0.3 when it
    speaks one of the languages, − 0.5 per 100 km.
    """
    need.validate()
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= 1000:
        raise InvalidInputError("k must be a whole number from 1 to 1000", field="k", value=k)
    missing = [column for column in _OFFER_COLUMNS if column not in offers.columns]
    if missing:
        raise DataFormatError(f"missing column(s) {missing}", source="offers")
    if len(offers) == 0:
        return CentreRanking(0, [])
    scored = _offer_scores(need, offers, centres)
    matched = scored[scored["relevant"].to_numpy()]
    if "public" in centres.columns:
        matched = matched[matched["centre_id"].map(centres["public"]).fillna(False).astype(bool)]
    results = []
    for centre_id, group in matched.groupby("centre_id", sort=False):
        if centre_id not in centres.index:
            continue
        found = _centre_score(need, cast(pd.Series, centres.loc[centre_id]), group)
        if found is not None:
            results.append(found._replace(centre_id=centre_id))
    results.sort(key=lambda item: (-item.total, str(item.centre_id)))
    return CentreRanking(
        len(results),
        [
            CentreMatch(r.centre_id, rank, r.total, r.distance, r.offers, r.reasons, r.parts)
            for rank, r in enumerate(results[:k], start=1)
        ],
    )


def _offer_texts(offers: pd.DataFrame, centres: pd.DataFrame, technologies: pd.Series) -> pd.Series:
    """Each offer's own words (its centre's name taken out) and its technologies' names."""
    own = offers.get("description", pd.Series("", index=offers.index)).fillna("").astype(str)
    if "name" in centres.columns:
        names = offers["centre_id"].map(centres["name"]).fillna("").astype(str)
        own = pd.Series(
            [strip_names(text, name) for text, name in zip(own, names, strict=True)],
            index=offers.index,
        )
    terms = offers.get("technology_names", pd.Series("", index=offers.index)).map(
        lambda value: " ".join(_as_tuple(value))
    )
    return own + " " + terms + " " + technologies.map(" ".join)


def _technology_scores(
    need: TechnologyNeed, words: NeedWords, offers: pd.DataFrame, centres: pd.DataFrame
) -> pd.Series:
    """Technology part of each offer: share of the needed codes it covers + text similarity."""
    wanted = set(need.technologies)
    technologies = offers["technologies"].map(_as_tuple)
    overlap = technologies.map(lambda t: len(wanted & set(t)) / len(wanted) if wanted else 0.0)
    score = overlap.astype(np.float64)
    query = (words.technology_text + " " + " ".join(need.technologies)).strip()
    if query:
        texts = pd.DataFrame(
            {"description": _offer_texts(offers, centres, technologies)}, index=offers.index
        )
        content = ContentProfiles().fit(texts)
        if not content.empty_:
            asked = content.transform(pd.DataFrame({"description": [query]}))
            score = score + content.similarity_to(asked).to_numpy()
    return score


def _offer_scores(
    need: TechnologyNeed, offers: pd.DataFrame, centres: pd.DataFrame
) -> pd.DataFrame:
    """The offers with their score parts and whether each serves the need at all."""
    words = read_need(need.text)
    service_types = need.service_types or words.service_types
    relevant = pd.Series(True, index=offers.index)
    technology = pd.Series(0.0, index=offers.index)
    if need.technologies or words.technology_text:
        technology = _technology_scores(need, words, offers, centres)
        relevant &= technology > 0
    service = pd.Series(0.0, index=offers.index)
    if service_types:
        served = offers["service_type"].isin(service_types)
        service = 0.5 * served.astype(np.float64)
        relevant &= served
    trl = pd.Series(0.0, index=offers.index)
    if need.trl is not None:
        low = offers.get("trl_min", pd.Series(1, index=offers.index)).fillna(1).astype(float)
        high = offers.get("trl_max", pd.Series(9, index=offers.index)).fillna(9).astype(float)
        inside = (low <= need.trl) & (need.trl <= high)
        middle, half = (low + high) / 2, (high - low) / 2
        trl = (0.5 * (1 - (need.trl - middle).abs() / (half + 1))).where(inside, 0.0)
        relevant &= inside
    asked = (bool(need.technologies or words.technology_text), bool(service_types))
    return offers.assign(
        offer_score=technology + service + trl,
        # a part of a criterion the need does not give is not shown (NaN)
        technology_part=technology if asked[0] else np.nan,
        service_type_part=service if asked[1] else np.nan,
        trl_part=trl if need.trl is not None else np.nan,
        relevant=relevant,
    )


class _Scored(NamedTuple):
    total: float
    distance: float | None
    offers: tuple[object, ...]
    reasons: tuple[str, ...]
    parts: tuple[tuple[str, float], ...]
    centre_id: object = None


def _centre_score(need: TechnologyNeed, centre: pd.Series, group: pd.DataFrame) -> _Scored | None:
    """A centre's score parts, distance, matching offers and reasons; None when out of reach."""
    ordered = group.sort_values("offer_score", ascending=False)
    best = ordered.iloc[0]
    parts = {
        name: float(best[f"{name}_part"])
        for name in ("technology", "service_type", "trl")
        if pd.notna(best[f"{name}_part"])
    }
    if len(ordered) > 1:
        parts["more_services"] = 0.25 * min(len(ordered) - 1, 3)
    pair = Nn_("%(count)s matching offer", "%(count)s matching offers")
    reasons: list[str] = [Message(pair, count=len(ordered))]
    distance = None
    if (
        need.latitude is not None
        and need.longitude is not None
        and pd.notna(centre.get("latitude"))
    ):
        latitude = cast(float, centre["latitude"])
        longitude = cast(float, centre["longitude"])
        distance = float(haversine_km(need.latitude, need.longitude, [latitude], [longitude])[0])
        if need.max_distance_km is not None and distance > need.max_distance_km:
            return None
        parts["distance"] = -0.5 * distance / 100.0
        reasons.append(Message(N_("%(distance).0f km away"), distance=distance))
    if need.region and str(centre.get("region", "")).startswith(need.region):
        parts["region"] = 0.5
        reasons.append(Message(N_("in your region %(region)s"), region=need.region))
    spoken = set(_as_tuple(centre.get("languages", ())))
    if need.languages and spoken & set(need.languages):
        parts["language"] = 0.3
        shared = ", ".join(sorted(spoken & set(need.languages)))
        reasons.append(Message(N_("works in %(languages)s"), languages=shared))
    shown = tuple((name, parts[name]) for name in SCORE_PARTS if name in parts)
    return _Scored(
        sum(value for _, value in shown), distance, tuple(ordered.index), tuple(reasons), shown
    )
