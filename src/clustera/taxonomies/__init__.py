"""Activity and technology classifications: NACE, patent-class concordances, technology lists.

>>> from clustera.taxonomies import nace_to_dotted
>>> nace_to_dotted("C261")
'26.1'
"""

from clustera.taxonomies.actors import (
    CLUSTER_LABELS,
    CORDIS_ACTIVITY_TYPES,
    CORDIS_TO_ORGANISATION_TYPE,
    OFFER_KINDS,
    ORGANISATION_TO_CORDIS_TYPE,
    ORGANISATION_TYPE_LABELS,
    ORGANISATION_TYPES,
    RESEARCH_ORGANISATION_TYPES,
    SERVICE_KINDS,
    SERVICE_PROVIDER_TYPES,
    SIZE_CLASSES,
    cordis_activity_type,
    organisation_type_from_cordis,
)
from clustera.taxonomies.concordance import (
    TechnologyConcordance,
    normalise_patent_class,
    read_concordance,
    read_wipo_ipc_concordance,
)
from clustera.taxonomies.lists import TechnologyList, read_technology_list
from clustera.taxonomies.nace import (
    NaceRevision,
    nace_section,
    nace_to_dotted,
    nace_to_eurostat,
    read_nace,
)

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
    "NaceRevision",
    "TechnologyConcordance",
    "TechnologyList",
    "cordis_activity_type",
    "nace_section",
    "nace_to_dotted",
    "nace_to_eurostat",
    "normalise_patent_class",
    "organisation_type_from_cordis",
    "read_concordance",
    "read_nace",
    "read_technology_list",
    "read_wipo_ipc_concordance",
]
