"""Spatial access (2SFCA, enhanced 2SFCA): hand-computed values, parity with PySAL ``access``,
the two documented divergences from it, and input validation."""

from __future__ import annotations

import logging
import math
import warnings

import numpy as np
import pandas as pd
import pytest

from clustera.analytics import spatial_access
from clustera.errors import InvalidInputError

access = pytest.importorskip("access")
logging.getLogger("access").setLevel(logging.WARNING)


def pysal_access(demand, supply, cost, *, max_cost, weights=None):
    """PySAL ``access`` on the same inputs: the cost matrix as a long table of reachable pairs."""
    long = cost.stack().rename("cost").reset_index()  # stack drops NaN: unreachable pairs
    long.columns = ["origin", "dest", "cost"]
    model = access.Access(
        demand_df=demand.rename("demand").rename_axis("geoid").to_frame(),
        demand_index=True,
        demand_value="demand",
        supply_df=supply.rename("supply").rename_axis("geoid").to_frame(),
        supply_index=True,
        supply_value="supply",
        cost_df=long,
        cost_origin="origin",
        cost_dest="dest",
        cost_name="cost",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if weights is None:
            frame = model.two_stage_fca(max_cost=max_cost, normalize=False)
        else:
            frame = model.enhanced_two_stage_fca(
                max_cost=max_cost, weight_fn=access.weights.step_fn(weights), normalize=False
            )
    return frame.iloc[:, 0].reindex(demand.index)


def random_instance(seed, n_locations=40, n_centres=15, unreachable=0.2):
    rng = np.random.default_rng(seed)
    locations = [f"L{i:03d}" for i in range(n_locations)]
    centres = [f"C{j:02d}" for j in range(n_centres)]
    demand = pd.Series(rng.integers(1, 5000, n_locations).astype(float), index=locations)
    supply = pd.Series(rng.integers(0, 30, n_centres).astype(float), index=centres)
    cost = pd.DataFrame(rng.uniform(0, 60, (n_locations, n_centres)), locations, centres)
    cost = cost.mask(rng.random(cost.shape) < unreachable)
    return demand, supply, cost


def test_hand_computed_two_step_and_enhanced():
    # Towns a (100), b (200), c (50); centres x (10) and y (6); c reaches no centre within 30.
    demand = pd.Series({"a": 100.0, "b": 200.0, "c": 50.0})
    supply = pd.Series({"x": 10.0, "y": 6.0})
    cost = pd.DataFrame({"x": [10.0, 25.0, 40.0], "y": [np.nan, 12.0, 35.0]}, index=list("abc"))
    # 2SFCA, d0 = 30: R_x = 10 / (100 + 200) = 1/30; R_y = 6 / 200 = 0.03.
    # A_a = 1/30; A_b = 1/30 + 0.03; A_c = 0 (nothing in reach).
    result = spatial_access(demand, supply, cost, max_cost=30)
    assert result.tolist() == pytest.approx([1 / 30, 1 / 30 + 0.03, 0.0], abs=1e-15)
    # E2SFCA with W = 1 up to 15, 0.5 up to 30:
    # R_x = 10 / (1 * 100 + 0.5 * 200) = 0.05; R_y = 6 / (1 * 200) = 0.03.
    # A_a = 1 * 0.05 = 0.05; A_b = 0.5 * 0.05 + 1 * 0.03 = 0.055; A_c = 0.
    result = spatial_access(demand, supply, cost, max_cost=30, weights={15: 1.0, 30: 0.5})
    assert result.tolist() == pytest.approx([0.05, 0.055, 0.0], abs=1e-15)
    assert result.index.tolist() == ["a", "b", "c"]
    assert result.name == "access"


def test_a_cost_equal_to_the_catchment_or_a_step_bound_is_inside_it():
    demand = pd.Series({"a": 10.0, "b": 10.0})
    supply = pd.Series({"x": 4.0})
    cost = pd.DataFrame({"x": [20.0, 20.000001]}, index=["a", "b"])
    assert spatial_access(demand, supply, cost, max_cost=20).tolist() == [0.4, 0.0]
    weighted = spatial_access(demand, supply, cost, max_cost=30, weights={20: 1.0, 30: 0.25})
    # R_x = 4 / (10 + 2.5) = 0.32; A_a = 0.32, A_b = 0.25 * 0.32 = 0.08.
    assert weighted.tolist() == pytest.approx([0.32, 0.08], abs=1e-15)


def test_total_access_weighted_by_demand_equals_the_supply_in_reach_of_some_demand():
    demand, supply, cost = random_instance(7)
    result = spatial_access(demand, supply, cost, max_cost=30)
    served = (cost <= 30).any(axis=0)
    assert float((result * demand).sum()) == pytest.approx(float(supply[served].sum()), rel=1e-12)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("weights", [None, {10: 1.0, 20: 0.68, 30: 0.22}, {25: 0.9, 45: 0.3}])
def test_equals_pysal_access_where_pysal_gives_a_number(seed, weights):
    demand, supply, cost = random_instance(seed)
    max_cost = 45.0 if weights is None else 30.0
    ours = spatial_access(demand, supply, cost, max_cost=max_cost, weights=weights)
    theirs = pysal_access(demand, supply, cost, max_cost=max_cost, weights=weights)
    assert theirs.notna().sum() > 30
    finite = np.isfinite(theirs)
    np.testing.assert_allclose(ours[finite], theirs[finite], rtol=0, atol=1e-9)


def test_no_centre_within_reach_gives_zero_where_pysal_gives_nan():
    demand = pd.Series({"a": 100.0, "far": 40.0})
    supply = pd.Series({"x": 5.0})
    cost = pd.DataFrame({"x": [3.0, 80.0]}, index=["a", "far"])
    ours = spatial_access(demand, supply, cost, max_cost=10)
    theirs = pysal_access(demand, supply, cost, max_cost=10)
    assert ours["far"] == 0.0 and math.isnan(theirs["far"])
    assert ours["a"] == pytest.approx(theirs["a"]) == pytest.approx(0.05)


def test_centre_with_no_demand_in_its_catchment_contributes_nothing_where_pysal_gives_inf():
    # y is within reach of b only, and b has no demand: R_y = 7 / 0.
    demand = pd.Series({"a": 100.0, "b": 0.0})
    supply = pd.Series({"x": 5.0, "y": 7.0})
    cost = pd.DataFrame({"x": [3.0, 6.0], "y": [np.nan, 2.0]}, index=["a", "b"])
    ours = spatial_access(demand, supply, cost, max_cost=10)
    theirs = pysal_access(demand, supply, cost, max_cost=10)
    assert np.isinf(theirs["b"])
    # R_x = 5 / 100; b reaches x and y, y adds nothing.
    assert ours.tolist() == pytest.approx([0.05, 0.05], abs=1e-15)
    assert ours["a"] == pytest.approx(theirs["a"])


def test_sparse_path_for_small_catchments_equals_pysal():
    demand, supply, cost = random_instance(3, n_locations=1200, n_centres=900, unreachable=0.0)
    # A small catchment leaves about 1 % of the pairs within reach: the sparse path runs.
    sparse_result = spatial_access(demand, supply, cost, max_cost=0.6)
    assert (cost <= 0.6).to_numpy().mean() < 0.1
    assert sparse_result.gt(0).sum() > 100
    reference = pysal_access(demand, supply, cost.where(cost <= 0.6), max_cost=0.6)
    finite = np.isfinite(reference)
    np.testing.assert_allclose(sparse_result[finite], reference[finite], rtol=0, atol=1e-9)


def test_cost_labels_in_another_order_are_aligned():
    demand, supply, cost = random_instance(1, n_locations=8, n_centres=5)
    shuffled = cost.iloc[::-1, ::-1]
    pd.testing.assert_series_equal(
        spatial_access(demand, supply, shuffled, max_cost=40),
        spatial_access(demand, supply, cost, max_cost=40),
    )


@pytest.mark.parametrize(
    ("change", "message", "value"),
    [
        (lambda d, s, c: (d.rename({"a": "z"}), s, c), "cost rows lack label", "z"),
        (lambda d, s, c: (d, s.drop("y"), c), "cost columns have an unknown label", "y"),
        (lambda d, s, c: (d.replace(100.0, -1.0), s, c), "demand must be finite and >= 0", -1.0),
        (lambda d, s, c: (d, s.replace(6.0, np.nan), c), "supply must be finite and >= 0", None),
        (
            lambda d, s, c: (d, s, c.replace(25.0, -2.0)),
            "cost must be >= 0 (row 'b', column 'x')",
            -2.0,
        ),
        (lambda d, s, c: (pd.concat([d, d.iloc[:1]]), s, c), "demand has a duplicated label", "a"),
    ],
)
def test_invalid_inputs_name_the_value(change, message, value):
    demand = pd.Series({"a": 100.0, "b": 200.0})
    supply = pd.Series({"x": 10.0, "y": 6.0})
    cost = pd.DataFrame({"x": [10.0, 25.0], "y": [np.nan, 12.0]}, index=["a", "b"])
    with pytest.raises(
        InvalidInputError, match=message.replace("(", r"\(").replace(")", r"\)")
    ) as info:
        spatial_access(*change(demand, supply, cost), max_cost=30)
    if value is not None:
        assert info.value.value == value


@pytest.mark.parametrize(
    ("weights", "value"),
    [({}, {}), ([(10, 1.0)], [(10, 1.0)]), ({-5: 1.0}, -5), ({10: -0.5}, -0.5), ({10: "1"}, "1")],
)
def test_weights_must_be_a_step_mapping(weights, value):
    demand, supply = pd.Series({"a": 1.0}), pd.Series({"x": 1.0})
    cost = pd.DataFrame({"x": [1.0]}, index=["a"])
    with pytest.raises(InvalidInputError, match="weights") as info:
        spatial_access(demand, supply, cost, max_cost=5, weights=weights)
    assert info.value.value == value


@pytest.mark.parametrize("max_cost", [-1.0, float("nan"), "10", True])
def test_max_cost_must_be_a_non_negative_number(max_cost):
    demand, supply = pd.Series({"a": 1.0}), pd.Series({"x": 1.0})
    cost = pd.DataFrame({"x": [1.0]}, index=["a"])
    with pytest.raises(InvalidInputError, match="max_cost"):
        spatial_access(demand, supply, cost, max_cost=max_cost)
