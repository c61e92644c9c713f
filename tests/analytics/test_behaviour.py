"""Hand-checked tiny cases, input validation, panels and properties of the analytics core."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from clustera.analytics import (
    EconomicComplexity,
    Relatedness,
    cluster_stars,
    complexity,
    complexity_outlook,
    location_quotient,
    rca_binary,
    relatedness,
    relatedness_density,
    specialisation_indices,
)
from clustera.errors import DuplicateError, InvalidInputError

TINY = pd.DataFrame({"C10": [30, 10], "C20": [10, 50]}, index=["AT1", "BE2"])


def _long(frame: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    table = frame.stack().rename("value").rename_axis(["region", "activity"]).reset_index()
    if year is not None:
        table.insert(0, "year", year)
    return table


def test_location_quotient_by_hand():
    # AT1: C10 share 30/40 = 0.75; reference share 40/100 = 0.4 -> 1.875. BE2/C20: (50/60)/(60/100).
    lq = location_quotient(TINY)
    assert lq.loc["AT1", "C10"] == pytest.approx(1.875, abs=1e-15)
    assert lq.loc["BE2", "C20"] == pytest.approx((50 / 60) / 0.6, abs=1e-15)


def test_external_reference_totals_replace_the_sum_of_regions():
    reference = pd.Series({"C10": 500.0, "C20": 500.0})
    lq = location_quotient(TINY, reference=reference)
    assert lq.loc["AT1", "C10"] == pytest.approx(0.75 / 0.5)


def test_presence_keeps_an_exact_tie_at_the_threshold():
    X = pd.DataFrame({"a": [1, 1], "b": [1, 1]}, index=["r1", "r2"])
    assert (rca_binary(X) == 1).all().all()
    assert rca_binary(X, threshold=1.0000001).sum().sum() == 0


def test_empty_regions_and_activities_are_masked_not_zero():
    X = pd.DataFrame({"a": [3, 0, 1], "b": [1, 0, 2], "c": [0, 0, 0]}, index=["r1", "r2", "r3"])
    lq = location_quotient(X)
    assert lq.loc["r2"].isna().all() and lq["c"].isna().all()
    assert lq.loc[["r1", "r3"], ["a", "b"]].notna().all().all()
    indices = specialisation_indices(X)
    assert indices.loc["r2"].isna().all()


def test_specialisation_indices_by_hand():
    indices = specialisation_indices(TINY).loc["AT1"]
    assert indices["krugman"] == pytest.approx(0.7)
    assert indices["hoover_coefficient"] == pytest.approx(0.35)
    assert indices["herfindahl"] == pytest.approx(0.75**2 + 0.25**2)
    assert indices["herfindahl_normalised"] == pytest.approx((0.625 - 0.5) / 0.5)
    assert indices["entropy"] == pytest.approx(-(0.75 * np.log2(0.75) + 0.25 * np.log2(0.25)))


def test_krugman_against_the_rest_of_the_economy():
    indices = specialisation_indices(TINY, reference="rest").loc["AT1"]
    # Rest of the economy is BE2 alone: shares 1/6, 5/6.
    assert indices["krugman"] == pytest.approx(abs(0.75 - 1 / 6) + abs(0.25 - 5 / 6))


def test_proximity_by_hand():
    M = pd.DataFrame({"A": [1, 1, 0], "B": [1, 1, 1], "C": [0, 0, 1]}, index=["r1", "r2", "r3"])
    phi = relatedness(M)
    assert phi.loc["A", "B"] == pytest.approx(2 / 3)  # 2 regions have both; max ubiquity 3
    assert phi.loc["A", "C"] == 0 and phi.loc["B", "C"] == pytest.approx(1 / 3)
    assert (np.diag(phi) == 0).all()
    assert (np.diag(relatedness(M, self_loops=True)) == 1).all()
    density = relatedness_density(M, phi)
    # r3 holds B and C; for A: (phi_BA) / (phi_BA + phi_CA) = 1.
    assert density.loc["r3", "A"] == pytest.approx(1.0)
    assert density.loc["r1", "C"] == pytest.approx((1 / 3) / (1 / 3))


def test_complexity_of_a_tiny_matrix_equals_an_independent_eigen_solution():
    M = np.array([[1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 1], [0, 1, 1, 1]], dtype=float)
    frame = pd.DataFrame(M, index=["r1", "r2", "r3", "r4"], columns=list("abcd"))
    kc, kp = M.sum(1), M.sum(0)
    values, vectors = np.linalg.eig(np.diag(1 / kp) @ M.T @ np.diag(1 / kc) @ M)
    q = vectors[:, np.argsort(-values.real)[1]].real
    k = M @ q / kc
    if np.corrcoef(k, kc)[0, 1] < 0:
        k, q = -k, -q
    result = complexity(frame)
    np.testing.assert_allclose(result.eci, (k - k.mean()) / k.std(), atol=1e-12)
    np.testing.assert_allclose(result.pci, (q - k.mean()) / k.std(), atol=1e-12)


def test_disconnected_presence_networks_warn():
    M = pd.DataFrame(
        [[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1], [0, 0, 1, 1]],
        index=list("wxyz"),
        columns=list("abcd"),
    )
    with pytest.warns(UserWarning, match="several components"):
        complexity(M)


@pytest.mark.parametrize(
    ("frame", "error", "fragment"),
    [
        (pd.DataFrame({"a": [1, -2]}, index=["r1", "r2"]), InvalidInputError, "-2"),
        (pd.DataFrame({"a": [1.0, np.nan]}, index=["r1", "r2"]), InvalidInputError, "'r2'"),
        (pd.DataFrame({"a": ["1", "x"]}, index=["r1", "r2"]), InvalidInputError, "'x'"),
        (pd.DataFrame({"a": [1, 2]}, index=["r1", "r1"]), DuplicateError, "'r1'"),
    ],
)
def test_invalid_input_names_the_offending_label_and_value(frame, error, fragment):
    with pytest.raises(error, match=fragment):
        location_quotient(frame)


def test_duplicated_long_rows_are_refused_with_their_key():
    table = pd.concat([_long(TINY), _long(TINY).iloc[[0]]])
    with pytest.raises(DuplicateError, match="AT1"):
        location_quotient(table)


def test_negative_long_value_names_region_and_activity():
    table = _long(TINY)
    table.loc[2, "value"] = -1
    with pytest.raises(InvalidInputError, match="BE2"):
        location_quotient(table)


def test_unknown_method_and_convention_are_refused():
    with pytest.raises(InvalidInputError, match="nonsense"):
        relatedness(TINY, "nonsense")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="nonsense"):
        complexity(TINY, convention="nonsense")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="preset"):
        cluster_stars(TINY, preset="nonsense")


def test_long_and_wide_inputs_give_the_same_result(counts):
    X = counts("medcap")
    pd.testing.assert_frame_equal(
        location_quotient(_long(X)), location_quotient(X), check_names=False
    )


def test_a_panel_is_every_year_computed_alone(counts):
    first, second = counts("medcap"), counts("medium")
    second = (
        second.iloc[:, :80]
        .set_axis(first.index[:50])
        .reindex(index=first.index, columns=first.columns, fill_value=0)
    )
    panel = pd.concat([_long(first, 2020), _long(second, 2021)])
    model = EconomicComplexity().fit(panel)
    for year, frame in ((2020, first), (2021, second)):
        alone = EconomicComplexity().fit(frame)
        np.testing.assert_allclose(model.eci_.xs(year), alone.eci_, atol=1e-12)
        np.testing.assert_allclose(model.cog_.xs(year), alone.cog_, atol=1e-12)
        np.testing.assert_allclose(model.proximity_.xs(year), alone.proximity_, atol=1e-12)
        pd.testing.assert_series_equal(
            complexity(panel).pci.xs(year), complexity(frame).pci, check_names=False
        )
    assert list(model.eigenvalues_.index) == [2020, 2021]


def test_estimators_equal_their_function_twins(counts):
    X = counts("medcap")
    pd.testing.assert_frame_equal(
        Relatedness(method="cosine").fit(X).proximity_, relatedness(X, "cosine")
    )
    model = EconomicComplexity().fit(X)
    pd.testing.assert_series_equal(model.eci_, complexity(X).eci)
    pd.testing.assert_series_equal(model.coi_, complexity_outlook(X).coi)


count_matrices = arrays(
    np.int64, st.tuples(st.integers(3, 7), st.integers(3, 7)), elements=st.integers(0, 50)
).filter(lambda a: (a.sum(axis=1) > 0).sum() >= 2 and (a.sum(axis=0) > 0).sum() >= 2)


def _frame(values: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        values,
        index=[f"r{i}" for i in range(values.shape[0])],
        columns=[f"a{j}" for j in range(values.shape[1])],
    )


@settings(max_examples=25, deadline=None)
@given(count_matrices, st.randoms(use_true_random=False))
def test_permuting_rows_and_columns_permutes_every_output(values, random):
    frame = _frame(values)
    rows = list(frame.index)
    columns = list(frame.columns)
    random.shuffle(rows)
    random.shuffle(columns)
    shuffled = frame.loc[rows, columns]
    pd.testing.assert_frame_equal(
        location_quotient(shuffled).loc[frame.index, frame.columns], location_quotient(frame)
    )
    pd.testing.assert_frame_equal(
        relatedness(shuffled).loc[frame.columns, frame.columns], relatedness(frame)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        original, permuted = complexity(frame), complexity(shuffled)
    eigenvalues = original.eigenvalues.iloc[0]
    diversity = rca_binary(frame).sum(axis=1)
    # The ranking is defined only for a connected network with a simple lambda_2 and a sign reference.
    assume(eigenvalues["eigenvalue_2"] < 1 - 1e-6 and eigenvalues["gap_ratio"] > 1 + 1e-6)
    assume(abs(np.corrcoef(original.eci.fillna(0), diversity)[0, 1]) > 1e-6)
    np.testing.assert_allclose(permuted.eci[frame.index], original.eci, atol=1e-8)


@settings(max_examples=25, deadline=None)
@given(count_matrices, st.floats(0.001, 1000.0), st.floats(0.001, 1000.0))
def test_location_quotient_is_invariant_to_scaling_rows_or_the_whole_table(
    values, factor, row_factor
):
    frame = _frame(values).astype(float)
    baseline = location_quotient(frame)
    np.testing.assert_allclose(location_quotient(frame * factor), baseline, rtol=1e-12)
    # Scaling one region's row (e.g. counting in FTE rather than jobs) leaves its own shares intact:
    # its LQ changes only through the reference economy, and equals the LQ against external totals.
    scaled = frame.copy()
    scaled.iloc[0] *= row_factor
    reference = frame.sum(axis=0)
    np.testing.assert_allclose(
        location_quotient(scaled, reference=reference).iloc[0],
        location_quotient(frame, reference=reference).iloc[0],
        rtol=1e-12,
    )


@settings(max_examples=25, deadline=None)
@given(count_matrices)
def test_adding_an_empty_region_and_activity_only_adds_masked_cells(values):
    frame = _frame(values)
    padded = frame.copy()
    padded["empty"] = 0
    padded.loc["nowhere"] = 0
    lq = location_quotient(padded)
    assert lq.loc["nowhere"].isna().all() and lq["empty"].isna().all()
    pd.testing.assert_frame_equal(lq.loc[frame.index, frame.columns], location_quotient(frame))
    phi = relatedness(padded)
    assert phi["empty"].isna().all()
    pd.testing.assert_frame_equal(phi.loc[frame.columns, frame.columns], relatedness(frame))
    indices = specialisation_indices(padded)
    assert indices.loc["nowhere"].isna().all()


def test_every_indicator_accepts_a_long_panel_and_labels_years(counts):
    from clustera.analytics import (
        diversification_opportunities,
        localisation_indices,
        related_unrelated_variety,
    )

    X = counts("medcap")
    panel = pd.concat([_long(X, 2020), _long(X.iloc[::-1] * 2, 2021)])
    indices = specialisation_indices(panel)
    pd.testing.assert_frame_equal(indices.xs(2020), specialisation_indices(X), check_names=False)
    assert localisation_indices(panel).index.get_level_values(0).unique().tolist() == [2020, 2021]
    groups = pd.Series([column[:2] for column in X.columns], index=X.columns)
    np.testing.assert_allclose(
        related_unrelated_variety(panel, groups).xs(2021), related_unrelated_variety(X, groups)
    )
    stars = cluster_stars(panel).table
    pd.testing.assert_frame_equal(stars.xs(2020), cluster_stars(X).table, check_names=False)
    options = diversification_opportunities(panel)
    assert set(options["year"]) == {2020, 2021}
    single = diversification_opportunities(X)
    np.testing.assert_allclose(
        options[options["year"] == 2020]["relatedness_density"].to_numpy(),
        single["relatedness_density"].to_numpy(),
    )
    outlook = complexity_outlook(panel)
    np.testing.assert_allclose(outlook.coi.xs(2021), complexity_outlook(X).coi, atol=1e-9)


def test_rpop_by_hand_and_the_either_test_is_a_logical_or():
    from clustera.analytics import rpop

    population = pd.Series({"AT1": 1.0, "BE2": 3.0})
    per_head = rpop(TINY, population)
    # AT1/C10: 30 per head against 40 / 4 = 10 per head overall.
    assert per_head.loc["AT1", "C10"] == pytest.approx(3.0)
    assert per_head.loc["BE2", "C20"] == pytest.approx((50 / 3) / (60 / 4))
    by_rca = rca_binary(TINY)
    by_rpop = rca_binary(TINY, population=population, test="rpop")
    either = rca_binary(TINY, population=population, test="either")
    pd.testing.assert_frame_equal(either, np.maximum(by_rca, by_rpop))
    with pytest.raises(InvalidInputError, match="population"):
        rca_binary(TINY, test="rpop")


def test_entries_and_exits_use_the_risk_sets_of_the_start_period():
    from clustera.analytics import entry_exit

    first = pd.DataFrame([[1, 0, 1], [0, 1, 0]], index=["r1", "r2"], columns=list("abc"))
    second = pd.DataFrame([[1, 1, 0], [0, 1, 1]], index=["r1", "r2"], columns=list("abc"))
    panel = pd.concat([_long(first, 2015), _long(second, 2020)])
    flows = entry_exit(panel)
    entry, leave = flows.entry.xs(2015), flows.exit.xs(2015)
    assert entry.loc["r1", "b"] == 1 and entry.loc["r2", "c"] == 1 and entry.loc["r2", "a"] == 0
    assert np.isnan(entry.loc["r1", "a"])  # already specialised: outside the entry risk set
    assert (
        leave.loc["r1", "c"] == 1 and leave.loc["r1", "a"] == 0 and np.isnan(leave.loc["r1", "b"])
    )
    with pytest.raises(InvalidInputError, match="panel"):
        entry_exit(first)
