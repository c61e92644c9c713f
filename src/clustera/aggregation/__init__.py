"""Raw records to region x activity x year matrices, with one SQL definition for DuckDB and Spark.

Patent records are counted fractionally (region share x class share, optionally
through a class-to-technology concordance and rolled up to a NUTS level);
firm, organisation and participation records are counted. The SQL text is
public (:func:`patent_matrix_plan`, :func:`count_matrix_sql`) and runs unchanged
on DuckDB embedded (the default, out-of-core over Parquet) and on Spark.
"""

from clustera.aggregation._counts import aggregate_counts
from clustera.aggregation._engines import Connection, DuckDBEngine, Engine, SparkEngine
from clustera.aggregation._matrix import MATRIX_COLUMNS, to_wide
from clustera.aggregation._patents import (
    CONCORDANCE_COLUMNS,
    PATENT_RECORD_COLUMNS,
    aggregate_patents,
    check_share_totals,
)
from clustera.aggregation._queries import (
    QueryPlan,
    count_matrix_sql,
    nuts_code_length,
    patent_matrix_plan,
    patent_matrix_sql,
)
from clustera.aggregation._sources import RecordSource, Table

__all__ = [
    "CONCORDANCE_COLUMNS",
    "MATRIX_COLUMNS",
    "PATENT_RECORD_COLUMNS",
    "QueryPlan",
    "Connection",
    "DuckDBEngine",
    "Engine",
    "RecordSource",
    "SparkEngine",
    "Table",
    "aggregate_counts",
    "aggregate_patents",
    "check_share_totals",
    "count_matrix_sql",
    "nuts_code_length",
    "patent_matrix_plan",
    "patent_matrix_sql",
    "to_wide",
]
