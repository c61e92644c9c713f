"""Synthetic survey needs and technology centres: deterministic, and the gap analysis finds the planted gap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clustera.analytics import gap_analysis, great_circle_km
from clustera.errors import InvalidInputError
from clustera.synth import PlantedGap, survey_needs, survey_regions, technology_centres

MAX_DISTANCE = 60.0


@pytest.fixture(scope="module")
def planted(world):
    regions = survey_regions(world)
    # Three regions of the second country: the gap is regional, not one isolated place.
    chosen = tuple(regions["region"][regions["region"].str[:2] == "XB"].iloc[:3])
    gap = PlantedGap("ATI05", "pilot_production", "7-9", chosen, needs_per_region=20)
    offers = technology_centres(world, n_centres=250, seed=11, gap=gap, max_distance=MAX_DISTANCE)
    needs = survey_needs(world, offers, n_needs=3000, seed=11, planted=gap)
    return gap, regions, offers, needs


def test_the_gap_analysis_ranks_the_planted_gap_first(planted):
    gap, regions, offers, needs = planted
    table = gap_analysis(needs, offers, regions, max_distance=MAX_DISTANCE)
    top = table.iloc[: len(gap.regions)]
    assert set(top["region"]) == set(gap.regions)
    assert (top["technology"] == gap.technology).all() and (top["service"] == gap.service).all()
    assert (top["trl_band"] == gap.trl_band).all()
    assert (top["access"] == 0).all() and (top["uncovered_share"] == 1).all()
    assert (top["nearest_distance"] > MAX_DISTANCE).all()
    # The planted cells stand out: the next gap is much smaller.
    assert top["unmet"].min() >= 2 * table["unmet"].iloc[len(gap.regions)]


def test_planting_removes_only_the_capable_offers_near_the_gap(world):
    regions = survey_regions(world)
    offers = technology_centres(world, n_centres=250, seed=11)
    planted_offers = technology_centres(
        world,
        n_centres=250,
        seed=11,
        gap=PlantedGap("ATI01", "prototyping", "4-6", ("XB111",)),
        max_distance=150.0,
    )
    removed = offers.merge(planted_offers, how="left", indicator=True)
    removed = removed[removed["_merge"] == "left_only"]
    # Only offers that could serve the gap, near the gap region, were removed.
    assert len(removed) > 0 and len(planted_offers) + len(removed) == len(offers)
    assert (removed["technology"] == "ATI01").all()
    assert (removed["service"] == "prototyping").all()
    assert ((removed["trl_max"] >= 4) & (removed["trl_min"] <= 6)).all()
    near = great_circle_km(
        regions.set_index("region").loc[["XB111"]], removed.set_index("centre")[["lat", "lon"]]
    )
    assert (near.to_numpy() <= 150.0).all()


def test_same_seed_same_tables_other_seed_other_tables(world):
    gap = PlantedGap("ATI01", "prototyping", "4-6", ("XA111",), needs_per_region=5)
    first = technology_centres(world, n_centres=50, seed=3, gap=gap)
    again = technology_centres(world, n_centres=50, seed=3, gap=gap)
    pd.testing.assert_frame_equal(first, again)
    pd.testing.assert_frame_equal(
        survey_needs(world, first, n_needs=200, seed=3, planted=gap),
        survey_needs(world, again, n_needs=200, seed=3, planted=gap),
    )
    other = technology_centres(world, n_centres=50, seed=4, gap=gap)
    assert not first[["lat", "lon"]].equals(other[["lat", "lon"]])


def test_needs_follow_the_offered_mix_and_the_documented_columns(world):
    offers = technology_centres(world, n_centres=300, seed=5)
    needs = survey_needs(world, offers, n_needs=4000, seed=5)
    assert needs.columns.tolist() == [
        "respondent",
        "region",
        "technology",
        "service",
        "trl",
        "weight",
        "language",
    ]
    assert needs["respondent"].is_unique and needs["trl"].between(1, 9).all()
    offered = offers.groupby("technology").size() / len(offers)
    asked = needs.groupby("technology").size() / len(needs)
    np.testing.assert_allclose(asked.reindex(offered.index, fill_value=0), offered, atol=0.03)
    assert 0.15 < (needs["language"] != "").mean() < 0.25
    assert set(needs["region"]) <= set(survey_regions(world)["region"])


def test_unknown_gap_region_or_band_is_refused(world):
    with pytest.raises(InvalidInputError, match="trl_band"):
        PlantedGap("ATI01", "prototyping", "3-5", ("XA111",))
    with pytest.raises(InvalidInputError) as info:
        technology_centres(
            world, n_centres=5, seed=1, gap=PlantedGap("ATI01", "prototyping", "4-6", ("ZZ99",))
        )
    assert info.value.value == "ZZ99"
