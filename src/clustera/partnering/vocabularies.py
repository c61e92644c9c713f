"""The registry's words mapped to those of ``clustera.matching`` (kept in one place)."""

from __future__ import annotations

from clustera.taxonomies.actors import (
    ORGANISATION_TO_CORDIS_TYPE,
    RESEARCH_ORGANISATION_TYPES,
    SERVICE_PROVIDER_TYPES,
)

# Registry organisation types to the actor types of collaboration data (CORDIS's codes),
# the types whose services the centre finder ranks, and those that answer R&D requests:
# defined once in the core (clustera.taxonomies.actors).
ACTIVITY_TYPES = ORGANISATION_TO_CORDIS_TYPE
CENTRE_TYPES = SERVICE_PROVIDER_TYPES
RESEARCH_TYPES = RESEARCH_ORGANISATION_TYPES
# Registry offer kinds to the Enterprise Europe Network kinds of clustera.matching.
OFFER_KINDS = {
    "business_offer": "business offer",
    "business_request": "business request",
    "technology_offer": "technology offer",
    "technology_request": "technology request",
    "rd_request": "R&D request",
}
# Words of a service's name that tell its type when its kind is a plain "service".
SERVICE_WORDS = (
    ("pilot", "pilot line"),
    ("prototyp", "prototyping"),
    ("test", "testing"),
    ("audit", "testing"),
    ("feasibility", "testing"),
)


def service_type(kind: str, name: str) -> str:
    """The ``clustera.matching`` service type of a registry service, from its kind or name.

    >>> service_type("service", "Pilot line for coatings"), service_type("equipment", "Lathe")
    ('pilot line', 'equipment')
    """
    if kind in {"equipment", "training"}:
        return kind
    lowered = name.lower()
    for word, matched in SERVICE_WORDS:
        if word in lowered:
            return matched
    return "testing"
