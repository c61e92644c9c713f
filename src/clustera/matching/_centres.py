"""Technology-centre finder: which centres can serve an SME's need, ranked, with distances."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import pandas as pd

from clustera.errors import DataFormatError, InvalidInputError
from clustera.matching._content import ContentProfiles, expand_aliases
from clustera.texts import N_, Message, Nn_

__all__ = [
    "SERVICE_TYPES",
    "CentreMatch",
    "TechnologyNeed",
    "find_technology_centres",
    "haversine_km",
]

SERVICE_TYPES: tuple[str, ...] = ("equipment", "testing", "prototyping", "pilot line", "training")
_OFFER_COLUMNS = ("centre_id", "technologies", "service_type")
_EARTH_RADIUS_KM = 6371.0088


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
    """Rank the centres whose offers serve ``need``.

    Parameters
    ----------
    need
        The need (validated; an empty need raises ``InvalidInputError``).
    centres
        Indexed by centre id: ``latitude``, ``longitude``; optional ``region``,
        ``languages`` (tuple or ``;``-joined), ``public``.
    offers
        One row per offer (index: offer id): ``centre_id``, ``technologies``,
        ``service_type``; optional ``trl_min``, ``trl_max``, ``description``.
    k
        How many centres (1 to 1000).

    Notes
    -----
    Offer score = technology overlap share + text similarity (TF-IDF; the need's
    everyday technology words are expanded with ``TECHNOLOGY_ALIASES``, "3D
    printing" also searching "additive manufacturing") + 0.5 if the service type
    matches, kept only when it serves the TRL; centre score = its best
    offer + 0.25 per further matching offer (at most 3) + 0.5 when in the need's
    region + 0.3 when it speaks one of the languages, minus 0.5 per 100 km.

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
    need.validate()
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= 1000:
        raise InvalidInputError("k must be a whole number from 1 to 1000", field="k", value=k)
    missing = [column for column in _OFFER_COLUMNS if column not in offers.columns]
    if missing:
        raise DataFormatError(f"missing column(s) {missing}", source="offers")
    if len(offers) == 0:
        return []
    score, relevant = _offer_scores(need, offers)
    matched = offers.assign(offer_score=score)[relevant.to_numpy()]
    if "public" in centres.columns:
        matched = matched[matched["centre_id"].map(centres["public"]).fillna(False).astype(bool)]
    if matched.empty:
        return []
    results = []
    for centre_id, group in matched.groupby("centre_id", sort=False):
        if centre_id not in centres.index:
            continue
        scored = _centre_score(need, cast(pd.Series, centres.loc[centre_id]), group)
        if scored is not None:
            total, distance, offer_ids, reasons = scored
            results.append((total, centre_id, distance, offer_ids, reasons))
    results.sort(key=lambda item: (-item[0], str(item[1])))
    return [
        CentreMatch(centre_id, rank, score_value, distance, offer_ids, reasons)
        for rank, (score_value, centre_id, distance, offer_ids, reasons) in enumerate(
            results[:k], start=1
        )
    ]


def _offer_scores(need: TechnologyNeed, offers: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each offer's score for the need, and whether it serves the need at all."""
    wanted = set(need.technologies)
    technologies = offers["technologies"].map(_as_tuple)
    overlap = technologies.map(lambda t: len(wanted & set(t)) / len(wanted) if wanted else 0.0)
    score = overlap.astype(np.float64)
    if need.text.strip() or need.technologies:
        texts = pd.DataFrame(
            {
                "description": offers.get("description", pd.Series("", index=offers.index))
                .fillna("")
                .astype(str)
                + " "
                + technologies.map(" ".join),
            },
            index=offers.index,
        )
        content = ContentProfiles().fit(texts)
        if not content.empty_:
            words = expand_aliases(need.text) + " " + " ".join(need.technologies)
            query = pd.DataFrame({"description": [words]})
            score = score + content.similarity_to(content.transform(query)).to_numpy()
    if need.service_types:
        score = score + 0.5 * offers["service_type"].isin(need.service_types).to_numpy()
    relevant = score > 0
    if need.service_types and not wanted and not need.text.strip():
        relevant = offers["service_type"].isin(need.service_types)
    if need.trl is not None:
        low = offers.get("trl_min", pd.Series(1, index=offers.index)).fillna(1)
        high = offers.get("trl_max", pd.Series(9, index=offers.index)).fillna(9)
        relevant &= (low <= need.trl) & (need.trl <= high)
    return score, relevant


def _centre_score(
    need: TechnologyNeed, centre: pd.Series, group: pd.DataFrame
) -> tuple[float, float | None, tuple[object, ...], tuple[str, ...]] | None:
    """A centre's score, distance, matching offers and reasons; None when out of reach."""
    ordered = group.sort_values("offer_score", ascending=False)
    total = float(ordered["offer_score"].iloc[0]) + 0.25 * min(len(ordered) - 1, 3)
    pair = Nn_("%(count)s matching offer", "%(count)s matching offers")
    reasons = [Message(pair, count=len(ordered))]
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
        total -= 0.5 * distance / 100.0
        reasons.append(Message(N_("%(distance).0f km away"), distance=distance))
    if need.region and str(centre.get("region", "")).startswith(need.region):
        total += 0.5
        reasons.append(Message(N_("in your region %(region)s"), region=need.region))
    spoken = set(_as_tuple(centre.get("languages", ())))
    if need.languages and spoken & set(need.languages):
        total += 0.3
        shared = ", ".join(sorted(spoken & set(need.languages)))
        reasons.append(Message(N_("works in %(languages)s"), languages=shared))
    return total, distance, tuple(ordered.index), tuple(reasons)
