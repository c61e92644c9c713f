"""The technology-centre finder's use case: centres whose services serve a need, and why.

Re-exported by ``clustera.partnering.services`` (``find_centres``, ``centre_results``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from clustera.errors import UnknownCodeError
from clustera.matching import TechnologyNeed, rank_technology_centres
from clustera.partnering import selectors
from clustera.registry.models import Organisation, Service

__all__ = ["CentreResults", "CentreSuggestion", "centre_results", "find_centres"]


@dataclass(frozen=True)
class CentreSuggestion:
    """A ranked technology centre with the services that serve the need and its distance.

    ``parts``: the score's parts (``clustera.matching.SCORE_PARTS`` names: technology,
    service_type, trl, more_services, region, language, distance), which add up to ``score``.
    """

    organisation: Organisation
    rank: int
    score: float
    distance_km: float | None
    services: list[Service]
    reasons: tuple[str, ...]
    parts: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class CentreResults:
    """How many centres serve the need (``total``) and the best of them (``items``)."""

    total: int
    items: list[CentreSuggestion]


def centre_results(
    *,
    technologies: tuple[str, ...] = (),
    text: str = "",
    service_types: tuple[str, ...] = (),
    trl: int | None = None,
    region: str = "",
    languages: tuple[str, ...] = (),
    k: int = 10,
) -> CentreResults:
    """Public technology centres (and RTOs, DIHs, universities) whose services serve a need.

    A service serves it only when it matches every criterion given (technology, service
    type, TRL range), never because its centre's name holds a word of the need.
    """
    point = None
    if region:
        found = selectors.latest_region(region)
        if found is None:
            raise UnknownCodeError(
                gettext("no region with this code"), field="region", value=region
            )
        if found.label_lat is not None:
            point = (found.label_lat, found.label_lon)
    need = TechnologyNeed(
        technologies=technologies,
        text=text,
        service_types=service_types,
        trl=trl,
        region=region or None,
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        languages=languages,
    )
    need.validate()
    centres, services = selectors.centre_offers()
    if not services:
        return CentreResults(0, [])
    centre_frame, offer_frame = selectors.centre_tables(centres, services)
    by_id = {s.pk: s for s in services}
    ranking = rank_technology_centres(need, centre_frame, offer_frame, k=k)
    items = [
        CentreSuggestion(
            centres[m.centre_id],
            m.rank,
            m.score,
            m.distance_km,
            [by_id[o] for o in m.offers if o in by_id],
            m.reasons,
            m.parts,
        )
        for m in ranking.matches
    ]
    return CentreResults(ranking.total, items)


def find_centres(
    *,
    technologies: tuple[str, ...] = (),
    text: str = "",
    service_types: tuple[str, ...] = (),
    trl: int | None = None,
    region: str = "",
    languages: tuple[str, ...] = (),
    k: int = 10,
) -> list[CentreSuggestion]:
    """The best ``k`` centres of :func:`centre_results` (its ranked items only)."""
    return centre_results(
        technologies=technologies,
        text=text,
        service_types=service_types,
        trl=trl,
        region=region,
        languages=languages,
        k=k,
    ).items
