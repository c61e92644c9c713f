"""Peer regions (cosine similarity of profiles) and compound annual growth."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics.pairwise import cosine_similarity

from clustera.analytics import compound_annual_growth, peer_regions
from clustera.errors import DuplicateError, InvalidInputError


def _peers_of(table: pd.DataFrame, region: str) -> list[tuple[str, float]]:
    rows = table[table["region"] == region].sort_values("rank")
    return list(zip(rows["peer"], rows["similarity"], strict=True))


def test_peer_similarities_match_a_hand_computed_case():
    lq = pd.DataFrame({"a": [2.0, 1.0, 0.0], "b": [0.0, 1.0, 3.0]}, index=["r1", "r2", "r3"])
    table = peer_regions(lq, count=2)
    # cos(r1, r2) = 2 / (2 * sqrt 2); cos(r1, r3) = 0; cos(r2, r3) = 3 / (sqrt 2 * 3).
    peers = _peers_of(table, "r1")
    assert [p for p, _ in peers] == ["r2", "r3"]
    assert peers[0][1] == pytest.approx(1 / math.sqrt(2), abs=1e-15)
    assert peers[1][1] == 0.0
    assert _peers_of(table, "r3")[0] == ("r2", pytest.approx(1 / math.sqrt(2), abs=1e-15))
    assert table.columns.tolist() == ["region", "peer", "rank", "similarity"]
    assert table["rank"].tolist() == [1, 2, 1, 2, 1, 2]


def test_peers_match_scikit_learn_cosine_similarity_and_ranking():
    rng = np.random.default_rng(3)
    lq = pd.DataFrame(rng.gamma(1.0, 1.0, (30, 12)), index=[f"R{i:02d}" for i in range(30)])
    reference = cosine_similarity(lq.to_numpy())
    table = peer_regions(lq, count=5)
    for position, region in enumerate(lq.index):
        row = pd.Series(reference[position], index=lq.index).drop(region)
        expected = row.sort_values(ascending=False).iloc[:5]
        peers = _peers_of(table, region)
        assert [p for p, _ in peers] == expected.index.tolist()
        np.testing.assert_allclose([s for _, s in peers], expected.to_numpy(), atol=1e-12)


def test_similarities_are_unrounded():
    lq = pd.DataFrame({"a": [1.0, 1.0], "b": [0.3, 0.7]}, index=["x", "y"])
    similarity = float(peer_regions(lq, count=1)["similarity"].iloc[0])
    assert similarity != round(similarity, 6)


def test_a_region_is_never_its_own_peer_and_count_caps_at_the_others():
    lq = pd.DataFrame({"a": [1.0, 2.0, 3.0]}, index=["x", "y", "z"])
    table = peer_regions(lq, count=10)
    assert not (table["region"] == table["peer"]).any()
    assert table.groupby("region").size().tolist() == [2, 2, 2]


def test_ties_keep_the_order_of_the_table():
    lq = pd.DataFrame({"a": [1.0, 1.0, 1.0, 1.0]}, index=["d", "c", "b", "a"])
    assert [p for p, _ in _peers_of(peer_regions(lq, count=3), "c")] == ["d", "b", "a"]


def test_masked_cells_count_as_zero():
    masked = pd.DataFrame({"a": [2.0, 1.0, np.nan], "b": [np.nan, 1.0, 3.0]}, index=list("xyz"))
    pd.testing.assert_frame_equal(peer_regions(masked, 2), peer_regions(masked.fillna(0.0), 2))


def test_a_region_without_a_profile_has_no_peers_and_is_no_ones_peer():
    lq = pd.DataFrame({"a": [1.0, np.nan, 0.5], "b": [0.0, np.nan, 0.5]}, index=list("xyz"))
    table = peer_regions(lq, count=5)
    assert "y" not in set(table["region"]) and "y" not in set(table["peer"])
    assert _peers_of(table, "x") == [("z", pytest.approx(1 / math.sqrt(2)))]


@pytest.mark.parametrize("value", [-1.0, np.inf])
def test_negative_or_infinite_profiles_are_refused_naming_region_and_column(value):
    lq = pd.DataFrame({"a": [1.0, value]}, index=["x", "y"])
    with pytest.raises(InvalidInputError, match="region 'y'") as caught:
        peer_regions(lq)
    assert caught.value.field == "a"


def test_bad_count_and_duplicated_regions_are_refused():
    lq = pd.DataFrame({"a": [1.0, 2.0]}, index=["x", "x"])
    with pytest.raises(DuplicateError, match="'x'"):
        peer_regions(lq)
    with pytest.raises(InvalidInputError, match="count"):
        peer_regions(lq.set_axis(["x", "y"]), count=0)


def test_compound_growth_matches_hand_computed_rates():
    assert compound_annual_growth(100.0, 121.0, 2) == pytest.approx(0.1, abs=1e-15)
    # 2 ** (1/10) - 1: doubling over ten years.
    assert compound_annual_growth(1000.0, 2000.0, 10) == pytest.approx(
        0.0717734625362931, rel=1e-14
    )
    assert compound_annual_growth(50.0, 40.0, 1) == pytest.approx(-0.2, abs=1e-15)


@pytest.mark.parametrize(
    ("first", "last", "years"),
    [(0.0, 5.0, 3), (5.0, 0.0, 3), (None, 5.0, 3), (5.0, None, 3), (-1.0, 5.0, 3), (5.0, 6.0, 0)],
)
def test_compound_growth_from_or_to_nothing_is_undefined(first, last, years):
    assert math.isnan(compound_annual_growth(first, last, years))


def test_compound_growth_of_series_aligns_on_the_index():
    first = pd.Series({"a": 100.0, "b": 0.0, "c": 10.0})
    last = pd.Series({"c": 40.0, "a": 121.0, "b": 3.0})
    rates = compound_annual_growth(first, last, 2)
    assert rates["a"] == pytest.approx(0.1) and rates["c"] == pytest.approx(1.0)
    assert math.isnan(rates["b"])
