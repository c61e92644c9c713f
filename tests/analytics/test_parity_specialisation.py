"""Specialisation indices equal every peer's, under that peer's convention (vectors/)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clustera.analytics import (
    diversity,
    expy,
    localisation_indices,
    location_quotient,
    method_of_reflections,
    prody,
    rca_binary,
    related_unrelated_variety,
    specialisation_indices,
    symmetric_rca,
    ubiquity,
)
from clustera.testing import require_shared

ALL = ["small", "small5x7", "medium", "medcap"]
TRIMMED = ["small5x7", "medium", "medcap"]


@pytest.mark.parametrize("tag", ALL)
@pytest.mark.parametrize(
    ("folder", "name"),
    [
        ("econgeo", "location_quotient"),
        ("ecomplexity", "rca"),
        ("econcomplex", "rca"),
    ],
)
def test_location_quotient_matches_peers(tag, folder, name, counts, vector, matches):
    theirs = vector(folder, f"{tag}__{name}")
    ours = location_quotient(counts(tag))
    if folder in ("econgeo", "econcomplex"):
        # Documented divergence: these peers write 0 for empty regions/activities; we mask (NaN).
        masked = ours.isna()
        assert (theirs.reindex_like(ours).to_numpy()[masked.to_numpy()] == 0).all()
        theirs = theirs.mask(masked)
    matches(ours, theirs, atol=1e-12)


@pytest.mark.parametrize("tag", TRIMMED)
@pytest.mark.parametrize(
    ("folder", "name"),
    [
        ("econci", "rca"),
        ("economic_complexity", "rca"),
        ("economiccomplexity_R", "balassa_index_continuous"),
    ],
)
def test_location_quotient_matches_peers_that_refuse_empty_units(
    tag, folder, name, counts, vector, matches
):
    matches(location_quotient(counts(tag)), vector(folder, f"{tag}__{name}"), atol=1e-12)


@pytest.mark.parametrize("tag", ALL)
def test_econgeo_rca_is_our_location_quotient_rounded_to_two_decimals(tag, counts, vector, matches):
    ours = location_quotient(counts(tag)).fillna(0.0).round(2)
    matches(ours, vector("econgeo", f"{tag}__rca"), atol=1e-12)


@pytest.mark.parametrize("tag", ALL)
@pytest.mark.parametrize(
    ("folder", "name"),
    [
        ("econgeo", "rca_binary"),
        ("econgeo", "location_quotient_binary"),
        ("ecomplexity", "mcp"),
        ("econcomplex", "rca_binary"),
    ],
)
def test_presence_matches_peers_with_the_exact_tie_counted(
    tag, folder, name, counts, vector, matches
):
    ours = rca_binary(counts(tag))
    theirs = vector(folder, f"{tag}__{name}")
    matches(ours.fillna(0.0), theirs.fillna(0.0), atol=0)
    if tag == "small":
        assert ours.loc["R3", "I7"] == 1.0  # RCA is exactly 1.0 here: ">=" keeps it
        assert ours.loc["R6"].isna().all() and ours["I8"].isna().all()


@pytest.mark.parametrize("tag", TRIMMED)
def test_presence_matches_r_economiccomplexity(tag, counts, vector, matches):
    matches(
        rca_binary(counts(tag)),
        vector("economiccomplexity_R", f"{tag}__balassa_index_discrete"),
        atol=0,
    )


@pytest.mark.parametrize("tag", ALL)
def test_diversity_and_ubiquity_match_econgeo_and_ecomplexity(tag, counts, vector, matches):
    X = counts(tag)
    ours_diversity, ours_ubiquity = diversity(X), ubiquity(X)
    matches(ours_diversity, vector("ecomplexity", f"{tag}__diversity"), atol=0)
    matches(ours_ubiquity, vector("ecomplexity", f"{tag}__ubiquity"), atol=0)
    econgeo_diversity = vector("econgeo", f"{tag}__diversity_rca").iloc[:, 0]
    matches(ours_diversity.fillna(0.0), econgeo_diversity, atol=0)
    matches(ours_ubiquity.fillna(0.0), vector("econgeo", f"{tag}__ubiquity_rca").iloc[:, 0], atol=0)


@pytest.mark.parametrize("tag", ALL)
@pytest.mark.parametrize(
    ("folder", "name", "column"),
    [
        ("econgeo", "krugman_index", "krugman"),
        ("econgeo", "spec_coeff", "hoover_coefficient"),
        ("econgeo", "herfindahl", "herfindahl"),
        ("econgeo", "location_quotient_avg", "lq_average"),
        ("econgeo", "hachman", "hachman"),
        ("econcomplex", "krugman_index", "krugman"),
        ("econcomplex", "specialization_coefficient", "hoover_coefficient"),
        ("econcomplex", "herfindahl_raw", "herfindahl"),
        ("econcomplex", "herfindahl_normalized", "herfindahl_normalised"),
        ("econcomplex", "shannon_entropy", "entropy"),
    ],
)
def test_region_indices_match_peers(tag, folder, name, column, counts, vector, matches):
    ours = specialisation_indices(counts(tag))[column]
    theirs = vector(folder, f"{tag}__{name}").iloc[:, 0]
    if tag == "small":
        # Empty region R6: NaN here (EconGeo gives NA or 0, econcomplex NaN or 0).
        assert np.isnan(ours["R6"])
        theirs = theirs.drop("R6")
    matches(ours, theirs, atol=1e-12)


@pytest.mark.parametrize("tag", ALL)
def test_econgeo_entropy_differs_by_its_three_decimal_rounding_only(tag, counts, vector):
    ours = specialisation_indices(counts(tag))["entropy"].dropna()
    theirs = vector("econgeo", f"{tag}__entropy").iloc[:, 0].reindex(ours.index)
    # EconGeo: round(-sum s log2(s + 1e-9), 3). The exact value differs by the rounding only.
    assert (ours - theirs).abs().max() <= 5e-4 + 1e-8
    assert (ours - theirs).abs().max() > 0


def test_golden_krugman_and_herfindahl_values_from_spec(counts):
    indices = specialisation_indices(counts("small"))
    expected_k = [
        1.03086419753086,
        0.866376180101670,
        0.765432098765432,
        0.856935366739288,
        0.876144962166468,
    ]
    expected_h = [
        0.452160493827161,
        0.306228373702422,
        0.286694101508916,
        0.268166089965398,
        0.279916753381894,
    ]
    np.testing.assert_allclose(indices["krugman"].iloc[:5], expected_k, atol=1e-14)
    np.testing.assert_allclose(indices["herfindahl"].iloc[:5], expected_h, atol=1e-14)
    assert np.isnan(indices.loc["R6"]).all()


def test_specialisation_indices_match_the_reference_fixture(counts, vector, matches):
    ours = specialisation_indices(counts("medium"))
    theirs = vector("reference_only", "medium__specialisation_indices")
    matches(ours["herfindahl"], theirs["hhi_raw"], atol=1e-12)
    matches(ours["herfindahl_normalised"], theirs["hhi_normalised"], atol=1e-12)
    matches(ours["entropy"], theirs["entropy_log2"], atol=1e-12)
    matches(
        specialisation_indices(counts("medium"), base=np.e)["entropy"],
        theirs["entropy_ln"],
        atol=1e-12,
    )
    matches(ours["krugman"], theirs["krugman"], atol=1e-12)
    matches(ours["hoover_coefficient"], theirs["hoover_spec_coeff"], atol=1e-12)


def test_symmetric_rca_matches_the_reference_fixture(counts, vector, matches):
    matches(symmetric_rca(counts("medium")), vector("reference_only", "medium__rsca"), atol=1e-12)


def test_related_and_unrelated_variety_match_frenken_fixture(counts, vector, matches):
    path = require_shared(
        "reference", "analytics", "vectors", "inputs", "medium_50x80_industry_groups.csv"
    )
    groups = pd.read_csv(path).set_index("industry")["group"]
    ours = related_unrelated_variety(counts("medium"), groups)
    theirs = vector("reference_only", "medium__variety_frenken2007")
    matches(ours["total_variety"], theirs["total_variety_log2"], atol=1e-12)
    matches(ours["unrelated_variety"], theirs["unrelated_variety_log2"], atol=1e-12)
    matches(ours["related_variety"], theirs["related_variety_log2"], atol=1e-12)
    identity = ours["total_variety"] - ours["unrelated_variety"] - ours["related_variety"]
    assert identity.abs().max() < 1e-12


@pytest.mark.parametrize("tag", ALL)
def test_hoover_localisation_matches_econgeo_after_its_percent_rounding(
    tag, counts, vector, matches
):
    X = counts(tag)
    regions = localisation_indices(X)["hoover"]
    uniform = localisation_indices(X, reference="uniform")["hoover"]
    matches(
        (100 * regions).round(2).dropna(),
        vector("econgeo", f"{tag}__hoover_index_poptotal").iloc[:, 0].dropna(),
        atol=1e-9,
    )
    matches(
        (100 * uniform).round(2).dropna(),
        vector("econgeo", f"{tag}__hoover_index_uniform").iloc[:, 0].dropna(),
        atol=1e-9,
    )
    econcomplex = vector("econcomplex", f"{tag}__hoover_index").iloc[:, 0]
    if tag == "small":
        assert np.isnan(regions["I8"])  # empty activity: masked, econcomplex gives a number
        econcomplex = econcomplex.drop("I8")
    matches(100 * regions, econcomplex, atol=1e-12)


@pytest.mark.parametrize("tag", ALL)
@pytest.mark.parametrize("steps", [0, 1, 2, 18, 20])
def test_method_of_reflections_matches_econgeo_morc(tag, steps, counts, vector, matches):
    scaling = "raw" if steps < 3 else "rescale100"
    ours = method_of_reflections(counts(tag), steps, scaling=scaling)
    matches(
        ours.region, vector("econgeo", f"{tag}__morc_steps{steps}").iloc[:, 0].dropna(), atol=1e-9
    )


@pytest.mark.parametrize("tag", ALL)
@pytest.mark.parametrize("steps", [0, 1, 2, 19, 21])
def test_method_of_reflections_matches_econgeo_mort(tag, steps, counts, vector, matches):
    scaling = "raw" if steps < 3 else "rescale100"
    ours = method_of_reflections(counts(tag), steps, scaling=scaling)
    matches(
        ours.activity, vector("econgeo", f"{tag}__mort_steps{steps}").iloc[:, 0].dropna(), atol=1e-9
    )


@pytest.mark.parametrize("tag", TRIMMED)
def test_gini_and_locational_gini_match_econgeo(tag, counts, vector, matches):
    indices = localisation_indices(counts(tag))
    matches(indices["gini"].round(3), vector("econgeo", f"{tag}__gini").iloc[:, 0], atol=1e-9)
    matches(
        indices["locational_gini"],
        vector("econgeo", f"{tag}__locational_gini").iloc[:, 0],
        atol=1e-12,
    )


def test_gini_leaves_out_the_empty_region_that_econgeo_counts(counts, vector, matches):
    # Documented divergence: EconGeo's gini counts the empty region R6 of `small` as a region with 0;
    # we mask it, so our `small` equals EconGeo on `small5x7` (R6 and I8 removed).
    ours = localisation_indices(counts("small"))
    matches(ours["gini"].round(3), vector("econgeo", "small5x7__gini").iloc[:, 0], atol=1e-9)
    with pytest.raises(AssertionError):
        matches(
            ours["gini"].round(3), vector("econgeo", "small__gini").iloc[:, 0].drop("I8"), atol=1e-9
        )
    matches(
        ours["locational_gini"],
        vector("econgeo", "small__locational_gini").iloc[:, 0].dropna(),
        atol=1e-12,
    )


@pytest.mark.parametrize("tag", ALL)
def test_prody_and_expy_match_econgeo_with_its_rounded_rca(tag, counts, vector, matches):
    X = counts(tag)
    income = pd.Series(10.0 * np.arange(1, len(X) + 1), index=X.index)
    matches(
        prody(X, income, rca_decimals=2),
        vector("econgeo", f"{tag}__prody_vec10step10").iloc[:, 0].dropna(),
        atol=1e-9,
    )
    theirs = vector("econgeo", f"{tag}__expy_vec10step10").iloc[:, 0]
    if tag == "small":
        # Documented divergence: one empty activity (NA PRODY) makes EconGeo's EXPY all-NA; we mask it.
        ours = expy(X, income)
        assert theirs.isna().all() and np.isnan(ours["R6"]) and ours.drop("R6").notna().all()
        return
    matches(expy(X, income, rca_decimals=2), theirs, atol=1e-9)
