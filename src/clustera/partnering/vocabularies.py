"""The registry's words mapped to those of ``clustera.matching`` (kept in one place)."""

from __future__ import annotations

# Registry organisation types to the actor types of collaboration data (CORDIS's codes).
ACTIVITY_TYPES = {
    "sme": "PRC",
    "large_company": "PRC",
    "company": "PRC",
    "university": "HES",
    "rto": "REC",
    "technology_centre": "REC",
    "public_authority": "PUB",
}
# Organisation types whose services the centre finder ranks.
CENTRE_TYPES = ("technology_centre", "rto", "dih", "university")
# Organisation types that answer R&D requests as research organisations.
RESEARCH_TYPES = ("rto", "university", "technology_centre")
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
