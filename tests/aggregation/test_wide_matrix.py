"""The wide region x activity form of a long matrix."""

from __future__ import annotations

import math

import pytest

from clustera.aggregation import aggregate_patents, to_wide
from clustera.errors import DuplicateError, InvalidInputError, UnknownCodeError


def test_one_year_gives_regions_by_activities_with_zeros_for_no_records(patent_records):
    wide = to_wide(aggregate_patents(patent_records), year=2019)

    assert wide.index.tolist() == ["XA111", "XA121"]
    assert wide.columns.tolist() == ["SF01", "SF02"]
    assert wide.loc["XA111", "SF01"] == pytest.approx(0.75)
    assert wide.loc["XA121", "SF02"] == 0.0


def test_all_years_are_indexed_by_year_then_region(patent_records):
    wide = to_wide(aggregate_patents(patent_records))

    assert wide.index.names == ["year", "region"]
    assert wide.loc[2020].index.tolist() == ["XA111", "XA112", "XB111"]
    assert wide.loc[(2020, "XA112"), "SF03"] == pytest.approx(0.2)
    assert wide.to_numpy().sum() == pytest.approx(4.0)


def test_fill_value_none_keeps_absent_cells_missing(patent_records):
    wide = to_wide(aggregate_patents(patent_records), year=2019, fill_value=None)

    assert math.isnan(wide.loc["XA121", "SF02"])


def test_year_without_rows_is_refused(patent_records):
    with pytest.raises(UnknownCodeError) as caught:
        to_wide(aggregate_patents(patent_records), year=1999)

    assert caught.value.value == 1999


def test_duplicate_cells_are_refused(patent_records):
    long = aggregate_patents(patent_records)
    doubled = long.iloc[[0, 0]]

    with pytest.raises(DuplicateError) as caught:
        to_wide(doubled)

    assert caught.value.value == ("XA111", "SF01", 2019)


def test_missing_columns_are_named(patent_records):
    with pytest.raises(InvalidInputError) as caught:
        to_wide(aggregate_patents(patent_records).drop(columns="value"))

    assert caught.value.field == "value"
