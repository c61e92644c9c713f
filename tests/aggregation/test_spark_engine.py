"""The same SQL on Spark (local mode) gives the same matrices as on DuckDB.

One Spark session (``local[1]``) serves the module; the data are small so the
whole module, JVM start included, stays well under a minute and a half.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import pandas as pd
import pytest

pytest.importorskip("pyspark", reason="PySpark is in the 'spark' group: uv sync --group spark")
if shutil.which("java") is None:
    pytest.skip("Spark needs a Java 17+ runtime on PATH", allow_module_level=True)

from clustera.aggregation import (  # noqa: E402
    DuckDBEngine,
    SparkEngine,
    Table,
    aggregate_counts,
    aggregate_patents,
)
from clustera.errors import InvalidInputError  # noqa: E402
from clustera.synth import write_patent_records  # noqa: E402

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkEngine]:
    # Tiny data: a JVM tuned to start fast, no adaptive re-planning, no code generation.
    config = {
        "spark.driver.memory": "512m",
        "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
        "spark.sql.adaptive.enabled": "false",
        "spark.sql.codegen.wholeStage": "false",
    }
    with SparkEngine(master="local[1]", config=config) as engine:
        yield engine


@pytest.fixture(scope="module")
def synthetic_patents(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("patents")
    written = write_patent_records(
        folder / "patents.parquet",
        seed=4,
        n_records=3_000,
        n_regions=40,
        n_classes=9,
        years=(2016, 2019),
    )
    return str(written.path)


class _RecordingEngine:
    """An engine wrapper that keeps every SQL text sent through it."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.name = engine.name
        self.queries: list[str] = []

    @contextmanager
    def connect(self, tables: Mapping[str, Table]):
        with self.engine.connect(tables) as connection:
            outer = self

            class _Recording:
                def query(self, sql: str) -> pd.DataFrame:
                    outer.queries.append(sql)
                    return connection.query(sql)

                def materialize(self, name: str, sql: str) -> None:
                    outer.queries.append(f"{name} := {sql}")
                    connection.materialize(name, sql)

            yield _Recording()


def _assert_same_matrix(spark_result: pd.DataFrame, duckdb_result: pd.DataFrame) -> None:
    # Same keys in the same order, same dtypes; sums may differ in the last bit
    # only, because the engines add the same terms in different orders.
    assert len(duckdb_result) > 0
    pd.testing.assert_frame_equal(
        spark_result.drop(columns="value"), duckdb_result.drop(columns="value")
    )
    pd.testing.assert_series_equal(
        spark_result["value"], duckdb_result["value"], check_exact=False, rtol=1e-12, atol=1e-12
    )


def test_hand_checked_case_on_spark(spark, patent_records):
    result = aggregate_patents(patent_records, engine=spark)

    assert result["region"].tolist() == [
        "XA111",
        "XA111",
        "XA111",
        "XA112",
        "XA112",
        "XA121",
        "XB111",
        "XB111",
    ]
    assert result["value"].tolist() == pytest.approx([0.75, 0.5, 1.0, 0.3, 0.2, 0.75, 0.3, 0.2])


def test_spark_and_duckdb_give_identical_matrices_from_parquet(spark, synthetic_patents):
    on_spark = _RecordingEngine(spark)
    on_duckdb = _RecordingEngine(DuckDBEngine(threads=2))

    spark_result = aggregate_patents(synthetic_patents, engine=on_spark)
    duckdb_result = aggregate_patents(synthetic_patents, engine=on_duckdb)

    _assert_same_matrix(spark_result, duckdb_result)
    assert on_spark.queries == on_duckdb.queries  # the very same SQL text
    assert [query.split(" := ")[0] for query in on_duckdb.queries if " := " in query] == [
        "region_codes",
        "activity_codes",
    ]
    assert duckdb_result["value"].sum() == pytest.approx(
        pd.read_parquet(synthetic_patents, columns=["appln_id"])["appln_id"].nunique()
    )


def test_spark_and_duckdb_agree_with_a_concordance_and_a_nuts_roll_up(spark, synthetic_patents):
    concordance = pd.DataFrame(
        {
            "tech_class": ["SF01", "SF02", "SF02", "SF03", "SF07", "SF09"],
            "technology": ["KET-A", "KET-A", "KET-B", "KET-B", "KET-C", "KET-C"],
            "weight": [1.0, 0.25, 0.75, 1.0, 1.0, 0.5],
        }
    )
    classes = pd.read_parquet(synthetic_patents, columns=["tech_class"])["tech_class"]
    assert set(concordance["tech_class"]) <= set(classes)
    options = {"concordance": concordance, "nuts_level": 2}

    spark_result = aggregate_patents(synthetic_patents, engine=spark, **options)
    duckdb_result = aggregate_patents(synthetic_patents, **options)

    _assert_same_matrix(spark_result, duckdb_result)
    assert set(spark_result["activity"]) == {"KET-A", "KET-B", "KET-C"}


def test_spark_and_duckdb_agree_on_distinct_firm_counts(spark, firm_records):
    options = {"activity_column": "nace", "entity_column": "firm_id", "nuts_level": 1}

    _assert_same_matrix(
        aggregate_counts(firm_records, engine=spark, **options),
        aggregate_counts(firm_records, **options),
    )


def test_spark_reports_a_bad_share_like_duckdb(spark, patent_records):
    patent_records.loc[4, "region_share"] = 1.5

    with pytest.raises(InvalidInputError) as caught:
        aggregate_patents(patent_records, engine=spark)

    assert caught.value.field == "region_share"
    assert caught.value.value == 1.5
    assert "appln_id 3" in str(caught.value)
