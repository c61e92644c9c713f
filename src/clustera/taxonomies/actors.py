"""Vocabularies of the ecosystem's actors, defined once: types, sizes, labels, offers, CORDIS.

The registry's model choices and exchange schema, the synthetic world and the
partner matching read these tuples and mappings; nothing else spells them.

CORDIS classifies each participant by an *activity type*: ``PRC`` private
for-profit entity, ``HES`` higher or secondary education, ``REC`` research
organisation, ``PUB`` public body, ``OTH`` other. The registry is finer
(a company is an SME or a large company, research splits into RTOs and
technology centres), so the two directions are kept as two explicit mappings.

>>> from clustera.taxonomies import organisation_type_from_cordis, cordis_activity_type
>>> organisation_type_from_cordis("PRC", sme=True), cordis_activity_type("technology_centre")
('sme', 'REC')

References
----------
European Commission, CORDIS. *EU research projects open data*, organisations table, field
``activityType``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "CLUSTER_LABELS",
    "CORDIS_ACTIVITY_TYPES",
    "CORDIS_TO_ORGANISATION_TYPE",
    "OFFER_KINDS",
    "ORGANISATION_TO_CORDIS_TYPE",
    "ORGANISATION_TYPES",
    "ORGANISATION_TYPE_LABELS",
    "RESEARCH_ORGANISATION_TYPES",
    "SERVICE_KINDS",
    "SERVICE_PROVIDER_TYPES",
    "SIZE_CLASSES",
    "cordis_activity_type",
    "organisation_type_from_cordis",
]

ORGANISATION_TYPE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "cluster": "Cluster organisation",
        "sme": "SME",
        "large_company": "Large company",
        "rto": "Research and technology organisation",
        "technology_centre": "Technology centre",
        "dih": "Digital innovation hub",
        "university": "University",
        "science_park": "Science park",
        "business_network": "Business network",
        "public_authority": "Public authority",
        "investor": "Investor",
        "company": "Company (size unknown)",
        "other": "Other",
    }
)
"""Organisation type code -> label, in the order forms and lists show them."""

ORGANISATION_TYPES: tuple[str, ...] = tuple(ORGANISATION_TYPE_LABELS)
"""The organisation type codes of the registry."""

SERVICE_PROVIDER_TYPES: tuple[str, ...] = ("technology_centre", "rto", "dih", "university")
"""Types that offer equipment, services and training to companies."""

SIZE_CLASSES: Mapping[str, str] = MappingProxyType(
    {
        "micro": "Micro (<10)",
        "small": "Small (10-49)",
        "medium": "Medium (50-249)",
        "large": "Large (250+)",
    }
)
"""Size class -> label, by head count (the EU SME definition's bands)."""

CLUSTER_LABELS: Mapping[str, str] = MappingProxyType(
    {"gold": "Gold", "silver": "Silver", "bronze": "Bronze"}
)
"""Cluster management excellence label (ECEI) -> its name."""

OFFER_KINDS: Mapping[str, str] = MappingProxyType(
    {
        "business_offer": "Business offer",
        "business_request": "Business request",
        "technology_offer": "Technology offer",
        "technology_request": "Technology request",
        "rd_request": "R&D request",
    }
)
"""Kind of offer or request (the Enterprise Europe Network's types) -> label."""

SERVICE_KINDS: Mapping[str, str] = MappingProxyType(
    {"equipment": "Equipment", "service": "Service", "training": "Training"}
)
"""Kind of a technology centre's offer -> label."""

CORDIS_ACTIVITY_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "PRC": "company",
        "HES": "university",
        "REC": "research organisation",
        "PUB": "public body",
        "OTH": "other organisation",
    }
)
"""CORDIS activity type code -> the noun used for it in explanations."""

ORGANISATION_TO_CORDIS_TYPE: Mapping[str, str] = MappingProxyType(
    {
        "sme": "PRC",
        "large_company": "PRC",
        "company": "PRC",
        "university": "HES",
        "rto": "REC",
        "technology_centre": "REC",
        "public_authority": "PUB",
    }
)
"""Registry organisation type -> CORDIS activity type; every other type is ``OTH``."""

CORDIS_TO_ORGANISATION_TYPE: Mapping[str, str] = MappingProxyType(
    {"HES": "university", "REC": "rto", "PUB": "public_authority", "OTH": "other"}
)
"""CORDIS activity type -> registry type; ``PRC`` depends on the SME flag (see below)."""

RESEARCH_ORGANISATION_TYPES: tuple[str, ...] = tuple(
    kind for kind, code in ORGANISATION_TO_CORDIS_TYPE.items() if code in ("HES", "REC")
)
"""Registry types that CORDIS counts as higher education or research organisations."""


def cordis_activity_type(organisation_type: str) -> str:
    """The CORDIS activity type of a registry organisation type (``OTH`` when none fits).

    >>> cordis_activity_type("large_company"), cordis_activity_type("cluster")
    ('PRC', 'OTH')
    """
    return ORGANISATION_TO_CORDIS_TYPE.get(organisation_type, "OTH")


def organisation_type_from_cordis(activity_type: str, sme: bool | None = None) -> str:
    """The registry type of a CORDIS participant, from its activity type and SME flag.

    A private for-profit participant (``PRC``) is an ``sme`` or a ``large_company`` by its
    SME flag, and a ``company`` when the flag is unknown; unknown codes give ``other``.

    >>> organisation_type_from_cordis("PRC"), organisation_type_from_cordis("REC")
    ('company', 'rto')
    """
    if activity_type == "PRC":
        if sme is None:
            return "company"
        return "sme" if sme else "large_company"
    return CORDIS_TO_ORGANISATION_TYPE.get(activity_type, "other")
