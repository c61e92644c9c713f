"""Partner recommendation, technology-centre finding and offer/request matching (pure).

Everything here takes pandas frames or dataclasses and never touches Django, so
the portal feeds it from the database and analysts from files.
"""

from clustera.matching._centre_need import read_need
from clustera.matching._centres import (
    SCORE_PARTS,
    SERVICE_TYPES,
    CentreMatch,
    CentreRanking,
    TechnologyNeed,
    find_technology_centres,
    haversine_km,
    rank_technology_centres,
)
from clustera.matching._content import (
    TECHNOLOGY_ALIASES,
    ContentProfiles,
    code_complementarity,
    code_relatedness,
    expand_aliases,
)
from clustera.matching._evaluation import (
    BASELINES,
    METRICS,
    EvaluationReport,
    evaluate_recommenders,
)
from clustera.matching._features import FEATURE_NAMES
from clustera.matching._history import CollaborationHistory
from clustera.matching._index import ProfileIndex, exact_neighbours
from clustera.matching._offers import (
    COMPLEMENTARY_KINDS,
    OfferMatch,
    match_offers_and_requests,
    matches_for,
    offer_content,
)
from clustera.matching._queries import CompletionQuery, completion_queries
from clustera.matching._ranker import PairRanker
from clustera.matching._recommender import (
    MAX_K,
    PREFERENCES,
    PartnerRecommender,
    PartnerSuggestion,
    recommend_partners,
)

__all__ = [
    "BASELINES",
    "COMPLEMENTARY_KINDS",
    "FEATURE_NAMES",
    "MAX_K",
    "METRICS",
    "PREFERENCES",
    "SCORE_PARTS",
    "SERVICE_TYPES",
    "TECHNOLOGY_ALIASES",
    "CentreMatch",
    "CentreRanking",
    "CollaborationHistory",
    "CompletionQuery",
    "ContentProfiles",
    "EvaluationReport",
    "OfferMatch",
    "PairRanker",
    "PartnerRecommender",
    "PartnerSuggestion",
    "ProfileIndex",
    "TechnologyNeed",
    "code_complementarity",
    "code_relatedness",
    "completion_queries",
    "evaluate_recommenders",
    "exact_neighbours",
    "expand_aliases",
    "find_technology_centres",
    "haversine_km",
    "match_offers_and_requests",
    "matches_for",
    "offer_content",
    "rank_technology_centres",
    "read_need",
    "recommend_partners",
]
