"""Hand-made patent and firm records whose matrices were worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "spark: starts PySpark in local mode (a JVM; about 20 s)")


@pytest.fixture
def patent_records() -> pd.DataFrame:
    """Four applications; fractional counts sum to 1 per application.

    1 (2019): XA111 alone; classes SF01 0.5, SF02 0.5
    2 (2019): XA111 0.25, XA121 0.75; class SF01
    3 (2020): XA112 0.5, XB111 0.5; classes SF02 0.6, SF03 0.4
    4 (2020): XA111 alone; class SF03
    """
    rows = [
        (1, 2019, "XA111", 1.0, "SF01", 0.5),
        (1, 2019, "XA111", 1.0, "SF02", 0.5),
        (2, 2019, "XA111", 0.25, "SF01", 1.0),
        (2, 2019, "XA121", 0.75, "SF01", 1.0),
        (3, 2020, "XA112", 0.5, "SF02", 0.6),
        (3, 2020, "XA112", 0.5, "SF03", 0.4),
        (3, 2020, "XB111", 0.5, "SF02", 0.6),
        (3, 2020, "XB111", 0.5, "SF03", 0.4),
        (4, 2020, "XA111", 1.0, "SF03", 1.0),
    ]
    frame = pd.DataFrame(
        rows, columns=["appln_id", "year", "region", "region_share", "tech_class", "class_share"]
    )
    return frame.astype({"year": "int16"})


@pytest.fixture
def concordance() -> pd.DataFrame:
    """SF01 is all technology TA; SF02 splits evenly between TA and TB; SF03 is unmapped."""
    return pd.DataFrame(
        {
            "tech_class": ["SF01", "SF02", "SF02"],
            "technology": ["TA", "TA", "TB"],
            "weight": [1.0, 0.5, 0.5],
        }
    )


@pytest.fixture
def firm_records() -> pd.DataFrame:
    """Firm-year rows: firm 1 appears twice in C2611 in 2020 (two plants), firm 2 moves region."""
    rows = [
        (1, "XA111", "C2611", 2020),
        (1, "XA112", "C2611", 2020),
        (1, "XA111", "C2611", 2021),
        (2, "XA111", "C2612", 2020),
        (2, "XA121", "C2612", 2021),
        (3, "XA111", "J6201", 2020),
    ]
    return pd.DataFrame(rows, columns=["firm_id", "region", "nace", "year"])


def _long_table(rows: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["region", "activity", "year", "value"])
    return frame.astype({"region": str, "activity": str, "year": "int64", "value": "float64"})


@pytest.fixture
def long_table():
    """Build the expected long matrix, in the dtypes the aggregation returns."""
    return _long_table
