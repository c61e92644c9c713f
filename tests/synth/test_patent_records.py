"""The streaming patent writer: exact sizes, whole applications, shares, determinism."""

from __future__ import annotations

import numpy as np
import pyarrow.parquet as pq
import pytest
from scipy import stats

from clustera.errors import InvalidInputError
from clustera.synth import PATENT_COLUMNS, write_patent_records


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    path = tmp_path_factory.mktemp("patents") / "records.parquet"
    return write_patent_records(
        path,
        seed=5,
        n_records=250_003,
        n_regions=120,
        n_classes=35,
        years=(2010, 2019),
        rows_per_row_group=100_000,
    )


def test_writes_exactly_the_requested_records_in_row_groups(written):
    metadata = pq.ParquetFile(written.path).metadata
    assert metadata.num_rows == written.n_records == 250_003
    assert metadata.num_row_groups == written.n_row_groups == 3
    table = pq.read_table(written.path)
    assert table.column_names == list(PATENT_COLUMNS)
    assert table.column("appln_id").to_numpy().max() == written.n_applications


def test_applications_are_never_split_across_row_groups(written):
    parquet = pq.ParquetFile(written.path)
    groups = [
        set(parquet.read_row_group(i, columns=["appln_id"]).column(0).to_numpy())
        for i in range(parquet.num_row_groups)
    ]
    assert not groups[0] & groups[1] and not groups[1] & groups[2]


def test_shares_sum_to_one_per_application(written):
    frame = pq.read_table(written.path).to_pandas()
    weight = (frame["region_share"] * frame["class_share"]).groupby(frame["appln_id"]).sum()
    assert np.allclose(weight, 1.0)
    regions = (
        frame.drop_duplicates(["appln_id", "region"]).groupby("appln_id")["region_share"].sum()
    )
    assert np.allclose(regions, 1.0)
    assert frame["year"].between(2010, 2019).all() and frame["year"].nunique() == 10
    assert frame["region"].nunique() == 120 and frame["tech_class"].nunique() == 35
    assert frame["region"].str.fullmatch(r"X[A-Z]\d{3}").all()


def test_regions_specialise_in_classes(written):
    frame = pq.read_table(written.path, columns=["region", "tech_class"]).to_pandas()
    table = frame.value_counts().unstack(fill_value=0)
    chi2, p_value, _, _ = stats.chi2_contingency(table)
    cramers_v = np.sqrt(chi2 / table.to_numpy().sum() / (min(table.shape) - 1))
    assert p_value < 1e-100 and cramers_v > 0.12


def test_region_sizes_are_heavy_tailed(written):
    counts = pq.read_table(written.path, columns=["region"]).to_pandas()["region"].value_counts()
    assert counts.max() / counts.median() > 4


def test_same_arguments_same_file_content(tmp_path, written):
    again = write_patent_records(
        tmp_path / "again.parquet",
        seed=5,
        n_records=250_003,
        n_regions=120,
        n_classes=35,
        years=(2010, 2019),
        rows_per_row_group=100_000,
    )
    assert pq.read_table(again.path).equals(pq.read_table(written.path))
    other = write_patent_records(tmp_path / "other.parquet", seed=6, n_records=1_000)
    assert not pq.read_table(other.path).equals(pq.read_table(written.path).slice(0, 1_000))


def test_zero_records_gives_an_empty_file_with_the_columns(tmp_path):
    written = write_patent_records(tmp_path / "empty.parquet", seed=0, n_records=0)
    table = pq.read_table(written.path)
    assert table.num_rows == 0 and table.column_names == list(PATENT_COLUMNS)


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"n_records": -1}, "n_records"),
        ({"n_records": 10, "n_regions": 0}, "n_regions"),
        ({"n_records": 10, "years": (2020, 2019)}, "years"),
        ({"n_records": 10, "rows_per_row_group": 0}, "rows_per_row_group"),
    ],
)
def test_bad_arguments_are_refused_naming_the_field(tmp_path, arguments, field):
    with pytest.raises(InvalidInputError, match=field):
        write_patent_records(tmp_path / "bad.parquet", seed=0, **arguments)
