"""ECI/PCI, reflections and outlook equal every peer's under that peer's convention (vectors/)."""

from __future__ import annotations

import numpy as np
import pytest

from clustera.analytics import (
    EconomicComplexity,
    complexity,
    complexity_outlook,
    method_of_reflections,
)

ALL = ["small", "small5x7", "medium", "medcap"]
TRIMMED = ["small5x7", "medium", "medcap"]


@pytest.mark.parametrize("tag", ALL)
def test_growthlab_eci_and_pci_match_ecomplexity(tag, counts, vector, matches):
    result = complexity(counts(tag))
    matches(result.eci, vector("ecomplexity", f"{tag}__eci"), atol=1e-9)
    matches(result.pci, vector("ecomplexity", f"{tag}__pci"), atol=1e-9)
    if tag == "small":
        assert np.isnan(result.eci["R6"]) and np.isnan(result.pci["I8"])


def test_golden_growthlab_values_from_spec(counts):
    result = complexity(counts("small5x7"))
    np.testing.assert_allclose(
        result.eci, [-1.76325247, 1.08885775, 0.37764464, -0.36088116, 0.65763124], atol=5e-9
    )
    np.testing.assert_allclose(
        result.pci,
        [-2.19591428, 1.32383593, 0.88498675, -0.00956473, -1.33059066, 1.05775056, 0.25751191],
        atol=5e-9,
    )


def test_growthlab_eci_is_the_mean_pci_of_each_regions_activities(counts):
    X = counts("medcap")
    result = complexity(X)
    model = EconomicComplexity().fit(X)
    mean_pci = (model.presence_ * result.pci).sum(axis=1) / model.presence_.sum(axis=1)
    np.testing.assert_allclose(result.eci, mean_pci, atol=1e-12)


@pytest.mark.parametrize("tag", ALL)
def test_atlas_convention_matches_econcomplex_including_its_independent_pci_sign(
    tag, counts, vector, matches
):
    result = complexity(counts(tag), convention="atlas")
    matches(result.eci, vector("econcomplex", f"{tag}__eci_eigenvector"), atol=1e-9)
    matches(result.pci, vector("econcomplex", f"{tag}__pci_eigenvector"), atol=1e-9)


@pytest.mark.parametrize("tag", TRIMMED)
def test_atlas_convention_matches_econci(tag, counts, vector, matches):
    result = complexity(counts(tag), convention="atlas")
    matches(result.eci, vector("econci", f"{tag}__eci"), atol=1e-9)
    matches(result.pci, vector("econci", f"{tag}__pci"), atol=1e-9)


def test_independent_pci_sign_of_econci_flips_pci_against_growthlab_on_small(counts):
    # SPEC 3.4: orienting PCI by ubiquity alone breaks "ECI = mean PCI" on small5x7.
    X = counts("small5x7")
    growthlab, atlas = complexity(X), complexity(X, convention="atlas")
    assert np.corrcoef(growthlab.pci, atlas.pci)[0, 1] < -0.99


@pytest.mark.parametrize("tag", TRIMMED)
def test_economiccomplexity_convention_matches_the_r_package(tag, counts, vector, matches):
    result = complexity(counts(tag), convention="economiccomplexity")
    matches(result.eci, vector("economiccomplexity_R", f"{tag}__eigenvalues_country"), atol=1e-9)
    matches(result.pci, vector("economiccomplexity_R", f"{tag}__eigenvalues_product"), atol=1e-9)


@pytest.mark.parametrize("tag", ["small", "small5x7", "medcap"])
@pytest.mark.parametrize("iterations", [20, 21])
def test_reflections_match_datawheel(tag, iterations, counts, vector, matches):
    result = complexity(
        counts(tag) if tag != "small" else counts("small5x7"),
        "reflections",
        "datawheel",
        iterations=iterations,
    )
    if tag == "small":
        # Documented divergence: Datawheel returns all-NaN on `small` (one empty region spreads 0/0).
        assert vector("economic_complexity", "small__eci_iter20").isna().all().all()
        return
    matches(result.eci, vector("economic_complexity", f"{tag}__eci_iter{iterations}"), atol=1e-9)
    matches(result.pci, vector("economic_complexity", f"{tag}__pci_iter{iterations}"), atol=1e-9)


@pytest.mark.parametrize("tag", ["small5x7", "medcap"])
def test_reflections_match_r_economiccomplexity(tag, counts, vector, matches):
    result = complexity(counts(tag), "reflections", "economiccomplexity")
    matches(result.eci, vector("economiccomplexity_R", f"{tag}__reflections_country"), atol=1e-9)
    matches(result.pci, vector("economiccomplexity_R", f"{tag}__reflections_product"), atol=1e-9)


def test_peers_lose_digits_in_reflections_on_the_ill_conditioned_input(counts, vector, matches):
    # SPEC 3.5: on `medium` the raw iterates keep ~5 digits; peers are off by up to 5e-5.
    # Our stable recursion equals the exact z-scores of the reference fixture.
    X = counts("medium")
    ours = complexity(X, "reflections", "datawheel")
    odd = complexity(X, "reflections", "datawheel", iterations=21)
    matches(odd.eci, vector("economic_complexity", "medium__eci_iter21"), atol=1e-3)
    matches(odd.pci, vector("economic_complexity", "medium__pci_iter21"), atol=1e-3)
    for folder, region_name, activity_name in [
        ("economic_complexity", "medium__eci_iter20", "medium__pci_iter20"),
        ("economiccomplexity_R", "medium__reflections_country", "medium__reflections_product"),
    ]:
        matches(ours.eci, vector(folder, region_name), atol=1e-4)
        matches(ours.pci, vector(folder, activity_name), atol=1e-4)
        with pytest.raises(AssertionError):
            matches(ours.eci, vector(folder, region_name), atol=1e-9)


@pytest.mark.parametrize("tag", ["medium", "medcap"])
def test_stable_reflections_match_the_exact_zscore_fixture(tag, counts, vector, matches):
    X = counts(tag)
    regions = vector("reference_only", f"{tag}__mor_stable_zscores_country")
    activities = vector("reference_only", f"{tag}__mor_stable_zscores_product")
    for column in regions.columns:
        steps = int(column.rsplit("_", 1)[1])
        ours = method_of_reflections(X, steps, scaling="zscore").region
        ddof1 = ours * np.sqrt((len(ours) - 1) / len(ours))
        assert (
            min(np.abs(ours - regions[column]).max(), np.abs(ddof1 - regions[column]).max()) < 1e-9
        )
    for column in activities.columns:
        steps = int(column.rsplit("_", 1)[1])
        ours = method_of_reflections(X, steps, scaling="zscore").activity
        ddof1 = ours * np.sqrt((len(ours) - 1) / len(ours))
        assert (
            min(np.abs(ours - activities[column]).max(), np.abs(ddof1 - activities[column]).max())
            < 1e-9
        )


def test_econcomplex_early_stopping_reflections_differ_from_the_eigenvector(counts, vector):
    # Documented divergence (SPEC 4): econcomplex stops when z changes < 1e-10 or at 20 iterations.
    theirs = vector("econcomplex", "small__eci_reflections").iloc[:, 0].dropna()
    ours = complexity(counts("small")).eci.reindex(theirs.index)
    assert np.corrcoef(ours, theirs)[0, 1] > 0.9999
    assert np.abs(ours - theirs).max() > 1e-3


@pytest.mark.parametrize("tag", ALL)
def test_econgeo_recipe_with_rounded_transition_matrix_reproduces_kci_and_tci(
    tag, counts, vector, matches
):
    X = counts(tag)
    result = complexity(X, convention="econgeo", transition_decimals=4)
    matches(result.eci, vector("econgeo", f"{tag}__kci"), atol=1e-9)
    matches(result.eci, vector("econgeo", f"{tag}__kci_rcaTRUE"), atol=1e-9)
    matches(result.pci, vector("econgeo", f"{tag}__tci"), atol=1e-9)


def test_unrounded_econgeo_convention_correlates_with_econgeo_on_medcap(counts, vector):
    # SPEC 5: EconGeo rounds M~ to 4 dp; without it, only a correlation > 1 - 1e-6 holds (medcap).
    result = complexity(counts("medcap"), convention="econgeo")
    kci = vector("econgeo", "medcap__kci").iloc[:, 0]
    tci = vector("econgeo", "medcap__tci").iloc[:, 0]
    assert np.corrcoef(result.eci.reindex(kci.index), kci)[0, 1] > 1 - 1e-6
    assert np.corrcoef(result.pci.reindex(tci.index), tci)[0, 1] > 1 - 1e-6
    assert abs(result.eci.sum() + 1.0) < 1e-9 or abs(result.eci.sum() - 1.0) < 1e-9


def test_eigen_gap_diagnostics_flag_the_ill_conditioned_input(counts):
    medium = complexity(counts("medium")).eigenvalues.iloc[0]
    medcap = complexity(counts("medcap")).eigenvalues.iloc[0]
    assert medium["gap_ratio"] < 1.02 and medcap["gap_ratio"] > 2.5
    np.testing.assert_allclose(
        [medium["eigenvalue_2"], medium["eigenvalue_3"]], [0.0935, 0.0925], atol=1e-4
    )


def test_reference_fixtures_for_pci_normalisation_and_tci(counts, vector, matches):
    X = counts("medcap")
    matches(complexity(X).pci, vector("reference_only", "medcap__pci_growthlab_norm"), atol=1e-9)
    matches(
        complexity(X).eci, vector("reference_only", "medcap__eci_coi_phidiag0")["eci"], atol=1e-9
    )


@pytest.mark.parametrize("tag", ALL)
def test_ecomplexity_outlook_convention_matches_ecomplexity(tag, counts, vector, matches):
    result = complexity_outlook(counts(tag), convention="ecomplexity")
    matches(result.coi, vector("ecomplexity", f"{tag}__coi"), atol=1e-9)
    matches(result.cog, vector("ecomplexity", f"{tag}__cog"), atol=1e-9)


@pytest.mark.parametrize("tag", TRIMMED)
def test_economiccomplexity_outlook_matches_the_r_package(tag, counts, vector, matches):
    result = complexity_outlook(counts(tag), convention="economiccomplexity")
    matches(result.coi, vector("economiccomplexity_R", f"{tag}__coi_with_eigen_pci"), atol=1e-9)
    matches(result.cog, vector("economiccomplexity_R", f"{tag}__cog_with_eigen_pci"), atol=1e-9)


@pytest.mark.parametrize("tag", ALL)
def test_econcomplex_outlook_is_target_normalised(tag, counts, vector, matches):
    result = complexity_outlook(counts(tag), convention="econcomplex")
    coi = vector("econcomplex", f"{tag}__coi_with_own_pci").iloc[:, 0]
    if tag == "small":
        # Documented divergence: econcomplex gives the empty region R6 a COI of 0; we mask it.
        assert np.isnan(result.coi["R6"]) and coi["R6"] == 0
        coi = coi.drop("R6")
    cog = vector("econcomplex", f"{tag}__cog_with_own_pci")
    if tag == "small":
        cog = cog.drop(index="R6").drop(columns="I8")
    matches(result.coi, coi, atol=1e-9)
    matches(result.cog, cog, atol=1e-9)


@pytest.mark.parametrize("tag", ["small5x7", "medium", "medcap"])
def test_datawheel_opportunity_gain_matches_with_its_pci(tag, counts, vector, matches):
    pci = vector("economic_complexity", f"{tag}__pci_iter20").iloc[:, 0]
    result = complexity_outlook(counts(tag), convention="datawheel", pci=pci)
    matches(result.cog, vector("economic_complexity", f"{tag}__opportunity_gain"), atol=1e-9)


def test_platform_outlook_matches_the_stata_and_atlas_fixtures(counts, vector, matches):
    X = counts("medcap")
    stata = complexity_outlook(X)
    matches(stata.cog, vector("reference_only", "medcap__cog_stata_formula_phidiag0"), atol=1e-9)
    fixture = vector("reference_only", "medcap__eci_coi_phidiag0")
    matches(stata.coi, fixture["coi_stata_formula_with_normalised_pci"], atol=1e-9)
    atlas = complexity_outlook(X, convention="atlas")
    matches(
        atlas.cog, vector("reference_only", "medcap__cog_atlas_with_minus_term_phidiag0"), atol=1e-9
    )


@pytest.mark.parametrize("tag", ALL)
def test_estimator_profile_reproduces_every_ecomplexity_output(tag, counts, vector, matches):
    model = EconomicComplexity(convention="ecomplexity").fit(counts(tag))
    for attribute, name in [
        ("rca_", "rca"),
        ("presence_", "mcp"),
        ("density_", "density"),
        ("cog_", "cog"),
        ("eci_", "eci"),
        ("pci_", "pci"),
        ("coi_", "coi"),
        ("diversity_", "diversity"),
        ("ubiquity_", "ubiquity"),
        ("proximity_", "proximity"),
    ]:
        matches(getattr(model, attribute), vector("ecomplexity", f"{tag}__{name}"), atol=1e-9)


@pytest.mark.parametrize("tag", TRIMMED)
def test_fitness_matches_r_economiccomplexity(tag, counts, vector, matches):
    result = complexity(counts(tag), method="fitness")
    matches(result.eci, vector("economiccomplexity_R", f"{tag}__fitness_country"), atol=1e-9)
    matches(result.pci, vector("economiccomplexity_R", f"{tag}__fitness_product"), atol=1e-9)


def test_tci_fixture_is_growthlab_pci_on_its_own_moments(counts, vector, matches):
    pci = complexity(counts("medcap")).pci
    tci = (pci - pci.mean()) / pci.std(ddof=0)
    matches(tci, vector("reference_only", "medcap__tci"), atol=1e-9)
