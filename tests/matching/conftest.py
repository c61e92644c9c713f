"""A tiny hand-made collaboration history whose metrics are checked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from clustera.matching import CollaborationHistory

# P1 2017 SC1: a b | P2 2018 SC1: b c | P3 2018 LEIT: c d | P4 2018 SC1: a e | P5 2018 LEIT: b d
# test T1 2019 SC1: a c x (x is new)
_ROWS = [
    ("P1", "a", 2017, "SC1"),
    ("P1", "b", 2017, "SC1"),
    ("P2", "b", 2018, "SC1"),
    ("P2", "c", 2018, "SC1"),
    ("P3", "c", 2018, "LEIT"),
    ("P3", "d", 2018, "LEIT"),
    ("P4", "a", 2018, "SC1"),
    ("P4", "e", 2018, "SC1"),
    ("P5", "b", 2018, "LEIT"),
    ("P5", "d", 2018, "LEIT"),
    ("T1", "a", 2019, "SC1"),
    ("T1", "c", 2019, "SC1"),
    ("T1", "x", 2019, "SC1"),
]
_PROFILES = {
    "a": ("PRC", "DE"),
    "b": ("REC", "FR"),
    "c": ("HES", "DE"),
    "d": ("PRC", "IT"),
    "e": ("REC", "ES"),
    "x": ("PRC", "DE"),
}


@pytest.fixture
def tiny_rows() -> pd.DataFrame:
    frame = pd.DataFrame(_ROWS, columns=["project_id", "org_id", "year", "programme_parts"])
    frame["activity_type"] = frame["org_id"].map(lambda org: _PROFILES[org][0])
    frame["country"] = frame["org_id"].map(lambda org: _PROFILES[org][1])
    return frame


@pytest.fixture
def tiny_history(tiny_rows: pd.DataFrame) -> CollaborationHistory:
    return CollaborationHistory.from_frames(tiny_rows)
