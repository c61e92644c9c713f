"""Firm and participation counts by region x activity x year, checked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from clustera.aggregation import aggregate_counts
from clustera.errors import DataFormatError, InvalidInputError


def test_distinct_firms_count_once_per_region_activity_and_year(firm_records, long_table):
    result = aggregate_counts(firm_records, activity_column="nace", entity_column="firm_id")

    expected = long_table(
        [
            ("XA111", "C2611", 2020, 1.0),
            ("XA111", "C2611", 2021, 1.0),
            ("XA111", "C2612", 2020, 1.0),
            ("XA111", "J6201", 2020, 1.0),
            ("XA112", "C2611", 2020, 1.0),
            ("XA121", "C2612", 2021, 1.0),
        ]
    )
    pd.testing.assert_frame_equal(result, expected)


def test_rolled_up_firm_counts_do_not_double_count_multi_plant_firms(firm_records, long_table):
    result = aggregate_counts(
        firm_records,
        activity_column="nace",
        entity_column="firm_id",
        nuts_level=1,
        activity_length=3,
    )

    # 2020 in XA1/C26: firm 1 (two plants) and firm 2 -> 2 firms, not 3 rows.
    expected = long_table(
        [
            ("XA1", "C26", 2020, 2.0),
            ("XA1", "C26", 2021, 2.0),
            ("XA1", "J62", 2020, 1.0),
        ]
    )
    pd.testing.assert_frame_equal(result, expected)


def test_without_an_entity_every_record_counts(firm_records):
    result = aggregate_counts(firm_records, activity_column="nace", nuts_level=1, activity_length=3)

    assert (
        result.loc[(result["activity"] == "C26") & (result["year"] == 2020), "value"].item() == 3.0
    )
    assert result["value"].sum() == len(firm_records)


def test_missing_entity_is_refused(firm_records):
    firm_records["firm_id"] = firm_records["firm_id"].astype("Int64")
    firm_records.loc[3, "firm_id"] = pd.NA

    with pytest.raises(InvalidInputError) as caught:
        aggregate_counts(firm_records, activity_column="nace", entity_column="firm_id")

    assert caught.value.field == "firm_id"


def test_missing_activity_column_is_named(firm_records):
    with pytest.raises(DataFormatError) as caught:
        aggregate_counts(firm_records)

    assert caught.value.field == "activity"
