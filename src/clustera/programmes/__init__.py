"""Funding-programme arithmetic: who may apply to a call, and how applications are scored.

Pure Python (no Django): eligibility of a consortium against a call's rules, weighted scores
with thresholds, the consensus of several evaluators and the ranking of applications.
"""

from clustera.programmes.eligibility import (
    EU_MEMBER_STATES,
    Eligibility,
    EligibilityRules,
    Participant,
    check_eligibility,
)
from clustera.programmes.financing import BudgetItem, FinancingTable, financing_table
from clustera.programmes.scoring import (
    Assessment,
    Criterion,
    RankedApplication,
    assess,
    consensus,
    rank_applications,
)

__all__ = [
    "EU_MEMBER_STATES",
    "Assessment",
    "BudgetItem",
    "FinancingTable",
    "financing_table",
    "Criterion",
    "Eligibility",
    "EligibilityRules",
    "Participant",
    "RankedApplication",
    "assess",
    "check_eligibility",
    "consensus",
    "rank_applications",
]
