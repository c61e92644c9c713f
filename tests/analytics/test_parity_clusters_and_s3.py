"""Cluster stars and the Balland et al. (2019) frame against the SPEC reference fixtures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clustera.analytics import STAR_PRESETS, cluster_stars, diversification_opportunities
from clustera.testing import require_shared


def test_eco_stars_match_the_reference_fixture(counts, vector):
    ours = cluster_stars(counts("medium"), preset="ECO2009").table
    theirs = pd.read_csv(
        require_shared(
            "reference",
            "analytics",
            "vectors",
            "reference_only",
            "medium__eco_stars_size90_lq2_focus90.csv",
        )
    ).set_index(["region", "category"])
    ours = ours.reindex(theirs.index)
    for column in ["star_size", "star_specialisation", "star_focus", "stars"]:
        np.testing.assert_array_equal(ours[column].to_numpy(), theirs[column].to_numpy())
    np.testing.assert_allclose(ours["location_quotient"], theirs["lq"], atol=1e-12)
    np.testing.assert_allclose(ours["share_of_region"], theirs["share_of_region"], atol=1e-12)
    assert (
        (ours["stars"] == 3).sum() == 13
        and (ours["stars"] == 2).sum() == 143
        and (ours["stars"] == 1).sum() == 781
    )


def test_us_cluster_mapping_strong_clusters_match_the_reference_fixture(counts, vector):
    path = require_shared(
        "reference", "analytics", "vectors", "inputs", "medium_50x80_establishments.csv"
    )
    establishments = pd.read_csv(path, index_col=0)
    result = cluster_stars(counts("medium"), preset="USCMP_strong", establishments=establishments)
    theirs = vector("reference_only", "medium__uscmp_strong")
    ours = result.table["strong"].unstack().reindex(index=theirs.index, columns=theirs.columns)
    np.testing.assert_array_equal(ours.to_numpy(), theirs.to_numpy())
    assert result.unverified == ()


@pytest.mark.parametrize("preset", ["ECO2009", "EOCIC_2020", "PANORAMA2016"])
def test_presets_with_unverified_thresholds_say_so_in_their_metadata(preset, counts):
    X = counts("medium")
    result = cluster_stars(X, preset=preset, wages=X * 0 + 30_000.0 + X, growth=X * 0.01)
    assert result.unverified, preset
    assert "not confirmed" in result.metadata["warning"]
    assert all(
        not rule.verified for rule in STAR_PRESETS[preset].rules if rule.name in result.unverified
    )


def test_balland_quadrants_match_the_reference_fixture(counts):
    theirs = pd.read_csv(
        require_shared(
            "reference",
            "analytics",
            "vectors",
            "reference_only",
            "medcap__balland2019_quadrants.csv",
        )
    )
    ours = diversification_opportunities(counts("medcap"), relatedness_method="association")
    merged = theirs.merge(
        ours, left_on=["region", "technology"], right_on=["region", "activity"], how="left"
    )
    assert len(ours) == len(theirs) and merged["activity"].notna().all()
    np.testing.assert_allclose(
        merged["relatedness_density_x"], merged["relatedness_density_y"], atol=1e-9
    )
    np.testing.assert_allclose(merged["tci"], merged["complexity"], atol=1e-9)
    np.testing.assert_allclose(
        merged["rd_split_region_mean"], merged["relatedness_split"], atol=1e-9
    )
    assert (merged["quadrant_x"].str[:2] == merged["quadrant_y"]).all()
    assert (merged["quadrant_label"].str[:20] == merged["quadrant_x"].str[3:23]).all()


def test_candidates_are_ranked_with_the_most_attractive_quadrant_first(counts):
    options = diversification_opportunities(counts("medcap"))
    for _, group in options.groupby("region"):
        assert group["rank"].tolist() == list(range(1, len(group) + 1))
        assert group["quadrant"].is_monotonic_increasing
