"""Activity and technology classifications: NACE, patent-class concordances, technology lists.

>>> from clustera.taxonomies import nace_to_dotted
>>> nace_to_dotted("C261")
'26.1'
"""

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
    "NaceRevision",
    "TechnologyConcordance",
    "TechnologyList",
    "nace_section",
    "nace_to_dotted",
    "nace_to_eurostat",
    "normalise_patent_class",
    "read_concordance",
    "read_nace",
    "read_technology_list",
    "read_wipo_ipc_concordance",
]
