"""Regional-economics indicators: specialisation, cluster mapping, relatedness, complexity, S3 options.

Pure functions and estimators on labelled pandas tables (regions x activities,
wide, wide panel or long), float64 and unrounded. Empty regions and activities
are masked as NaN. Defaults follow the Growth Lab for complexity; every peer's
convention (EconGeo, ecomplexity, economic-complexity, economiccomplexity,
econci, econcomplex) is an option. See ``docs/indicators/``.
"""

from clustera.analytics.access import spatial_access
from clustera.analytics.clusters import (
    STAR_PRESETS,
    ClusterStars,
    StarPreset,
    StarRule,
    cluster_stars,
)
from clustera.analytics.complexity import COMPLEXITY_CONVENTIONS, ComplexityResult, complexity
from clustera.analytics.density import relatedness_density, relative_relatedness
from clustera.analytics.diversification import QUADRANTS, diversification_opportunities
from clustera.analytics.dynamics import EntryExit, compound_annual_growth, entry_exit
from clustera.analytics.gaps import (
    GAP_COLUMNS,
    TRL_BANDS,
    capable,
    gap_analysis,
    great_circle_km,
    trl_band,
)
from clustera.analytics.indicators import INDICATORS, Indicator
from clustera.analytics.indices import (
    localisation_indices,
    related_unrelated_variety,
    specialisation_indices,
)
from clustera.analytics.outlook import OUTLOOK_CONVENTIONS, OutlookResult, complexity_outlook
from clustera.analytics.peers import peer_regions
from clustera.analytics.profile import Complexity, EconomicComplexity
from clustera.analytics.reflections import Reflections, method_of_reflections
from clustera.analytics.relatedness import (
    RELATEDNESS_METHODS,
    Relatedness,
    co_occurrence,
    relatedness,
)
from clustera.analytics.sophistication import expy, prody
from clustera.analytics.specialisation import (
    diversity,
    location_quotient,
    rca_binary,
    rpop,
    symmetric_rca,
    ubiquity,
)
from clustera.analytics.value_chain import input_output_links

__all__ = [
    "GAP_COLUMNS",
    "TRL_BANDS",
    "capable",
    "gap_analysis",
    "great_circle_km",
    "trl_band",
    "COMPLEXITY_CONVENTIONS",
    "INDICATORS",
    "OUTLOOK_CONVENTIONS",
    "QUADRANTS",
    "RELATEDNESS_METHODS",
    "STAR_PRESETS",
    "ClusterStars",
    "Complexity",
    "ComplexityResult",
    "EconomicComplexity",
    "EntryExit",
    "Indicator",
    "OutlookResult",
    "Reflections",
    "Relatedness",
    "StarPreset",
    "StarRule",
    "cluster_stars",
    "co_occurrence",
    "complexity",
    "complexity_outlook",
    "compound_annual_growth",
    "diversification_opportunities",
    "diversity",
    "entry_exit",
    "expy",
    "input_output_links",
    "localisation_indices",
    "location_quotient",
    "method_of_reflections",
    "peer_regions",
    "prody",
    "rca_binary",
    "related_unrelated_variety",
    "rpop",
    "relatedness",
    "relatedness_density",
    "relative_relatedness",
    "spatial_access",
    "specialisation_indices",
    "symmetric_rca",
    "ubiquity",
]
