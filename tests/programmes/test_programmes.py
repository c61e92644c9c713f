"""Eligibility and scoring arithmetic, checked by hand on small cases."""

from __future__ import annotations

import pytest

from clustera.errors import InvalidInputError
from clustera.programmes import (
    Criterion,
    EligibilityRules,
    Participant,
    assess,
    check_eligibility,
    consensus,
    rank_applications,
)

RULES = EligibilityRules(frozenset({"cluster", "sme"}), frozenset({"AT", "DE", "FR", "GR"}), 3, 3)


def test_a_consortium_of_three_countries_is_eligible():
    verdict = check_eligibility(
        RULES,
        [
            Participant("A", "cluster", "AT"),
            Participant("B", "sme", "de"),
            Participant("C", "cluster", "EL"),
        ],
    )
    assert verdict.eligible and verdict.problems == () and verdict.countries == 3


def test_two_countries_where_three_are_needed_is_explained():
    verdict = check_eligibility(
        RULES,
        [
            Participant("A", "cluster", "AT"),
            Participant("B", "sme", "AT"),
            Participant("C", "sme", "DE"),
        ],
    )
    assert not verdict.eligible
    assert verdict.problems == ("needs 3 countries, has 2",)


def test_ineligible_partners_are_named_and_not_counted():
    verdict = check_eligibility(
        RULES,
        [
            Participant("A", "cluster", "AT"),
            Participant("Oslo Tech", "sme", "NO"),
            Participant("Big Corp", "large_company", "FR"),
        ],
    )
    assert verdict.problems == (
        "Oslo Tech: country NO is not eligible",
        "Big Corp: organisation type 'large_company' is not eligible",
        "needs 3 eligible partners, has 1",
        "needs 3 countries, has 1",
    )
    assert (verdict.partners, verdict.countries) == (1, 1)


def test_rules_that_cannot_be_met_are_refused():
    with pytest.raises(InvalidInputError, match="min_countries"):
        EligibilityRules(frozenset(), frozenset({"AT"}), 2, 3)


CRITERIA = [
    Criterion("excellence", 0.5, 3),
    Criterion("impact", 0.3, 3),
    Criterion("implementation", 0.2, 2),
]


def test_weighted_total_and_thresholds():
    # 0.5*4 + 0.3*3 + 0.2*1 = 2 + 0.9 + 0.2 = 3.1
    result = assess(CRITERIA, {"excellence": 4, "impact": 3, "implementation": 1}, 3.0)
    assert result.total == pytest.approx(3.1)
    assert result.failures == ("implementation: 1 is below the threshold 2",)
    assert not result.passed
    # 0.5*4 + 0.3*3 + 0.2*2 = 3.3, every threshold met
    assert assess(CRITERIA, {"excellence": 4, "impact": 3, "implementation": 2}, 3.5).failures == (
        "total 3.3 is below the overall threshold 3.5",
    )


def test_consensus_is_the_mean_of_the_evaluators():
    agreed = consensus(
        CRITERIA,
        [
            {"excellence": 4, "impact": 3, "implementation": 2},
            {"excellence": 3, "impact": 5, "implementation": 4},
            {"excellence": 5, "impact": 4, "implementation": 3},
        ],
    )
    assert agreed == {"excellence": 4.0, "impact": 4.0, "implementation": 3.0}


def test_scores_out_of_range_or_missing_are_refused_with_the_criterion():
    with pytest.raises(InvalidInputError, match="'impact', value 6"):
        assess(CRITERIA, {"excellence": 4, "impact": 6, "implementation": 2})
    with pytest.raises(InvalidInputError, match="'implementation'"):
        consensus(CRITERIA, [{"excellence": 4, "impact": 3}])


def test_ranking_puts_passing_applications_first_then_total_then_first_criterion():
    ranked = rank_applications(
        CRITERIA,
        {
            1: {"excellence": 5, "impact": 5, "implementation": 1},  # 3.2+... fails implementation
            2: {"excellence": 3, "impact": 4, "implementation": 4},  # 1.5+1.2+0.8 = 3.5
            3: {
                "excellence": 4,
                "impact": 3,
                "implementation": 3,
            },  # 2.0+0.9+0.6 = 3.5, better excellence
            4: {"excellence": 4, "impact": 4, "implementation": 4},  # 2.0+1.2+0.8 = 4.0
        },
    )
    assert [(r.key, r.rank) for r in ranked] == [(4, 1), (3, 2), (2, 3), (1, 4)]
    assert ranked[-1].assessment.total == pytest.approx(0.5 * 5 + 0.3 * 5 + 0.2 * 1)
