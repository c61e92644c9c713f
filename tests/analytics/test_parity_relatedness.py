"""Co-occurrence, relatedness, proximity and density equal every peer's (vectors/)."""

from __future__ import annotations

import numpy as np
import pytest

from clustera.analytics import (
    co_occurrence,
    rca_binary,
    relatedness,
    relatedness_density,
    relative_relatedness,
)

ALL = ["small", "small5x7", "medium", "medcap"]
TRIMMED = ["small5x7", "medium", "medcap"]
EMPTY = {"small": "I8"}


def _drop_empty(tag, frame):
    empty = EMPTY.get(tag)
    if empty is None:
        return frame
    return frame.drop(index=empty, errors="ignore").drop(columns=empty, errors="ignore")


@pytest.mark.parametrize("tag", ALL)
@pytest.mark.parametrize("diagonal", [False, True])
def test_co_occurrence_matches_econgeo(tag, diagonal, counts, vector, matches):
    M = rca_binary(counts(tag)).fillna(0)
    suffix = "_diag" if diagonal else ""
    theirs = vector("econgeo", f"{tag}__co_occurrence_of_binary_rca{suffix}")
    matches(co_occurrence(M, diagonal=diagonal), theirs, atol=0)


@pytest.mark.parametrize("tag", ALL)
def test_co_occurrence_matches_econcomplex(tag, counts, vector, matches):
    M = rca_binary(counts(tag)).fillna(0)
    matches(co_occurrence(M), vector("econcomplex", f"{tag}__co_occurrence"), atol=0)


@pytest.mark.parametrize("tag", ALL)
@pytest.mark.parametrize("method", ["probability", "association", "cosine", "jaccard"])
def test_relatedness_matches_econgeo(tag, method, counts, vector, matches):
    name = "prob" if method == "probability" else method
    ours = relatedness(counts(tag), method)
    theirs = vector("econgeo", f"{tag}__relatedness_{name}")
    if tag == "small":
        # Documented divergence: EconGeo writes 0 for the empty activity I8; we mask it.
        assert ours["I8"].isna().all() and (theirs["I8"] == 0).all()
    matches(ours, _drop_empty(tag, theirs), atol=1e-12)


@pytest.mark.parametrize("tag", TRIMMED)
@pytest.mark.parametrize("method", ["probability", "association", "cosine", "jaccard"])
def test_occurrence_normalised_relatedness_matches_econcomplex(
    tag, method, counts, vector, matches
):
    ours = relatedness(counts(tag), method, normalisation="occurrence")
    matches(ours, vector("econcomplex", f"{tag}__relatedness_index_{method}"), atol=1e-12)


@pytest.mark.parametrize("method", ["cosine", "jaccard"])
def test_occurrence_normalisation_without_the_event_total_ignores_empty_events(
    method, counts, vector, matches
):
    ours = relatedness(counts("small"), method, normalisation="occurrence")
    matches(
        ours,
        _drop_empty("small", vector("econcomplex", f"small__relatedness_index_{method}")),
        atol=1e-12,
    )


def test_econcomplex_counts_empty_events_in_the_total_and_we_do_not(counts, vector, matches):
    # Documented divergence: econcomplex sets T = all rows (6 on `small`, R6 empty); we mask R6 (T = 5).
    ours = relatedness(counts("small"), "association", normalisation="occurrence")
    theirs = _drop_empty("small", vector("econcomplex", "small__relatedness_index_association"))
    matches(ours * 6 / 5, theirs, atol=1e-12)
    with pytest.raises(AssertionError):
        matches(ours, theirs, atol=1e-6)
    probability = relatedness(counts("small"), "probability", normalisation="occurrence")
    with pytest.raises(AssertionError):
        matches(
            probability,
            _drop_empty("small", vector("econcomplex", "small__relatedness_index_probability")),
            atol=1e-6,
        )


@pytest.mark.parametrize("tag", ALL)
def test_proximity_with_self_loops_matches_ecomplexity(tag, counts, vector, matches):
    matches(
        relatedness(counts(tag), self_loops=True),
        vector("ecomplexity", f"{tag}__proximity"),
        atol=1e-12,
    )


@pytest.mark.parametrize("tag", ALL)
def test_asymmetric_proximity_matches_ecomplexity(tag, counts, vector, matches):
    # ecomplexity's asymmetric table holds P(column | row) = U_ij / U_i: our P(i | j) transposed.
    ours = relatedness(counts(tag), "proximity_asymmetric", self_loops=True).T
    matches(ours, vector("ecomplexity", f"{tag}__proximity_asymmetric"), atol=1e-12)


@pytest.mark.parametrize(
    ("folder", "name", "tags", "method", "self_loops"),
    [
        ("econci", "proximity", TRIMMED, "proximity", False),
        ("economic_complexity", "proximity_max", ALL, "proximity", False),
        ("economic_complexity", "proximity_sqrt", ALL, "proximity_sqrt", False),
        ("econcomplex", "proximity_max", ALL, "proximity", False),
        ("economiccomplexity_R", "proximity_product", TRIMMED, "proximity", True),
    ],
)
def test_proximity_matches_each_peer_with_its_diagonal(
    folder, name, tags, method, self_loops, counts, vector, matches
):
    for tag in tags:
        theirs = vector(folder, f"{tag}__{name}")
        matches(
            relatedness(counts(tag), method, self_loops=self_loops),
            _drop_empty(tag, theirs),
            atol=1e-12,
        )


@pytest.mark.parametrize("tag", TRIMMED)
def test_region_proximity_matches_r_economiccomplexity(tag, counts, vector, matches):
    M = rca_binary(counts(tag)).T
    matches(
        relatedness(M, self_loops=True),
        vector("economiccomplexity_R", f"{tag}__proximity_country"),
        atol=1e-12,
    )


@pytest.mark.parametrize("tag", ALL)
def test_density_with_self_loops_matches_ecomplexity(tag, counts, vector, matches):
    X = counts(tag)
    phi = relatedness(X, self_loops=True)
    ours = relatedness_density(X, phi, exclude_self=False)
    matches(ours, vector("ecomplexity", f"{tag}__density"), atol=1e-12)


@pytest.mark.parametrize(
    ("folder", "name", "tags", "self_loops", "scale"),
    [
        ("econci", "density", TRIMMED, False, 1.0),
        ("economic_complexity", "relatedness", ALL, False, 1.0),
        ("economiccomplexity_R", "density", TRIMMED, True, 1.0),
        ("econcomplex", "relatedness_density", ALL, False, 100.0),
    ],
)
def test_density_matches_each_peer(folder, name, tags, self_loops, scale, counts, vector, matches):
    for tag in tags:
        X = counts(tag)
        phi = relatedness(X, self_loops=self_loops)
        ours = relatedness_density(X, phi, exclude_self=not self_loops, scale=scale)
        theirs = vector(folder, f"{tag}__{name}")
        if tag == "small":
            # Documented divergence: peers write 0 (or a value) for the empty activity/region; we mask.
            assert ours["I8"].isna().all() and ours.loc["R6"].isna().all()
            theirs = theirs.drop(index="R6", errors="ignore").drop(columns="I8", errors="ignore")
        matches(ours, theirs, atol=1e-12)


@pytest.mark.parametrize(
    ("folder", "tags", "self_loops"),
    [
        ("econci", TRIMMED, False),
        ("economic_complexity", ALL, False),
        ("economiccomplexity_R", TRIMMED, True),
    ],
)
def test_distance_is_one_minus_density(folder, tags, self_loops, counts, vector, matches):
    for tag in tags:
        X = counts(tag)
        ours = 1.0 - relatedness_density(
            X, relatedness(X, self_loops=self_loops), exclude_self=not self_loops
        )
        theirs = vector(folder, f"{tag}__distance")
        if tag == "small":
            theirs = theirs.drop(index="R6", errors="ignore").drop(columns="I8", errors="ignore")
        matches(ours, theirs, atol=1e-12)


@pytest.mark.parametrize("tag", ALL)
@pytest.mark.parametrize("method", ["probability", "association"])
def test_relatedness_density_matches_econgeo_after_its_rounding(
    tag, method, counts, vector, matches
):
    X = counts(tag)
    ours = relatedness_density(X, relatedness(X, method), scale=100.0)
    name = "prob" if method == "probability" else method
    theirs = vector("econgeo", f"{tag}__relatedness_density_{name}")
    matches(ours.round(2), _drop_empty(tag, theirs).drop(index="R6", errors="ignore"), atol=1e-9)


@pytest.mark.parametrize("tag", ALL)
def test_relatedness_density_on_binarised_association_matches_econgeo(tag, counts, vector, matches):
    X = counts(tag)
    phi = (
        (relatedness(X, "association") >= 1)
        .astype(float)
        .where(relatedness(X, "association").notna())
    )
    ours = relatedness_density(X, phi, scale=100.0)
    theirs = vector("econgeo", f"{tag}__relatedness_density_assoc_binary")
    matches(ours.round(2), theirs.drop(index="R6", errors="ignore"), atol=1e-9)


@pytest.mark.parametrize("tag", ALL)
def test_internal_and_external_relatedness_match_econgeo(tag, counts, vector, matches):
    X = counts(tag)
    density = relatedness_density(X, relatedness(X, "probability"), scale=100.0)
    present = rca_binary(X)
    internal = density.where(present == 1)
    external = density.where(present == 0)
    matches(
        internal.round(0),
        vector("econgeo", f"{tag}__relatedness_density_int_prob").drop(index="R6", errors="ignore"),
        atol=1e-9,
    )
    matches(
        external.round(0),
        vector("econgeo", f"{tag}__relatedness_density_ext_prob").drop(index="R6", errors="ignore"),
        atol=1e-9,
    )
    # EconGeo's _avg variants average the 0-dp-rounded cells, then round again.
    int_avg = (
        vector("econgeo", f"{tag}__relatedness_density_int_avg_prob")
        .iloc[:, 0]
        .drop("R6", errors="ignore")
    )
    ext_avg = (
        vector("econgeo", f"{tag}__relatedness_density_ext_avg_prob")
        .iloc[:, 0]
        .drop("R6", errors="ignore")
    )
    matches(internal.round(0).mean(axis=1).round(0), int_avg, atol=1e-9)
    rounded_external = external.round(0)
    if tag == "small":
        # Documented divergence: EconGeo counts the empty activity I8 as an external option with RD 0;
        # we mask it. Adding it back as 0 reproduces EconGeo's average.
        rounded_external["I8"] = 0.0
        assert external["I8"].isna().all()
    matches(rounded_external.mean(axis=1).round(0), ext_avg, atol=1e-9)


def test_unrounded_association_density_matches_the_reference_fixture(counts, vector, matches):
    X = counts("medcap")
    ours = relatedness_density(X, relatedness(X, "association"), scale=100.0)
    matches(
        ours,
        vector("reference_only", "medcap__relatedness_density_association_unrounded"),
        atol=1e-12,
    )


def test_platform_density_without_self_matches_the_reference_fixture(counts, vector, matches):
    X = counts("medcap")
    matches(
        relatedness_density(X, relatedness(X)),
        vector("reference_only", "medcap__density_phidiag0"),
        atol=1e-12,
    )


def test_self_loops_change_density_levels_but_not_candidate_ranking_within_an_activity(counts):
    X = counts("medcap")
    without = relatedness_density(X, relatedness(X))
    with_self = relatedness_density(X, relatedness(X, self_loops=True), exclude_self=False)
    candidates = rca_binary(X) == 0
    assert not np.allclose(without.to_numpy(), with_self.to_numpy())
    for activity in X.columns[:10]:
        rows = candidates[activity]
        order_without = without.loc[rows, activity].rank().to_numpy()
        order_with = with_self.loc[rows, activity].rank().to_numpy()
        np.testing.assert_array_equal(order_without, order_with)


@pytest.mark.parametrize("tag", ALL)
def test_relative_relatedness_matches_datawheel(tag, counts, vector, matches):
    X = counts(tag)
    ours = relative_relatedness(X, relatedness(X))
    theirs = vector("economic_complexity", f"{tag}__relative_relatedness")
    if tag == "small":
        theirs = theirs.drop(index="R6", errors="ignore").drop(columns="I8", errors="ignore")
    matches(ours, theirs, atol=1e-9)


@pytest.mark.parametrize("tag", ALL)
def test_continuous_density_matches_ecomplexity(tag, counts, vector, matches):
    X = counts(tag)
    phi = relatedness(X, "proximity_continuous", self_loops=True)
    ours = relatedness_density(X, phi, exclude_self=False, weights="rca")
    matches(ours, vector("ecomplexity", f"{tag}__density_continuous"), atol=1e-9)
