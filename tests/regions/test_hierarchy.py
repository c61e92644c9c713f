"""Region hierarchies from parent links: ancestors at a level, descendants, roll-ups."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clustera.errors import DataFormatError, DuplicateError, InvalidInputError, UnknownCodeError
from clustera.regions import ancestors_at_level, descendants, roll_up


@pytest.fixture
def hierarchy():
    # Codes deliberately not prefix-nested: membership must come from the parent links.
    return pd.DataFrame(
        {
            "code": ["LAND", "NORTH", "SOUTH", "ALPHA", "BETA", "GAMMA", "ORPHAN", "OTHER"],
            "level": [0, 1, 1, 2, 2, 2, 2, 0],
            # As read from a database: None for roots makes the column float.
            "parent": [None, 1, 1, 2, 2, 3, None, None],
        },
        index=pd.Index([1, 2, 3, 4, 5, 6, 7, 8], name="id"),
    )


def test_ancestors_follow_parent_links_to_the_level(hierarchy):
    assert ancestors_at_level(hierarchy, 1).to_dict() == {2: 2, 3: 3, 4: 2, 5: 2, 6: 3}
    assert ancestors_at_level(hierarchy, 0).to_dict() == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 8: 8}


def test_ancestors_at_the_finest_level_are_the_regions_themselves(hierarchy):
    assert ancestors_at_level(hierarchy, 2).to_dict() == {4: 4, 5: 5, 6: 6, 7: 7}


def test_a_region_whose_parents_stop_above_the_level_is_left_out(hierarchy):
    assert 7 not in ancestors_at_level(hierarchy, 1).index
    assert 7 not in ancestors_at_level(hierarchy, 0).index


def test_ancestors_work_on_code_keys_too(hierarchy):
    by_code = hierarchy.set_index("code").assign(
        parent=[None, "LAND", "LAND", "NORTH", "NORTH", "SOUTH", None, None]
    )
    assert ancestors_at_level(by_code, 1).to_dict() == {
        "NORTH": "NORTH",
        "SOUTH": "SOUTH",
        "ALPHA": "NORTH",
        "BETA": "NORTH",
        "GAMMA": "SOUTH",
    }


def test_descendants_are_the_region_and_everything_below_it(hierarchy):
    assert list(descendants(hierarchy, 2)) == [2, 4, 5]
    assert list(descendants(hierarchy, 1)) == [1, 2, 3, 4, 5, 6]
    assert list(descendants(hierarchy, 1, include_self=False)) == [2, 3, 4, 5, 6]
    assert list(descendants(hierarchy, 6)) == [6]


def test_descendants_of_an_unknown_region_name_it(hierarchy):
    with pytest.raises(UnknownCodeError, match="99"):
        descendants(hierarchy, 99)


def test_a_parent_at_the_same_level_is_refused_naming_the_region(hierarchy):
    broken = hierarchy.copy()
    broken.loc[5, "parent"] = 4
    with pytest.raises(InvalidInputError, match="region 5"):
        ancestors_at_level(broken, 1)


def test_duplicated_regions_and_missing_columns_are_refused(hierarchy):
    with pytest.raises(DuplicateError):
        ancestors_at_level(pd.concat([hierarchy, hierarchy.iloc[:1]]), 1)
    with pytest.raises(DataFormatError, match="parent"):
        descendants(hierarchy.drop(columns="parent"), 1)


def test_roll_up_sums_observations_into_a_zero_filled_panel(hierarchy):
    observations = pd.DataFrame(
        {
            "region": [4, 5, 6, 2, 7, 5],
            "category": ["c", "c", "c", "d", "c", "d"],
            "year": [2020, 2020, 2020, 2020, 2020, 2021],
            "value": [1.0, 2.0, 4.0, 8.0, 16.0, 32.0],
        }
    )
    codes = ancestors_at_level(hierarchy, 1).map(hierarchy["code"])
    panel = roll_up(observations, codes)
    assert panel.index.names == ["year", "region"]
    assert panel.index.tolist() == [
        (2020, "NORTH"),
        (2020, "SOUTH"),
        (2021, "NORTH"),
        (2021, "SOUTH"),
    ]
    expected = np.array([[3.0, 8.0], [4.0, 0.0], [0.0, 32.0], [0.0, 0.0]])
    np.testing.assert_array_equal(panel[["c", "d"]].to_numpy(), expected)
    # The orphan's 16 has no region at level 1 and is left out.
    assert panel.to_numpy().sum() == 47.0
    assert panel.dtypes.eq(np.float64).all() and panel.columns.name is None


def test_roll_up_reads_another_region_column_and_names_a_missing_one():
    observations = pd.DataFrame(
        {"region_id": [1], "category": ["c"], "year": [2020], "value": [2.0]}
    )
    panel = roll_up(observations, pd.Series({1: "X"}), region_column="region_id")
    assert float(panel.loc[(2020, "X"), "c"]) == 2.0
    with pytest.raises(DataFormatError, match="region"):
        roll_up(observations, pd.Series({1: "X"}))
