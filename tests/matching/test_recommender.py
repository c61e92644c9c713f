"""PartnerRecommender: typed suggestions with reasons, cold profiles, and refusals of bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clustera.errors import InvalidInputError, UnknownCodeError
from clustera.matching import (
    CollaborationHistory,
    PairRanker,
    PartnerRecommender,
    PartnerSuggestion,
    recommend_partners,
)
from clustera.matching._features import _walks
from clustera.matching._graph import CollaborationGraph


@pytest.fixture
def recommender(tiny_history):
    return PartnerRecommender().fit(tiny_history.until(2018))


def test_new_partners_exclude_known_ones_and_give_reasons(recommender):
    suggestions = recommender.recommend("a", k=3, context=("SC1",), new_only=True)
    assert all(isinstance(s, PartnerSuggestion) for s in suggestions)
    ids = [s.org_id for s in suggestions]
    assert "a" not in ids and "b" not in ids and "e" not in ids  # a's partners and itself
    assert set(ids) == {"c", "d"}
    assert [s.rank for s in suggestions] == [1, 2]
    assert suggestions[0].score >= suggestions[1].score
    c = next(s for s in suggestions if s.org_id == "c")
    # c worked with b, who is a's partner
    assert "partner of 1 of your partners" in c.reasons


def test_all_partners_include_known_ones_with_the_repeat_reason(recommender):
    suggestions = recommender.recommend("a", k=4, context=("SC1",))
    b = next(s for s in suggestions if s.org_id == "b")
    assert any("worked with you in 1 project" in reason for reason in b.reasons)


def test_empty_profile_still_gets_suggestions_from_type_and_country(recommender):
    profile = pd.Series({"activity_type": "PRC", "country": "DE"})
    suggestions = recommender.recommend("newcomer", k=2, context=("SC1",), profile=profile)
    assert len(suggestions) == 2
    assert all(s.reasons for s in suggestions)


@pytest.mark.parametrize("k", [0, 1001, 2.5, "3", True])
def test_k_out_of_range_is_refused(recommender, k):
    with pytest.raises(InvalidInputError, match="k must be"):
        recommender.recommend("a", k=k)


def test_unknown_organisation_and_context_are_refused(recommender):
    with pytest.raises(UnknownCodeError, match="unknown organisation"):
        recommender.recommend("nobody")
    with pytest.raises(UnknownCodeError, match="SC9"):
        recommender.recommend("a", context=("SC9",))


def test_only_public_profiles_are_recommended(tiny_rows):
    history = CollaborationHistory.from_frames(tiny_rows[tiny_rows["year"] <= 2018])
    profiles = history.organisations.assign(public=[True, True, False, True, True])
    history = CollaborationHistory(history.participations, profiles)
    suggestions = PartnerRecommender().fit(history).recommend("a", k=10, context=("SC1",))
    assert "c" not in [s.org_id for s in suggestions]


def test_technologies_and_nace_shape_the_suggestions_and_reasons(tiny_rows):
    history = CollaborationHistory.from_frames(tiny_rows[tiny_rows["year"] <= 2018])
    profiles = history.organisations.assign(
        technologies=[("robotics", "ai"), (), (), ("robotics", "ai", "lasers"), ()],
        nace=[("C26.1",), (), (), ("C26.5",), ()],
    )
    history = CollaborationHistory(history.participations, profiles)
    suggestion = PartnerRecommender().fit(history).recommend("a", k=1, new_only=True)[0]
    assert suggestion.org_id == "d"
    assert "works in 2 of your technologies (ai, robotics)" in suggestion.reasons
    assert "complements your NACE C26.1 with C26.5" in suggestion.reasons
    # with names, the reasons name the codes (a code without a name stays as it is)
    named = (
        PartnerRecommender()
        .fit(history)
        .recommend(
            "a",
            k=1,
            new_only=True,
            names={"ai": "Artificial intelligence", "C26.5": "Manufacture of instruments"},
        )[0]
    )
    assert "works in 2 of your technologies (Artificial intelligence, robotics)" in named.reasons
    # with a relatedness table the strength and its source are in the reason
    table = pd.DataFrame(
        [[0.0, 0.4], [0.4, 0.0]], index=["C26.1", "C26.5"], columns=["C26.1", "C26.5"]
    )
    related = (
        PartnerRecommender(relatedness=table).fit(history).recommend("a", k=1, new_only=True)[0]
    )
    assert (
        "complements your NACE C26.1 with C26.5, a related activity (relatedness 0.40)"
        in related.reasons
    )
    # codes of two schemes with one name are one technology to a reader
    same = (
        PartnerRecommender()
        .fit(history)
        .recommend("a", k=1, new_only=True, names={"ai": "Robotics", "robotics": "Robotics"})[0]
    )
    assert "works in 1 of your technologies (Robotics)" in same.reasons
    assert "complements your NACE C26.1 with C26.5 (Manufacture of instruments)" in named.reasons


def test_value_chain_links_complement_with_their_own_reason(tiny_rows):
    from clustera.analytics import input_output_links
    from clustera.matching import code_relatedness

    history = CollaborationHistory.from_frames(tiny_rows[tiny_rows["year"] <= 2018])
    # a makes steel (C24), d metal products (C25): different divisions, no relatedness
    profiles = history.organisations.assign(nace=[("C24.1",), (), (), ("C25.1",), ()])
    history = CollaborationHistory(history.participations, profiles)
    flows = pd.DataFrame(
        [[5, 30], [10, 20]], index=["CPA_C24", "CPA_C25"], columns=["CPA_C24", "CPA_C25"]
    )
    chain = code_relatedness(["C24.1", "C25.1"], input_output_links(flows), same_category=0.0)
    plain = {
        s.org_id: s for s in PartnerRecommender().fit(history).recommend("a", k=5, new_only=True)
    }
    linked = {
        s.org_id: s
        for s in PartnerRecommender(value_chain=chain)
        .fit(history)
        .recommend("a", k=5, new_only=True)
    }
    assert not any("value chain" in reason for reason in plain["d"].reasons)
    # C24 sells 30 of its 35 to C25 (the largest of 30/35, 30/50, 10/15, 10/30): link 0.857,
    # weighted by complement_weight 0.5
    assert linked["d"].score == pytest.approx(plain["d"].score + 0.5 * 30 / 35)
    assert (
        "in your value chain: your NACE C24.1 and their C25.1 buy from and sell to each other "
        "(input-output link 0.86)"
    ) in linked["d"].reasons


def test_shared_s3_priorities_raise_the_score_and_say_so(tiny_rows):
    history = CollaborationHistory.from_frames(tiny_rows[tiny_rows["year"] <= 2018])
    plain = {
        s.org_id: s for s in PartnerRecommender().fit(history).recommend("a", k=5, new_only=True)
    }
    profiles = history.organisations.assign(
        s3_priorities=[("S3A", "S3B"), ("S3A",), (), ("S3B", "S3C"), ("S3C",)]
    )
    history = CollaborationHistory(history.participations, profiles)
    shared = {
        s.org_id: s
        for s in PartnerRecommender()
        .fit(history)
        .recommend("a", k=5, new_only=True, names={"S3B": "Smart health"})
    }
    # d shares 1 of a's 2 priorities: + s3_weight 0.5 x 1/2; c shares none
    assert shared["d"].score == pytest.approx(plain["d"].score + 0.25)
    assert shared["c"].score == pytest.approx(plain["c"].score)
    assert "shares 1 of your S3 priorities (Smart health)" in shared["d"].reasons


def test_geography_preferences_lower_the_candidates_not_preferred(tiny_rows):
    history = CollaborationHistory.from_frames(tiny_rows[tiny_rows["year"] <= 2018])
    profiles = history.organisations.assign(
        country=["DE", "DE", "FR", "DE", "FR"], region=["DE1", "DE1", "FR1", "DE2", "FR1"]
    )
    recommender = PartnerRecommender().fit(CollaborationHistory(history.participations, profiles))

    def scores(prefer):
        return {
            s.org_id: s.score for s in recommender.recommend("a", k=5, new_only=True, prefer=prefer)
        }

    plain = scores(None)
    assert set(plain) == {"c", "d"}
    # d is in a's country (DE) but another region (DE2); c is abroad (FR)
    assert scores("cross-border") == pytest.approx({"c": plain["c"], "d": plain["d"] - 1})
    assert scores("same-country") == pytest.approx({"c": plain["c"] - 1, "d": plain["d"]})
    assert scores("cross-region") == pytest.approx(plain)  # nobody else in DE1
    same_region = profiles.assign(region=["DE1", "DE1", "FR1", "DE1", "FR1"])
    recommender = PartnerRecommender().fit(
        CollaborationHistory(history.participations, same_region)
    )
    assert scores("cross-region") == pytest.approx({"c": plain["c"], "d": plain["d"] - 1})
    with pytest.raises(InvalidInputError, match="prefer"):
        recommender.recommend("a", prefer="abroad")


def test_function_twin_returns_a_table(tiny_history):
    table = recommend_partners(tiny_history.until(2018), "a", k=2, context=("SC1",))
    assert list(table.columns) == ["rank", "score", "reasons"]
    assert table.index.name == "org_id"
    assert table["rank"].tolist() == [1, 2]


def test_random_walk_reaches_partners_of_partners_with_hand_computed_probability():
    # P1: a b, P2: b c, same year. From a: a -> P1 -> {a, b} (1/2 each);
    # a -> P1 again, b -> P1 or P2 (1/2 each): P1 3/4, P2 1/4; P2 -> c with 1/2.
    rows = pd.DataFrame(
        {
            "project_id": ["P1", "P1", "P2", "P2"],
            "org_id": ["a", "b", "b", "c"],
            "year": [2018] * 4,
            "programme_parts": ["SC1"] * 4,
        }
    )
    graph = CollaborationGraph.build(CollaborationHistory.from_frames(rows))
    two, three = _walks(graph.walk_forward, graph.walk_back, graph.position("a"))

    assert dict(zip(graph.org_ids, two, strict=True)) == pytest.approx(
        {"a": 0.375, "b": 0.5, "c": 0.125}
    )
    assert three.sum() == pytest.approx(1.0)
    assert three[graph.position("c")] > two[graph.position("c")]


def test_older_projects_weigh_less_in_the_walk():
    # a worked with b in 2014 and with c in 2018: the walk leaves a through the recent project.
    rows = pd.DataFrame(
        {
            "project_id": ["old", "old", "new", "new"],
            "org_id": ["a", "b", "a", "c"],
            "year": [2014, 2014, 2018, 2018],
            "programme_parts": ["SC1"] * 4,
        }
    )
    graph = CollaborationGraph.build(CollaborationHistory.from_frames(rows))
    start = graph.walk_forward[graph.position("a")].toarray().ravel()
    # weights 0.7**4 and 1, normalised
    assert start.max() == pytest.approx(1.0 / (1.0 + 0.7**4))


@pytest.mark.parametrize("objective", ["lambdarank", "binary"])
def test_both_objectives_fit_and_rank(objective):
    # 60 organisations in 3 communities, 30 projects a year for 4 years.
    rng = np.random.default_rng(5)
    rows = []
    for year in range(2015, 2019):
        for number in range(30):
            community = number % 3
            members = rng.choice(20, size=int(rng.integers(3, 7)), replace=False) + 20 * community
            for member in members:
                rows.append((f"{year}-{number}", f"o{member}", year, f"P{community}"))
    history = CollaborationHistory.from_frames(
        pd.DataFrame(rows, columns=["project_id", "org_id", "year", "programme_parts"])
    )
    ranker = PairRanker(objective=objective, queries_per_year=100, max_iter=10)
    recommender = PartnerRecommender(ranker=ranker).fit(history)

    assert recommender.ranker_ is ranker
    suggestions = recommender.recommend("o1", k=5, context=("P0",), new_only=False)
    assert len(suggestions) == 5
    # partners come from o1's own community (organisations o0..o19)
    assert sum(int(s.org_id[1:]) < 20 for s in suggestions) >= 4


def test_unknown_objective_is_refused():
    with pytest.raises(InvalidInputError, match="objective"):
        PairRanker(objective="pairwise-magic")


def test_each_suggestion_says_what_share_of_the_candidates_it_outranks(recommender):
    suggestions = recommender.recommend("a", k=4, context=("SC1",))
    assert all(s.candidates == suggestions[0].candidates >= len(suggestions) for s in suggestions)
    shares = [s.percentile for s in suggestions]
    assert shares == sorted(shares, reverse=True)  # better ranks beat at least as many
    assert shares[0] == 100.0 or suggestions[0].score == suggestions[1].score


def test_the_share_outranked_counts_ties_as_not_beaten():
    from clustera.matching._recommender import percentile_beaten

    assert percentile_beaten(np.array([3.0, 1.0, 2.0, 2.0, 5.0])).tolist() == [
        75.0,
        0.0,
        25.0,
        25.0,
        100.0,
    ]
    assert percentile_beaten(np.array([7.0])).tolist() == [100.0]
    assert percentile_beaten(np.array([])).tolist() == []
