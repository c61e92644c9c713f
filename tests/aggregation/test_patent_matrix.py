"""Fractional patent counts on DuckDB, checked against matrices worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clustera.aggregation import (
    DuckDBEngine,
    aggregate_patents,
    check_share_totals,
    patent_matrix_sql,
)
from clustera.errors import DataFormatError, DuplicateError, InvalidInputError, UnknownCodeError


def _assert_same_cells(result: pd.DataFrame, expected: pd.DataFrame, *keys: str) -> None:
    """The same ``keys`` in the same order, and the same values (relative tolerance 1e-12)."""
    for key in keys:
        assert result[key].tolist() == expected[key].tolist()
    np.testing.assert_allclose(result["value"], expected["value"], rtol=1e-12)


def test_fractional_counts_match_the_hand_computed_matrix(patent_records, long_table):
    result = aggregate_patents(patent_records)

    expected = long_table(
        [
            ("XA111", "SF01", 2019, 0.75),  # 0.5 from application 1 + 0.25 from 2
            ("XA111", "SF02", 2019, 0.5),
            ("XA111", "SF03", 2020, 1.0),
            ("XA112", "SF02", 2020, 0.3),
            ("XA112", "SF03", 2020, 0.2),
            ("XA121", "SF01", 2019, 0.75),
            ("XB111", "SF02", 2020, 0.3),
            ("XB111", "SF03", 2020, 0.2),
        ]
    )
    pd.testing.assert_frame_equal(result, expected, check_exact=False, rtol=1e-15)


def test_each_application_counts_once_in_total(patent_records):
    result = aggregate_patents(patent_records)

    assert result["value"].sum() == pytest.approx(patent_records["appln_id"].nunique())


def test_integer_keyed_plan_equals_a_plain_group_by_on_the_codes(tmp_path):
    # Codes whose order is easy to get wrong: case, digits of different lengths,
    # non-ASCII letters; rows shuffled. The plan numbers codes in code-point order,
    # groups by the numbers and maps them back: same cells, same order, same sums
    # as a group-by on the text codes sorted in Python.
    rng = np.random.default_rng(11)
    regions = np.array(["XA10", "XA9", "xa1", "XÉ1", "XA100", "XB1"])
    classes = np.array(["SF2", "SF10", "sf1", "ŞF3"])
    n = 5_000
    records = pd.DataFrame(
        {
            "appln_id": np.arange(n),
            "year": rng.integers(1999, 2031, n),
            "region": rng.choice(regions, n),
            "region_share": rng.random(n),
            "tech_class": rng.choice(classes, n),
            "class_share": rng.random(n),
        }
    )
    records.to_parquet(tmp_path / "records.parquet")

    result = aggregate_patents(tmp_path / "records.parquet")

    records["value"] = records["region_share"] * records["class_share"]
    expected = (
        records.groupby(["region", "tech_class", "year"])["value"]
        .sum()
        .reset_index()
        .rename(columns={"tech_class": "activity"})
    )
    order = sorted(
        range(len(expected)),
        key=lambda i: (expected["region"][i], expected["activity"][i], expected["year"][i]),
    )
    expected = expected.iloc[order].reset_index(drop=True)
    _assert_same_cells(result, expected, "region", "activity", "year")


def test_rolls_regions_up_to_a_nuts_level_by_code_prefix(patent_records, long_table):
    result = aggregate_patents(patent_records, nuts_level=1)

    expected = long_table(
        [
            ("XA1", "SF01", 2019, 1.5),
            ("XA1", "SF02", 2019, 0.5),
            ("XA1", "SF02", 2020, 0.3),
            ("XA1", "SF03", 2020, 1.2),
            ("XB1", "SF02", 2020, 0.3),
            ("XB1", "SF03", 2020, 0.2),
        ]
    )
    pd.testing.assert_frame_equal(result, expected, check_exact=False, rtol=1e-15)


def test_country_level_totals(patent_records):
    result = aggregate_patents(patent_records, nuts_level=0)

    totals = result.groupby("region")["value"].sum()
    assert totals.to_dict() == pytest.approx({"XA": 3.5, "XB": 0.5})


def test_concordance_weights_split_classes_between_technologies(
    patent_records, concordance, long_table
):
    result = aggregate_patents(patent_records, concordance=concordance)

    # SF02 goes half to TA, half to TB; SF03 is not in the concordance and drops out.
    expected = long_table(
        [
            ("XA111", "TA", 2019, 1.0),
            ("XA111", "TB", 2019, 0.25),
            ("XA112", "TA", 2020, 0.15),
            ("XA112", "TB", 2020, 0.15),
            ("XA121", "TA", 2019, 0.75),
            ("XB111", "TA", 2020, 0.15),
            ("XB111", "TB", 2020, 0.15),
        ]
    )
    pd.testing.assert_frame_equal(result, expected, check_exact=False, rtol=1e-15)


def test_require_all_classes_names_the_unmapped_class(patent_records, concordance):
    with pytest.raises(UnknownCodeError) as caught:
        aggregate_patents(patent_records, concordance=concordance, require_all_classes=True)

    assert caught.value.field == "tech_class"
    assert caught.value.value == "SF03"


def test_class_length_truncates_ipc_symbols_to_subclasses(long_table):
    records = pd.DataFrame(
        {
            "appln_id": [1, 1, 2],
            "year": [2021, 2021, 2021],
            "region": ["XA111", "XA111", "XA111"],
            "region_share": [1.0, 1.0, 1.0],
            "tech_class": ["H01L  21/02", "H01L  29/66", "G06F   3/01"],
            "class_share": [0.5, 0.5, 1.0],
        }
    )
    subclass_concordance = pd.DataFrame(
        {"tech_class": ["H01L", "G06F"], "technology": ["08", "06"], "weight": [1.0, 1.0]}
    )

    by_subclass = aggregate_patents(records, class_length=4)
    by_field = aggregate_patents(records, class_length=4, concordance=subclass_concordance)

    assert by_subclass["activity"].tolist() == ["G06F", "H01L"]
    assert by_subclass["value"].tolist() == [1.0, 1.0]
    pd.testing.assert_frame_equal(
        by_field, long_table([("XA111", "06", 2021, 1.0), ("XA111", "08", 2021, 1.0)])
    )


def test_reads_the_io_layout_with_a_class_column_and_text_ids(patent_records):
    # clustera.io.patents returns ``class`` and text application ids.
    io_table = patent_records.rename(columns={"tech_class": "class"})
    io_table["appln_id"] = io_table["appln_id"].astype(str)

    result = aggregate_patents(io_table, class_column="class")

    pd.testing.assert_frame_equal(result, aggregate_patents(patent_records))


def test_counts_by_another_year_column(patent_records):
    records = patent_records.rename(columns={"year": "prio_year"})
    records["prio_year"] = records["prio_year"] - 1

    result = aggregate_patents(records, year_column="prio_year")

    assert sorted(result["year"].unique()) == [2018, 2019]


def test_parquet_file_folder_glob_and_list_give_the_same_matrix(patent_records, tmp_path):
    folder = tmp_path / "patents"
    folder.mkdir()
    patent_records.iloc[:4].to_parquet(folder / "part-0.parquet")
    patent_records.iloc[4:].to_parquet(folder / "part-1.parquet")
    from_frame = aggregate_patents(patent_records)

    for source in (
        folder,
        str(folder / "*.parquet"),
        [folder / "part-0.parquet", folder / "part-1.parquet"],
    ):
        pd.testing.assert_frame_equal(aggregate_patents(source), from_frame)


def test_spills_to_disk_beyond_the_memory_limit(tmp_path):
    # 400,000 distinct regions: the group-by's hash table outgrows 30 MB.
    n = 400_000
    records = pd.DataFrame(
        {
            "appln_id": range(n),
            "year": [2020] * n,
            "region": [f"XA{index:07d}" for index in range(n)],
            "region_share": [1.0] * n,
            "tech_class": ["SF01"] * n,
            "class_share": [1.0] * n,
        }
    )
    path = tmp_path / "many_regions.parquet"
    records.to_parquet(path)

    spilling = DuckDBEngine(memory_limit="30MB", temp_directory=tmp_path / "spill", threads=1)
    result = aggregate_patents(path, engine=spilling)
    assert len(result) == n
    assert result["value"].sum() == pytest.approx(n)

    no_spill = DuckDBEngine(memory_limit="30MB", temp_directory="", threads=1)
    with pytest.raises(Exception, match="Out of Memory"):
        aggregate_patents(path, engine=no_spill)


def test_empty_records_give_an_empty_matrix(patent_records):
    result = aggregate_patents(patent_records.iloc[:0])

    assert result.empty
    assert list(result.columns) == ["region", "activity", "year", "value"]


# Bad input: every error names the column and the offending value.


def test_missing_column_is_named(patent_records):
    with pytest.raises(DataFormatError) as caught:
        aggregate_patents(patent_records.drop(columns="class_share"))

    assert caught.value.field == "class_share"


def test_text_years_are_refused(patent_records):
    with pytest.raises(DataFormatError) as caught:
        aggregate_patents(patent_records.astype({"year": str}))

    assert caught.value.field == "year"


@pytest.mark.parametrize(
    ("column", "bad_value"),
    [("region_share", 1.5), ("class_share", -0.1), ("region_share", float("inf"))],
)
def test_share_outside_zero_one_names_the_application(patent_records, column, bad_value):
    patent_records.loc[4, column] = bad_value

    with pytest.raises(InvalidInputError) as caught:
        aggregate_patents(patent_records)

    assert caught.value.field == column
    assert caught.value.value == bad_value
    assert "appln_id 3" in str(caught.value)


@pytest.mark.parametrize("column", ["region", "tech_class", "class_share"])
def test_missing_value_names_the_column(patent_records, column):
    patent_records[column] = patent_records[column].astype(object)
    patent_records.loc[2, column] = None

    with pytest.raises(InvalidInputError) as caught:
        aggregate_patents(patent_records)

    assert caught.value.field == column
    assert "appln_id 2" in str(caught.value)


def test_not_a_number_share_is_refused(patent_records):
    patent_records.loc[0, "class_share"] = float("nan")

    with pytest.raises(InvalidInputError) as caught:
        aggregate_patents(patent_records)

    assert caught.value.field == "class_share"


def test_region_code_too_short_for_the_nuts_level(patent_records):
    patent_records.loc[8, "region"] = "XA1"

    with pytest.raises(InvalidInputError) as caught:
        aggregate_patents(patent_records, nuts_level=2)

    assert caught.value.field == "region"
    assert caught.value.value == "XA1"


@pytest.mark.parametrize("level", [-1, 4, 2.0, True])
def test_nuts_level_outside_zero_three_is_refused(patent_records, level):
    with pytest.raises(InvalidInputError) as caught:
        aggregate_patents(patent_records, nuts_level=level)

    assert caught.value.field == "nuts_level"


def test_column_names_that_are_not_plain_identifiers_are_refused(patent_records):
    with pytest.raises(InvalidInputError) as caught:
        aggregate_patents(patent_records, year_column="year; DROP TABLE records")

    assert caught.value.field == "year_column"


def test_missing_parquet_file_is_named(tmp_path):
    missing = tmp_path / "absent.parquet"

    with pytest.raises(InvalidInputError) as caught:
        aggregate_patents(missing)

    assert caught.value.source == str(missing)


def test_a_csv_passed_as_parquet_is_named(patent_records, tmp_path):
    path = tmp_path / "records.parquet"
    patent_records.to_csv(path, index=False)

    with pytest.raises(DataFormatError) as caught:
        aggregate_patents(path)

    assert caught.value.source == str(path)


def test_records_of_the_wrong_type_are_refused():
    with pytest.raises(InvalidInputError):
        aggregate_patents(42)  # type: ignore[arg-type]


def test_concordance_with_duplicate_pairs_is_refused(patent_records, concordance):
    doubled = pd.concat([concordance, concordance.iloc[:1]], ignore_index=True)

    with pytest.raises(DuplicateError) as caught:
        aggregate_patents(patent_records, concordance=doubled)

    assert caught.value.value == ("SF01", "TA")


def test_concordance_with_a_negative_weight_is_refused(patent_records, concordance):
    concordance.loc[1, "weight"] = -0.5

    with pytest.raises(InvalidInputError) as caught:
        aggregate_patents(patent_records, concordance=concordance)

    assert caught.value.field == "weight"
    assert caught.value.value == -0.5


def test_share_totals_pass_when_each_application_sums_to_one(patent_records):
    check_share_totals(patent_records)


def test_share_totals_name_the_first_application_that_does_not_sum_to_one(patent_records):
    patent_records.loc[patent_records["appln_id"] == 3, "class_share"] = 0.3

    with pytest.raises(InvalidInputError) as caught:
        check_share_totals(patent_records)

    assert "appln_id 3" in str(caught.value)
    assert caught.value.value == pytest.approx(0.6)  # 4 rows x 0.5 x 0.3


def test_the_rendered_script_runs_as_pasted_into_duckdb(patent_records):
    import duckdb

    script = patent_matrix_sql(nuts_level=1)
    connection = duckdb.connect()
    connection.register("records", patent_records)
    pasted = connection.execute(script).df()  # every statement, the last one's rows

    expected = aggregate_patents(patent_records, nuts_level=1)
    _assert_same_cells(pasted, expected, "region", "activity")
