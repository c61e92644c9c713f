"""Fixtures for the analytics tests: the peers' reference vectors and a tolerant comparison.

The vectors live in ../shared/reference/analytics/vectors (read-only, never copied);
tests skip when it is absent.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from clustera.testing import require_shared

INPUTS = {
    "small": "small_6x8.csv",
    "small5x7": "small5x7_trimmed.csv",
    "medium": "medium_50x80.csv",
    "medcap": "medcap_60x90.csv",
}


def _read_vector(*parts: str) -> pd.DataFrame:
    path = require_shared("reference", "analytics", "vectors", *parts)
    frame = pd.read_csv(path, na_values=["NA"], keep_default_na=True)
    first = frame.columns[0]
    if (
        str(first).startswith("Unnamed")
        and frame.shape[1] > 2
        and not pd.api.types.is_numeric_dtype(frame[frame.columns[1]])
    ):
        frame = frame.drop(columns=first)
        first = frame.columns[0]
    return frame.set_index(first).rename_axis(None)


@pytest.fixture
def vector() -> Callable[..., pd.DataFrame]:
    """``vector("ecomplexity", "small__eci")``: a peer's output, labelled."""

    def load(folder: str, name: str) -> pd.DataFrame:
        return _read_vector(folder, f"{name}.csv")

    return load


@pytest.fixture
def counts() -> Callable[[str], pd.DataFrame]:
    """``counts("small")``: the shared input matrix (regions x activities)."""

    def load(tag: str) -> pd.DataFrame:
        frame = _read_vector("inputs", INPUTS[tag])
        return frame.astype(np.int64)

    return load


def assert_matches(
    ours: pd.DataFrame | pd.Series, theirs: pd.DataFrame | pd.Series, atol: float = 1e-9
) -> None:
    """Every value the peer gives (non-missing) is matched within ``atol``, on aligned labels."""
    if isinstance(theirs, pd.DataFrame) and theirs.shape[1] == 1 and isinstance(ours, pd.Series):
        theirs = theirs.iloc[:, 0]
    if isinstance(ours, pd.Series):
        ours = ours.astype(float)
        theirs = theirs.astype(float)
        assert set(theirs.index) <= set(ours.index), "peer labels missing from our output"
        aligned = ours.reindex(theirs.index)
    else:
        assert set(theirs.index) <= set(ours.index) and set(theirs.columns) <= set(ours.columns)
        aligned = ours.reindex(index=theirs.index, columns=theirs.columns).astype(float)
        theirs = theirs.astype(float)
    ours_values = np.asarray(aligned, dtype=float)
    their_values = np.asarray(theirs, dtype=float)
    present = ~np.isnan(their_values)
    assert present.any(), "the peer file holds no values"
    assert not np.isnan(ours_values[present]).any(), "we give NaN where the peer gives a value"
    difference = np.abs(ours_values[present] - their_values[present]).max()
    assert difference <= atol, f"max |ours - peer| = {difference:.3g} > {atol:g}"


@pytest.fixture
def matches() -> Callable[..., None]:
    return assert_matches
